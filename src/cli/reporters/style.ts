/** Colours for the text reporter: chalk, off when not a TTY, when NO_COLOR is set, or with --no-color. */
import { Chalk, type ChalkInstance } from "chalk";
import type { Io } from "../io.js";

export type Style = ChalkInstance;

export function makeStyle(io: Io, colorFlag: boolean | undefined): Style {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const on = colorFlag !== false && !noColorEnv && io.stdoutIsTTY;
  return new Chalk({ level: on ? 1 : 0 });
}

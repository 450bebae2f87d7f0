/** Reading a replay file for a command: the file, its target (built-in or --target) and its steps. */
import { InputError } from "../core/errors.js";
import { parseReplay, type ReplayFile } from "../core/replay.js";
import type { RecordedStep, Target } from "../core/target.js";
import { readJsonFile } from "./files.js";
import type { Io } from "./io.js";
import { parseSteps } from "./isolate/run-target.js";
import { loadTarget } from "./load-target.js";
import { isBuiltinName } from "./builtins.js";

export interface LoadedReplay {
  readonly file: ReplayFile;
  readonly target: Target<unknown>;
  readonly targetSpec: string;
  readonly implSpec: string | undefined;
  /** The recorded steps with their ops validated, or undefined when the file has no ops. */
  readonly steps: readonly RecordedStep[] | undefined;
}

export async function loadReplayFile(path: string, targetFlag: string | undefined, io: Io, implSpec?: string): Promise<LoadedReplay> {
  const file = parseReplay(await readJsonFile(path, "replay file"), path);
  // A file names its target; only built-in names are taken from it. A module is loaded only when
  // the user names it with --target, so a replay file can never make simctl import code.
  if (targetFlag === undefined && !isBuiltinName(file.target)) {
    throw new InputError(`replay file '${path}' is for target '${file.target}', which is not built in: give --target PATH to its module`);
  }
  const targetSpec = targetFlag ?? file.target;
  const target = await loadTarget(targetSpec, io.cwd, implSpec);
  if (target.name !== file.target) throw new InputError(`replay file '${path}' is for target '${file.target}', not '${target.name}'`);
  // A user target's parseOp runs in its worker, like the rest of its code.
  const steps = file.ops === undefined ? undefined : await parseSteps(target, file.ops, path);
  return { file, target, targetSpec, implSpec, steps };
}

/** Flags that shape a run; with a replay file its own options rule, so these are refused. */
const RUN_SHAPING = ["seed", "ops", "faultLevel", "workload", "bug", "keepGoing", "swarm", "thinkMs", "livenessMs", "scenario"] as const;

export function refuseRunFlags(flags: Readonly<Partial<Record<(typeof RUN_SHAPING)[number], unknown>>>): void {
  const given = RUN_SHAPING.find((f) => flags[f] !== undefined);
  if (given !== undefined) {
    const flag = `--${given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new InputError(`${flag} cannot be combined with a replay file: the file fixes the run's options`);
  }
}

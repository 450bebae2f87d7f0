/** Reading a replay file for a command: the file, its target (built-in or --target) and its steps. */
import { InputError } from "../core/errors.js";
import { parseReplay, parseReplaySteps, type ReplayFile } from "../core/replay.js";
import type { RecordedStep, Target } from "../core/target.js";
import { readJsonFile } from "./files.js";
import type { Io } from "./io.js";
import { loadTarget } from "./load-target.js";

export interface LoadedReplay {
  readonly file: ReplayFile;
  readonly target: Target<unknown>;
  readonly targetSpec: string;
  /** The recorded steps with their ops validated, or undefined when the file has no ops. */
  readonly steps: readonly RecordedStep[] | undefined;
}

export async function loadReplayFile(path: string, targetFlag: string | undefined, io: Io): Promise<LoadedReplay> {
  const file = parseReplay(await readJsonFile(path, "replay file"), path);
  const targetSpec = targetFlag ?? file.target;
  const target = await loadTarget(targetSpec, io.cwd);
  if (target.name !== file.target) throw new InputError(`replay file '${path}' is for target '${file.target}', not '${target.name}'`);
  const steps = file.ops === undefined ? undefined : parseReplaySteps(target, file.ops, path);
  return { file, target, targetSpec, steps };
}

/** The exact command line that replays one seed of an invocation. */
import { timingDefaults, type ResolvedOptions } from "../core/options.js";
import type { Target } from "../core/target.js";
import { isTargetPath } from "./load-target.js";

export interface ReplaySource {
  readonly targetSpec: string;
  readonly implSpec?: string | undefined;
  readonly options: ResolvedOptions;
  readonly scenarioPath?: string | undefined;
  /** The target, for its timing defaults: flags are added only for options that differ from them. */
  readonly target?: Pick<Target<unknown>, "thinkMs" | "livenessMsMax"> | undefined;
}

export function replayCommand(source: ReplaySource, seed: number, traceHash?: string): string {
  const o = source.options;
  const parts = ["npx simctl replay", `--target ${quote(source.targetSpec)}`, ...implFlag(source.implSpec), `--seed ${seed}`];
  if (source.scenarioPath !== undefined && o.weights !== undefined) parts.push(`--scenario ${quote(source.scenarioPath)}`);
  parts.push(`--ops ${o.ops}`, `--fault-level ${o.faultLevel}`, `--workload ${quote(o.workload)}`);
  if (o.bug !== null) parts.push(`--bug ${quote(o.bug)}`);
  if (o.keepGoing) parts.push("--keep-going");
  if (o.swarm) parts.push("--swarm");
  const defaults = timingDefaults(source.target ?? {});
  if (o.thinkMsMin !== defaults.thinkMsMin || o.thinkMsMax !== defaults.thinkMsMax) parts.push(`--think-ms ${o.thinkMsMin}..${o.thinkMsMax}`);
  if (o.livenessMsMax !== defaults.livenessMsMax) parts.push(`--liveness-ms ${o.livenessMsMax}`);
  if (traceHash !== undefined) parts.push(`--expect-hash ${traceHash}`);
  return parts.join(" ");
}

/** The command that replays a replay file; a user's target module has to be named again. */
export function replayFileCommand(path: string, targetSpec: string, implSpec?: string): string {
  const target = isTargetPath(targetSpec) ? ` --target ${quote(targetSpec)}` : "";
  const impl = implFlag(implSpec).map((f) => ` ${f}`).join("");
  return `npx simctl replay ${quote(path)}${target}${impl}`;
}

/** `--impl PATH` when a user's implementation was plugged in: a replay must plug it in again. */
function implFlag(implSpec: string | undefined): string[] {
  return implSpec === undefined ? [] : [`--impl ${quote(implSpec)}`];
}

function quote(text: string): string {
  return /^[\w./@:-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

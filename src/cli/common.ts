/**
 * The flags run, sweep and replay share, and how they (with an optional scenario file) become a
 * target plus run options. Every value is validated here so that bad input is one line, exit 2.
 */
import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { InputError } from "../core/errors.js";
import { isFaultLevel, type FaultLevel } from "../core/faults.js";
import { DEFAULT_FAULT_LEVEL, DEFAULT_OPS, parseSeed, parseThinkRange, resolveOptions, SIM_MS_MAX, type ResolvedOptions } from "../core/options.js";
import type { Target } from "../core/target.js";
import { DEFAULT_TARGET } from "./builtins.js";
import { isStdoutPath } from "./files.js";
import type { Io } from "./io.js";
import { loadTarget } from "./load-target.js";
import { loadScenario, type Scenario } from "./scenario.js";

/** The raw flag values commander hands us (all strings, or undefined when not given). */
export interface CommonFlags {
  target?: string;
  impl?: string;
  ops?: string;
  faultLevel?: string;
  workload?: string;
  bug?: string;
  keepGoing?: boolean;
  swarm?: boolean;
  thinkMs?: string;
  livenessMs?: string;
  scenario?: string;
  reporter?: string;
  out?: string;
  color?: boolean;
}

export const REPORTERS = ["text", "json"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Register the shared flags on a command. */
export function addRunFlags(cmd: Command, options: { report?: boolean } = {}): Command {
  cmd
    .option("-t, --target <name|path>", `built-in target or path to a target module (default: ${DEFAULT_TARGET})`)
    .option("--impl <path>", "a module implementing the target's contract (its Replicator, storage, driver), run under the target's checks")
    .option("--ops <n>", `steps per seed (default: ${DEFAULT_OPS})`)
    .option("--fault-level <level>", "sunny | stormy | radioactive (default: stormy)")
    .option("--workload <name>", "workload of the target (default: its first)")
    .option("--bug <name>", "enable a planted bug of the target")
    .option("--keep-going", "continue a run after its first violation")
    .option("--swarm", "swarm testing: each seed switches off and reweights op and fault kinds")
    .option("--think-ms <MIN..MAX>", "simulated think time after each step, in ms (default: the target's, else 0..5)")
    .option("--liveness-ms <ms>", "budget of the liveness phase after the last op, in simulated ms; 0 skips it (default: the target's, else 60000)")
    .option("--scenario <file>", "JSON scenario file; flags given here override it")
    .option("--no-color", "no colours (also off when NO_COLOR is set or stdout is not a terminal)");
  if (options.report === false) return cmd;
  return cmd.option("--reporter <name>", "text | json (default: text)").option("--out <file>", "write the report to this file instead of stdout");
}

/** What a command runs: the target, resolved options, and where they came from. */
export interface Invocation {
  readonly target: Target<unknown>;
  readonly targetSpec: string;
  /** `--impl`: the module implementing the target's contract, if any. */
  readonly implSpec: string | undefined;
  readonly options: ResolvedOptions;
  readonly scenario: Scenario | undefined;
  readonly scenarioPath: string | undefined;
  readonly reporter: ReporterName;
}

export async function resolveInvocation(flags: CommonFlags, io: Io): Promise<Invocation> {
  const reporter = parseReporter(flags.reporter);
  claimStdoutForDocument(reporter, flags.out, io);
  const scenario = flags.scenario !== undefined ? await loadScenario(flags.scenario) : undefined;
  const targetSpec = flags.target ?? scenario?.target ?? DEFAULT_TARGET;
  const target = await loadTarget(targetSpec, io.cwd, flags.impl);
  const options = resolveOptions(target, {
    ops: flags.ops !== undefined ? parseCount(flags.ops, "--ops") : (scenario?.ops ?? DEFAULT_OPS),
    faultLevel: flags.faultLevel !== undefined ? parseFaultLevel(flags.faultLevel) : (scenario?.faultLevel ?? DEFAULT_FAULT_LEVEL),
    workload: flags.workload ?? scenario?.workload,
    bug: flags.bug ?? scenario?.bug ?? null,
    keepGoing: flags.keepGoing ?? scenario?.keepGoing ?? false,
    swarm: flags.swarm ?? scenario?.swarm ?? false,
    weights: scenario?.weights,
    ...thinkOptions(flags.thinkMs !== undefined ? parseThinkRange(flags.thinkMs) : scenario?.thinkMs),
    livenessMsMax: flags.livenessMs !== undefined ? parseMs(flags.livenessMs, "--liveness-ms") : scenario?.livenessMsMax,
  });
  return { target, targetSpec, implSpec: flags.impl, options, scenario, scenarioPath: flags.scenario, reporter };
}

function thinkOptions(range: { min: number; max: number } | undefined): { thinkMsMin?: number; thinkMsMax?: number } {
  return range === undefined ? {} : { thinkMsMin: range.min, thinkMsMax: range.max };
}

/** A simulated duration in integer ms, 0 allowed (`--liveness-ms`). */
export function parseMs(text: string, flag: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n)) throw new InputError(`${flag} must be an integer number of simulated ms >= 0, got '${text}'`);
  if (n > SIM_MS_MAX) throw new InputError(`${flag} ${text.trim()} is over the limit of ${SIM_MS_MAX} ms`);
  return n;
}

export function parseCount(text: string, flag: string, max?: { value: number; why: string }): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(`${flag} must be a positive integer, got '${text}'`);
  if (max !== undefined && n > max.value) throw new InputError(`${flag} ${text.trim()} is over the limit of ${max.value.toLocaleString("en-US")} (${max.why})`);
  return n;
}

/** A whole number from `min` to `max` (a seed base, a seed, a worker count); else an input error naming the flag. */
export function parseWhole(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InputError(`${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  return n;
}

/** One of `choices`; else an input error naming what it is and the known ones. */
export function parseChoice<T extends string>(text: string, what: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new InputError(`unknown ${what} '${text}' (known: ${choices.join(", ")})`);
  return text as T;
}

/** The longest timer Node can arm: 2^31-1 ms (a longer one fires after 1 ms). */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/**
 * A wall-clock limit in seconds (`--seed-timeout`): a number from 0.001 up to the timer limit
 * (2147483.647 s, about 24.8 days). Returns milliseconds.
 */
export function parseSecondsMs(text: string, flag: string): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || !(n >= 0.001)) throw new InputError(`${flag} must be a number of seconds >= 0.001, got '${text}'`);
  const ms = Math.round(n * 1000);
  if (ms > TIMER_MAX_MS) throw new InputError(`${flag} ${trimmed} is over the limit of ${TIMER_MAX_MS / 1000} seconds (2^31-1 ms, the longest timer Node can arm)`);
  return ms;
}

function parseFaultLevel(text: string): FaultLevel {
  if (!isFaultLevel(text)) throw new InputError(`unknown fault level '${text}' (known: sunny, stormy, radioactive)`);
  return text;
}

export function parseReporter(text: string | undefined): ReporterName {
  const name = text ?? "text";
  if (!(REPORTERS as readonly string[]).includes(name)) throw new InputError(`unknown reporter '${name}' (known: ${REPORTERS.join(", ")})`);
  return name as ReporterName;
}

/**
 * A JSON document on stdout (`--reporter json` without `--out`, or with `--out /dev/stdout`) owns
 * it: from before the target is loaded, whatever the target writes to stdout goes to stderr.
 */
export function claimStdoutForDocument(reporter: string, out: string | undefined, io: Io): void {
  if (reporter === "json" && (out === undefined || isStdoutPath(out))) io.claimStdout?.();
}

/** `--seed-base`: a seed, or `random` (drawn here, in the CLI, from host entropy). */
export function parseSeedBase(text: string | undefined, scenario: Scenario | undefined): { base: number; random: boolean } {
  if (text === undefined) return { base: scenario?.seedBase ?? 0, random: false };
  if (text === "random") return { base: randomInt(0, 2 ** 47), random: true };
  return { base: parseSeed(text, "--seed-base"), random: false };
}

export { parseSeed };

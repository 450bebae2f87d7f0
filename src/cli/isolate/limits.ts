/**
 * The limits a command puts on the target's code (`--seed-timeout`, `--worker-heap-mb`), and
 * whether a built-in target is isolated too.
 *
 * User targets always run in a watched worker thread. Built-in targets are simctl's own tested
 * code and run in the main thread (starting a worker would cost more than a short run), unless a
 * limit is asked for: a watchdog can only stop a thread.
 *
 * A command sets the limits once, before it loads its target (which the watchdog guards too: a
 * module that loops or never finishes its top-level await on import).
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";

export interface IsolationLimits {
  /** Wall-clock limit for one run (and for loading the module); null for none. */
  readonly seedTimeoutMs: number | null;
  /** Old-generation heap limit of the worker, in MB; undefined for Node's default. */
  readonly heapMb?: number | undefined;
  /** Run built-in targets in a worker too (a limit was asked for). */
  readonly isolateBuiltins: boolean;
}

export const DEFAULT_SEED_TIMEOUT_S = 60;
/** setTimeout's limit (2^31-1 ms); Node turns a longer delay into 1 ms. */
const TIMER_MAX_MS = 2 ** 31 - 1;

let current: IsolationLimits = { seedTimeoutMs: DEFAULT_SEED_TIMEOUT_S * 1000, isolateBuiltins: false };

export function configureIsolation(limits: IsolationLimits): void {
  current = limits;
}

export function isolationLimits(): IsolationLimits {
  return current;
}

export interface IsolationFlags {
  seedTimeout?: string;
  workerHeapMb?: string;
}

/** Register `--seed-timeout` and `--worker-heap-mb` on a command that runs a target's code. */
export function addIsolationFlags(cmd: Command, what = "one run"): Command {
  return cmd
    .option("--seed-timeout <seconds>", `wall-clock limit for ${what} (and for loading a target module); over it is a hang (default: ${DEFAULT_SEED_TIMEOUT_S})`)
    .option("--worker-heap-mb <mb>", "heap limit of the worker thread that runs the target; exceeding it is a crash");
}

/** Validate the flags and make them the limits of this command. */
export function applyIsolationFlags(flags: IsolationFlags): IsolationLimits {
  const seconds = flags.seedTimeout !== undefined ? parseSeedTimeout(flags.seedTimeout) : DEFAULT_SEED_TIMEOUT_S;
  const heapMb = flags.workerHeapMb !== undefined ? parseHeapMb(flags.workerHeapMb) : undefined;
  const limits: IsolationLimits = {
    seedTimeoutMs: Math.round(seconds * 1000),
    heapMb,
    isolateBuiltins: flags.seedTimeout !== undefined || flags.workerHeapMb !== undefined,
  };
  configureIsolation(limits);
  return limits;
}

/** `--seed-timeout`: seconds, from 1 ms up to the timer limit (about 24.8 days). */
export function parseSeedTimeout(text: string): number {
  const n = Number(text.trim());
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n >= 0.001) || Math.round(n * 1000) > TIMER_MAX_MS) {
    throw new InputError(`--seed-timeout must be a number of seconds from 0.001 to ${Math.floor(TIMER_MAX_MS / 1000)}, got '${text}'`);
  }
  return n;
}

function parseHeapMb(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(`--worker-heap-mb must be a positive integer, got '${text}'`);
  return n;
}

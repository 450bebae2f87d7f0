/**
 * Waiting in simulated time: `ctx.sleep` with an AbortSignal and `ctx.timeout`, built on the
 * kernel's cancellable timers. Every system that waits (on a reply, a lease, a retry) needs these,
 * and each must leave nothing behind when the wait ends early: an aborted sleep and a timeout
 * whose promise settled first cancel their timer, so it never fires and never reaches the trace.
 */
import { withoutStack } from "./errors.js";
import type { Timer } from "./events.js";

/*
 * `instanceof` must work across copies of simctl: a TypeScript target is loaded through tsx,
 * which gives it its own copy of every module it imports, `simctl` included, so the class the
 * target imports is not the class the kernel throws. The classes recognise their instances by a
 * brand registered with Symbol.for, which every copy in a thread shares.
 */
const TIMEOUT_BRAND = Symbol.for("simctl.SimTimeoutError");
const ABORT_BRAND = Symbol.for("simctl.SimAbortError");

function branded(value: unknown, brand: symbol): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * Rejection of `ctx.timeout(promise, ms)` when `ms` simulated ms pass before `promise` settles.
 * Its `name` is `"TimeoutError"`, like the DOM's. `err instanceof SimTimeoutError` holds whichever
 * copy of simctl threw it.
 */
export class SimTimeoutError extends Error {
  /** The timeout that expired, in simulated ms. */
  readonly ms: number;
  constructor(ms: number) {
    super(`timed out after ${ms} ms (simulated)`);
    this.name = "TimeoutError";
    this.ms = ms;
    Object.defineProperty(this, TIMEOUT_BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, TIMEOUT_BRAND);
  }
}

/**
 * Rejection of `ctx.sleep(ms, { signal })` when `signal` aborts first (or had already aborted).
 * Its `name` is `"AbortError"`, like the DOM's; `reason` is the signal's reason. `instanceof`
 * holds whichever copy of simctl threw it.
 */
export class SimAbortError extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super("the sleep was aborted");
    this.name = "AbortError";
    this.reason = reason;
    Object.defineProperty(this, ABORT_BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, ABORT_BRAND);
  }
}

/** Options of `ctx.sleep`. */
export interface SleepOptions {
  /** Aborting it ends the sleep at once: the promise rejects with a {@link SimAbortError} and the timer is cancelled. */
  readonly signal?: AbortSignal | undefined;
}

/** What the helpers need of the simulation: a timer of a given kind. */
export type ScheduleTimer = (delayMs: number, fire: () => void) => Timer;

/** `ctx.sleep(ms, options)` on `schedule`. */
export function sleepOn(schedule: ScheduleTimer, ms: number, options: SleepOptions | undefined): Promise<void> {
  const signal = options?.signal;
  if (signal === undefined) return new Promise((resolve) => schedule(ms, resolve));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new SimAbortError(signal.reason));
    const onAbort = (): void => {
      timer.cancel();
      reject(new SimAbortError(signal.reason));
    };
    const timer = schedule(ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** `ctx.timeout(promise, ms)` on `schedule`. */
export function timeoutOn<T>(schedule: ScheduleTimer, promise: PromiseLike<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = schedule(ms, () => {
      if (done) return;
      done = true;
      // Built without a stack: it rejects from the timer that fired, so it would hold only kernel frames.
      reject(withoutStack(() => new SimTimeoutError(ms)));
    });
    promise.then(
      (value) => {
        if (done) return;
        done = true;
        timer.cancel();
        resolve(value);
      },
      (err: unknown) => {
        if (done) return;
        done = true;
        timer.cancel();
        reject(err);
      },
    );
  });
}


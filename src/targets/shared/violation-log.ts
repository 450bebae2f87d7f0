/** Violations a checker found during a step, handed to the kernel by `check()`. */
import type { RunContext, Violation } from "../../index.js";

const NONE: readonly Violation[] = [];

export class ViolationLog {
  readonly #found: Violation[] = [];

  constructor(readonly ctx: RunContext) {}

  /** Record a violation of `invariant`, stamped with the current step and time. */
  fail(invariant: string, message: string): void {
    this.#found.push(this.ctx.violation(invariant, message));
  }

  /** Record a violation built elsewhere (e.g. by a history check, with its witness). */
  push(violation: Violation): void {
    this.#found.push(violation);
  }

  /** Violations found since the last call (a shared empty array when none, so no allocation). */
  take(): readonly Violation[] {
    if (this.#found.length === 0) return NONE;
    return this.#found.splice(0);
  }
}

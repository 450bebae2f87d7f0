/**
 * Client histories: operations with a call time, a return time and an outcome, as Jepsen and
 * Porcupine model them. An operation that never returned (a crash, a timeout: Jepsen's `:info`)
 * is open: it may have taken effect at any point after its call, or never.
 */

/** One operation of a history. */
export interface Operation<I = unknown, O = unknown> {
  /** Index in the history (stable; used by witnesses). */
  readonly id: number;
  readonly process: string;
  readonly input: I;
  /** The returned output; undefined for an open operation. */
  readonly output: O | undefined;
  /** Call and return positions on one timeline; `ret` is Infinity for an open operation. */
  readonly call: number;
  readonly ret: number;
}

export type History<I = unknown, O = unknown> = readonly Operation<I, O>[];

export function isOpen(op: Operation): boolean {
  return op.ret === Infinity;
}

/** What an invocation completed as. `fail`: it did not happen. `info`: unknown (open). */
export type Completion = "ok" | "fail" | "info";

/**
 * Records a history as it happens, for a target that wants "the client history is
 * linearizable" as an invariant. Times are positions in recording order (ties are impossible),
 * with the simulated time kept for display.
 */
export class HistoryRecorder<I, O> {
  readonly #ops: { process: string; input: I; output: O | undefined; call: number; ret: number; state: "open" | Completion; timeMs: number }[] = [];
  #clock = 0;

  constructor(readonly nowMs: () => number = () => 0) {}

  /** Start an operation; returns its handle for `ok`, `fail` or `info`. */
  invoke(process: string, input: I): number {
    this.#ops.push({ process, input, output: undefined, call: this.#clock++, ret: Infinity, state: "open", timeMs: this.nowMs() });
    return this.#ops.length - 1;
  }

  /**
   * The operation returned `output`. `input` replaces the invocation's input when it is only
   * known at completion (a write whose resulting value the store computes when it commits).
   */
  ok(handle: number, output: O, input?: I): void {
    const op = this.#at(handle);
    op.output = output;
    if (input !== undefined) op.input = input;
    op.ret = this.#clock++;
    op.state = "ok";
  }

  /** The operation did not take effect. */
  fail(handle: number): void {
    const op = this.#at(handle);
    op.ret = this.#clock++;
    op.state = "fail";
  }

  /** The outcome is unknown: the operation stays open. */
  info(handle: number): void {
    this.#at(handle).state = "info";
  }

  /** An operation that happens at one instant (a read in a simulation, say). */
  instant(process: string, input: I, output: O): void {
    this.ok(this.invoke(process, input), output);
  }

  get size(): number {
    return this.#ops.length;
  }

  /** Forget every operation (to start a new segment of a long history). */
  clear(): void {
    this.#ops.length = 0;
  }

  /** The history to check: failed operations dropped, unfinished ones open. */
  history(): History<I, O> {
    const out: Operation<I, O>[] = [];
    for (const op of this.#ops) {
      if (op.state === "fail") continue;
      out.push({ id: out.length, process: op.process, input: op.input, output: op.state === "ok" ? op.output : undefined, call: op.call, ret: op.state === "ok" ? op.ret : Infinity });
    }
    return out;
  }

  #at(handle: number) {
    const op = this.#ops[handle];
    if (op === undefined) throw new Error(`no operation ${handle} in this history`);
    return op;
  }
}

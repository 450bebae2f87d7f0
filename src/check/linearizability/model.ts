/**
 * A sequential specification for the linearizability checker. States must be immutable values;
 * `key` maps a state to a string or number so the search can memoise (linearized set, state).
 */
import type { History, Operation } from "./history.js";

export interface Model<S, I, O> {
  readonly name: string;
  init(): S;
  /**
   * Apply `input` to `state`. When `open`, the operation's result is unknown (`output` is
   * undefined): accept whatever the state allows. Returns undefined when the output is
   * impossible from this state, else the next state.
   */
  step(state: S, input: I, output: O | undefined, open: boolean): S | undefined;
  /** A memo key for a state; equal states must have equal keys. */
  key(state: S): string | number;
  /** Independent sub-histories (P-compositionality), e.g. one per key; default: one. */
  partition?(history: History<I, O>): History<I, O>[];
  /** A name for a partition in reports (the kv model's key). */
  partitionName?(part: History<I, O>): string;
  /**
   * The model the search of one partition uses, when the partition allows a sharper one: its
   * `step` may refuse an order that no completed operation of the partition allows (only that:
   * it must never refuse a valid order). Default: the model itself.
   */
  refine?(part: History<I, O>): Model<S, I, O>;
  /**
   * The operation as a plain register access, its value given by its memo key (as `key` gives
   * it for the state that value makes), or undefined when it is neither a plain read nor a plain
   * write (a cas, an append). When every operation of a partition is one and no value is
   * written twice, the checker decides it without search (see zones.ts).
   */
  access?(input: I, output: O | undefined): RegisterAccess | undefined;
  /**
   * The values (as memo keys) an operation may leave the object holding, or undefined when they
   * cannot be listed (an append). When every operation's can be listed, a read returning a value
   * that is neither one of them nor the initial value fails the history without search.
   */
  writes?(input: I): readonly (string | number)[] | undefined;
  /** One readable line for an operation. */
  describe(op: Operation<I, O>): string;
  /** One readable line for a state. */
  describeState(state: S): string;
}

/** A plain read or write of a register value, named by its memo key. */
export interface RegisterAccess {
  readonly write: boolean;
  readonly value: string | number;
}

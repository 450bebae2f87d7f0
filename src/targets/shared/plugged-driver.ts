/**
 * Drives a user's store (a real backend's contract: async, no pending queue, no fault knobs) from
 * a simulation, for any plugged store target. What the built-in stores get from their fault
 * controls, a backend meets between its clients and itself, so that is where this driver puts it:
 * a batch can be held in flight (by the workload, or by a delay fault whose timer delivers it
 * later) and delivered out of order, and a batch can be sent twice (a duplicate fault: a retry
 * after a lost acknowledgement, delivered later, after newer writes).
 *
 * Every call to the store runs in one serial chain, in op order: a store's promise is awaited
 * before the next call starts, so the oracle always knows the order writes took effect in, and a
 * store that awaits nothing but its own work is as deterministic as a synchronous one (its calls
 * settle within the kernel's microtask drain). A store that waits on real I/O (a database) gets
 * the same checks: while its calls are outstanding, the driver keeps the kernel turning with
 * zero-length sleeps, so the run waits for the database, with simulated time standing still,
 * instead of declaring a hang (such a run's trace counts those sleeps, so it follows the
 * database's timing). The target supplies what is domain-specific through
 * {@link PluggedStoreHooks}.
 */
import type { RunContext } from "../../index.js";
import type { DeliveryOp, DeliveryOrder } from "./delivery-ops.js";
import { PLUGGED_EVENT_KINDS, PLUGGED_FAULT_KINDS, type PluggedKind } from "./plugged-kinds.js";
import { isStoreFailure } from "./store-call.js";

/** The invariant a store call that fails outside its contract breaks. */
export const CALLS_INVARIANT = "calls";
export const CALLS_STATEMENT = "every call to the store settles as its contract says (a backend error is a failure)";

export interface PluggedStoreHooks<P> {
  /** Write one batch to the store, fold it into the oracle and check what the store did. */
  write(payload: P): Promise<void>;
  /** Nothing is in flight: compare the store with the oracle in full; false when it differs. */
  converge(where: string): Promise<boolean>;
  /** The in-flight set gained (+1) or lost (-1) this payload. */
  inFlightChanged?(payload: P, delta: 1 | -1): void;
}

const noop = (): void => undefined;

export class PluggedStoreDriver<P> {
  readonly #k: Readonly<Record<PluggedKind, number>>;
  readonly #f: Readonly<Record<(typeof PLUGGED_FAULT_KINDS)[number], number>>;
  #chain: Promise<void> = Promise.resolve();
  /** Batches in flight by id; ids only grow, so Map order is oldest first. */
  readonly #inFlight = new Map<number, P>();
  #nextId = 1;
  /** The most batches in flight at once since the last drain (0: none was held). */
  #deepest = 0;
  /** Work items queued on the chain and not finished yet. */
  #outstanding = 0;
  #keepingAlive = false;

  constructor(
    readonly ctx: RunContext,
    readonly hooks: PluggedStoreHooks<P>,
    readonly fail: (invariant: string, message: string) => void,
  ) {
    this.#k = Object.fromEntries(PLUGGED_EVENT_KINDS.map((name) => [name, ctx.kind(name)])) as Record<PluggedKind, number>;
    this.#f = Object.fromEntries(PLUGGED_FAULT_KINDS.map((name) => [name, ctx.faultKind(name)])) as Record<(typeof PLUGGED_FAULT_KINDS)[number], number>;
  }

  /** Batches in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Run `work` after everything queued before it. The promise settles when it has run; a store
   * failure in it is reported as a `calls` violation, anything else (a harness error) rejects.
   */
  serial(work: () => Promise<void> | void): Promise<void> {
    this.#outstanding++;
    const next = this.#chain
      .then(work)
      .catch((err: unknown) => {
        if (!isStoreFailure(err)) throw err;
        this.fail(CALLS_INVARIANT, err.message);
      })
      .finally(() => this.#outstanding--);
    this.#chain = next.then(noop, noop);
    return next;
  }

  /**
   * Called where the kernel would otherwise move on (the end of a step, the start of `finish`):
   * while store calls are outstanding, sleep 0 simulated ms at a time, so the kernel keeps firing
   * events and draining between them (every 64th drain is a host turn, which lets real I/O
   * complete; see core/microtasks.ts) without moving its clock. A
   * store whose calls settle within the drain never needs it: nothing is outstanding by the end
   * of its step.
   */
  keepAlive(): void {
    if (this.#keepingAlive || this.#outstanding === 0) return;
    this.#keepingAlive = true;
    void (async () => {
      while (this.#outstanding > 0) await this.ctx.sleep(0);
      this.#keepingAlive = false;
    })();
  }

  /**
   * A client sends `payload`: written now, or held in flight (`hold`, or a delay fault whose
   * timer delivers it). A duplicate fault puts a second copy in flight. Fault decisions are drawn
   * here, so they belong to the op's step.
   */
  submit(payload: P, hold: boolean): Promise<void> {
    const { ctx } = this;
    const p = ctx.profile;
    const delayMs = ctx.faults.draw(this.#f.delay, p.delay, p.delayMsMin, p.delayMsMax);
    const duplicate = ctx.faults.draw(this.#f.duplicate, p.duplicate) !== null;
    if (delayMs !== null) ctx.emit(this.#k["fault.delay"], delayMs);
    if (duplicate) ctx.emit(this.#k["fault.duplicate"]);
    return this.serial(async () => {
      if (hold || delayMs !== null) {
        const id = this.#hold(payload);
        if (delayMs !== null) ctx.schedule(delayMs, this.#k["timer.deliver"], () => this.#onTimer(id), id);
      } else await this.hooks.write(payload);
      if (duplicate) this.#hold(payload);
    });
  }

  /** A delivery op. */
  control(op: DeliveryOp): Promise<void> {
    return this.serial(async () => {
      const { ctx } = this;
      const size = this.#inFlight.size;
      if (op.t === "deliverAll") {
        ctx.emit(this.#k["op.deliver-all"], op.order === "oldestFirst" ? 0 : 1, size);
        return this.#deliver(this.#ids(op.order), true);
      }
      ctx.emit(this.#k["op.deliver"], op.pick, size);
      const id = this.#at(op.pick);
      if (id === undefined) return ctx.emit(this.#k["deliver.empty"]);
      return this.#deliver([id], true);
    });
  }

  /** End of run: deliver what is left in flight, oldest first, then compare in full. */
  finish(): Promise<void> {
    return this.serial(async () => {
      await this.#deliver(this.#ids("oldestFirst"), false);
      this.#deepest = 0;
      await this.hooks.converge("end of run");
    });
  }

  #hold(payload: P): number {
    const id = this.#nextId++;
    this.#inFlight.set(id, payload);
    this.hooks.inFlightChanged?.(payload, 1);
    this.ctx.emit(this.#k["write.held"], id);
    this.#deepest = Math.max(this.#deepest, this.#inFlight.size);
    return id;
  }

  #onTimer(id: number): void {
    const work = this.serial(() => {
      if (!this.#inFlight.has(id)) return this.ctx.emit(this.#k["timer.deliver-stale"], id);
      return this.#deliver([id], true);
    });
    // Nobody awaits a timer's work: a harness error in it becomes this run's violation.
    work.catch((err: unknown) => this.fail("exception", err instanceof Error ? err.message : String(err)));
  }

  /** Deliver `ids` in order; with `drain`, a delivery that empties the flight compares in full. */
  async #deliver(ids: readonly number[], drain: boolean): Promise<void> {
    for (const id of ids) {
      const payload = this.#inFlight.get(id);
      if (payload === undefined) continue;
      if (id !== this.#at(0)) this.ctx.emit(this.#k["deliver.out-of-order"], id);
      this.#inFlight.delete(id);
      this.hooks.inFlightChanged?.(payload, -1);
      this.ctx.emit(this.#k["write.delivered"], id);
      await this.hooks.write(payload);
    }
    if (!drain || this.#inFlight.size > 0 || this.#deepest === 0) return;
    const deepest = this.#deepest;
    this.#deepest = 0;
    if (await this.hooks.converge("drain")) this.ctx.emit(this.#k["drain.converged"], deepest);
  }

  /** The in-flight id at position `pick` modulo the number in flight, oldest first. */
  #at(pick: number): number | undefined {
    const n = this.#inFlight.size;
    if (n === 0) return undefined;
    let i = pick % n;
    for (const id of this.#inFlight.keys()) if (i-- === 0) return id;
    return undefined;
  }

  #ids(order: DeliveryOrder): number[] {
    const ids = [...this.#inFlight.keys()];
    return order === "newestFirst" ? ids.reverse() : ids;
  }
}

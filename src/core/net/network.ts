/**
 * The send path of the simulated network (TigerBeetle's packet simulator, per message):
 * partition, capacity and loss drop a message at once; a clog holds it; otherwise it is delivered
 * after a delay (minimum + exponential, sometimes held back further: a reorder), maybe twice.
 *
 * Every send draws the same decisions in the same order (loss, delay, reorder, duplicate, clog)
 * before looking at the network's state, so the i-th message a step causes always gets the i-th
 * decisions of that step: a decision the shrinker deletes, or a partition that is no longer
 * there, shifts no other message's decisions. A kind whose probability is 0 is not drawn at all.
 *
 * A delivery is a kernel event of kind `net.deliver` (from, to) at the arrival time. On arrival
 * the message is dropped (`net.drop`) if its path is now partitioned or its destination crashed;
 * a paused destination holds it until it resumes. A clog holds what is *sent* on its path while
 * it lasts (delivered at the clog's end, in send order); what is already on the wire arrives.
 * O(1) per message: two closures, one kernel event, two trace entries.
 */
import type { Timer } from "../events.js";
import type { RunContext } from "../target.js";
import { exponentialMs, U_MAX } from "./exponential.js";
import type { InFlight } from "./flight.js";
import type { NetIds } from "./ids.js";
import type { Nodes } from "./nodes.js";
import type { Partitions } from "./partitions.js";
import type { NetworkOptions, NodeId, NodeProcess } from "./types.js";

/** A message held by a clog: kept so that `unclog` can let it go early. */
interface Clogged {
  readonly from: NodeId;
  readonly to: NodeId;
  /** When it would have arrived without the clog. */
  readonly dueMs: number;
  readonly deliver: () => void;
  timer: Timer | undefined;
}

export class Network<M, P extends NodeProcess<M>> {
  readonly #ctx: RunContext;
  readonly #n: number;
  readonly #o: NetworkOptions;
  readonly #ids: NetIds;
  readonly #flight: InFlight;
  readonly #cuts: Partitions;
  readonly #nodes: Nodes<M, P>;
  /** Simulated time each path's clog ends (0: never clogged). */
  readonly #clogUntilMs: Float64Array;
  /** Messages whose delivery a clog pushed back, in send order, with their deliveries. */
  readonly #clogged = new Set<Clogged>();

  constructor(ctx: RunContext, nodes: number, options: NetworkOptions, ids: NetIds, flight: InFlight, cuts: Partitions, hosts: Nodes<M, P>) {
    this.#ctx = ctx;
    this.#n = nodes;
    this.#o = options;
    this.#ids = ids;
    this.#flight = flight;
    this.#cuts = cuts;
    this.#nodes = hosts;
    this.#clogUntilMs = new Float64Array(nodes * nodes);
  }

  send(from: NodeId, to: NodeId, msg: M): void {
    const ctx = this.#ctx;
    const o = this.#o;
    const faults = ctx.faults;
    const f = this.#ids.faults;
    const e = this.#ids.events;
    ctx.emit(e.send, from, to);
    const lost = o.loss > 0 && faults.draw(f.loss, o.loss) !== null;
    const u = o.delayMeanMs > 0 ? faults.draw(f.delay, 1, 0, U_MAX) : null;
    const held = o.reorder > 0 && o.reorderMaxMs > 0 ? faults.draw(f.reorder, o.reorder, 1, o.reorderMaxMs) : null;
    const copy = o.duplicate > 0 ? faults.draw(f.duplicate, o.duplicate, 0, U_MAX) : null;
    const clog = o.clog > 0 ? faults.draw(f.clog, o.clog, 0, U_MAX) : null;
    const path = this.#flight.path(from, to);
    const full = o.pathCapacity > 0 && this.#flight.on(path) >= o.pathCapacity;
    if (lost || full || this.#cuts.cut(from, to)) {
      ctx.emit(e.drop, from, to);
      return;
    }
    if (clog !== null) this.clog(from, to, Math.max(1, exponentialMs(o.clogMeanMs, clog)));
    this.#launch(from, to, msg, path, this.#delay(u) + (held ?? 0));
    if (copy !== null) {
      ctx.emit(e.duplicate, from, to);
      this.#launch(from, to, msg, path, this.#delay(copy));
    }
  }

  /** Clog the path `from -> to` for `ms` from now (extending a clog in force). */
  clog(from: NodeId, to: NodeId, ms: number): void {
    const path = this.#flight.path(from, to);
    const until = this.#ctx.nowMs() + ms;
    if (until <= this.#clogUntilMs[path]!) return;
    this.#clogUntilMs[path] = until;
    this.#ctx.emit(this.#ids.events.clog, from, to);
  }

  /** True while the path `from -> to` is clogged. */
  clogged(from: NodeId, to: NodeId): boolean {
    return this.#clogUntilMs[this.#flight.path(from, to)]! > this.#ctx.nowMs();
  }

  /** End every clog: what they held is delivered when it would have been without them. */
  unclog(): void {
    this.#clogUntilMs.fill(0);
    const now = this.#ctx.nowMs();
    const deliver = this.#ids.events.deliver;
    for (const c of this.#clogged) {
      if (c.timer?.cancel() === true) c.timer = this.#ctx.schedule(Math.max(0, c.dueMs - now), deliver, c.deliver, c.from, c.to);
    }
  }

  /** The minimum delay plus the exponential part drawn as `u` (none: the liveness phase, or deleted). */
  #delay(u: number | null): number {
    return this.#o.delayMinMs + (u === null ? 0 : exponentialMs(this.#o.delayMeanMs, u));
  }

  #launch(from: NodeId, to: NodeId, msg: M, path: number, delayMs: number): void {
    const ctx = this.#ctx;
    this.#flight.add(path);
    const deliver = this.#ids.events.deliver;
    const now = ctx.nowMs();
    const clogEnd = this.#clogUntilMs[path]!;
    if (clogEnd <= now + delayMs) {
      ctx.schedule(delayMs, deliver, () => this.#arrive(from, to, msg, path), from, to);
      return;
    }
    const held: Clogged = {
      from,
      to,
      dueMs: now + delayMs,
      deliver: () => {
        this.#clogged.delete(held);
        this.#arrive(from, to, msg, path);
      },
      timer: undefined,
    };
    held.timer = ctx.schedule(clogEnd - now, deliver, held.deliver, from, to);
    this.#clogged.add(held);
  }

  #arrive(from: NodeId, to: NodeId, msg: M, path: number): void {
    if (this.#cuts.cut(from, to) || this.#nodes.status(to) === "crashed") {
      this.#flight.settle(path);
      this.#ctx.emit(this.#ids.events.drop, from, to);
      return;
    }
    this.#nodes.arrive(from, to, msg);
  }
}

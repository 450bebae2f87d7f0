/**
 * The nodes of a cluster, built by a factory (turmoil's hosts), and their faults: pauses and
 * crashes.
 *
 * - A pause stops a node's code without losing anything: its timers and sleeps that come due and
 *   the messages that reach it wait, in arrival order, and run when it resumes. Work a pause
 *   deferred runs inside the `node.resume` event, so it is caused by the pause's step (the pause
 *   is why it runs then; a shrink that deletes the pause gives it back its own time and cause).
 *   A paused node's code only runs when the target calls into it directly; what it sends then
 *   goes out (the network, not the node, is what a pause holds back).
 * - A crash loses the node's volatile state: its process object is dropped, its timers are
 *   cancelled, its sleeps never settle, the messages waiting for it are dropped, and messages
 *   that reach it while it is down are dropped. What it declared with `persist` survives: a
 *   restart runs the factory again with it, as incarnation + 1.
 *
 * Each tick draws at most one crash and one pause (`node.crash`, `node.pause` decisions), and
 * only while fewer than `maxDown` nodes are down (crashed or paused). A decision's value is
 * `node * U_RANGE + u`: the first running node from id `node` on is hit, for an exponential
 * duration drawn from `u`; so one recorded integer is one whole crash (or pause), restart (or
 * resume) included, and deleting it deletes all of it. Restarts and resumes are kernel events
 * (`node.restart`, `node.resume`, arguments (node, ms)), as are the ones `heal()` brings forward.
 *
 * With disks, each node has one (a `DiskStore`, kept across incarnations); each incarnation gets
 * its own handle on it, bound to its host. A crash crashes the disk right after the host is
 * killed: pending disk operations are cancelled with the host's timers, unsynced writes are lost
 * (or kept, or torn, per the disk's decisions, owned by the crash's causing step).
 */
import { DiskHandle } from "../disk/handle.js";
import type { DiskClock, DiskStore } from "../disk/store.js";
import type { DiskApi } from "../disk/types.js";
import type { Timer } from "../events.js";
import type { RunContext } from "../target.js";
import { exponentialMs, U_RANGE } from "./exponential.js";
import type { InFlight } from "./flight.js";
import { Host, type HostOwner } from "./host.js";
import type { NetIds } from "./ids.js";
import type { Durable, NetworkOptions, NodeFactory, NodeId, NodeProcess, NodeStatus } from "./types.js";

/** A message or a timer waiting for a paused node: `from` is -1 for a timer. */
interface Held<M> {
  readonly from: NodeId;
  readonly msg: M | undefined;
  readonly fire: (() => void) | undefined;
}

interface Slot<M, P> {
  status: NodeStatus;
  process: P | undefined;
  host: Host<M>;
  durable: Durable | undefined;
  /** Waiting work, run from `heldAt` on at the resume. */
  held: Held<M>[];
  heldAt: number;
  /** The pending `node.resume` or `node.restart` event, if any. */
  wake: Timer | undefined;
}

/** Where the nodes send: the network's send path. */
export type SendPath<M> = (from: NodeId, to: NodeId, msg: M) => void;

export class Nodes<M, P extends NodeProcess<M>> implements HostOwner<M> {
  readonly #ctx: RunContext;
  readonly #n: number;
  readonly #factory: NodeFactory<M, P>;
  readonly #o: NetworkOptions;
  readonly #ids: NetIds;
  readonly #flight: InFlight;
  readonly #slots: Slot<M, P>[] = [];
  /** Each node's disk, by id, or undefined when the cluster has none. */
  readonly #disks: readonly DiskStore[] | undefined;
  #down = 0;
  /** Set by the cluster once the network exists (the network delivers to the nodes). */
  sendPath: SendPath<M> = () => undefined;

  /** `disks`: one per node, by id (omitted: the nodes have no disk). */
  constructor(ctx: RunContext, nodes: number, factory: NodeFactory<M, P>, options: NetworkOptions, ids: NetIds, flight: InFlight, disks?: readonly DiskStore[]) {
    this.#ctx = ctx;
    this.#n = nodes;
    this.#factory = factory;
    this.#o = options;
    this.#ids = ids;
    this.#flight = flight;
    this.#disks = disks;
  }

  /** Build every node's first incarnation, in id order. */
  start(): void {
    for (let id = 0; id < this.#n; id++) {
      const slot: Slot<M, P> = { status: "up", process: undefined, host: new Host(this.#ctx, this, id, 0), durable: undefined, held: [], heldAt: 0, wake: undefined };
      this.#slots.push(slot);
      slot.process = this.#factory(slot.host, undefined);
    }
  }

  status(id: NodeId): NodeStatus {
    return this.#slot(id).status;
  }

  process(id: NodeId): P | undefined {
    return this.#slot(id).process;
  }

  incarnation(id: NodeId): number {
    return this.#slot(id).host.incarnation;
  }

  /** Nodes crashed or paused now. */
  get down(): number {
    return this.#down;
  }

  // HostOwner: what a node's host calls.
  send(from: NodeId, to: NodeId, msg: M): void {
    this.sendPath(from, to, msg);
  }

  broadcast(from: NodeId, msg: M): void {
    for (let to = 0; to < this.#n; to++) if (to !== from) this.sendPath(from, to, msg);
  }

  persist(id: NodeId, state: Durable): void {
    this.#slot(id).durable = state;
  }

  isPaused(id: NodeId): boolean {
    return this.#slot(id).status === "paused";
  }

  hold(id: NodeId, fire: () => void): void {
    this.#slot(id).held.push({ from: -1, msg: undefined, fire });
  }

  disk(id: NodeId, clock: DiskClock): DiskApi {
    const store = this.#disks?.[id];
    if (store === undefined) throw new Error(`node ${id} has no disk: build the cluster with disk: true (or disk options) to give its nodes one`);
    return new DiskHandle(store, clock);
  }

  /** A message reached node `to` (up or paused; the network drops it for a crashed node). */
  arrive(from: NodeId, to: NodeId, msg: M): void {
    const slot = this.#slot(to);
    if (slot.status === "paused") {
      slot.held.push({ from, msg, fire: undefined });
      return;
    }
    this.#flight.settle(this.#flight.path(from, to));
    slot.process?.receive(from, msg);
  }

  /** Once per tick: maybe crash one running node, maybe pause one. */
  tick(): void {
    const o = this.#o;
    const ids = this.#ids.faults;
    if (o.crash > 0 && this.#mayGoDown()) {
      const v = this.#ctx.faults.draw(ids.crash, o.crash, 0, this.#n * U_RANGE - 1);
      const id = v === null ? -1 : this.#runningFrom(Math.floor(v / U_RANGE));
      if (v !== null && id >= 0) this.crash(id, Math.max(1, exponentialMs(o.restartMeanMs, v % U_RANGE)));
    }
    if (o.pause > 0 && this.#mayGoDown()) {
      const v = this.#ctx.faults.draw(ids.pause, o.pause, 0, this.#n * U_RANGE - 1);
      const id = v === null ? -1 : this.#runningFrom(Math.floor(v / U_RANGE));
      if (v !== null && id >= 0) this.pause(id, Math.max(1, exponentialMs(o.pauseMeanMs, v % U_RANGE)));
    }
  }

  /** Crash node `id`; restart it after `downMs` (undefined: only `restart`/`heal` bring it back). */
  crash(id: NodeId, downMs?: number): boolean {
    const slot = this.#slot(id);
    if (slot.status === "crashed") return false;
    if (slot.status === "up") this.#down++;
    slot.wake?.cancel();
    slot.wake = undefined;
    slot.status = "crashed";
    const events = this.#ids.events;
    this.#ctx.emit(events.crash, id, downMs ?? 0);
    slot.host.kill();
    this.#disks?.[id]!.crash();
    const process = slot.process;
    slot.process = undefined;
    this.#dropHeld(slot, id);
    process?.crashed?.();
    if (downMs !== undefined) slot.wake = this.#ctx.schedule(downMs, events.restart, () => this.#restart(id), id, downMs);
    return true;
  }

  /** Restart crashed node `id` now (a no-op for a running one). */
  restart(id: NodeId): boolean {
    if (this.#slot(id).status !== "crashed") return false;
    this.#ctx.emit(this.#ids.events.restart, id, 0);
    this.#restart(id);
    return true;
  }

  /** Pause running node `id`; resume it after `ms` (undefined: only `resume`/`heal` do). */
  pause(id: NodeId, ms?: number): boolean {
    const slot = this.#slot(id);
    if (slot.status !== "up") return false;
    slot.status = "paused";
    this.#down++;
    const events = this.#ids.events;
    this.#ctx.emit(events.pause, id, ms ?? 0);
    if (ms !== undefined) slot.wake = this.#ctx.schedule(ms, events.resume, () => this.#resume(id), id, ms);
    return true;
  }

  /** Resume paused node `id` now: what waited for it runs, in arrival order. */
  resume(id: NodeId): boolean {
    if (this.#slot(id).status !== "paused") return false;
    this.#ctx.emit(this.#ids.events.resume, id, 0);
    this.#resume(id);
    return true;
  }

  /** Bring every resume and restart forward to now, as kernel events in node order. */
  heal(): void {
    const events = this.#ids.events;
    for (let id = 0; id < this.#n; id++) {
      const slot = this.#slots[id]!;
      if (slot.status === "up") continue;
      slot.wake?.cancel();
      slot.wake =
        slot.status === "paused"
          ? this.#ctx.schedule(0, events.resume, () => this.#resume(id), id, 0)
          : this.#ctx.schedule(0, events.restart, () => this.#restart(id), id, 0);
    }
  }

  #restart(id: NodeId): void {
    const slot = this.#slot(id);
    if (slot.status !== "crashed") return;
    slot.wake = undefined;
    slot.host = new Host(this.#ctx, this, id, slot.host.incarnation + 1);
    slot.status = "up";
    this.#down--;
    slot.process = this.#factory(slot.host, slot.durable);
  }

  #resume(id: NodeId): void {
    const slot = this.#slot(id);
    if (slot.status !== "paused") return;
    slot.wake = undefined;
    slot.status = "up";
    this.#down--;
    // The node's own code may pause or crash it again: stop there (a crash drops the rest).
    while (slot.status === "up" && slot.heldAt < slot.held.length) {
      const held = slot.held[slot.heldAt++]!;
      if (held.fire !== undefined) held.fire();
      else {
        this.#flight.settle(this.#flight.path(held.from, id));
        slot.process?.receive(held.from, held.msg as M);
      }
    }
    if (slot.heldAt === slot.held.length) this.#clearHeld(slot);
  }

  /** A crash: the messages waiting for the node are dropped, its waiting timers forgotten. */
  #dropHeld(slot: Slot<M, P>, id: NodeId): void {
    for (let i = slot.heldAt; i < slot.held.length; i++) {
      const from = slot.held[i]!.from;
      if (from < 0) continue;
      this.#flight.settle(this.#flight.path(from, id));
      this.#ctx.emit(this.#ids.events.drop, from, id);
    }
    this.#clearHeld(slot);
  }

  #clearHeld(slot: Slot<M, P>): void {
    slot.held = [];
    slot.heldAt = 0;
  }

  #mayGoDown(): boolean {
    const max = this.#o.maxDown;
    return this.#down < this.#n && (max === 0 || this.#down < max);
  }

  /** The first running node from `start` on (cyclically), or -1. */
  #runningFrom(start: NodeId): NodeId {
    for (let k = 0; k < this.#n; k++) {
      const id = (start + k) % this.#n;
      if (this.#slots[id]!.status === "up") return id;
    }
    return -1;
  }

  #slot(id: NodeId): Slot<M, P> {
    return this.#slots[id]!;
  }
}

/**
 * A node's host: what one incarnation of a node's code gets (turmoil's host). Everything the
 * node waits on goes through it, so that a crash can take it all away: the incarnation's timers
 * are cancelled (they never fire and leave no trace), its sleeps never settle, and whatever its
 * stale code still calls afterwards (a send, a timer, a persist) does nothing. While the node is
 * paused, a timer or sleep that comes due waits and runs when the node resumes.
 */
import type { DiskClock } from "../disk/store.js";
import type { DiskApi } from "../disk/types.js";
import type { Timer } from "../events.js";
import type { RunContext } from "../target.js";
import type { Durable, NodeHost, NodeId } from "./types.js";

/** What a host needs from the node set it belongs to. */
export interface HostOwner<M> {
  send(from: NodeId, to: NodeId, msg: M): void;
  broadcast(from: NodeId, msg: M): void;
  persist(id: NodeId, state: Durable): void;
  isPaused(id: NodeId): boolean;
  /** Run `fire` when node `id` resumes (dropped if it crashes first). */
  hold(id: NodeId, fire: () => void): void;
  /** Node `id`'s disk as one incarnation sees it, its completions scheduled by `clock` (throws without disks). */
  disk(id: NodeId, clock: DiskClock): DiskApi;
}

/** A timer of a dead incarnation: never pending, never fires. */
const DEAD: Timer = Object.freeze({ atMs: 0, pending: false, cancel: () => false });
/** The promise of a dead incarnation's sleep: it never settles. */
const NEVER = new Promise<void>(() => undefined);

export class Host<M> implements NodeHost<M>, DiskClock {
  readonly id: NodeId;
  readonly incarnation: number;
  readonly #ctx: RunContext;
  readonly #owner: HostOwner<M>;
  #alive = true;
  /** Timers scheduled or held and not yet run: cancelled together when the node crashes. */
  readonly #timers = new Set<NodeTimer<M>>();
  /** Aborted when the node crashes: ends the kernel sleeps of this incarnation (created on first sleep). */
  /** One controller per pending sleep (one listener each: many concurrent sleeps on one signal make Node warn of a leak). */
  readonly #sleeps = new Set<AbortController>();
  /** This incarnation's handle on the node's disk (made on first use). */
  #disk: DiskApi | undefined;

  constructor(ctx: RunContext, owner: HostOwner<M>, id: NodeId, incarnation: number) {
    this.#ctx = ctx;
    this.#owner = owner;
    this.id = id;
    this.incarnation = incarnation;
  }

  get alive(): boolean {
    return this.#alive;
  }

  send(to: NodeId, msg: M): void {
    if (this.#alive) this.#owner.send(this.id, to, msg);
  }

  broadcast(msg: M): void {
    if (this.#alive) this.#owner.broadcast(this.id, msg);
  }

  schedule(delayMs: number, kind: number, fire: () => void, a = 0, b = 0): Timer {
    if (!this.#alive) return DEAD;
    const timer = new NodeTimer(this, fire);
    timer.inner = this.#ctx.schedule(delayMs, kind, () => timer.due(), a, b);
    this.#timers.add(timer);
    return timer;
  }

  sleep(ms: number): Promise<void> {
    if (!this.#alive) return NEVER;
    // The kernel's sleep (it also switches the run loop to draining continuations), ended by the
    // crash: its rejection is swallowed, so the node's promise never settles.
    const abort = new AbortController();
    this.#sleeps.add(abort);
    return new Promise((resolve) => {
      this.#ctx.sleep(ms, { signal: abort.signal }).then(
        () => {
          this.#sleeps.delete(abort);
          this.run(resolve);
        },
        () => undefined,
      );
    });
  }

  persist(state: Durable): void {
    if (this.#alive) this.#owner.persist(this.id, state);
  }

  /** Its completions go through this host's timers: they wait out a pause and die with the incarnation. */
  get disk(): DiskApi {
    return (this.#disk ??= this.#owner.disk(this.id, this));
  }

  /** Run `fire` now, or at the resume if the node is paused; never once it crashed. */
  run(fire: () => void): void {
    if (!this.#alive) return;
    if (this.#owner.isPaused(this.id)) this.#owner.hold(this.id, fire);
    else fire();
  }

  forget(timer: NodeTimer<M>): void {
    this.#timers.delete(timer);
  }

  /** The crash: this incarnation's timers and sleeps end, and its stale code can do nothing. */
  kill(): void {
    this.#alive = false;
    for (const timer of this.#timers) timer.kill();
    this.#timers.clear();
    for (const abort of this.#sleeps) abort.abort("crashed");
    this.#sleeps.clear();
  }
}

const SCHEDULED = 0;
/** Came due while the node was paused: waits for the resume. */
const HELD = 1;
const DONE = 2;

/** A node's timer: a kernel timer that dies with its incarnation and waits out a pause. */
class NodeTimer<M> implements Timer {
  inner: Timer = DEAD;
  #state = SCHEDULED;

  constructor(
    readonly host: Host<M>,
    readonly fire: () => void,
  ) {}

  get atMs(): number {
    return this.inner.atMs;
  }

  get pending(): boolean {
    return this.#state !== DONE;
  }

  cancel(): boolean {
    if (this.#state === DONE) return false;
    this.kill();
    this.host.forget(this);
    return true;
  }

  kill(): void {
    if (this.#state === SCHEDULED) this.inner.cancel();
    this.#state = DONE;
  }

  /** The kernel timer fired. */
  due(): void {
    this.#state = HELD;
    this.host.run(this.#run);
  }

  readonly #run = (): void => {
    if (this.#state !== HELD) return;
    this.#state = DONE;
    this.host.forget(this);
    this.fire();
  };
}

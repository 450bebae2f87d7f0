/**
 * The kernel's microtask drain: after an event fires (or an op is applied), wait until every
 * promise continuation it caused has run, however deep the chain, before the next event fires.
 *
 * An async system under test awaits only kernel-provided promises, which the kernel resolves
 * while firing events, so "every continuation has run" means "the microtask queue is empty". A
 * macrotask (setImmediate) says that, but costs a whole event-loop iteration (a poll syscall)
 * per event. Node says it more cheaply: the tick queue (`process.nextTick`) is run only between
 * two complete microtask checkpoints (processTicksAndRejections: ticks, then runMicrotasks until
 * the queue is empty, then ticks again), so a tick queued from inside a microtask runs exactly
 * when the microtask queue has emptied — the same point a setImmediate callback would see. The
 * tick is queued from a microtask of its own because the first drain of a run may be called from
 * synchronous code (a macrotask), where a tick would run before the microtasks already queued.
 *
 * Host work a system schedules itself (timers, I/O, its own immediates or ticks) is outside that
 * contract: it runs at the next host turn (below), no longer before the next event.
 *
 * This is the only place simulated code meets the host's scheduling; it carries no time and no
 * entropy into the run, only ordering that the microtask queue fixes.
 */

/**
 * Every this many drains of one run, a real macrotask turn instead: the host loop then runs
 * (timers, I/O, unhandled-rejection reports), so a system that waits on the outside world (a
 * plugged store backed by a database, spinning on `ctx.sleep(0)`) still sees it progress, and a
 * run cannot starve the thread. A turn drains microtasks too, so for a system that awaits only
 * kernel promises it changes nothing; counted per run, it comes at the same points every run.
 */
const HOST_TURN_EVERY = 64;

/** One run's drains (the count that places the host turns restarts with every run). */
export class MicrotaskDrain {
  #drains = 0;

  /** Settles once every continuation queued so far, and every one they queue, has run. */
  drain(): Promise<void> {
    if (++this.#drains % HOST_TURN_EVERY === 0) return new Promise(hostTurn);
    return new Promise(afterMicrotasks);
  }
}

function hostTurn(resolve: () => void): void {
  setImmediate(resolve);
}

/** Already settled: `then` on it queues a microtask at once (Node's own microtask API costs more: it wraps each callback in an async resource). */
const SETTLED = Promise.resolve();

function afterMicrotasks(resolve: () => void): void {
  void SETTLED.then(() => process.nextTick(resolve));
}

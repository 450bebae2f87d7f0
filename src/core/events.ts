/**
 * The event queue: a binary min-heap ordered by (time, insertion sequence), with cancellation.
 *
 * Ties in time are broken by the order events were scheduled, never by object identity or any
 * host-dependent order, so two runs of the same seed fire events in the same order.
 *
 * Cancelling is lazy: a cancelled event is only marked, costs O(1), and is dropped when it
 * reaches the top of the heap (it is never popped, so it never fires and never reaches the trace
 * or the histogram). When cancelled events make up most of a large heap, the heap is rebuilt
 * without them (O(n), paid for by the cancellations that made it necessary), so a system that
 * cancels almost every timeout it arms keeps a heap the size of its live timers.
 */

/**
 * A scheduled timer, as `ctx.schedule` returns it.
 *
 * ```ts
 * const timeout = ctx.schedule(50, kinds.timeout, () => retry());
 * // ... the reply came first:
 * timeout.cancel();   // it never fires and leaves nothing in the trace or histogram
 * ```
 */
export interface Timer {
  /** Absolute simulated time (ms) at which it fires, or fired. */
  readonly atMs: number;
  /** True until it fires or is cancelled. */
  readonly pending: boolean;
  /**
   * Cancel it: it will never fire and leaves no trace. Returns true when it was pending, false
   * when it had already fired or been cancelled (then nothing happens). O(1).
   */
  cancel(): boolean;
}

const PENDING = 0;
const FIRED = 1;
const CANCELLED = 2;

/**
 * A scheduled callback. `kind` is an interned event-kind id, `a`/`b` its trace arguments,
 * `cause` the step whose op caused it (see `Simulation.cause`) and `origin` how many trace
 * entries had been recorded when it was scheduled (what it answers: a delivery, the send).
 */
export class SimEvent implements Timer {
  state = PENDING;

  constructor(
    readonly timeMs: number,
    readonly seq: number,
    readonly kind: number,
    readonly fire: () => void,
    readonly cause: number,
    readonly a: number,
    readonly b: number,
    readonly queue: EventQueue,
    readonly origin: number,
  ) {}

  get atMs(): number {
    return this.timeMs;
  }

  get pending(): boolean {
    return this.state === PENDING;
  }

  cancel(): boolean {
    if (this.state !== PENDING) return false;
    this.state = CANCELLED;
    this.queue.cancelled();
    return true;
  }
}

/** Rebuild the heap once it holds more than this many cancelled events and they are the majority. */
const COMPACT_MIN = 1024;

export class EventQueue {
  #heap: SimEvent[] = [];
  #seq = 0;
  /** Pending (not cancelled) events in the heap. */
  #live = 0;

  /** Events that will still fire (cancelled ones are not counted). */
  get size(): number {
    return this.#live;
  }

  /** Schedule `fire` at absolute simulated time `timeMs`; `cause` is the causing step, `origin` the trace's length now. */
  push(timeMs: number, kind: number, fire: () => void, cause = 0, a = 0, b = 0, origin = 0): SimEvent {
    const heap = this.#heap;
    const event = new SimEvent(timeMs, this.#seq++, kind, fire, cause, a, b, this, origin);
    heap.push(event);
    this.#live++;
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as SimEvent, heap[parent] as SimEvent)) break;
      swap(heap, i, parent);
      i = parent;
    }
    return event;
  }

  /** The time of the earliest pending event, or Infinity when none is left. */
  peekTimeMs(): number {
    const top = this.peek();
    return top === undefined ? Infinity : top.timeMs;
  }

  /** The earliest pending event, without removing it. */
  peek(): SimEvent | undefined {
    const heap = this.#heap;
    let top = heap[0];
    while (top !== undefined && top.state !== PENDING) {
      removeTop(heap);
      top = heap[0];
    }
    return top;
  }

  /** Remove and return the earliest pending event (marked fired: cancelling it does nothing). */
  pop(): SimEvent | undefined {
    const top = this.peek();
    if (top === undefined) return undefined;
    removeTop(this.#heap);
    top.state = FIRED;
    this.#live--;
    return top;
  }

  /** Called by {@link SimEvent.cancel}. */
  cancelled(): void {
    this.#live--;
    const heap = this.#heap;
    const dead = heap.length - this.#live;
    if (dead > COMPACT_MIN && dead > this.#live) this.#compact();
  }

  /** Drop cancelled events and restore the heap order (Floyd's bottom-up build, O(n)). */
  #compact(): void {
    const heap = this.#heap.filter((e) => e.state === PENDING);
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
    this.#heap = heap;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

function swap(heap: SimEvent[], i: number, j: number): void {
  const tmp = heap[i] as SimEvent;
  heap[i] = heap[j] as SimEvent;
  heap[j] = tmp;
}

function removeTop(heap: SimEvent[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown(heap: SimEvent[], start: number): void {
  const n = heap.length;
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let min = i;
    if (left < n && before(heap[left] as SimEvent, heap[min] as SimEvent)) min = left;
    if (right < n && before(heap[right] as SimEvent, heap[min] as SimEvent)) min = right;
    if (min === i) return;
    swap(heap, i, min);
    i = min;
  }
}

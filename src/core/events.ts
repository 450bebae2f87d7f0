/**
 * The event queue: a binary min-heap ordered by (time, insertion sequence).
 *
 * Ties in time are broken by the order events were scheduled, never by object identity or any
 * host-dependent order, so two runs of the same seed fire events in the same order.
 */

/** A scheduled callback. `kind` is an interned event-kind id, used for the trace. */
export interface SimEvent {
  readonly timeMs: number;
  readonly seq: number;
  readonly kind: number;
  readonly fire: () => void;
}

export class EventQueue {
  readonly #heap: SimEvent[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Schedule `fire` at absolute simulated time `timeMs`. */
  push(timeMs: number, kind: number, fire: () => void): void {
    const heap = this.#heap;
    heap.push({ timeMs, seq: this.#seq++, kind, fire });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as SimEvent, heap[parent] as SimEvent)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  /** The time of the earliest event, or Infinity when empty. */
  peekTimeMs(): number {
    const top = this.#heap[0];
    return top === undefined ? Infinity : top.timeMs;
  }

  /** Remove and return the earliest event. */
  pop(): SimEvent | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    siftDown(heap, 0);
    return top;
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

/**
 * One storage call at a time, as a Raft node makes them (async-raft's core is one task awaiting
 * each call): ops queue and run in order. A crash abandons the task in flight (its call never
 * answers; its op is over for the kernel) and puts the recovery first in line; the queued ops run
 * after it, against the rebuilt store, as the node's new incarnation receives new work.
 */
import type { Deferred, RunContext } from "../../index.js";

interface Task {
  readonly run: () => Promise<void>;
  readonly done: Deferred<void>;
}

export class Serial {
  readonly #queue: Task[] = [];
  #running: Task | undefined;
  /** Bumped by `abandon`: a task of an older epoch that ever finishes does not touch the queue. */
  #epoch = 0;

  constructor(readonly ctx: RunContext) {}

  /** Queue `run` (first in line with `front`); the promise settles when it has run or was abandoned. */
  enqueue(run: () => Promise<void>, front = false): Promise<void> {
    const task: Task = { run, done: this.ctx.deferred<void>() };
    if (front) this.#queue.unshift(task);
    else this.#queue.push(task);
    this.#kick();
    return task.done.promise;
  }

  /** The task in flight is cut off: it counts as done, and the next one may start. */
  abandon(): void {
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    this.#epoch++;
    running.done.resolve();
  }

  /** Nothing running and nothing queued. */
  get idle(): boolean {
    return this.#running === undefined && this.#queue.length === 0;
  }

  #kick(): void {
    if (this.#running !== undefined) return;
    const task = this.#queue.shift();
    if (task === undefined) return;
    this.#running = task;
    const epoch = this.#epoch;
    task.run().then(
      () => this.#finished(epoch, () => task.done.resolve()),
      (err: unknown) => this.#finished(epoch, () => task.done.reject(err)),
    );
  }

  #finished(epoch: number, settle: () => void): void {
    if (epoch !== this.#epoch) return;
    this.#running = undefined;
    settle();
    this.#kick();
  }
}

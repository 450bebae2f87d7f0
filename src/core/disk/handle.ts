/**
 * The disk as its user's code holds it: argument checks, then the store. A node gets one handle
 * per incarnation, bound to its host: once the node crashed, whatever its stale code still calls
 * does nothing and returns a promise that never settles (as its host's timers do), while the store
 * itself lives on for the next incarnation.
 */
import { brief } from "../boundary.js";
import type { DiskFile } from "./file.js";
import type { DiskClock, DiskStore } from "./store.js";
import type { DiskApi, DiskOptions } from "./types.js";

/** The promise of an operation of a dead incarnation: it never settles. */
const NEVER = new Promise<never>(() => undefined);

export class DiskHandle implements DiskApi {
  readonly #store: DiskStore;
  readonly #clock: DiskClock;

  constructor(store: DiskStore, clock: DiskClock) {
    this.#store = store;
    this.#clock = clock;
  }

  get node(): number {
    return this.#store.node;
  }

  get options(): DiskOptions {
    return this.#store.options;
  }

  files(): readonly string[] {
    return this.#store.files();
  }

  length(file: string): number {
    return this.#store.file(name("length", file), false)?.length ?? 0;
  }

  append(file: string, data: string): Promise<number> {
    const f = this.#open("append", file, () => text("append", data));
    return f === undefined ? NEVER : this.#store.write(this.#clock, f, f.length, data, f.length);
  }

  write(file: string, index: number, data: string): Promise<void> {
    const f = this.#open("write", file, (length) => {
      within("write", "index", index, length);
      text("write", data);
    });
    return f === undefined ? NEVER : this.#store.write(this.#clock, f, index, data, undefined);
  }

  truncate(file: string, length: number): Promise<void> {
    const f = this.#open("truncate", file, (now) => within("truncate", "length", length, now));
    return f === undefined ? NEVER : this.#store.truncate(this.#clock, f, length);
  }

  read(file: string, index: number): Promise<string> {
    const f = this.#open("read", file, (length) => {
      if (length === 0) throw new RangeError(`disk.read: file '${file}' has no record (read index ${brief(index)})`);
      within("read", "index", index, length - 1);
    });
    return f === undefined ? NEVER : this.#store.read(this.#clock, f, index, index + 1).then(first);
  }

  readRange(file: string, start: number, stop: number): Promise<string[]> {
    const f = this.#open("readRange", file, (length) => {
      within("readRange", "stop", stop, length);
      within("readRange", "start", start, stop);
    });
    return f === undefined ? NEVER : this.#store.read(this.#clock, f, start, stop);
  }

  sync(file: string): Promise<void> {
    const f = this.#open("sync", file);
    return f === undefined ? NEVER : this.#store.sync(this.#clock, f);
  }

  syncAll(): Promise<void> {
    return this.#clock.alive ? this.#store.sync(this.#clock, undefined) : NEVER;
  }

  /**
   * File `file` once `check` (given its length) passed, created if new; undefined when this
   * incarnation is dead (then nothing is checked but the name: its calls do nothing anyway).
   */
  #open(op: string, file: string, check?: (length: number) => void): DiskFile | undefined {
    const checked = name(op, file);
    if (!this.#clock.alive) return undefined;
    check?.(this.#store.file(checked, false)?.length ?? 0);
    return this.#store.file(checked, true);
  }
}

function first(records: string[]): string {
  return records[0]!;
}

function name(op: string, file: unknown): string {
  if (typeof file !== "string" || file.length === 0) throw new TypeError(`disk.${op}: the file must be a non-empty string, got ${brief(file)}`);
  return file;
}

function text(op: string, data: unknown): void {
  if (typeof data !== "string") throw new TypeError(`disk.${op}: a record is a string (encode it, e.g. with JSON.stringify), got ${brief(data)}`);
}

/** `value` must be an integer from 0 to `max`. */
function within(op: string, what: string, value: unknown, max: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`disk.${op}: ${what} must be an integer from 0 to ${max}, got ${brief(value)}`);
  }
}

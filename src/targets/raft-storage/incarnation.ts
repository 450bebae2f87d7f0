/**
 * One incarnation of a store process on its disk. The standalone `Disk` outlives every store built
 * on it; this view of it dies with its process (`kill`): from then on its calls do nothing and its
 * promises never settle, even those of operations already issued (their effect on the disk stays,
 * as the writes of a killed process stay in the page cache). So a store's code cut off by a crash
 * or a restart can never touch the disk its successor recovers from.
 */
import type { DiskApi, DiskOptions } from "../../index.js";

const NEVER = new Promise<never>(() => undefined);

export class Incarnation implements DiskApi {
  #alive = true;

  constructor(readonly disk: DiskApi) {}

  get alive(): boolean {
    return this.#alive;
  }

  /** The process is gone: nothing it started settles, nothing it calls happens. */
  kill(): void {
    this.#alive = false;
  }

  get node(): number {
    return this.disk.node;
  }

  get options(): DiskOptions {
    return this.disk.options;
  }

  files(): readonly string[] {
    return this.disk.files();
  }

  length(file: string): number {
    return this.disk.length(file);
  }

  append(file: string, data: string): Promise<number> {
    return this.#alive ? this.#guard(this.disk.append(file, data)) : NEVER;
  }

  write(file: string, index: number, data: string): Promise<void> {
    return this.#alive ? this.#guard(this.disk.write(file, index, data)) : NEVER;
  }

  truncate(file: string, length: number): Promise<void> {
    return this.#alive ? this.#guard(this.disk.truncate(file, length)) : NEVER;
  }

  read(file: string, index: number): Promise<string> {
    return this.#alive ? this.#guard(this.disk.read(file, index)) : NEVER;
  }

  readRange(file: string, start: number, stop: number): Promise<string[]> {
    return this.#alive ? this.#guard(this.disk.readRange(file, start, stop)) : NEVER;
  }

  sync(file: string): Promise<void> {
    return this.#alive ? this.#guard(this.disk.sync(file)) : NEVER;
  }

  syncAll(): Promise<void> {
    return this.#alive ? this.#guard(this.disk.syncAll()) : NEVER;
  }

  /** `p`'s outcome while this incarnation lives; never, once it died. */
  #guard<T>(p: Promise<T>): Promise<T> {
    return p.then(
      (v) => (this.#alive ? v : NEVER),
      (err: unknown) => {
        if (this.#alive) throw err;
        return NEVER;
      },
    );
  }
}

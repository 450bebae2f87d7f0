/**
 * The KV state machine a node applies committed entries to, with a session per client: the
 * highest sequence applied and its answer, so that a retried command (same client id and
 * sequence, appended twice to the log) is applied once and answers what the first one did.
 * Volatile: after a restart a node re-applies its log from index 1 (no snapshots yet).
 */
import type { Command } from "./messages.js";

export class KvMachine {
  /** The planted bug "retry-applied-twice": no sessions. */
  constructor(readonly forgetSessions = false) {}

  readonly #kv = new Map<string, string>();
  readonly #sessions = new Map<number, { seq: number; out: string }>();

  /** The value of `key` now, as a get applied now would read it. */
  read(key: string): string {
    return this.#kv.get(key) ?? "";
  }

  /** Apply `cmd`; answers the value a get reads (and "" for a write). */
  apply(cmd: Command): string {
    const s = this.#sessions.get(cmd.client);
    if (s !== undefined && s.seq >= cmd.seq && !this.forgetSessions) return s.out;
    let out = "";
    if (cmd.f === "get") out = this.#kv.get(cmd.key) ?? "";
    else if (cmd.f === "put") this.#kv.set(cmd.key, cmd.value);
    else this.#kv.set(cmd.key, (this.#kv.get(cmd.key) ?? "") + cmd.value);
    this.#sessions.set(cmd.client, { seq: cmd.seq, out });
    return out;
  }
}

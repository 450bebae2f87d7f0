/**
 * The KV state machine a node applies committed entries to, with a session per client: the
 * highest sequence applied and its answer, so that a retried command (same client id and
 * sequence, appended twice to the log) is applied once and answers what the first one did.
 * Volatile: after a restart a node restores it from its snapshot (snapshot.ts) and re-applies the
 * committed entries after it. A snapshot holds the sessions too: without them a retry whose first
 * copy a snapshot covers would apply a second time.
 */
import type { Command } from "./messages.js";

/** Pair keys in a snapshot: a data key, and a client's session. */
const DATA = "k:";
const SESSION = "s:";

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

  /** The whole state as snapshot pairs: `k:<key>` -> value, `s:<client>` -> its session as JSON. */
  export(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [k, v] of this.#kv) out.set(DATA + k, v);
    for (const [c, s] of this.#sessions) out.set(SESSION + String(c), JSON.stringify(s));
    return out;
  }

  /** Replace the whole state by what `export` gave. */
  restore(pairs: Iterable<readonly [string, string]>): void {
    this.#kv.clear();
    this.#sessions.clear();
    for (const [k, v] of pairs) {
      if (k.startsWith(DATA)) this.#kv.set(k.slice(DATA.length), v);
      else if (k.startsWith(SESSION)) this.#sessions.set(Number(k.slice(SESSION.length)), JSON.parse(v) as { seq: number; out: string });
      else throw new Error(`snapshot pair ${JSON.stringify(k)} is neither data nor a session`);
    }
  }
}

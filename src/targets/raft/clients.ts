/**
 * The clients, outside the cluster. Each client issues its ops one after another, numbering them
 * (client id + sequence), and sends each to the node it believes leads: a "not leader" answer
 * redirects it to the hint (or the next node), a node that is down or silent past the wait sends it
 * on after a backoff, with the same command, so that a retry the log already holds applies once.
 * Every op is recorded for the linearizability check.
 */
import { HistoryRecorder, SimTimeoutError, type Cluster, type KvInput, type Rng, type RunContext } from "../../index.js";
import { CLIENT_BACKOFF_MS, CLIENT_JITTER_MS, CLIENT_WAIT_MS } from "./timing.js";
import { KEYS, opValue, type ClientOp } from "./ops.js";
import type { Command, RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";


export type ClientEvent = "client.ok" | "client.redirect" | "client.timeout" | "client.down";

export class Clients {
  readonly history: HistoryRecorder<KvInput, string>;
  /** Entry identities of acknowledged writes (for R6). */
  readonly acked: string[] = [];
  pending = 0;
  readonly #chains: Promise<void>[];
  readonly #seq: number[];
  readonly #guess: number[];
  readonly #jitter: Rng[];

  constructor(
    readonly ctx: RunContext,
    readonly cluster: Cluster<RaftMessage, RaftNode>,
    clients: number,
    readonly emit: (event: ClientEvent, a: number, b: number) => void,
  ) {
    this.history = new HistoryRecorder((): number => ctx.nowMs());
    this.#chains = Array.from({ length: clients }, () => Promise.resolve());
    this.#seq = new Array<number>(clients).fill(0);
    this.#guess = new Array<number>(clients).fill(0);
    this.#jitter = Array.from({ length: clients }, (_, c) => ctx.rng(`raft/client/${c}`));
  }

  /** Queue `op` behind the client's earlier ops; settles when it completes. */
  run(op: ClientOp): Promise<void> {
    this.pending++;
    const done = this.#chains[op.c]!.then(() => this.#run(op)).finally(() => this.pending--);
    this.#chains[op.c] = done;
    return done;
  }

  async #run(op: ClientOp): Promise<void> {
    const { ctx, cluster } = this;
    const c = op.c;
    const cmd: Command = { client: c, seq: ++this.#seq[c]!, f: op.t, key: KEYS[op.k]!, value: opValue(op) };
    const input: KvInput = op.t === "get" ? { f: "get", key: cmd.key } : { f: op.t, key: cmd.key, value: cmd.value };
    const handle = this.history.invoke(`client ${c}`, input);
    const backoff = (): Promise<void> => ctx.sleep(CLIENT_BACKOFF_MS + this.#jitter[c]!.int(CLIENT_JITTER_MS + 1));
    for (;;) {
      const to = this.#guess[c]!;
      const node = cluster.status(to) === "up" ? cluster.node(to) : undefined;
      if (node === undefined) {
        this.emit("client.down", c, to);
        this.#guess[c] = (to + 1) % cluster.size;
        await backoff();
        continue;
      }
      let answer;
      try {
        answer = await ctx.timeout(node.submit(cmd), CLIENT_WAIT_MS);
      } catch (err) {
        if (!(err instanceof SimTimeoutError)) throw err;
        this.emit("client.timeout", c, to);
        this.#guess[c] = (to + 1) % cluster.size;
        await backoff();
        continue;
      }
      if (answer.ok) {
        this.emit("client.ok", c, op.id);
        this.history.ok(handle, op.t === "get" ? answer.out : "");
        if (op.t !== "get") this.acked.push(JSON.stringify(cmd));
        return;
      }
      this.emit("client.redirect", c, to);
      this.#guess[c] = answer.leader >= 0 && answer.leader !== to ? answer.leader : (to + 1) % cluster.size;
      await backoff();
    }
  }
}

/**
 * The clients, outside the nodes. A write goes to the server a client last saw acknowledge, and
 * while that one is down, not primary, fenced or unavailable, to the next one after an
 * exponential backoff, with the same id, until one acknowledges it. A server that does not answer within the
 * client's wait counts as unavailable. An acknowledgement is the oracle's fact.
 */
import { SimTimeoutError, type Cluster, type Rng, type RunContext } from "../../index.js";
import type { FailoverChecker } from "./invariants.js";
import { SERVERS, type FailoverMessage, type WriteAnswer } from "./model.js";
import type { FailoverNode } from "./sim-nodes.js";

/** How long a client waits for a server's answer, ms. */
const CLIENT_WAIT_MS = 2_000;
/**
 * Backoff before the next server: 20 ms doubling per failed try up to 1 s, plus up to 40 ms of
 * jitter. Through a takeover's seconds a write is retried a dozen times, not a hundred (a flat
 * 20-60 ms had each pending write retry about 110 times, 99% of a run's events).
 */
const BACKOFF_MS = 20;
const BACKOFF_MAX_MS = 1_000;
const JITTER_MS = 40;
const ANSWERS: readonly WriteAnswer[] = ["ok", "not-primary", "unavailable", "fenced"];

export class Clients {
  /** Writes not acknowledged yet. */
  pending = 0;
  #guess = 1;

  constructor(
    readonly ctx: RunContext,
    readonly cluster: Cluster<FailoverMessage, FailoverNode>,
    readonly checker: FailoverChecker,
    readonly kinds: { readonly ack: number; readonly retry: number },
  ) {}

  async write(key: number, id: number): Promise<void> {
    const { ctx } = this;
    this.pending++;
    let server = this.#guess;
    let jitter: Rng | undefined;
    let tries = 0;
    try {
      for (;;) {
        const answer = await this.#ask(server, key, id);
        if (answer === "ok") {
          this.#guess = server;
          this.checker.acked(id, key, server);
          ctx.emit(this.kinds.ack, server, id);
          return;
        }
        ctx.emit(this.kinds.retry, server, id);
        server = (server % SERVERS) + 1;
        const backoffMs = Math.min(BACKOFF_MAX_MS, BACKOFF_MS * 2 ** Math.min(tries++, 10));
        await ctx.sleep(backoffMs + (jitter ??= ctx.rng(`backoff/${id}`)).int(JITTER_MS + 1));
      }
    } finally {
      this.pending--;
    }
  }

  async #ask(server: number, key: number, id: number): Promise<WriteAnswer | "down"> {
    const node = this.cluster.status(server) === "up" ? this.cluster.node(server) : undefined;
    if (node === undefined || node.kind !== "server") return "down";
    let answer: unknown;
    try {
      answer = await this.ctx.timeout(Promise.resolve(node.manager.write(key, id)), CLIENT_WAIT_MS);
    } catch (err) {
      if (err instanceof SimTimeoutError) return "unavailable";
      this.checker.malformed(`s${server}'s write(${key}, ${id}) threw: ${err instanceof Error ? err.message : String(err)}`);
      return "unavailable";
    }
    if (!ANSWERS.includes(answer as WriteAnswer)) {
      this.checker.malformed(`s${server}'s write(${key}, ${id}) answered ${JSON.stringify(answer) ?? String(answer)}, not one of ${ANSWERS.join(", ")}`);
      return "unavailable";
    }
    return answer as WriteAnswer;
  }
}

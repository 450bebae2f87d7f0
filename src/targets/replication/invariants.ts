/**
 * The replication checker: R1-R5 and R7 judged incrementally, as each node applies a frame and as
 * each driver answers (O(1) per event, O(n) for R5's count of stores), R6 and RL at the end, from
 * the oracle and the nodes' disks. The SUT's own bookkeeping is never trusted: applications are
 * seen through the shard manager's handler, stores on the nodes' disks, decisions as returned.
 */
import { historyViolations, kvModel, type History, type KvInput, type RunContext, type Violation } from "../../index.js";
import { ViolationLog } from "../shared/violation-log.js";
import { frameId, namespaceName, nodeName } from "./model.js";
import type { NodeObserver, ReplicaNode, ShardDisk } from "./node.js";
import type { ReplicationOracle } from "./oracle.js";
import { describeFrame, majority, sameFrame, slotName, type Decision, type Frame } from "./replication.js";

export const INVARIANTS = {
  R1: "no two nodes apply different frames at the same (org, ns, seq)",
  R2: "each node applies a namespace's frames in seq order without gaps",
  R3: "each node applies a frame at most once, despite duplicates and retries",
  R4: "a frame decided reject is applied nowhere, and every applied frame was proposed",
  R5: "accept is returned only after a majority of the validators stored the frame",
  R6: "after heal and the liveness phase every proposal is decided and all nodes hold identical state, the oracle's replay of the accepted frames",
  R7: "stats() equals the decisions the driver actually returned",
  RL: "the clients' KV history is linearizable (puts and dels as decided; a read at the owner returns the key's version: its value, or its del's tombstone)",
} as const;

export class ReplicationChecker extends ViolationLog implements NodeObserver {
  /** Per namespace: seq -> the frame first applied there by any node (R1). */
  readonly #slots: Map<number, string>[];
  /** Per node, per namespace: seq -> the frame it applied there (R2, R3). */
  readonly #mine: Map<number, string>[][];
  /** Per node, per namespace: the highest seq it applied. */
  readonly #last: Float64Array[];

  constructor(
    ctx: RunContext,
    readonly oracle: ReplicationOracle,
    readonly disks: readonly ShardDisk[],
    namespaces: number,
  ) {
    super(ctx);
    const n = disks.length;
    this.#slots = Array.from({ length: namespaces }, () => new Map<number, string>());
    this.#mine = Array.from({ length: n }, () => Array.from({ length: namespaces }, () => new Map<number, string>()));
    this.#last = Array.from({ length: n }, () => new Float64Array(namespaces));
  }

  /** R1-R4 for one application. */
  applied(node: number, frame: Frame): void {
    const id = frameId(frame);
    const facts = this.oracle.facts(id);
    const who = nodeName(node);
    if (facts === undefined || facts.j < 0) return this.fail("R4", `${who} applied ${describeFrame(frame)}, which no client proposed`);
    facts.applied++;
    if (facts.decision === "reject") this.fail("R4", `${who} applied ${describeFrame(frame)}, which was decided reject`);
    const j = facts.j;
    const seq = frame.seq;
    const first = this.#slots[j]!.get(seq);
    if (first === undefined) this.#slots[j]!.set(seq, id);
    else if (first !== id) this.fail("R1", `${who} applied ${describeFrame(frame)} at ${slotName(frame)}, where another node applied ${describeFrame(this.oracle.facts(first)!.frame)}`);
    const mine = this.#mine[node]![j]!;
    const last = this.#last[node]![j]!;
    if (mine.get(seq) === id) this.fail("R3", `${who} applied ${describeFrame(frame)} a second time`);
    else if (seq !== last + 1) {
      const how = seq <= last ? `after seq ${last} (out of order)` : `with seq ${last + 1}${seq > last + 2 ? `..${seq - 1}` : ""} missing (ahead of a gap)`;
      this.fail("R2", `${who} applied ${describeFrame(frame)} ${how}`);
    }
    mine.set(seq, id);
    if (seq > last) this.#last[node]![j] = seq;
  }

  /** R4 (a rejected frame was applied before), R5 and R7, for one answer of a driver. */
  decided(node: ReplicaNode, frame: Frame, decision: Decision): void {
    const facts = this.oracle.decided(frame, decision);
    if (decision === "reject" && facts !== undefined && facts.applied > 0) this.fail("R4", `${describeFrame(frame)} was decided reject on ${node.name} after ${facts.applied} node(s) applied it`);
    if (decision === "accept") {
      const n = this.disks.length;
      let stored = 0;
      for (const disk of this.disks) {
        const held = disk.store.frame(frame.org, frame.ns, frame.seq);
        if (held !== undefined && sameFrame(held, frame)) stored++;
      }
      if (stored < majority(n)) this.fail("R5", `${node.name} returned accept for ${describeFrame(frame)} when ${stored} of ${n} validators had stored it (a majority is ${majority(n)})`);
    }
    // Compare only when every proposal made to this driver has been answered and seen here.
    if (node.outstanding() === 0) this.stats(node);
  }

  /** R7 for one node's driver. */
  stats(node: ReplicaNode): void {
    const got = node.replicator.stats();
    const want = node.returned;
    if (got.accepted !== want.accepted || got.rejected !== want.rejected || got.timeouts !== want.timeouts) {
      const show = (s: { accepted: number; rejected: number; timeouts: number }): string => `accepted ${s.accepted}, rejected ${s.rejected}, timeouts ${s.timeouts}`;
      this.fail("R7", `${node.name}'s stats() says ${show(got)}; its propose returned ${show(want)}`);
    }
  }

  /** R6: every proposal decided, and every node's state the oracle's replay. Returns the violations found so far too. */
  converged(): void {
    for (const facts of this.oracle.undecided()) {
      return this.fail("R6", `${describeFrame(facts.frame)} is still undecided after the liveness phase (${facts.decision === "timeout" ? "its last answer was timeout" : "never answered"})`);
    }
    const conflict = this.oracle.conflicts[0];
    if (conflict !== undefined) return this.fail("R6", `the decisions disagree: ${conflict}`);
    for (let j = 0; j < this.#slots.length; j++) {
      const replay = this.oracle.replay(j);
      if (replay.hole !== undefined) return this.fail("R6", `${namespaceName(j)} has no accepted frame at seq ${replay.hole}, though frames after it were accepted`);
      for (let i = 0; i < this.disks.length; i++) {
        const disk = this.disks[i]!;
        const diff = kvDiff(disk.kv[j]!, replay.kv);
        if (disk.applied[j] !== replay.last || diff !== undefined) {
          return this.fail("R6", `${nodeName(i)} holds ${namespaceName(j)} up to seq ${disk.applied[j]}${diff === undefined ? "" : ` (${diff})`}; the replay of the accepted frames reaches seq ${replay.last}`);
        }
      }
    }
  }

  /** RL over the whole history. */
  linearizable(history: History<KvInput, string>): Violation[] {
    return historyViolations(this.ctx, "RL", kvModel, history);
  }
}

/** The first difference between a node's KV state and the replay's, or undefined. */
function kvDiff(got: ReadonlyMap<string, string>, want: ReadonlyMap<string, string>): string | undefined {
  for (const [k, v] of want) if (got.get(k) !== v) return `${k} is ${JSON.stringify(got.get(k) ?? null)}, the replay has ${JSON.stringify(v)}`;
  for (const [k, v] of got) if (!want.has(k)) return `${k} is ${JSON.stringify(v)}, absent in the replay`;
  return undefined;
}

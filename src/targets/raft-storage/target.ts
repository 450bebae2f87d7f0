/**
 * `makeRaftStorageTarget(factory)`: the raft-storage target around any store. The workload, the
 * disk, the model and the invariants are the same whoever wrote the store; the built-in target
 * (index.ts) plugs in MemStore with its planted bugs, and `--impl ./my-store.ts` plugs in a user's
 * factory (its default export) through `impl.plug`. Its `clauses` are the named clause checks
 * (clauses/) on the same store, for `simctl conformance raft-storage`.
 */
import { defineTarget, DISK_FAULT_KINDS, diskEventNode, type BugSpec, type Target } from "../../index.js";
import { contractClauses } from "./clauses/index.js";
import { CONTRACT, type RaftStorageFactory } from "./contract.js";
import { INVARIANTS } from "./invariants.js";
import { describeRaftStorageEvent, EVENT_KINDS, MEDIA_FAULTS, OUTCOME_KINDS } from "./kinds.js";
import { asFactory } from "./open-store.js";
import { describeRaftStorageOp, parseRaftStorageOp, shrinkRaftStorageOp, type RaftStorageOp } from "./ops.js";
import { RaftStorageSim } from "./sim.js";
import { WORKLOADS } from "./workload.js";

export interface RaftStorageTargetOptions {
  readonly name?: string;
  readonly description?: string;
  /** Planted bugs the store knows, with the factory of a run with one of them (`--bug NAME`). */
  readonly bugs?: Readonly<Record<string, BugSpec>>;
  readonly withBug?: (bug: string | null) => RaftStorageFactory;
}

/** What the store met (a crash, a recovery, a re-sent entry), on its one node (0, its disk's number); op.* at none. */
const ON_NODE: ReadonlySet<string> = new Set(OUTCOME_KINDS.filter((k) => !k.startsWith("op.")));

export function makeRaftStorageTarget(factory: RaftStorageFactory, options: RaftStorageTargetOptions = {}): Target<RaftStorageOp> {
  const withBug = options.withBug;
  return defineTarget<RaftStorageOp>({
    name: options.name ?? "raft-storage",
    description: options.description ?? "a RaftStorage (async-raft's storage contract) on a simulated disk, driven as a Raft node drives it among crashes and restarts, against a model of what the contract promises",
    invariants: INVARIANTS,
    bugs: options.bugs ?? {},
    workloads: WORKLOADS,
    eventKinds: EVENT_KINDS,
    faultKinds: DISK_FAULT_KINDS.filter((k) => !MEDIA_FAULTS.includes(k)),
    // A store answers in a few simulated ms (a sync); steps 0-5 ms apart keep a call or two queued.
    thinkMs: { min: 0, max: 5 },
    livenessMsMax: 10_000,
    parseOp: parseRaftStorageOp,
    describeOp: describeRaftStorageOp,
    describeEvent: describeRaftStorageEvent,
    eventNode: (kind, a) => diskEventNode(kind, a) ?? (ON_NODE.has(kind) ? 0 : undefined),
    shrinkOp: shrinkRaftStorageOp,
    clauses: contractClauses(factory, withBug),
    impl: {
      contract: CONTRACT,
      plug: (implementation) => makeRaftStorageTarget(asFactory(implementation)),
    },
    create: (ctx) => new RaftStorageSim(ctx, withBug === undefined ? factory : withBug(ctx.bug)),
  });
}

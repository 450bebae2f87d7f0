/**
 * `makeReplicationTarget(factory)`: the replication target around any driver. The workload,
 * network, oracle and invariants are the same whoever wrote the driver; the built-in target
 * (index.ts) plugs in the quorum driver and LocalReplicator, and `--impl ./my-replicator.ts`
 * plugs in a user's factory (its default export) through `impl.plug`.
 */
import { defineTarget, NET_EVENT_KINDS, NET_FAULT_KINDS, netEventNode, type BugSpec, type Target } from "../../index.js";
import { BUGS } from "./bugs.js";
import { INVARIANTS } from "./invariants.js";
import { CLUSTER_ONLY_KINDS, describeReplicationEvent, HARNESS_KINDS } from "./kinds.js";
import { describeReplicationOp, parseReplicationOp, shrinkReplicationOp, type ReplicationOp } from "./ops.js";
import type { ReplicatorFactory } from "./replication.js";
import { ReplicationSim } from "./sim.js";
import { WORKLOADS } from "./workload.js";

export interface ReplicationTargetOptions {
  readonly name?: string;
  readonly description?: string;
  /** Labels the driver passes to `host.event` or `host.schedule`, declared as event kinds. */
  readonly kinds?: readonly string[];
  /** The kind of a driver timer scheduled without a declared label (default `replicator.timer`). */
  readonly timerKind?: string;
  /** The driver of a `local` workload (one node); without it the target has only `default`. */
  readonly local?: ReplicatorFactory;
  /** Labels only the `local` driver reaches. */
  readonly localKinds?: readonly string[];
  /** Planted bugs the driver (`host.bug`) or the shard manager knows. */
  readonly bugs?: Readonly<Record<string, BugSpec>>;
  /** A fixed number of nodes (1, 3 or 5) instead of one drawn per seed (for benchmarks). */
  readonly nodes?: 1 | 3 | 5;
}

/** A user's module: its default export is a factory, with optional `kinds` it emits. */
export const CONTRACT = "a ReplicatorFactory (host, config) => Replicator { propose(frame): Promise<Decision>; subscribe(handler); close(); stats() }; optional property kinds: string[]";

/** The shard manager's bug: it plants itself whatever the driver. */
const MANAGER_BUGS = { "reuse-seq-after-timeout": BUGS["reuse-seq-after-timeout"] };

export function makeReplicationTarget(factory: ReplicatorFactory, options: ReplicationTargetOptions = {}): Target<ReplicationOp> {
  const timerKind = options.timerKind ?? "replicator.timer";
  const driverKinds = unique([...(options.kinds ?? []), ...(options.localKinds ?? []), timerKind]);
  const eventKinds = unique([...HARNESS_KINDS, ...driverKinds, ...NET_EVENT_KINDS]);
  const local = options.local;
  // A driver's kinds (events and timers) and the appliers' carry their node in `a`.
  const onNode = new Set([...driverKinds.filter((k) => !(HARNESS_KINDS as readonly string[]).includes(k)), "apply.frame", "apply.failed"]);
  return defineTarget<ReplicationOp>({
    name: options.name ?? "replication",
    description: options.description ?? "a sharded task store's replicator over a simulated network: frames proposed per (org, ns, seq), applied in order on every node",
    invariants: INVARIANTS,
    bugs: options.bugs ?? MANAGER_BUGS,
    workloads: local === undefined ? { default: WORKLOADS.default } : WORKLOADS,
    eventKinds,
    workloadKinds:
      local === undefined
        ? undefined
        : {
            default: CLUSTER_ONLY_KINDS.filter((k) => eventKinds.includes(k)),
            local: (options.localKinds ?? []).filter((k) => eventKinds.includes(k)),
          },
    faultKinds: [...NET_FAULT_KINDS, "apply.fail"],
    // Clients propose every 50 simulated ms on average: the rate of a small shard cluster, slow
    // enough that retries, witness re-sends and timeouts interleave with new proposals.
    thinkMs: { min: 0, max: 100 },
    livenessMsMax: 20_000,
    parseOp: parseReplicationOp,
    describeOp: describeReplicationOp,
    describeEvent: describeReplicationEvent,
    // A read is served at the owner, `b`; client, op and move kinds belong to no node.
    eventNode: (kind, a, b) => netEventNode(kind, a, b) ?? (onNode.has(kind) ? a : kind === "read.ok" || kind === "read.refused" ? b : undefined),
    shrinkOp: shrinkReplicationOp,
    impl: {
      contract: CONTRACT,
      plug: (implementation) => makeReplicationTarget(asFactory(implementation), { kinds: kindsOf(implementation) }),
    },
    create: (ctx) => new ReplicationSim(ctx, { factory, local, kinds: driverKinds, timerKind, nodes: options.nodes }),
  });
}

function asFactory(implementation: unknown): ReplicatorFactory {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a replicator factory (${CONTRACT})`);
  return implementation as ReplicatorFactory;
}

function kindsOf(implementation: unknown): readonly string[] {
  const kinds = (implementation as { kinds?: unknown }).kinds;
  if (kinds === undefined) return [];
  if (!Array.isArray(kinds) || kinds.some((k) => typeof k !== "string" || k === "")) throw new Error("the factory's kinds must be an array of non-empty strings");
  return kinds as string[];
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/**
 * `makeFailoverTarget(factory, options)`: the failover target around any manager. The store, its
 * class mechanics, the pressure, the clients, the oracle and the invariants are the same whoever
 * wrote the manager; the built-in target (index.ts) plugs in the standard manager, `--impl
 * ./my-manager.ts` a user's factory, and a certification fixes the backend and the pressure.
 */
import { defineTarget, NET_FAULT_KINDS, netEventNode, type Target } from "../../index.js";
import { BUGS } from "./bugs.js";
import type { BackendContract, PressureProfile } from "./contract.js";
import { INVARIANTS } from "./invariants.js";
import { describeFailoverEvent, EVENT_KINDS, FAULT_KINDS } from "./kinds.js";
import { asManagerFactory, MANAGER_CONTRACT, type FailoverManagerFactory } from "./manager.js";
import { DEPENDENCY } from "./model.js";
import { describeFailoverOp, parseFailoverOp, shrinkFailoverOp, type FailoverOp } from "./ops.js";
import { FailoverSim, type FailoverRunReport } from "./sim.js";
import { WORKLOADS } from "./workload.js";

export interface FailoverTargetOptions {
  readonly name?: string;
  /** Certify this backend (default: one of the built-in matrix drawn per seed). */
  readonly backend?: BackendContract;
  /** Under this pressure (default: one of the backend's supported pressures drawn per seed). */
  readonly pressure?: PressureProfile;
  /** Receives each run's observation at its end (a certification collects them). */
  readonly report?: (run: FailoverRunReport) => void;
}

/** Kinds whose `a` is the server (1..SERVERS) they happen on; 0 in a fail.* kind means nobody. */
const SERVER_KINDS: ReadonlySet<string> = new Set(["fail.crash", "fail.pause", "fail.partition", "pressure.cut", "failover.serving", "failover.step-down", "manager.timeout"]);

export function makeFailoverTarget(factory: FailoverManagerFactory, options: FailoverTargetOptions = {}): Target<FailoverOp> {
  return defineTarget<FailoverOp>({
    name: options.name ?? "failover",
    description: "durable-backend failover: a primary holds a lease in the backend's store and writes with its fencing token; a standby takes over when the lease runs out, recovers and serves, under dependency pressure",
    invariants: INVARIANTS,
    bugs: BUGS,
    workloads: WORKLOADS,
    eventKinds: EVENT_KINDS,
    faultKinds: [...NET_FAULT_KINDS, ...FAULT_KINDS],
    // Clients write about every 75 simulated ms: a failure's seconds of takeover see dozens of
    // writes wait, retry and land on the new primary.
    thinkMs: { min: 0, max: 150 },
    livenessMsMax: 60_000,
    parseOp: parseFailoverOp,
    describeOp: describeFailoverOp,
    describeEvent: describeFailoverEvent,
    // store.* happen at the store (node 0) whatever server (their `a`) asked; client.* and op.* at no node.
    eventNode: (kind, a, b) => netEventNode(kind, a, b) ?? (kind.startsWith("store.") ? DEPENDENCY : SERVER_KINDS.has(kind) && a > 0 ? a : undefined),
    shrinkOp: shrinkFailoverOp,
    impl: {
      contract: MANAGER_CONTRACT,
      plug: (implementation) => makeFailoverTarget(asManagerFactory(implementation), { ...options, name: options.name ?? "failover" }),
    },
    create: (ctx) => new FailoverSim(ctx, { factory, backend: options.backend, pressure: options.pressure, report: options.report }),
  });
}

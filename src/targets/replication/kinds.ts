/**
 * The replication target's histogram kinds and how their trace arguments read. The harness's own
 * kinds come first; a driver's kinds (`host.event(label)` and timer labels) are declared by the
 * target built around it; the network's follow.
 */
import { describeNetEvent, NET_EVENT_KINDS } from "../../index.js";
import { describeSlotCode, KEYS, namespaceName, nodeName } from "./model.js";

/** Kinds the harness (clients, shard managers, checker) emits, whatever the driver. */
export const HARNESS_KINDS = [
  "op.put",
  "op.del",
  "op.get",
  "op.move",
  "client.accept",
  "client.reject",
  "client.timeout",
  "client.lost",
  "client.owner-down",
  "read.ok",
  "read.refused",
  "move.done",
  "move.deferred",
  "apply.frame",
  "apply.failed",
] as const;

/** The shared accept path's kinds (delivery.ts), reached by every built-in driver. */
export const DELIVERY_KINDS = ["delivery.duplicate", "delivery.gap", "delivery.handler-failed", "delivery.retry"] as const;

/** The quorum driver's kinds. */
export const QUORUM_KINDS = [
  "quorum.propose",
  "quorum.store",
  "quorum.refuse",
  "quorum.resend",
  "quorum.quorum",
  "quorum.accept",
  "quorum.reject",
  "quorum.timeout",
  "quorum.commit",
  "quorum.catch-up",
  "quorum.witness",
  "quorum.deadline",
  "quorum.catch-up-tick",
] as const;

export const LOCAL_KINDS = ["local.accept"] as const;

/** Kinds only a multi-node cluster reaches (the `local` workload runs one node, no traffic). */
export const CLUSTER_ONLY_KINDS: readonly string[] = [
  ...QUORUM_KINDS,
  "client.reject",
  "client.timeout",
  "client.lost",
  "op.move",
  "move.done",
  "move.deferred",
  "delivery.duplicate",
  "delivery.gap",
  ...NET_EVENT_KINDS.filter((k) => k !== "node.pause" && k !== "node.resume"),
];

/** The trace arguments of every kind in words. */
export function describeReplicationEvent(kind: string, a: number, b: number): string | undefined {
  const net = describeNetEvent(kind, a, b, nodeName);
  if (net !== undefined) return net;
  switch (kind) {
    case "op.put":
    case "op.del":
    case "op.get":
      return `${namespaceName(Math.floor(a / KEYS.length))} ${KEYS[a % KEYS.length] ?? a}${b > 0 ? ` (request ${b})` : ""}`;
    case "op.move":
    case "move.done":
    case "move.deferred":
      return `${namespaceName(a)}${kind === "move.done" ? ` to ${nodeName(b)}` : ""}`;
    case "client.owner-down":
      return `${nodeName(a)} (request ${b})`;
    case "read.ok":
    case "read.refused":
      return `${namespaceName(Math.floor(a / KEYS.length))} ${KEYS[a % KEYS.length] ?? a} at ${nodeName(b)}`;
    case "replicator.timer":
      return nodeName(a);
    default:
      // Clients, appliers and drivers: (node, slot). Other kinds (the kernel's) read as numbers.
      if (!/^(client|apply|quorum|delivery|local)\./.test(kind)) return undefined;
      return b > 0 ? `${describeSlotCode(b)} on ${nodeName(a)}` : nodeName(a);
  }
}

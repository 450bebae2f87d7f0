/**
 * The raft target's own trace kinds, and what the two numbers of each mean (sim.ts, node.ts and
 * clients.ts emit them), so that a repro's events read as sentences.
 */
import { describeDiskEvent, describeNetEvent } from "../../index.js";

/** Ops, node timers and decisions, client outcomes. */
export const RAFT_KINDS = [
  "op.put",
  "op.get",
  "op.append",
  "raft.election-timer",
  "raft.election-timeout",
  "raft.heartbeat",
  "raft.elected",
  "raft.commit",
  "raft.truncate",
  "raft.snapshot",
  "raft.install",
  "client.ok",
  "client.redirect",
  "client.timeout",
  "client.down",
] as const;

/** Nodes are numbered 0..size-1 in every message, disk and raft event. */
const nodeName = (id: number): string => `node ${id}`;

export function describeRaftEvent(kind: string, a: number, b: number): string | undefined {
  const shared = describeNetEvent(kind, a, b, nodeName) ?? describeDiskEvent(kind, a, b, nodeName);
  if (shared !== undefined) return shared;
  switch (kind) {
    case "op.put":
    case "op.get":
    case "op.append":
    case "client.ok":
      return `client ${a}, op #${b}`;
    case "raft.election-timer":
      return `node ${a}'s election timer fires (it stands, or waits out a deadline a leader pushed back)`;
    case "raft.election-timeout":
      return `node ${a} stands for election`;
    case "raft.heartbeat":
      return `node ${a} sends AppendEntries (or asks again for votes)`;
    case "raft.elected":
      return `node ${a} leads term ${b}`;
    case "raft.commit":
      return `node ${a} commits through index ${b}`;
    case "raft.truncate":
      return `node ${a} deletes its log from index ${b}`;
    case "raft.snapshot":
      return `node ${a} compacts its log through index ${b}`;
    case "raft.install":
      return `node ${a} installs a snapshot through index ${b}`;
    case "client.redirect":
      return `client ${a}: node ${b} does not lead`;
    case "client.timeout":
      return `client ${a}: no answer from node ${b}`;
    case "client.down":
      return `client ${a}: node ${b} is down`;
    default:
      return undefined;
  }
}

/**
 * The failover target's histogram kinds, and one readable phrase per event for traces and
 * "last events".
 */
import { describeNetEvent, NET_EVENT_KINDS } from "../../index.js";
import { FAILURE_MODES } from "./ops.js";
import { serverName } from "./model.js";

export const HARNESS_KINDS = [
  "op.write",
  "fail.crash",
  "fail.pause",
  "fail.partition",
  "client.ack",
  "client.retry",
  "store.serve",
  "store.grant",
  "store.commit",
  "store.fenced",
  "store.dropped",
  "store.unavailable",
  "store.stale",
  "pressure.cut",
  "failover.serving",
  "failover.step-down",
  "manager.timeout",
] as const;

export const EVENT_KINDS: readonly string[] = [...HARNESS_KINDS, ...NET_EVENT_KINDS];

export const FAULT_KINDS = ["dependency.slow", "dependency.fail", "dependency.cut"] as const;

export function failKind(mode: (typeof FAILURE_MODES)[number]): string {
  return `fail.${mode}`;
}

const PHRASES: Readonly<Record<string, (a: number, b: number) => string>> = {
  "op.write": (a, b) => `write ${b} to key ${a}`,
  "fail.crash": (a, b) => (a === 0 ? `nobody up holds the lease: no crash` : `${serverName(a)} crashes for ${b} ms`),
  "fail.pause": (a, b) => (a === 0 ? `nobody up holds the lease: no pause` : `${serverName(a)} pauses for ${b} ms`),
  "fail.partition": (a, b) => (a === 0 ? "nobody up holds the lease: no partition" : `${serverName(a)} is cut off from the store for ${b} ms`),
  "client.ack": (a, b) => `${serverName(a)} acknowledges write ${b}`,
  "client.retry": (a, b) => `write ${b} not taken by ${serverName(a)}; the client tries the next server`,
  "store.serve": (a, b) => `the store serves request ${b} of ${serverName(a)}`,
  "store.grant": (a, b) => `the store grants epoch ${b} to ${serverName(a)}`,
  "store.commit": (a, b) => `the store accepts write ${b} from ${serverName(a)}`,
  "store.fenced": (a, b) => `the store refuses write ${b} from ${serverName(a)} (fenced)`,
  "store.dropped": (a, b) => `request ${b} of ${serverName(a)} lost: cut off from the store`,
  "store.stale": (a, b) => `request ${b} of ${serverName(a)} ignored: a duplicate, or overtaken by a later one`,
  "store.unavailable": (a, b) => `the store fails request ${b} of ${serverName(a)} (degraded)`,
  "pressure.cut": (a, b) => `${serverName(a)} loses the store for ${b} ms`,
  "failover.serving": (a, b) => `${serverName(a)} serves as primary of epoch ${b}`,
  "failover.step-down": (a, b) => `${serverName(a)} steps down from epoch ${b}`,
  "manager.timeout": (a, b) => `${serverName(a)}'s call ${b} to the store times out`,
};

export function describeFailoverEvent(kind: string, a: number, b: number): string | undefined {
  const phrase = PHRASES[kind];
  if (phrase !== undefined) return phrase(a, b);
  return describeNetEvent(kind, a, b, serverName);
}

/** The async-driver target's histogram kinds, and one readable phrase per event. */
import { describeNetEvent, NET_EVENT_KINDS } from "../../index.js";

export const HARNESS_KINDS = ["op.read", "op.write", "op.batch-read", "op.batch-write", "op.consume", "op.burst", "request.ok", "request.failed", "request.backpressure", "service.serve", "service.connect", "driver.timer"] as const;

export const EVENT_KINDS: readonly string[] = [...HARNESS_KINDS, ...NET_EVENT_KINDS];

export const FAULT_KINDS = ["service.slow", "service.spike", "service.error", "stream.reset", "connect.fail", "service.restart"] as const;

const PHRASES: Readonly<Record<string, (a: number, b: number) => string>> = {
  "request.ok": (a) => `request ${a} completes ok`,
  "request.failed": (a) => `request ${a} fails`,
  "request.backpressure": (a) => `request ${a} refused: queue full`,
  "service.serve": (a, b) => `the service answers attempt ${b} of request ${a}`,
  "service.connect": (a, b) => `the service ${b === 1 ? "refuses" : "accepts"} connection ${a}`,
  "driver.timer": (a, b) => (a === 0 ? `a connection handshake times out` : `attempt ${b} of request ${a} times out`),
};

export function describeDriverEvent(kind: string, a: number, b: number): string | undefined {
  const phrase = PHRASES[kind];
  if (phrase !== undefined) return phrase(a, b);
  if (kind.startsWith("op.")) return undefined;
  return describeNetEvent(kind, a, b, (id) => (id === 0 ? "app" : "db"));
}

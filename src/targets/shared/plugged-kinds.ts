/**
 * Histogram kinds, fault kinds and event descriptions of every plugged store target (a user's
 * backend driven by the plugged store driver, see plugged-driver.ts).
 */

/** Delivery, in-flight, drain, fault and timer kinds the plugged store driver emits. */
export const PLUGGED_EVENT_KINDS = [
  "op.deliver",
  "op.deliver-all",
  "write.held",
  "write.delivered",
  "deliver.empty",
  "deliver.out-of-order",
  "drain.converged",
  "fault.delay",
  "fault.duplicate",
  "timer.deliver",
  "timer.deliver-stale",
] as const;

/**
 * What a backend without fault controls can still meet between its clients and itself: a batch
 * delayed in flight (delivered by a timer, after later ones) and a batch sent twice (a retry after
 * a lost acknowledgement, delivered later).
 */
export const PLUGGED_FAULT_KINDS = ["delay", "duplicate"] as const;

export type PluggedKind = (typeof PLUGGED_EVENT_KINDS)[number];

/** A plugged driver kind's arguments as a phrase; undefined for another kind. */
export function describePluggedEvent(kind: string, a: number, b: number): string | undefined {
  switch (kind) {
    case "op.deliver":
      return `pick ${a}, ${b} in flight`;
    case "op.deliver-all":
      return `${a === 0 ? "oldest first" : "newest first"}, ${b} in flight`;
    case "write.held":
    case "write.delivered":
    case "deliver.out-of-order":
    case "timer.deliver":
      return `batch ${a}`;
    case "timer.deliver-stale":
      return `batch ${a}, already delivered`;
    case "fault.delay":
      return `held ${a} ms`;
    case "drain.converged":
      return `${a} were in flight at most`;
    case "deliver.empty":
    case "fault.duplicate":
      return "";
    default:
      return undefined;
  }
}

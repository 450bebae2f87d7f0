/**
 * Planted bugs: realistic mistakes in the built-in failover manager (never special cases in the
 * checker). Each names the invariants it breaks, the one a sweep should report first first.
 */
import type { BugSpec } from "../../index.js";

export const BUGS = {
  "no-fencing": {
    breaks: ["F1", "F2"],
    description: "the primary commits without its fencing token, so a stale primary's delayed writes land after the takeover and clobber what the new primary acknowledged",
  },
  "skip-replay": {
    breaks: ["F4", "F2"],
    description: "a new primary of a replaying backend serves from its last checkpoint without replaying the log's tail, missing acknowledged writes",
  },
  "ack-before-durable": {
    breaks: ["F3", "F2"],
    description: "the primary acknowledges a write as soon as it sent the commit, before the store made it durable (or refused it)",
  },
  "long-lease": {
    breaks: ["F5"],
    description: "the lease's time to live is set from the continuity SLO itself (times 1.5), so a failed primary's lease alone outlasts the SLO",
  },
  "early-takeover": {
    breaks: ["F0"],
    description: "a standby judges the lease expired as soon as one renewal is late (last renewal + renew interval) instead of at its expiry, and takes it while the primary still holds it",
  },
} as const satisfies Record<string, BugSpec>;

export type FailoverBug = keyof typeof BUGS;

/** The built-in manager's switches for the run's bug. */
export interface ManagerBugs {
  readonly noFencing: boolean;
  readonly skipReplay: boolean;
  readonly ackBeforeDurable: boolean;
  readonly longLease: boolean;
  readonly earlyTakeover: boolean;
}

export function managerBugs(bug: string | null): ManagerBugs {
  return {
    noFencing: bug === "no-fencing",
    skipReplay: bug === "skip-replay",
    ackBeforeDurable: bug === "ack-before-durable",
    longLease: bug === "long-lease",
    earlyTakeover: bug === "early-takeover",
  };
}

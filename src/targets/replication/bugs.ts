/**
 * Planted bugs: realistic mistakes of a driver or of the shard manager that feeds it, each
 * switched on by `--bug NAME`. Together they break R1-R7 and RL; the test suite shows a stormy
 * sweep catches each one with an invariant of its `breaks`.
 */
import type { QuorumBugs } from "./quorum.js";

export const BUGS = {
  "accept-first-vote": {
    breaks: ["R5", "R1", "R6", "RL"],
    description: "the quorum driver takes its quorum as reached at the first peer vote (two votes): right for 3 validators, a minority of 5",
  },
  "no-dedupe": {
    breaks: ["R3", "R6", "RL"],
    description: "delivery does not drop a frame at or below the seq already delivered, so a duplicated commit or an overlapping catch-up is applied again",
  },
  "apply-rejected": {
    breaks: ["R1", "R4", "R6", "RL"],
    description: "the quorum driver hands its own frame to the local subscribers even when the quorum rejected it",
  },
  "apply-ahead-of-gap": {
    breaks: ["R2", "R6", "RL"],
    description: "delivery applies a committed frame as soon as it arrives, without waiting for the frames before it",
  },
  "accept-before-stored": {
    breaks: ["R5", "R1", "R6", "RL"],
    description: "after witnessAfterMs without a refusal, the quorum driver counts the validators that have not answered as votes",
  },
  "timeout-counted-as-reject": {
    breaks: ["R7"],
    description: "stats() counts a timeout as a rejection",
  },
  "reuse-seq-after-timeout": {
    breaks: ["R5", "R6", "RL"],
    description: "after a timeout the owner gives the timed-out seq to its next frame, though the timed-out frame may still be committed and is retried",
  },
} as const;

export type BugName = keyof typeof BUGS;

const QUORUM_SWITCHES: Readonly<Partial<Record<BugName, QuorumBugs>>> = {
  "accept-first-vote": { acceptAtFirstVote: true },
  "no-dedupe": { noDedupe: true },
  "apply-rejected": { applyRejected: true },
  "apply-ahead-of-gap": { ignoreGaps: true },
  "accept-before-stored": { silenceIsConsent: true },
  "timeout-counted-as-reject": { timeoutCountsAsReject: true },
};

/** The quorum driver's switches for a run's bug (none for no bug or a shard-manager bug). */
export function quorumBugs(bug: string | null): QuorumBugs {
  return bug !== null && Object.hasOwn(QUORUM_SWITCHES, bug) ? QUORUM_SWITCHES[bug as BugName]! : {};
}

/** The shard manager's planted bug: reuse a seq after a timeout. */
export function reusesSeq(bug: string | null): boolean {
  return bug === "reuse-seq-after-timeout";
}

/**
 * The raft target's planted bugs: each a mistake real Raft implementations have made, in the
 * node's code (never in the checker), and the invariants it breaks, the first one being what a
 * sweep sees first. Each is caught by a stormy sweep and has a shrunk repro in seeds/; the
 * schedules of four of them are also written out in scripts/raft-scenarios.ts.
 */
export const BUGS = {
  "double-vote": { breaks: ["R1"], description: "a node grants a second vote in a term it already voted in" },
  "keep-conflicts": { breaks: ["R5", "R4", "R3"], description: "a follower does not delete a conflicting suffix of its log before it stores the leader's entries" },
  "vote-not-persisted": { breaks: ["R1"], description: "a node answers a vote before it saves it: a crash forgets the vote, and the restarted node votes again in the same term" },
  "commit-previous-term": { breaks: ["R4", "R5"], description: "a leader commits an entry of an earlier term by counting replicas (the Raft paper's Figure 8)" },
  "apply-before-commit": { breaks: ["R5"], description: "a leader applies (and acknowledges) an entry once it is in its own log, before a majority holds it" },
  "local-read": { breaks: ["RL"], description: "a leader answers a get from its own state machine without a round through the log: stale on a deposed or freshly elected leader" },
  "unbounded-follower-commit": { breaks: ["R5"], description: "a follower takes the leader's commit index as it comes, not bounded by the last entry the AppendEntries vouched for (etcd #10166 shape): catching up, it commits entries it does not hold" },
  "retry-applied-twice": { breaks: ["RL"], description: "the state machine keeps no client sessions, so a retried command the log holds twice is applied twice" },
  "stale-snapshot": { breaks: ["R7"], description: "a follower installs a snapshot older than its commit index over newer state (a delayed or duplicated InstallSnapshot)" },
} as const;

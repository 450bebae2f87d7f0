/**
 * The leader's commit rule (§5.3, §5.4.2): the highest index a majority holds (matchIndex) is
 * committed only if its entry is of the leader's current term; older entries commit with it,
 * never by counting on their own (the paper's Figure 8 shows why).
 */
import type { RaftNode } from "./node.js";

export function advanceCommit(node: RaftNode): void {
  // The planted bug "commit-previous-term" counts replicas of any term's entry (Figure 8).
  const anyTerm = node.env.bug === "commit-previous-term";
  for (let n = node.lastIndex; n > node.commit; n--) {
    if (node.termAt(n) !== node.term && !anyTerm) break;
    let count = 0;
    for (const m of node.match) if (m >= n) count++;
    if (count >= node.majority()) {
      // Commits that take in entries of earlier terms (a new leader's first, as a rule) are where
      // a leader's death matters most: those entries are known committed to it alone.
      const inherited = node.termAt(node.commit + 1) !== node.term;
      node.commitTo(n);
      if (inherited) node.env.crashPoint(node.id, "after-commit");
      return;
    }
  }
}

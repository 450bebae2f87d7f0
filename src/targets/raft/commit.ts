/**
 * The leader's commit rule (§5.3, §5.4.2): the highest index a majority holds (matchIndex) is
 * committed only if its entry is of the leader's current term; older entries commit with it,
 * never by counting on their own (the paper's Figure 8 shows why).
 */
import type { RaftNode } from "./node.js";

export function advanceCommit(node: RaftNode): void {
  for (let n = node.lastIndex; n > node.commit; n--) {
    if (node.termAt(n) !== node.term) break;
    let count = 0;
    for (const m of node.match) if (m >= n) count++;
    if (count >= node.majority()) {
      node.commitTo(n);
      return;
    }
  }
}

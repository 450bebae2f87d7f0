/**
 * SQL with synchronous quorum commit (PostgreSQL `synchronous_standby_names = ANY 1 (...)`): a
 * commit is durable once the primary's WAL is flushed and one standby of two has confirmed it, so
 * it costs a local flush and the faster of two standby round trips. The lease is a row of a
 * leader table, taken by compare-and-swap on its version and judged expired by the standby's
 * clock. The fencing token is the leader row's epoch: every data write runs as
 * `UPDATE ... WHERE (SELECT epoch FROM leader) = :epoch`.
 */
import type { ClassMechanics } from "./mechanics.js";

export const sqlQuorum: ClassMechanics = {
  cls: "sql-quorum",
  summary: "commit after WAL flush plus one of two synchronous standbys; lease row by compare-and-swap; writes guarded by the leader row's epoch",
  serverSideExpiry: false,
  serviceMs(request) {
    switch (request.t) {
      case "commit":
        return 2 + 3; // local WAL flush, then the faster standby's confirmation
      case "read":
        return 3;
      case "replay":
        return 2;
      default:
        return 4; // a leader-row update is a synchronous commit too
    }
  },
  stale: (request, state) => request.epoch !== state.lease.epoch,
};

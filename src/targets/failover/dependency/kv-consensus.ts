/**
 * A consensus key-value store (etcd): every write is one Raft round (a leader flush and a
 * majority's), linearizable reads go through ReadIndex. The lease is a real consensus lease: the
 * store counts its TTL down itself, revokes it when it runs out and deletes the lock key, and a
 * keepalive on a revoked lease fails. Fencing is a transaction comparing the lock key's revision
 * (the epoch): `Txn(If(mod_revision(lock) == epoch)).Then(Put(...))`, which also fails once the
 * lease expired and the key is gone.
 */
import type { ClassMechanics } from "./mechanics.js";

export const kvConsensus: ClassMechanics = {
  cls: "kv-consensus",
  summary: "one Raft round per write; the store expires the lease itself; writes are transactions comparing the lock key's revision",
  serverSideExpiry: true,
  serviceMs(request) {
    switch (request.t) {
      case "read":
        return 2; // ReadIndex: one heartbeat round
      case "replay":
        return 2;
      default:
        return 3; // a Raft round: leader flush, majority flush
    }
  },
  stale: (request, state, nowMs) => request.epoch !== state.lease.epoch || nowMs >= state.lease.expiresAtMs,
};

/**
 * A replicated log (Kafka with a transactional producer): a write is an append acknowledged by
 * the in-sync replicas; the state is what replaying the log gives, so a standby keeps a
 * checkpoint and must replay the log's tail before it serves, at a cost per record. The lease is
 * a record judged by the standby's clock and taken by compare-and-swap; taking it bumps the
 * producer epoch (`InitProducerId`), and the log refuses appends of a lower epoch: Kafka's
 * zombie fencing.
 */
import type { ClassMechanics } from "./mechanics.js";

/** Replaying one record: fetch, decode, apply (ms per record, fractions added up). */
const REPLAY_MS_PER_RECORD = 0.5;

export const logReplicated: ClassMechanics = {
  cls: "log-replicated",
  summary: "appends acknowledged by the in-sync replicas; recovery replays the log's tail; appends of a lower producer epoch are refused",
  serverSideExpiry: false,
  serviceMs(request, state) {
    switch (request.t) {
      case "commit":
        return 2 + 2; // leader append, in-sync replicas' fetch
      case "replay":
        return 2 + Math.ceil((state.journal.length - request.from) * REPLAY_MS_PER_RECORD);
      case "read":
        // A log has no state to read: reading it is replaying it from the start.
        return 2 + Math.ceil(state.journal.length * REPLAY_MS_PER_RECORD);
      default:
        return 4;
    }
  },
  stale: (request, state) => request.epoch < state.lease.epoch,
};

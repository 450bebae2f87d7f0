/**
 * An object store with a manifest (S3 with conditional writes, as table formats use it): a write
 * puts an immutable object, then swaps the manifest that lists the live objects with `If-Match`
 * on its ETag. The lease lives in the manifest too: a standby judges it expired by its own clock
 * and takes it with a conditional put, which rewrites the manifest with the new epoch. So every
 * ETag a stale primary holds is dead, and a commit of a lower epoch is refused even from a
 * primary that re-read the manifest after the takeover. Requests are slow (tens of ms).
 */
import type { ClassMechanics } from "./mechanics.js";

export const objectManifest: ClassMechanics = {
  cls: "object-manifest",
  summary: "put an object, then swap the manifest with If-Match on its ETag; the lease lives in the manifest, so a takeover rewrites it with the new epoch",
  serverSideExpiry: false,
  serviceMs(request) {
    switch (request.t) {
      case "commit":
        return 15 + 10; // PUT object, then conditional PUT of the manifest
      case "read":
      case "replay":
        return 10 + 10; // GET manifest, then GET the objects it lists
      default:
        return 10; // a conditional PUT of the lease object
    }
  },
  // The lease lives in the manifest: a takeover rewrites it with the new epoch. If-Match alone
  // would not fence a stale primary that re-read the manifest after the takeover (it would hold
  // a fresh ETag); the manifest's epoch refuses it.
  stale: (request, state) => request.version !== state.manifestVersion || request.epoch < state.lease.epoch,
};

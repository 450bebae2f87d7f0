/**
 * An object store with a manifest (S3 with conditional writes, as table formats use it): a write
 * puts an immutable object, then swaps the manifest that lists the live objects with `If-Match`
 * on its ETag; a new primary rewrites the manifest when it takes over, so every ETag a stale
 * primary holds is dead. Requests are slow (tens of ms) and the lease is an object taken by a
 * conditional put, judged expired by the standby's clock.
 */
import type { ClassMechanics } from "./mechanics.js";

export const objectManifest: ClassMechanics = {
  cls: "object-manifest",
  summary: "put an object, then swap the manifest with If-Match on its ETag; a takeover rewrites the manifest",
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
  stale: (request, state) => request.version !== state.manifestVersion,
};

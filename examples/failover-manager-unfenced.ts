/**
 * A broken copy of examples/failover-manager.ts, for the check that the failover target catches
 * it: the commits go out without the fencing token ("the lease already makes us the only
 * primary"). A primary paused or cut off from the store past its lease has commits in flight;
 * they land after a standby took over, and, computed from the old primary's view, overwrite what
 * the new primary acknowledged (F1, then F2).
 *
 *   npx simctl sweep --target failover --impl ./examples/failover-manager-unfenced.ts --seeds 30
 */
import { leaseManager } from "./failover-manager.js";

export default leaseManager({ fence: false });

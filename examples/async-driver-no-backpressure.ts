/**
 * A broken copy of examples/async-driver.ts, for the check that the async-driver target catches
 * it: the driver never refuses ("callers would rather wait than fail"), so every request beyond
 * maxInFlight waits in an unbounded FIFO. A burst past maxInFlight + maxQueueDepth is accepted
 * whole: the queue outgrows the bound the contract declares, the latency of everything behind it
 * grows with it, and the application never hears backpressure (D2).
 *
 *   npx simctl sweep --target async-driver --impl ./examples/async-driver-no-backpressure.ts --seeds 30
 */
import { semaphoreDriver } from "./async-driver.js";

export default semaphoreDriver({ backpressure: false });

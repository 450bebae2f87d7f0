/**
 * `makeDriverTarget(factory, options)`: the async-driver target around any driver. The service,
 * its profiles, the workload and the invariants are the same whoever wrote the driver; the
 * built-in target plugs in the reference driver, `--impl ./my-driver.ts` a user's factory, and a
 * benchmark fixes the driver contract.
 */
import { defineTarget, NET_FAULT_KINDS, netEventNode, type Target } from "../../index.js";
import { BUGS } from "./bugs.js";
import type { DriverContract } from "./contract.js";
import { asDriverFactory, declaredContract, DRIVER_CONTRACT, type DriverFactory } from "./driver/driver.js";
import { supportedDrivers } from "./drivers.js";
import { INVARIANTS } from "./invariants.js";
import { CLIENT, SERVICE } from "./model.js";
import { describeDriverEvent, EVENT_KINDS, FAULT_KINDS } from "./kinds.js";
import { describeDriverOp, parseDriverOp, shrinkDriverOp, type DriverOp } from "./ops.js";
import { DriverSim, type DriverRunReport } from "./sim.js";
import { WORKLOADS } from "./workload.js";

export interface DriverTargetOptions {
  readonly name?: string;
  /** Run this contract (default: one of the supported drivers drawn per seed). */
  readonly driver?: DriverContract;
  /** Receives each run's samples at its end (a benchmark collects them). */
  readonly report?: (run: DriverRunReport) => void;
}

export function makeDriverTarget(factory: DriverFactory, options: DriverTargetOptions = {}): Target<DriverOp> {
  const drivers = supportedDrivers();
  return defineTarget<DriverOp>({
    name: options.name ?? "async-driver",
    description: "an async database driver under its contract (bounded in-flight and queue, timeouts, retries with jittered backoff, idempotent writes, stream resume, telemetry) against a service with heavy-data or mixed-latency behaviour",
    invariants: INVARIANTS,
    bugs: BUGS,
    workloads: WORKLOADS,
    eventKinds: EVENT_KINDS,
    faultKinds: [...NET_FAULT_KINDS, ...FAULT_KINDS],
    // An application issuing a request every 40 ms on average: bursts and spikes pile up behind
    // the in-flight bound, a quiet stretch lets the queue drain.
    thinkMs: { min: 0, max: 80 },
    livenessMsMax: 120_000,
    parseOp: parseDriverOp,
    describeOp: describeDriverOp,
    describeEvent: describeDriverEvent,
    // The service's kinds happen on its host (node 1), the driver's timer and the request outcomes
    // on the application's (node 0, where the driver runs); op.* at no node.
    eventNode: (kind, a, b) => netEventNode(kind, a, b) ?? (kind.startsWith("service.") ? SERVICE : kind === "driver.timer" || kind.startsWith("request.") ? CLIENT : undefined),
    shrinkOp: shrinkDriverOp,
    impl: {
      contract: DRIVER_CONTRACT,
      // A driver module may declare its own contract (`factory.contract`): it is then held to it.
      plug: (implementation) => makeDriverTarget(asDriverFactory(implementation), { ...options, driver: declaredContract(implementation) ?? options.driver }),
    },
    create: (ctx) => new DriverSim(ctx, { factory, drivers, driver: options.driver, report: options.report }),
  });
}

/**
 * The driver contract a user plugs in with `--impl`: a factory that builds the driver from its
 * host (host.ts), once per run. The application calls `execute` for every request; the driver
 * must keep its declared contract (host.contract), which the invariants check from the wire.
 */
import type { DriverHost } from "../host.js";
import type { DriverRequest, DriverResult } from "../model.js";

export interface AsyncDriver {
  /** Run one request: resolve once, with the result (never reject). */
  execute(request: DriverRequest): Promise<DriverResult>;
}

export type DriverFactory = (host: DriverHost) => AsyncDriver;

/** What `--impl` must default-export (shown by `simctl list`). */
export const DRIVER_CONTRACT = "a DriverFactory (host: DriverHost) => AsyncDriver { execute(request): Promise<{ ok: true, records? } | { ok: false, error }> }";

export function asDriverFactory(implementation: unknown): DriverFactory {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a driver factory (${DRIVER_CONTRACT})`);
  return implementation as DriverFactory;
}

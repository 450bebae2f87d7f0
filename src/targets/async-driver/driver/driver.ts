/**
 * The driver contract a user plugs in with `--impl`: a factory that builds the driver from its
 * host (host.ts), once per run. The application calls `execute` for every request; the driver
 * must keep its declared contract (host.contract), which the invariants check from the wire.
 */
import { parseDriverContract } from "../contract-file.js";
import type { DriverContract } from "../contract.js";
import type { DriverHost } from "../host.js";
import { valid } from "../valid.js";
import type { DriverRequest, DriverResult } from "../model.js";

export interface AsyncDriver {
  /** Run one request: resolve once, with the result (never reject). */
  execute(request: DriverRequest): Promise<DriverResult>;
}

export type DriverFactory = (host: DriverHost) => AsyncDriver;

/** What `--impl` must default-export (shown by `simctl list`). */
export const DRIVER_CONTRACT = "a DriverFactory (host: DriverHost) => AsyncDriver { execute(request): Promise<{ ok: true, records? } | { ok: false, error }> }; optional property contract: DriverContract (the contract it is held to; default: each supported driver's, drawn per seed)";

export function asDriverFactory(implementation: unknown): DriverFactory {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a driver factory (${DRIVER_CONTRACT})`);
  return implementation as DriverFactory;
}

/** The contract a driver module declares on its factory (`factory.contract = {...}`), checked; undefined when none. */
export function declaredContract(implementation: unknown): DriverContract | undefined {
  const declared = (implementation as { contract?: unknown }).contract;
  if (declared === undefined) return undefined;
  const contract = parseDriverContract(declared, "the driver's declared contract");
  const problems = valid(contract);
  if (problems.length > 0) throw new Error(`the driver's declared contract breaks ${problems.map((p) => `${p.field}: ${p.reason}`).join("; ")}`);
  return contract;
}

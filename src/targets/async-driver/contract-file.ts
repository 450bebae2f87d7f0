/**
 * A user's driver contract from JSON (`simctl drivers check FILE...`): the shape is checked field
 * by field and the first malformed field is named (`at timeoutPolicy.requestMs: ...`); a
 * well-formed contract then goes through `valid`, which names every rule it breaks. A shape error
 * is an input error (exit 2 at the CLI); a broken rule is a failed check (exit 1).
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { DRIVER_CAPABILITIES, DRIVER_CLASSES, type DriverContract } from "./contract.js";

const ContractSchema = z.strictObject({
  name: z.string(),
  class: z.enum(DRIVER_CLASSES),
  providerModule: z.string(),
  maxInFlight: z.number().int(),
  maxQueueDepth: z.number().int(),
  timeoutPolicy: z.strictObject({ connectMs: z.number().int(), requestMs: z.number().int(), idleMs: z.number().int() }),
  retryPolicy: z.strictObject({ maxAttempts: z.number().int(), baseBackoffMs: z.number().int(), maxBackoffMs: z.number().int(), jitterPercent: z.number().int() }),
  telemetry: z.strictObject({ timeoutMetric: z.string(), retryMetric: z.string(), latencyMetric: z.string(), inFlightMetric: z.string() }),
  capabilities: z.array(z.enum(DRIVER_CAPABILITIES)),
  supportTier: z.string(),
  tuningGuide: z.string(),
});

/** The contract `json` describes; throws an Error naming `source` and the first malformed field. */
export function parseDriverContract(json: unknown, source: string): DriverContract {
  return parseWith(ContractSchema, json, `${source} is not a driver contract`);
}

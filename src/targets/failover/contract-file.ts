/**
 * A user's backend contract from JSON (a `--backend FILE` for `simctl certify`, later): the shape
 * is checked field by field, and the first malformed field is named (`at artifact.tuningGuide:
 * ...`); a well-formed contract then goes through `valid`, which names every rule it breaks.
 * Shape errors are input errors (exit 2 at the CLI); broken rules are a certification failure.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { BACKEND_CLASSES, PRESSURE_PROFILES, type BackendContract } from "./contract.js";

const ContractSchema = z.strictObject({
  name: z.string(),
  class: z.enum(BACKEND_CLASSES),
  durableStore: z.string(),
  takeoverRequiresFencing: z.boolean(),
  recoveryRequiresReplay: z.boolean(),
  continuitySloMs: z.number().int(),
  maxDataLossEvents: z.number().int(),
  supportedPressures: z.array(z.enum(PRESSURE_PROFILES)),
  artifact: z.strictObject({ tuningGuide: z.string(), certificationReport: z.string(), evidenceManifest: z.string() }),
});

/** The contract `json` describes; throws an Error naming the first malformed field. */
export function parseContract(json: unknown, source: string): BackendContract {
  return parseWith(ContractSchema, json, `${source} is not a backend contract`);
}

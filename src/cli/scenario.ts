/**
 * Scenario files: a named, checked-in set of run options (target, workload, fault level, ops,
 * seeds, weights). Flags given on the command line override a scenario's values.
 */
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { FAULT_LEVELS } from "../core/faults.js";
import { SEED_MAX } from "../core/rng.js";
import { readJsonFile } from "./files.js";
import { isTargetPath } from "./load-target.js";
import { parseWith } from "../core/schema.js";
import { keepProtoKey, SIM_MS_MAX } from "../core/options.js";

const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  target: z.string().min(1).optional(),
  workload: z.string().min(1).optional(),
  faultLevel: z.enum(FAULT_LEVELS).optional(),
  ops: z.number().int().positive().optional(),
  seeds: z.number().int().positive().optional(),
  seedBase: z.number().int().nonnegative().max(SEED_MAX).optional(),
  bug: z.string().min(1).nullable().optional(),
  keepGoing: z.boolean().optional(),
  swarm: z.boolean().optional(),
  /** Think time after each step, in simulated ms (overrides the target's default). */
  thinkMs: z
    .strictObject({ min: z.number().int().nonnegative().max(SIM_MS_MAX), max: z.number().int().nonnegative().max(SIM_MS_MAX) })
    .refine((r) => r.min <= r.max, "min must not be above max")
    .optional(),
  /** Budget of the liveness phase, in simulated ms; 0 skips it. */
  livenessMsMax: z.number().int().nonnegative().max(SIM_MS_MAX).optional(),
  weights: z.record(z.string(), z.number().nonnegative()).optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

export async function loadScenario(path: string): Promise<Scenario> {
  const json = await readJsonFile(path, "scenario file");
  const parsed = parseWith(ScenarioSchema, json, `scenario file '${path}' is invalid`, (m) => new InputError(m));
  const weights = keepProtoKey((json as { weights?: unknown }).weights, parsed.weights);
  const scenario = weights !== undefined ? { ...parsed, weights } : parsed;
  // A target path in a scenario is relative to the scenario file, not the working directory.
  if (scenario.target !== undefined && isTargetPath(scenario.target)) {
    return { ...scenario, target: resolve(dirname(path), scenario.target) };
  }
  return scenario;
}

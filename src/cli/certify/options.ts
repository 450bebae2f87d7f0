/** The flags of `simctl certify` (light: registering the command loads no certification code). */
import { BUGS } from "../../targets/failover/bugs.js";
import { PRESSURE_PROFILES } from "../../targets/failover/contract.js";

export interface CertifyFlags {
  backend?: string;
  pressure?: string;
  seeds?: string;
  seedBase?: string;
  seed?: string;
  bug?: string;
  out?: string;
  verify?: string;
  color?: boolean;
}

export const DEFAULT_SEEDS = 100;

export const CERTIFY_OPTIONS: readonly (readonly [string, string])[] = [
  ["--backend <name|file|all>", "a built-in backend, a contract file (.json, .ts, .js) or all (default: all)"],
  ["--pressure <profile>", `${PRESSURE_PROFILES.join(" | ")} (default: every pressure the backend supports)`],
  ["--seeds <n>", `seeds per backend and pressure (default: ${DEFAULT_SEEDS})`],
  ["--seed-base <n>", "first seed (default: 0)"],
  ["--seed <n>", "run this one seed and show what it measured (the replay of a failing seed)"],
  ["--bug <name>", `plant a bug in the built-in failover manager (${Object.keys(BUGS).join(", ")})`],
  ["--out <dir>", "folder for the artifacts (created if missing)"],
  ["--verify <dir>", "re-run the evidence manifests in <dir> and check every signature and figure"],
  ["--no-color", "no colours"],
];

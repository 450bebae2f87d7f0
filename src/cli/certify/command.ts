/**
 * `simctl certify`: durable-backend failover certification (registered by ../commands/certify.ts).
 *
 *   simctl certify [--backend NAME|FILE|all] [--pressure P] [--seeds N] [--seed-base N] [--bug B] --out DIR
 *   simctl certify --backend NAME|FILE --pressure P --seed N [--bug B]     (one run, shown: the replay)
 *   simctl certify --verify DIR
 *
 * Per backend it writes the contract's three artifacts to DIR: the certification report, the
 * evidence manifest and the tuning guide. Exit 0 when every backend is certified, 1 when one is
 * not (a budget failed, an invariant broke, or the contract breaks a rule), 2 on bad input, 3
 * when `--verify` finds evidence that does not reproduce.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { EXIT, InputError } from "../../core/errors.js";
import { SEED_MAX } from "../../core/rng.js";
import { buildEvidence, renderReport, renderTuningGuide } from "../../targets/failover/artifacts/index.js";
import { BUGS } from "../../targets/failover/bugs.js";
import type { BackendCertification, CertifyOptions } from "../../targets/failover/certification-types.js";
import { CERTIFY_OPS, certifyBackend, certifyRun } from "../../targets/failover/certify.js";
import { backendClassLabel, PRESSURE_PROFILES, pressureLabel, type PressureProfile } from "../../targets/failover/contract.js";
import { matrixSignature } from "../../targets/failover/signature.js";
import { resolveBackends, type NamedBackend } from "./backends.js";
import { DEFAULT_SEEDS, type CertifyFlags } from "./options.js";
import { verifyDir } from "./verify.js";

const SEEDS_MAX = 100_000;
import { parseChoice, parseWhole } from "../common.js";
import { writeOutput } from "../files.js";
import type { Io } from "../io.js";
import { makeStyle, type Style } from "../reporters/style.js";

export async function certify(flags: CertifyFlags, io: Io): Promise<number> {
  const style = makeStyle(io, flags.color);
  if (flags.verify !== undefined) {
    const extra = (["backend", "pressure", "seeds", "seedBase", "seed", "bug", "out"] as const).find((f) => flags[f] !== undefined);
    if (extra !== undefined) throw new InputError(`--verify re-runs what the evidence says: it takes no --${kebab(extra)}`);
    return verifyDir(flags.verify, io, style);
  }
  const bug = flags.bug ?? null;
  if (bug !== null && !Object.hasOwn(BUGS, bug)) throw new InputError(`unknown bug '${bug}' (known: ${Object.keys(BUGS).join(", ")})`);
  const pressure = flags.pressure === undefined ? undefined : parseChoice(flags.pressure, "pressure", PRESSURE_PROFILES);
  const backends = await resolveBackends(flags.backend ?? "all", process.cwd());
  if (flags.seed !== undefined) {
    const extra = (["seeds", "seedBase", "out"] as const).find((f) => flags[f] !== undefined);
    if (extra !== undefined) throw new InputError(`--seed runs one seed and writes nothing: it takes no --${kebab(extra)}`);
    return single(backends, pressure, parseWhole(flags.seed, "--seed", 0, SEED_MAX), bug, io, style);
  }
  if (flags.out === undefined) throw new InputError("certify needs --out DIR (the folder for the report, evidence and tuning guide), or --seed N, or --verify DIR");
  const seeds = parseWhole(flags.seeds ?? String(DEFAULT_SEEDS), "--seeds", 1, SEEDS_MAX);
  const seedBase = parseWhole(flags.seedBase ?? "0", "--seed-base", 0, SEED_MAX);
  if (seedBase + seeds - 1 > SEED_MAX) throw new InputError(`--seed-base ${seedBase} with --seeds ${seeds} goes past the largest seed (${SEED_MAX})`);
  for (const b of backends) supports(b, pressure);
  await makeDir(flags.out);
  const options: CertifyOptions = { seeds, seedBase, ops: CERTIFY_OPS, bug };
  let failed = 0;
  for (const b of backends) {
    const cert = await certifyBackend(b.contract, options, pressure === undefined ? b.contract.supportedPressures : [pressure]);
    await writeArtifacts(flags.out, b, cert, io);
    summarize(cert, io, style);
    if (!cert.certified) failed++;
  }
  if (flags.backend === undefined || flags.backend === "all") io.out(`matrix signature ${matrixSignature(backends.map((b) => b.contract))}\n`);
  io.out(`${backends.length - failed} of ${backends.length} backend${backends.length === 1 ? "" : "s"} certified; artifacts in ${flags.out}\n`);
  return failed > 0 ? EXIT.violation : EXIT.ok;
}

async function writeArtifacts(dir: string, b: NamedBackend, cert: BackendCertification, io: Io): Promise<void> {
  const { artifact } = b.contract;
  await writeOutput(join(dir, artifact.certificationReport), renderReport(cert, { backendArg: b.arg }), io);
  await writeOutput(join(dir, artifact.evidenceManifest), `${JSON.stringify(buildEvidence(cert), null, 2)}\n`, io);
  await writeOutput(join(dir, artifact.tuningGuide), renderTuningGuide(cert), io);
}

function summarize(cert: BackendCertification, io: Io, style: Style): void {
  const c = cert.contract;
  const verdict = cert.certified ? style.green.bold("CERTIFIED") : style.red.bold("NOT CERTIFIED");
  io.out(`${c.name} (${backendClassLabel(c.class)} on ${c.durableStore}): ${verdict}\n`);
  for (const p of cert.problems) io.out(`  contract: ${p.field}: ${p.reason}\n`);
  for (const cell of cert.cells) {
    for (const r of cell.results) io.out(`  ${pressureLabel(cell.pressure)}: ${r.passed ? style.green("pass") : style.red("FAIL")}: ${r.reason}\n`);
  }
}

/** One seed, shown in full: what `Failing seeds` in a report tells the reader to run. */
async function single(backends: readonly NamedBackend[], pressure: PressureProfile | undefined, seed: number, bug: string | null, io: Io, style: Style): Promise<number> {
  if (backends.length !== 1 || pressure === undefined) throw new InputError("--seed replays one run: give one --backend and one --pressure");
  const b = backends[0]!;
  supports(b, pressure);
  const run = await certifyRun(b.contract, pressure, seed, { seeds: 1, seedBase: seed, ops: CERTIFY_OPS, bug });
  const o = run.observation;
  const t = run.tuning;
  io.out(`${b.contract.name} under ${pressureLabel(pressure)}, seed ${seed}${bug === null ? "" : `, bug ${bug}`}\n`);
  io.out(`  failure: ${t.failure}; lease ${t.leaseMs} ms, renewed every ${t.renewEveryMs} ms, polled every ${t.pollEveryMs} ms\n`);
  io.out(`  takeover ${o.takeoverMs} ms, recovery ${o.recoveryMs} ms, fence rejections ${o.fenceRejections}, data loss ${o.dataLossEvents}, continuity ${o.continuityMet ? "met" : "missed"}\n`);
  for (const v of run.violations) io.out(`  ${style.red(v.invariant)}: ${v.message}\n`);
  io.out(`  trace ${run.traceHash}\n`);
  return run.violations.length > 0 ? EXIT.violation : EXIT.ok;
}

function supports(b: NamedBackend, pressure: PressureProfile | undefined): void {
  if (pressure !== undefined && !b.contract.supportedPressures.includes(pressure)) {
    throw new InputError(`backend '${b.contract.name}' does not support pressure '${pressure}' (it supports: ${b.contract.supportedPressures.join(", ")})`);
  }
}



async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`--out: cannot create folder '${dir}': ${code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : String(code ?? err)}`);
  }
}

function kebab(flag: string): string {
  return flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * `simctl drivers check [FILE...]`: check async driver contracts without running anything. With
 * no files, the built-in drivers; with files, the JSON contracts they hold, as one set.
 *
 * Prints, per driver, whether it is valid and every rule it breaks; whether the set is consistent
 * and has timeout/retry telemetry parity, with the reasons; the capability matrix; and the
 * matrix's signature. The output depends on the contracts alone (no times, no absolute paths).
 * Exit 0 when everything holds, 1 when a rule is broken; a malformed file is an InputError
 * naming the field (exit 2, from the caller).
 */
import { resolve } from "node:path";
import Table from "cli-table3";
import { EXIT, InputError } from "../../core/errors.js";
import { parseDriverContract } from "../../targets/async-driver/contract-file.js";
import { DRIVER_CAPABILITIES, type DriverContract } from "../../targets/async-driver/contract.js";
import { supportedDrivers } from "../../targets/async-driver/drivers.js";
import { capabilityLabel, classLabel } from "../../targets/async-driver/labels.js";
import { capabilityMatrixSignature } from "../../targets/async-driver/signature.js";
import { consistencyProblems, parityProblems, valid, type DriverSetProblem } from "../../targets/async-driver/valid.js";
import { readJsonFile } from "../files.js";
import type { Io } from "../io.js";
import { makeStyle, type Style } from "../reporters/style.js";

export interface DriversCheckFlags {
  /** false: no colours (`--no-color`); colours are also off without a TTY or with NO_COLOR. */
  readonly color?: boolean;
}

/** A contract to check, and where it came from (a file as the user named it, or built-in). */
interface Checked {
  readonly contract: DriverContract;
  readonly source: string | undefined;
}

/** Check `files` (or the built-in drivers when there are none) and print the verdicts; answers the exit code. */
export async function driversCheck(files: readonly string[], flags: DriversCheckFlags, io: Io): Promise<number> {
  const style = makeStyle(io, flags.color);
  // Load every file before printing anything: a malformed one is bad input, not half a report.
  // One after another, so that of two malformed files the first named is the one reported.
  const checked: Checked[] = files.length === 0 ? supportedDrivers().map((contract) => ({ contract, source: undefined })) : [];
  for (const f of files) checked.push(await load(f, io.cwd));
  const drivers = checked.map((c) => c.contract);
  let invalid = 0;
  for (const { contract: d, source } of checked) {
    const problems = valid(d);
    if (problems.length > 0) invalid++;
    const from = source === undefined ? "" : ` from ${source}`;
    io.out(`${style.bold(d.name)} (${classLabel(d.class)}, ${d.providerModule})${from}: ${problems.length === 0 ? style.green("valid") : style.red.bold("INVALID")}\n`);
    for (const p of problems) io.out(`  ${p.field}: ${p.reason}\n`);
  }
  const consistency = consistencyProblems(drivers);
  const parity = parityProblems(drivers);
  io.out(verdict("Consistency", consistency, "consistent", "INCONSISTENT", style));
  io.out(verdict("Timeout/retry telemetry parity", parity, "holds", "BROKEN", style));
  io.out(`${matrixTable(drivers)}\n`);
  io.out(`capability matrix signature ${capabilityMatrixSignature(drivers)}\n`);
  const ok = invalid === 0 && consistency.length === 0 && parity.length === 0;
  const count = plural(drivers.length, "driver");
  const tally = `${invalid} invalid, ${plural(consistency.length, "consistency problem")}, ${plural(parity.length, "parity problem")}`;
  io.out(ok ? `${count}: all valid, consistent, with telemetry parity\n` : `${count}: ${tally}\n`);
  return ok ? EXIT.ok : EXIT.violation;
}

async function load(file: string, cwd: string): Promise<Checked> {
  const what = "driver contract";
  const json = await readJsonFile(resolve(cwd, file), what);
  try {
    return { contract: parseDriverContract(json, `${what} '${file}'`), source: file };
  } catch (err) {
    throw new InputError((err as Error).message);
  }
}

function verdict(title: string, problems: readonly DriverSetProblem[], good: string, bad: string, style: Style): string {
  const head = `${title}: ${problems.length === 0 ? style.green(good) : style.red.bold(bad)}\n`;
  return head + problems.map((p) => `  ${p.driver}: ${p.field}: ${p.reason}\n`).join("");
}

/** Drivers as rows (in the order given), capabilities as columns; headers wrapped at spaces to keep it narrow. */
function matrixTable(drivers: readonly DriverContract[]): string {
  const head = ["driver", ...DRIVER_CAPABILITIES.map((c) => capabilityLabel(c).split(" ").join("\n"))];
  // No rule between rows: a matrix reads down its columns.
  const table = new Table({ head, style: { head: [], border: [] }, chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }, colAligns: ["left", ...DRIVER_CAPABILITIES.map(() => "center" as const)] });
  for (const d of drivers) table.push([d.name, ...DRIVER_CAPABILITIES.map((c) => (d.capabilities.includes(c) ? "✓" : "·"))]);
  return table.toString();
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

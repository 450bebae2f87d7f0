/** `simctl list`: targets with their workloads, fault levels, invariants, bugs and event kinds. */
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { FAULT_LEVELS } from "../../core/faults.js";
import { timingDefaults } from "../../core/options.js";
import type { Target } from "../../core/target.js";
import { loadAllBuiltins } from "../builtins.js";
import type { Io } from "../io.js";
import { addIsolationFlags, applyIsolationFlags, configureIsolation, type IsolationFlags } from "../isolate/limits.js";
import { claimStdoutForDocument } from "../common.js";
import { loadTarget } from "../load-target.js";
import { makeStyle, type Style } from "../reporters/style.js";

interface ListFlags extends IsolationFlags {
  target?: string;
  reporter?: string;
  color?: boolean;
}

export function registerList(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("list")
    .description("list targets, workloads, fault levels, bugs and invariants")
    .option("-t, --target <name|path>", "only this target (a built-in name or a module path, loaded in a watched worker thread)")
    .option("--reporter <name>", "text | json (default: text)")
    .option("--no-color", "no colours");
  addIsolationFlags(cmd, "loading a target module").action(async (flags: ListFlags) => {
    const reporter = flags.reporter ?? "text";
    if (reporter !== "text" && reporter !== "json") throw new InputError(`unknown reporter '${reporter}' (known: text, json)`);
    claimStdoutForDocument(reporter, undefined, io);
    // Listing runs no seed: a built-in target is only read, never worth a worker.
    configureIsolation({ ...applyIsolationFlags(flags), isolateBuiltins: false });
    const targets = flags.target !== undefined ? [await loadTarget(flags.target, io.cwd)] : await loadAllBuiltins();
    io.out(reporter === "json" ? listJson(targets) : listText(targets, makeStyle(io, flags.color)));
    setExit(0);
  });
}

function listJson(targets: readonly Target<unknown>[]): string {
  const doc = {
    faultLevels: FAULT_LEVELS,
    targets: targets.map((t) => ({
      name: t.name,
      description: t.description,
      workloads: t.workloads,
      defaultWorkload: t.defaultWorkload,
      invariants: t.invariants,
      bugs: t.bugs,
      ...(t.impl !== undefined ? { impl: t.impl.contract } : {}),
      eventKinds: t.eventKinds,
      faultKinds: t.faultKinds,
      timing: timingDefaults(t),
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function listText(targets: readonly Target<unknown>[], style: Style): string {
  const out = [`${style.bold("Fault levels:")} ${FAULT_LEVELS.join(", ")}`, ""];
  for (const t of targets) {
    out.push(`${style.bold.cyan(t.name)}  ${t.description}`);
    out.push(section("workloads", t.workloads, style), section("invariants", t.invariants, style), section("bugs (--bug NAME)", bugLines(t), style));
    out.push(`  ${style.bold("event kinds")} (${t.eventKinds.length}): ${t.eventKinds.join(", ")}`);
    if (t.faultKinds.length > 0) out.push(`  ${style.bold("fault kinds")}: ${t.faultKinds.join(", ")}`);
    if (t.impl !== undefined) out.push(`  ${style.bold("--impl")}: ${t.impl.contract}`);
    const timing = timingDefaults(t);
    out.push(`  ${style.bold("timing")}: think time ${timing.thinkMsMin}..${timing.thinkMsMax} ms after each step, liveness phase up to ${timing.livenessMsMax} ms`);
    out.push("");
  }
  return out.join("\n");
}

/** `I10, H1: batchGet returns pending writes` for each bug: what it breaks, then what it is. */
function bugLines(t: Target<unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(t.bugs).map(([name, b]) => [name, b.breaks.length > 0 ? `${b.breaks.join(", ")}: ${b.description}` : b.description]));
}

function section(title: string, entries: Readonly<Record<string, string>>, style: Style): string {
  const names = Object.keys(entries);
  const width = Math.max(0, ...names.map((n) => n.length));
  return [`  ${style.bold(title)}:`, ...names.map((n) => `    ${n.padEnd(width)}  ${entries[n]}`)].join("\n");
}

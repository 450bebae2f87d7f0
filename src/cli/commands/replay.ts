/**
 * `simctl replay FILE` replays a replay file (ops verbatim when it has them) and checks its
 * expectations; `simctl replay --target T --seed S ...` regenerates one seed. A trace hash that
 * differs from the expected one is nondeterminism: exit 3.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { resolveOptions } from "../../core/options.js";
import { legacyFaultKeys } from "../../core/replay.js";
import { addRunFlags, claimStdoutForDocument, parseReporter, parseSeed, resolveInvocation, type CommonFlags, type Invocation } from "../common.js";
import type { Io } from "../io.js";
import { addIsolationFlags, applyIsolationFlags, type IsolationFlags } from "../isolate/limits.js";
import { loadReplayFile, refuseRunFlags } from "../replay-file.js";
import { replayFileCommand } from "../replay-command.js";
import { executeRun } from "../single-run.js";

interface ReplayFlags extends CommonFlags, IsolationFlags {
  seed?: string;
  expectHash?: string;
  trace?: string;
  save?: string;
  html?: string;
  htmlSteps?: string;
}

export function registerReplay(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("replay")
    .description("replay a replay file, or one seed given by --target/--seed and options")
    .argument("[file]", "replay file (simctl-replay/2 JSON; /1 files are read too)")
    .option("-s, --seed <n>", "the seed to replay (without a file)")
    .option("--expect-hash <hash>", "the trace hash the replay must reproduce (else exit 3)")
    .option("--trace <file>", "write the full trace as JSON lines")
    .option("--html <file>", "write the run as a self-contained HTML page: timeline, messages, faults, violation, steps")
    .option("--html-steps <FROM..TO>", "the steps the --html timeline draws (default: the last entries, up to the violation)")
    .option("--save <file>", "write a replay file of this run");
  addRunFlags(addIsolationFlags(cmd)).action(async (file: string | undefined, flags: ReplayFlags) => {
    applyIsolationFlags(flags);
    setExit(file !== undefined ? await replayFile(file, flags, io) : await replaySeed(flags, io));
  });
}

async function replaySeed(flags: ReplayFlags, io: Io): Promise<number> {
  if (flags.seed === undefined) throw new InputError("replay needs a replay file or --seed");
  const inv = await resolveInvocation(flags, io);
  return executeRun(inv, parseSeed(flags.seed), flags, io, { expectHash: parseHash(flags.expectHash) });
}

async function replayFile(path: string, flags: ReplayFlags, io: Io): Promise<number> {
  refuseRunFlags(flags);
  const reporter = parseReporter(flags.reporter);
  claimStdoutForDocument(reporter, flags.out, io);
  const { file, target, targetSpec, implSpec, steps } = await loadReplayFile(path, flags.target, io, flags.impl);
  const inv: Invocation = {
    target,
    targetSpec,
    implSpec,
    options: resolveOptions(target, file.options),
    scenario: undefined,
    scenarioPath: undefined,
    reporter,
  };
  const expectHash = parseHash(flags.expectHash) ?? file.expect.traceHash;
  const expectViolation = file.expect.violation;
  return executeRun(inv, file.seed, flags, io, {
    steps,
    legacyFaultKeys: steps !== undefined && legacyFaultKeys(file),
    expectHash,
    expectViolation,
    checkpoints: file.checkpoints,
    command: replayFileCommand(path, targetSpec, implSpec),
  });
}

function parseHash(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9a-f]{16}$/.test(text)) throw new InputError(`--expect-hash must be 16 hex characters, got '${text}'`);
  return text;
}

/**
 * The raft target's scenario regressions: classic Raft schedules written out step by step, as
 * replay files in seeds/ (npm run corpus runs this). Each scenario is written twice: without a
 * bug it must pass (`raft-clean-scenario-<name>.json`, pinned by its trace hash), and with the
 * bug it was written for it must fail with that bug's invariant (`raft-scenario-<name>.json`).
 *
 * The steps are the target's control ops (crash, restart, split, heal, elect) and client ops, at
 * sunny with no recorded fault: every message takes the network's least delay and every disk
 * operation its least latency, so the schedule is the whole story. `thinkMs` is the simulated
 * time after a step; election timers still run (500 ms and up, timing.ts), which is why the
 * schedules act within a few hundred milliseconds, or cut the nodes whose timers would interfere.
 *
 * Run: node --import tsx scripts/raft-scenarios.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatReplayFile } from "../src/core/replay.js";
import { parseReplay, verifyReplay, type ReplayFile } from "../src/index.js";
import raft from "../src/targets/raft/index.js";
import type { RaftOp } from "../src/targets/raft/ops.js";

type Step = readonly [op: RaftOp, thinkMs: number];

interface Scenario {
  readonly name: string;
  /** A seed that draws the cluster size the schedule needs (seed 1: five nodes; seed 2: three). */
  readonly seed: number;
  readonly bug: string;
  readonly invariant: string;
  readonly steps: readonly Step[];
}

const put = (c: number, k: number, id: number): RaftOp => ({ t: "put", c, k, id });
const get = (c: number, k: number, id: number): RaftOp => ({ t: "get", c, k, id });
/** The first step lets every node open its store before anything is asked of it. */
const START: Step = [{ t: "heal" }, 80];

export const SCENARIOS: readonly Scenario[] = [
  {
    // The Raft paper's Figure 8, five nodes. (a) S0 leads term 1 and, cut off with S1, appends
    // four commands that reach S1 only. (b) S0 crashes; S4 wins term 2 with S2 and S3, appends its
    // blank entry and crashes before sending it. (c) S0 restarts and wins term 3; it brings S2 and
    // S3 up to date one entry at a time (from its first heartbeat on), and with the bug commits the term-1 entries once a
    // majority holds them, before its own term's blank entry reaches that majority. S0 crashes.
    // (d) S4 restarts and wins term 4 with S2 and S3, whose last term (1) is older than its (2):
    // it lacks the committed entries (R4), and would overwrite them. A correct leader commits
    // nothing in (c) until its blank entry is on a majority, so (d) loses nothing committed.
    name: "figure-8",
    seed: 1,
    bug: "commit-previous-term",
    invariant: "R4",
    steps: [
      START,
      [{ t: "elect", n: 0 }, 60],
      [{ t: "split", a: [0, 1] }, 0],
      [put(0, 0, 1), 2],
      [put(1, 0, 2), 2],
      [put(2, 0, 3), 2],
      [put(3, 0, 4), 2],
      [{ t: "crash", n: 0 }, 1],
      [{ t: "elect", n: 4 }, 8],
      [{ t: "crash", n: 4 }, 1],
      [{ t: "heal" }, 0],
      [{ t: "restart", n: 0 }, 5],
      [{ t: "elect", n: 0 }, 3], // term 2: S2 and S3 voted for S4 in it
      [{ t: "elect", n: 0 }, 117], // term 3: wins; its first heartbeat (100 ms) starts the catch-up
      [{ t: "crash", n: 0 }, 1],
      [{ t: "restart", n: 4 }, 10],
      [{ t: "elect", n: 4 }, 3], // term 3: S0 had the votes
      [{ t: "elect", n: 4 }, 30], // term 4
    ],
  },
  {
    // A vote forgotten across a restart, three nodes. S0 and S1 stand in term 1 at once; S2 votes
    // for S0, which wins. S0 is cut off; S2 crashes and restarts at once. S1 asks S2 again (a
    // candidate re-asks each heartbeat): a node that saved its vote before answering refuses, one
    // that answered first (the bug) grants it, and term 1 has two leaders (R1).
    name: "forgotten-vote",
    seed: 2,
    bug: "vote-not-persisted",
    invariant: "R1",
    steps: [
      START,
      [{ t: "elect", n: 0 }, 0],
      [{ t: "elect", n: 1 }, 5],
      [{ t: "split", a: [0] }, 1],
      [{ t: "crash", n: 2 }, 1],
      [{ t: "restart", n: 2 }, 60],
      [{ t: "heal" }, 100],
    ],
  },
  {
    // A stale read from a deposed leader (Jepsen's etcd and Consul analyses), three nodes. S0
    // leads and client 0 writes x through it. S0 is cut off and S1 wins term 2; client 1 writes x
    // again (its first try at S0 times out, its retry commits at S1). Client 0 then reads x at S0,
    // which still believes it leads: through the log the read never commits and is retried at S1;
    // answered from S0's state machine (the bug) it returns the old value after the new one was
    // acknowledged (RL).
    name: "deposed-leader-read",
    seed: 2,
    bug: "local-read",
    invariant: "RL",
    steps: [
      START,
      [{ t: "elect", n: 0 }, 60],
      [put(0, 0, 1), 30],
      [{ t: "split", a: [0] }, 1],
      [{ t: "elect", n: 1 }, 60],
      [put(1, 0, 2), 2600], // its try at S0 times out after 2 s; the retry commits at S1
      [get(0, 0, 3), 30],
      [{ t: "heal" }, 100],
    ],
  },
  {
    // A follower catching up after a crash (etcd #10166's shape), three nodes. S2 is down while
    // S0 commits four commands; restarted, it is sent the missing entries one per AppendEntries,
    // each carrying the leader's commit index. Bounded by the entries the message vouched for,
    // it commits what it holds; unbounded (the bug), it commits entries it does not hold (R5).
    name: "lagging-follower-commit",
    seed: 2,
    bug: "unbounded-follower-commit",
    invariant: "R5",
    steps: [
      START,
      [{ t: "elect", n: 0 }, 60],
      [{ t: "crash", n: 2 }, 1],
      [put(0, 0, 1), 5],
      [put(1, 0, 2), 5],
      [put(2, 0, 3), 5],
      [put(3, 0, 4), 5],
      [{ t: "restart", n: 2 }, 100],
    ],
  },
];

function replayFile(s: Scenario, bug: string | null): ReplayFile {
  const options = { ops: s.steps.length, faultLevel: "sunny", workload: "default", bug, keepGoing: false, thinkMsMin: 0, thinkMsMax: 30, livenessMsMax: 30_000, swarm: false };
  const ops = s.steps.map(([op, thinkMs]) => ({ op, thinkMs }));
  return parseReplay({ format: "simctl-replay/2", target: "raft", seed: s.seed, options, ops }, s.name);
}

/** The scenario's file without and with its bug, with what each replay gave as its expectation. */
export async function scenarioFiles(s: Scenario): Promise<{ clean: ReplayFile; buggy: ReplayFile }> {
  const pinned = async (file: ReplayFile): Promise<ReplayFile> => {
    const { result } = await verifyReplay(raft, file);
    const violation = result.violations[0]?.invariant;
    return { ...file, expect: { traceHash: result.traceHash, ...(violation !== undefined ? { violation } : {}) } };
  };
  return { clean: await pinned(replayFile(s, null)), buggy: await pinned(replayFile(s, s.bug)) };
}

async function main(): Promise<void> {
  const dir = join(import.meta.dirname, "..", "seeds");
  for (const s of SCENARIOS) {
    const { clean, buggy } = await scenarioFiles(s);
    if (clean.expect.violation !== undefined) throw new Error(`scenario ${s.name} fails without a bug: ${clean.expect.violation}`);
    if (buggy.expect.violation !== s.invariant) throw new Error(`scenario ${s.name} with ${s.bug} gives ${buggy.expect.violation ?? "no violation"}, not ${s.invariant}`);
    writeFileSync(join(dir, `raft-clean-scenario-${s.name}.json`), formatReplayFile(clean));
    writeFileSync(join(dir, `raft-scenario-${s.name}.json`), formatReplayFile(buggy));
    console.log(`${s.name}: passes clean (${clean.expect.traceHash}), ${s.bug} fails ${s.invariant} (${buggy.expect.traceHash})`);
  }
}

if (process.argv[1]?.endsWith("raft-scenarios.ts")) await main();

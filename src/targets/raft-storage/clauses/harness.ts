/**
 * Running the named clause checks on any store factory. Each clause is a short deterministic
 * script of contract calls (openraft's storage suite, one case per clause of contract.ts), run as
 * the single op of a one-seed run of a tiny target, so that the store's disk is the kernel's
 * simulated disk: its completions are events, its crashes lose what was not synced. A clause runs
 * on a quiet disk (no latency spread, no fault) unless it asks for crash faults (a torn last
 * write, a partial loss), and within one step, so every fault it asks for is drawn.
 */
import { defineTarget, Disk, DISK_EVENT_KINDS, DISK_FAULT_KINDS, DISK_QUIET, runSeed, type DiskApi, type DiskOptions, type RunContext } from "../../../index.js";
import type { RaftStorage, RaftStorageFactory } from "../contract.js";
import { Incarnation } from "../incarnation.js";
import { openStore } from "../open-store.js";

export type ClauseGroup = "S1" | "S2" | "S3" | "S4" | "S5" | "S6";

/** What a clause script gets besides the factory: the disk and the power switch. */
export interface ClauseHarness {
  /** The node id the store is configured with. */
  readonly nodeId: number;
  /** The disk of the store's current incarnation (each crash or restart starts a new one). */
  disk(): DiskApi;
  /** Build the store with the factory on the current incarnation's disk. */
  open(nodeId?: number): Promise<RaftStorage>;
  /** Power loss: the disk loses what was not synced (as its options say), then the store is built again. */
  crash(nodeId?: number): Promise<RaftStorage>;
  /** The process dies and starts again: every write it issued stays (the page cache survives). */
  restart(nodeId?: number): Promise<RaftStorage>;
  /** Power loss only (the next `open` builds the store), for a crash in the middle of a call. */
  powerOff(): void;
  /** The process dies only (the next `open` builds the store); its writes stay in the page cache. */
  kill(): void;
  /** Let `ms` simulated ms pass: disk operations in flight complete meanwhile. */
  sleep(ms: number): Promise<void>;
}

export interface Clause {
  /** A stable kebab-case name, as openraft's test functions have. */
  readonly id: string;
  /** The clause of contract.ts it checks, as one sentence. */
  readonly clause: string;
  readonly group: ClauseGroup;
  /** Crash faults for this clause, over a quiet disk. */
  readonly disk?: Partial<DiskOptions>;
  /** The seed of its one-seed run (which of a partial crash's writes survive). */
  readonly seed?: number;
  /** The script: undefined when the clause holds, else what went wrong (or a thrown ClauseFailure). */
  run(factory: RaftStorageFactory, h: ClauseHarness): Promise<void | string>;
}

export interface ClauseResult {
  readonly id: string;
  readonly clause: string;
  readonly group: ClauseGroup;
  readonly ok: boolean;
  readonly message?: string;
}

/** A clause's failure, thrown by the expectations in expect.ts. */
export class ClauseFailure extends Error {
  override readonly name = "ClauseFailure";
}

/** Simulated ms a clause may take (one step's think time). */
const CLAUSE_MS_MAX = 600_000;
const NODE_ID = 1;

/** Run `clause` on `factory`: ok, or the first thing that went wrong. */
export async function runClause(clause: Clause, factory: RaftStorageFactory): Promise<ClauseResult> {
  let outcome: { message: string | undefined } | undefined;
  const target = defineTarget<number>({
    name: "raft-storage-clause",
    description: `the clause check ${clause.id}`,
    invariants: {},
    bugs: {},
    workloads: { default: "one clause script" },
    eventKinds: [...DISK_EVENT_KINDS],
    faultKinds: [...DISK_FAULT_KINDS],
    thinkMs: { min: CLAUSE_MS_MAX, max: CLAUSE_MS_MAX },
    livenessMsMax: 0,
    create: (ctx) => ({
      nextOp: () => 0,
      apply: async () => {
        outcome = { message: await script(clause, factory, harness(ctx, clause, factory)) };
      },
      check: () => [],
      finish: () => [],
    }),
  });
  const run = await runSeed(target, clause.seed ?? 0, { ops: 1, faultLevel: "sunny" });
  const thrown = run.violations.find((v) => v.invariant !== "liveness");
  const message =
    outcome !== undefined ? outcome.message : thrown !== undefined ? `the store threw: ${thrown.message}` : `did not finish within ${CLAUSE_MS_MAX} simulated ms: a store call never answered`;
  const base = { id: clause.id, clause: clause.clause, group: clause.group };
  return message === undefined ? { ...base, ok: true } : { ...base, ok: false, message };
}

/** The script's verdict: undefined, its message, or what it threw. */
async function script(clause: Clause, factory: RaftStorageFactory, h: ClauseHarness): Promise<string | undefined> {
  try {
    const answer = await clause.run(factory, h);
    return typeof answer === "string" ? answer : undefined;
  } catch (err) {
    if (err instanceof ClauseFailure) return err.message;
    return `the store threw: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  }
}

function harness(ctx: RunContext, clause: Clause, factory: RaftStorageFactory): ClauseHarness {
  const disk = new Disk(ctx, { ...DISK_QUIET, ...clause.disk });
  let life = new Incarnation(disk);
  const reincarnate = (): void => {
    life.kill();
    life = new Incarnation(disk);
  };
  const h: ClauseHarness = {
    nodeId: NODE_ID,
    disk: () => life,
    open: (nodeId = NODE_ID) => openStore(factory, life, nodeId),
    crash: (nodeId) => {
      h.powerOff();
      return h.open(nodeId);
    },
    restart: (nodeId) => {
      h.kill();
      return h.open(nodeId);
    },
    kill: reincarnate,
    powerOff: () => {
      disk.crash();
      reincarnate();
    },
    sleep: (ms) => ctx.sleep(ms),
  };
  return h;
}

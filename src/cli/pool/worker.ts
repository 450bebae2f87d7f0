/**
 * The worker thread that runs a target: the only place a user's target module is imported and
 * its code executed. It loads the target once, says `ready` with the target's description, then
 * serves requests one at a time:
 *
 * - `seeds` (the sweep pool): run each seed with the request's options and post each result;
 * - `task` (a target session: run, replay, shrink, list): run one seed with hooks, parse replayed
 *   ops, call shrinkOp or describeOp, and answer `done` or `failed`.
 *
 * Anything that kills the thread (an infinite loop stopped by the watchdog, running out of memory,
 * `process.exit` or an unhandled rejection in the system under test) is seen and reported by the
 * main thread (watched-worker.ts), which starts a new worker when it needs one.
 */
import { parentPort, workerData } from "node:worker_threads";
import { brief, errorText, jsonOf } from "../../core/boundary.js";
import { checkClauses } from "../../core/conformance.js";
import { InputError } from "../../core/errors.js";
import type { ResolvedOptions } from "../../core/options.js";
import { parseReplayOps } from "../../core/replay.js";
import { runSeed, type RunResult } from "../../core/run.js";
import { checkedVariants } from "../../core/shrink.js";
import type { Target } from "../../core/target.js";
import { collectors } from "../html/collect.js";
import { importTarget } from "../isolate/import-target.js";
import { targetInfo } from "../isolate/target-info.js";
import { PHASE, PROGRESS, type RunAnswer, type Task, type WorkerMessage, type WorkerRequest, type WorkerSetup } from "./protocol.js";

const port = parentPort;
const setup = workerData as WorkerSetup;
const progress = new Float64Array(setup.progress);

async function main(): Promise<void> {
  if (port === null) return;
  let target: Target<unknown>;
  let info;
  try {
    target = await importTarget(setup.targetSpec, setup.cwd, setup.implSpec);
    info = targetInfo(target, setup.targetSpec);
  } catch (err) {
    return post({ type: "fatal", message: errorMessage(err), input: err instanceof InputError });
  }
  const loaded = target;
  // One request at a time, in order.
  let queue = Promise.resolve();
  port.on("message", (request: WorkerRequest) => {
    queue = queue.then(() => serve(loaded, request));
  });
  post({ type: "ready", info });
}

async function serve(target: Target<unknown>, request: WorkerRequest): Promise<void> {
  if (request.type === "seeds") {
    try {
      for (const seed of request.seeds) post({ type: "result", result: await runWatched(target, seed, request.options, {}) });
    } catch (err) {
      post({ type: "fatal", message: errorMessage(err), input: err instanceof InputError });
    }
    return;
  }
  try {
    post({ type: "done", id: request.id, value: await perform(target, request.task) });
  } catch (err) {
    post({ type: "failed", id: request.id, message: errorMessage(err), input: err instanceof InputError });
  }
}

async function perform(target: Target<unknown>, task: Task): Promise<unknown> {
  switch (task.kind) {
    case "run": {
      const collect = collectors(task);
      const result = await runWatched(target, task.seed, task.options, {
        steps: task.steps,
        legacyFaultKeys: task.legacyFaultKeys,
        record: task.record,
        expectCheckpoints: task.expectCheckpoints,
        ...collect.hooks,
      });
      const answer: RunAnswer = { result, ...collect.collected() };
      return answer;
    }
    case "parse":
      return target.parseOp === undefined ? task.steps : parseReplayOps(target.parseOp, task.steps, task.source);
    case "shrink-op": {
      const shrinkOp = target.shrinkOp;
      if (shrinkOp === undefined) return [];
      let answer: unknown;
      try {
        answer = shrinkOp(task.op);
      } catch (err) {
        throw new Error(`shrinkOp(${brief(task.op, 40)}) threw ${errorText(err)}`);
      }
      return checkedVariants(answer, task.op);
    }
    case "describe":
      return task.ops.map((op) => describe(target, op));
    case "clauses":
      return checkClauses(target, { bug: task.bug });
  }
}

/** Run one seed with its progress in the shared buffer; stray async work gets a turn before the result goes out. */
async function runWatched(target: Target<unknown>, seed: number, options: ResolvedOptions, hooks: Parameters<typeof runSeed>[3]): Promise<RunResult> {
  progress[PROGRESS.seed] = seed;
  progress[PROGRESS.phase] = PHASE.running;
  const result = await runSeed(target, seed, options, { ...hooks, progress });
  progress[PROGRESS.phase] = PHASE.after;
  // Let the seed's stray async work (a rejected promise, a zero-delay timer) fail now, while
  // this seed is still the one in flight, so a crash is blamed on the seed that caused it.
  await new Promise((resolve) => setImmediate(resolve));
  progress[PROGRESS.phase] = PHASE.idle;
  return result;
}

function describe(target: Target<unknown>, op: unknown): string {
  try {
    const text: unknown = target.describeOp?.(op);
    if (typeof text === "string") return text;
  } catch {
    // The run that showed this op reported the describeOp failure; here its JSON will do.
  }
  return jsonOf(op);
}

/**
 * Post a message; one that cannot be cloned (a target put a function or a symbol into a
 * violation's details or an op) is sent as its JSON instead, and failing that as an error.
 */
function post(m: WorkerMessage): void {
  try {
    port!.postMessage(m);
  } catch (err) {
    let plain: WorkerMessage;
    try {
      plain = JSON.parse(JSON.stringify(m, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))) as WorkerMessage;
    } catch {
      plain = "id" in m ? { type: "failed", id: m.id, message: `the target's answer cannot be sent between threads: ${errorMessage(err)}`, input: false } : { type: "fatal", message: errorMessage(err), input: false };
    }
    port!.postMessage(plain);
  }
}

function errorMessage(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

// Awaited at the top level: a target module whose own top-level await never settles then ends
// this thread with exit code 13, which the main thread reports as exactly that.
await main();

/**
 * A sweep worker thread: loads the target once, then runs the seeds the pool sends, one at a
 * time, and posts each result back. Anything that kills the thread (an infinite loop stopped by
 * the watchdog, running out of memory, `process.exit` in the system under test) is seen and
 * reported by the pool, which starts a new worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../../core/errors.js";
import { runSeed } from "../../core/run.js";
import { loadTarget } from "../load-target.js";
import type { RunRequest, WorkerMessage, WorkerSetup } from "./protocol.js";

const port = parentPort;
const setup = workerData as WorkerSetup;

async function main(): Promise<void> {
  if (port === null) return;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  let target;
  try {
    target = await loadTarget(setup.targetSpec, setup.cwd);
  } catch (err) {
    return post({ type: "fatal", message: (err as Error).message, input: err instanceof InputError });
  }
  const loaded = target;
  port.on("message", (request: RunRequest) => {
    void (async () => {
      for (const seed of request.seeds) {
        const result = await runSeed(loaded, seed, setup.options);
        // Let the seed's stray async work (a rejected promise, a zero-delay timer) fail now, while
        // this seed is still the one in flight, so a crash is blamed on the seed that caused it.
        await new Promise((resolve) => setImmediate(resolve));
        post({ type: "result", result });
      }
    })().catch((err: unknown) => post({ type: "fatal", message: errorText(err), input: err instanceof InputError }));
  });
  post({ type: "ready" });
}

function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

void main();

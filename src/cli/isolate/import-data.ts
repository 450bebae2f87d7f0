/**
 * Load the default export of a user's data module (`--backend ./contract.ts`) in a watched worker
 * thread: a module that throws, exits, loops or never settles its top-level await is bad input
 * (exit 2) with one line saying which, and the main thread only ever sees JSON.
 */
import { Worker } from "node:worker_threads";
import { InputError } from "../../core/errors.js";

const DATA_WORKER_URL = new URL("./data-worker.js", import.meta.url);
/** Loading compiles TypeScript: generous, and still a bound. */
const LOAD_TIMEOUT_MS = 30_000;

type Answer = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string };

export function importData(spec: string, cwd: string, what: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DATA_WORKER_URL, { workerData: { spec, cwd, what } });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new InputError(`${what} '${spec}' did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s: it loops, or awaits something that never happens`))), LOAD_TIMEOUT_MS);
    worker.on("message", (m: Answer) =>
      settle(() => {
        if (!m.ok) return reject(new InputError(m.message.startsWith("cannot load") || m.message.includes("not found") ? m.message : `cannot load ${what} '${spec}': ${m.message}`));
        resolve(JSON.parse(m.json) as unknown);
      }),
    );
    worker.on("error", (err) => settle(() => reject(new InputError(`cannot load ${what} '${spec}': ${err.message.split("\n")[0] ?? ""}`))));
    worker.on("exit", (code) => settle(() => reject(new InputError(`${what} '${spec}' exited (code ${code}) while loading`))));
  });
}

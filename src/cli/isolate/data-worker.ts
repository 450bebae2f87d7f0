/**
 * The worker thread that imports a user's data module (a backend contract written in TypeScript
 * or JavaScript) and posts its default export back as JSON, so that the main thread never runs a
 * user's code (import-data.ts watches it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { defaultExport, importModule, loadErrorText } from "./import-target.js";

interface DataSetup {
  readonly spec: string;
  readonly cwd: string;
  readonly what: string;
}

const setup = workerData as DataSetup;
try {
  const mod = await importModule(setup.spec, setup.cwd, setup.what);
  const value = defaultExport(mod.default);
  // JSON, not a structured clone: what crosses back is data only (no functions, no getters).
  parentPort?.postMessage({ ok: true, json: JSON.stringify(value ?? null) });
} catch (err) {
  parentPort?.postMessage({ ok: false, message: loadErrorText(err) });
}

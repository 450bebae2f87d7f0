/**
 * The JSON reporter: versioned documents that scripts (and `simctl merge`) read. The sweep
 * document and its format constant live in `core/report.ts` (its one source of truth, with the
 * schema merge validates against); this file renders it and the single-run document.
 */
import type { SweepDoc } from "../../core/report.js";
import type { RunResult } from "../../core/run.js";
import { seedStatus } from "../../core/sweep.js";

export { SWEEP_REPORT_FORMAT } from "../../core/report.js";

/** `simctl run --reporter json`; /2 adds `status` and the `inconclusive` entries. */
export const RUN_REPORT_FORMAT = "simctl-run/2";

type ReplayFor = (seed: number, traceHash: string) => string;

/** The sweep document as `JSON.stringify(doc, null, 2)` would write it, as one string. */
export function renderSweepJson(doc: SweepDoc): string {
  return [...sweepJsonChunks(doc)].join("");
}

/** Characters per chunk of {@link sweepJsonChunks}. */
const CHUNK_CHARS = 1 << 20;

/**
 * The sweep document, byte for byte as `JSON.stringify(doc, null, 2) + "\n"`, in chunks of about
 * a megabyte: a report of many seeds can be larger than the longest string V8 can hold.
 */
export function* sweepJsonChunks(doc: SweepDoc): Generator<string> {
  const { seeds, failures, ...head } = doc;
  const opening = JSON.stringify(head, null, 2);
  let buffer = opening.slice(0, opening.length - 2);
  yield* array("seeds", seeds);
  yield* array("failures", failures);
  yield `${buffer}\n}\n`;

  function* array(name: string, items: readonly unknown[]): Generator<string> {
    buffer += `,\n  ${JSON.stringify(name)}: `;
    if (items.length === 0) buffer += "[]";
    else {
      buffer += "[";
      for (let i = 0; i < items.length; i++) {
        buffer += `${i === 0 ? "" : ","}\n    ${JSON.stringify(items[i], null, 2).replace(/\n/g, "\n    ")}`;
        if (buffer.length >= CHUNK_CHARS) {
          yield buffer;
          buffer = "";
        }
      }
      buffer += "\n  ]";
    }
  }
}

export function runJson(result: RunResult, wallMs: number, replay: ReplayFor): string {
  const judged = result.violations.length > 0 || result.inconclusive.length > 0;
  const doc = {
    format: RUN_REPORT_FORMAT,
    target: result.target,
    seed: result.seed,
    status: seedStatus(result),
    options: result.options,
    steps: result.steps,
    timeMs: result.timeMs,
    traceHash: result.traceHash,
    wallMs: Math.round(wallMs),
    histogram: result.histogram,
    violations: result.violations,
    inconclusive: result.inconclusive,
    ...(judged ? { recentOps: result.recentOps ?? [] } : {}),
    ...(result.stuck !== undefined ? { stuck: result.stuck } : {}),
    replay: replay(result.seed, result.traceHash),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

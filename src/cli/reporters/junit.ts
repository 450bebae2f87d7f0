/**
 * The JUnit reporter: one testcase per seed (CI systems show them per test). A failed seed
 * carries its invariant, message and replay command; an errored one (hang, crash) is a JUnit
 * error; an inconclusive one (a check that ran out of budget) is skipped with the reason as the
 * skip message and the replay command as its output; a seed that never ran is skipped with why.
 *
 * Written as a stream of chunks (a million-seed report does not fit one string, nor an XML
 * object tree), in the layout junit-report-builder writes, which JUnit readers parse.
 */
import type { FailureDoc, SweepDoc } from "../../core/report.js";
import { describeCuts } from "./text.js";

/** The whole document as one string (small reports, tests). */
export function renderJunit(doc: SweepDoc): string {
  return [...junitChunks(doc)].join("");
}

const CHUNK_CHARS = 1 << 20;

export function* junitChunks(doc: SweepDoc): Generator<string> {
  const o = doc.options;
  const s = doc.summary;
  const counts = `tests="${s.seeds}" failures="${s.failed}" errors="${s.errored}" skipped="${s.inconclusive + s.notRun}"`;
  const suite = `simctl ${doc.target} ${o.workload} ${o.faultLevel}${o.bug !== null ? ` bug=${o.bug}` : ""}`;
  const className = attr(`simctl.${doc.target}.${o.workload}.${o.faultLevel}`);
  const notRun = `not run: ${doc.stopped !== undefined ? `the sweep stopped early (${doc.stopped.message})` : "the sweep was interrupted"}`;
  const failures = new Map<number, FailureDoc>(doc.failures.map((f) => [f.seed, f]));
  let buffer = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${counts}>\n  <testsuite name="${attr(suite)}" ${counts}>\n`;
  for (const seed of doc.seeds) {
    const open = `    <testcase classname="${className}" name="seed ${seed.seed}"`;
    const f = failures.get(seed.seed);
    if (seed.status === "not-run") buffer += `${open}>\n      <skipped message="${attr(notRun)}"/>\n    </testcase>\n`;
    else if (f === undefined || seed.status === "passed") buffer += `${open}/>\n`;
    else {
      const v = f.violations[0]!;
      const message = `${v.invariant} at step #${v.step}: ${v.message}`;
      const cuts = f.truncated !== undefined ? [`(${describeCuts(f.truncated)})`] : [];
      const body = [message, ...f.recentOps, ...cuts, `replay: ${f.replay}`].join("\n");
      if (seed.status === "inconclusive") {
        buffer += `${open}>\n      <skipped message="${attr(`inconclusive: ${message}`)}"/>\n      <system-out>${cdata(`inconclusive: ${body}`)}</system-out>\n    </testcase>\n`;
      } else {
        const tag = seed.status === "errored" ? "error" : "failure";
        buffer += `${open}>\n      <${tag} message="${attr(message)}" type="${attr(v.invariant)}">${cdata(body)}</${tag}>\n    </testcase>\n`;
      }
    }
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = "";
    }
  }
  yield `${buffer}  </testsuite>\n</testsuites>`;
}

/** XML 1.0 cannot carry most control characters at all, even escaped. */
function xmlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "?").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "?");
}

function attr(text: string): string {
  return xmlChars(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/** A CDATA section; `]]>` inside the text is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/**
 * The JUnit reporter: one testcase per seed (CI systems show them per test). A failed seed
 * carries its invariant, message and replay command; an errored one (hang, crash) is a JUnit
 * error; an inconclusive one (a check that ran out of budget) is skipped with the reason as the
 * skip message and the replay command as its output; a seed that never ran is skipped. Built with
 * junit-report-builder.
 */
import junitModule, { type Builder } from "junit-report-builder";
import type { SweepDoc } from "../../core/report.js";

// The package is CommonJS whose module.exports is the builder while its types declare a default
// export: take whichever the loader hands us.
const builder = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

export function renderJunit(doc: SweepDoc): string {
  const report = builder.newBuilder();
  const o = doc.options;
  const suite = report.testSuite().name(`simctl ${doc.target} ${o.workload} ${o.faultLevel}${o.bug !== null ? ` bug=${o.bug}` : ""}`);
  const failures = new Map(doc.failures.map((f) => [f.seed, f]));
  const className = `simctl.${doc.target}.${o.workload}.${o.faultLevel}`;
  const skipMessages = new Map<number, string>();
  for (const s of doc.seeds) {
    const tc = suite.testCase().className(className).name(`seed ${s.seed}`);
    const f = failures.get(s.seed);
    if (s.status === "not-run") {
      tc.skipped();
      skipMessages.set(s.seed, "not run: the sweep was interrupted");
    } else if (f !== undefined) {
      const v = f.violations[0]!;
      const message = `${v.invariant} at step #${v.step}: ${v.message}`;
      const body = [message, ...f.recentOps, `replay: ${f.replay}`].join("\n");
      if (s.status === "inconclusive") {
        tc.skipped().standardOutput(`inconclusive: ${body}`);
        skipMessages.set(s.seed, `inconclusive: ${message}`);
      } else if (s.status === "errored") tc.error(message, v.invariant, body);
      else tc.failure(message, v.invariant).stacktrace(body);
    }
  }
  return withSkipMessages(report.build(), skipMessages);
}

/**
 * The builder writes `<skipped/>` without a message; JUnit readers show `<skipped message="...">`,
 * so add it. Testcase names are ours (`seed N`), so finding each seed's element is unambiguous.
 */
function withSkipMessages(xml: string, messages: ReadonlyMap<number, string>): string {
  if (messages.size === 0) return xml;
  return xml.replace(/(<testcase\b[^>]*\bname="seed (\d+)"[^>]*>\s*)<skipped\/>/g, (whole, head: string, seed: string) => {
    const message = messages.get(Number(seed));
    return message === undefined ? whole : `${head}<skipped message="${escapeAttribute(message)}"/>`;
  });
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;")
    // XML 1.0 cannot carry most control characters at all, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "?");
}

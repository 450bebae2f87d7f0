/**
 * The JUnit reporter: one testcase per seed (CI systems show them per test). A failed seed
 * carries its invariant, message and replay command; an errored one (hang, crash) is a JUnit
 * error; a seed that never ran is skipped. Built with junit-report-builder.
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
  for (const s of doc.seeds) {
    const tc = suite.testCase().className(className).name(`seed ${s.seed}`);
    const f = failures.get(s.seed);
    if (s.status === "not-run") tc.skipped();
    else if (f !== undefined) {
      const v = f.violations[0]!;
      const message = `${v.invariant} at step #${v.step}: ${v.message}`;
      const body = [message, ...f.recentOps, `replay: ${f.replay}`].join("\n");
      if (s.status === "errored") tc.error(message, v.invariant, body);
      else tc.failure(message, v.invariant).stacktrace(body);
    }
  }
  return report.build();
}

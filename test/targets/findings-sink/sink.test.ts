/** The findings sink's semantics, directly: validate-then-mutate, each error kind with its key. */
import { describe, expect, it } from "vitest";
import { FindingsSinkError } from "../../../src/targets/findings-sink/errors.js";
import type { FindingsBatch, Observation } from "../../../src/targets/findings-sink/model.js";
import { FindingsOracle, noEffects } from "../../../src/targets/findings-sink/oracle.js";
import { InMemoryFindingsSink, type SinkBugs } from "../../../src/targets/findings-sink/sink.js";

const obs = (id: string, occ: string, seenAt: number, identity = "i"): Observation => ({ observationId: id, occurrenceId: occ, identity, seenAt, location: "l", runId: `r${seenAt}` });
const full: FindingsBatch = {
  tenant: "t",
  findings: [{ findingId: "f1", content: "c1" }],
  occurrences: [{ occurrenceId: "o1", findingId: "f1", content: "oc1" }],
  observations: [obs("b1", "o1", 10)],
};

function sink(bugs: SinkBugs = {}) {
  return new InMemoryFindingsSink(bugs, () => undefined);
}

function errorOf(s: InMemoryFindingsSink, batch: FindingsBatch): string | null {
  const h = s.upsertBatch(batch);
  return h.error instanceof FindingsSinkError ? `${h.error.kind} ${h.error.key}` : h.state;
}

describe("findings sink", () => {
  it("accepts a full batch, parents first, and dedupes an exact replay", () => {
    const s = sink();
    expect(errorOf(s, full)).toBe("applied");
    expect(s.durableCounts()).toEqual({ findings: 1, occurrences: 1, observations: 1 });
    expect(errorOf(s, full)).toBe("applied");
    expect(s.durableCounts()).toEqual({ findings: 1, occurrences: 1, observations: 1 });
  });

  it("reports each error kind with the offending key, and mutates nothing", () => {
    const s = sink();
    s.upsertBatch(full);
    const cases: [FindingsBatch, string][] = [
      [{ ...full, findings: [{ findingId: "", content: "x" }] }, "BatchValidation t/"],
      [{ ...full, findings: [{ findingId: "f1", content: "other" }] }, "FindingConflict t/f1"],
      [{ ...full, occurrences: [{ occurrenceId: "o1", findingId: "f1", content: "other" }] }, "OccurrenceConflict t/o1"],
      [{ tenant: "t", findings: [], occurrences: [{ occurrenceId: "o2", findingId: "f9", content: "x" }], observations: [] }, "MissingFinding t/o2"],
      [{ tenant: "t", findings: [], occurrences: [], observations: [obs("b1", "o1", 20, "other")] }, "ObservationConflict t/b1"],
      [{ tenant: "t", findings: [{ findingId: "f7", content: "x" }], occurrences: [], observations: [obs("b2", "o9", 20)] }, "MissingOccurrence t/b2"],
    ];
    for (const [batch, expected] of cases) {
      expect(errorOf(s, batch)).toBe(expected);
      expect(s.durableCounts()).toEqual({ findings: 1, occurrences: 1, observations: 1 });
    }
    expect(s.getFinding("t", "f7")).toBeUndefined();
  });

  it("keeps the fresher observation provenance and ignores a staler one", () => {
    const s = sink();
    s.upsertBatch(full);
    s.upsertBatch({ tenant: "t", findings: [], occurrences: [], observations: [obs("b1", "o1", 30)] });
    expect(s.getObservation("t", "b1")?.seenAt).toBe(30);
    s.upsertBatch({ tenant: "t", findings: [], occurrences: [], observations: [obs("b1", "o1", 20)] });
    expect(s.getObservation("t", "b1")?.seenAt).toBe(30);
  });

  it("returns sorted snapshots", () => {
    const s = sink();
    s.upsertBatch({ tenant: "t", findings: [{ findingId: "f2", content: "x" }, { findingId: "f1", content: "y" }], occurrences: [], observations: [] });
    expect(s.findingsSnapshot().map(([k]) => k)).toEqual(["t\u0000f1", "t\u0000f2"]);
  });

  it("agrees with the oracle's verdict on every case, and the bugs break that", () => {
    const batches: FindingsBatch[] = [
      full,
      { ...full, findings: [{ findingId: "f1", content: "other" }] },
      { tenant: "t", findings: [{ findingId: "f3", content: "c" }], occurrences: [{ occurrenceId: "o3", findingId: "f3", content: "c" }], observations: [] },
      { tenant: "t", findings: [], occurrences: [{ occurrenceId: "o4", findingId: "f8", content: "c" }], observations: [] },
    ];
    const verdicts = (bugs: SinkBugs) => {
      const s = sink(bugs);
      const o = new FindingsOracle();
      return batches.map((b, i) => {
        const v = o.apply(i, b, noEffects());
        return [errorOf(s, b), v.ok ? "applied" : `${v.kind} ${v.key}`];
      });
    };
    for (const [got, want] of verdicts({})) expect(got).toBe(want);
    expect(verdicts({ durableParentsOnly: true }).some(([g, w]) => g !== w)).toBe(true);
    expect(verdicts({ orphanOccurrences: true }).some(([g, w]) => g !== w)).toBe(true);
  });
});

/**
 * The findings store contract clause by clause (see contract.ts): one deterministic case each, on
 * a fresh store from the factory, answering a sentence that names what broke. `simctl conformance
 * findings-sink [--impl ./my-store.ts]` runs them before its sweep; the built-in target runs them
 * on the reference store. Groups are the target's invariants.
 */
import type { ContractClause } from "../../index.js";
import { firstProblem } from "../shared/first-problem.js";
import { makeStore } from "../shared/store-call.js";
import { FINDINGS_METHODS, type FindingsStore, type FindingsStoreFactory } from "./contract.js";
import { isSinkError, type FindingsErrorKind } from "./errors.js";
import { sameObservation, showObservation, type DurableCounts, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";

const T = "t-acme";
const finding = (findingId: string, content = `c-${findingId}`): Finding => ({ findingId, content });
const occurrence = (occurrenceId: string, findingId: string, content = `c-${occurrenceId}`): Occurrence => ({ occurrenceId, findingId, content });
const observation = (observationId: string, occurrenceId: string, seenAt = 10, over: Partial<Observation> = {}): Observation => ({ observationId, occurrenceId, identity: "ident", seenAt, location: "loc", runId: `run-${seenAt}`, ...over });
const batch = (rows: Partial<Omit<FindingsBatch, "tenant">>, tenant = T): FindingsBatch => ({ tenant, findings: [], occurrences: [], observations: [], ...rows });

/** A finding, its occurrence and a sighting of it. */
const FULL = batch({ findings: [finding("f1")], occurrences: [occurrence("o1", "f1")], observations: [observation("b1", "o1")] });

function showError(err: unknown): string {
  if (isSinkError(err)) return `${err.kind} at ${err.key}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

const showCounts = (c: DurableCounts): string => `${c.findings}/${c.occurrences}/${c.observations}`;

export function findingsClauses(factory: FindingsStoreFactory): ContractClause[] {
  const fresh = (): Promise<FindingsStore> => makeStore(factory, FINDINGS_METHODS);

  /** A store holding `batches`, each accepted (else a sentence saying which was not). */
  async function holding(...batches: FindingsBatch[]): Promise<FindingsStore | string> {
    const store = await fresh();
    for (const [i, b] of batches.entries()) {
      try {
        await store.upsertBatch(b);
      } catch (err) {
        return `setting up, valid batch #${i + 1} was rejected (${showError(err)})`;
      }
    }
    return store;
  }

  async function accepts(store: FindingsStore, b: FindingsBatch, what: string): Promise<string | undefined> {
    try {
      await store.upsertBatch(b);
      return undefined;
    } catch (err) {
      return `${what} was rejected (${showError(err)})`;
    }
  }

  async function rejects(store: FindingsStore, b: FindingsBatch, kind: FindingsErrorKind, key: string, what: string): Promise<string | undefined> {
    try {
      await store.upsertBatch(b);
    } catch (err) {
      return isSinkError(err) && err.kind === kind && err.key === key ? undefined : `${what} was rejected with ${showError(err)}, expected ${kind} at ${key}`;
    }
    return `${what} was accepted, expected a rejection with ${kind} at ${key}`;
  }

  async function counts(store: FindingsStore, want: DurableCounts, what: string): Promise<string | undefined> {
    const got = await store.durableCounts();
    return got.findings === want.findings && got.occurrences === want.occurrences && got.observations === want.observations ? undefined : `${what}, durableCounts is ${showCounts(got)}, expected ${showCounts(want)}`;
  }

  /** `what` on a store holding FULL: rejected with `kind` at `key`, FULL's rows and the counts untouched. */
  async function rejectedOnFull(b: FindingsBatch, kind: FindingsErrorKind, key: string, what: string): Promise<string | undefined> {
    const store = await holding(FULL);
    if (typeof store === "string") return store;
    return firstProblem(
      () => rejects(store, b, kind, key, what),
      () => untouched(store, `after ${what}`),
    );
  }

  /** FULL's rows as written, and nothing else. */
  async function untouched(store: FindingsStore, when: string): Promise<string | undefined> {
    const [f, o, b] = [await store.getFinding(T, "f1"), await store.getOccurrence(T, "o1"), await store.getObservation(T, "b1")];
    if (f?.content !== "c-f1") return `${when}, finding ${T}/f1 is ${f?.content ?? "absent"}, expected c-f1`;
    if (o?.content !== "c-o1" || o.findingId !== "f1") return `${when}, occurrence ${T}/o1 is ${o === null ? "absent" : `${o.content} of ${o.findingId}`}, expected c-o1 of f1`;
    if (b === null || !sameObservation(b, FULL.observations[0]!)) return `${when}, observation ${T}/b1 is ${showObservation(b ?? undefined)}, expected ${showObservation(FULL.observations[0])}`;
    return counts(store, { findings: 1, occurrences: 1, observations: 1 }, when);
  }

  return [
    {
      id: "accepted-batch-readable",
      group: "F7",
      clause: "an accepted batch's finding, occurrence and observation read back through the gets, the snapshots and durableCounts",
      check: async () => {
        const store = await holding(FULL);
        if (typeof store === "string") return store;
        const [f, o, b] = [await store.findingsSnapshot(), await store.occurrencesSnapshot(), await store.observationsSnapshot()];
        if (f.length !== 1 || f[0]?.tenant !== T || o.length !== 1 || b.length !== 1) return `the snapshots list ${f.length}/${o.length}/${b.length} rows (first tenant ${f[0]?.tenant ?? "none"}), expected 1/1/1 in ${T}`;
        return untouched(store, "after one batch");
      },
    },
    {
      id: "replay-adds-no-row",
      group: "F5",
      clause: "replaying a batch does not grow durableCounts nor the snapshots",
      check: async () => {
        const store = await holding(FULL, FULL, FULL);
        if (typeof store === "string") return store;
        const rows = [(await store.findingsSnapshot()).length, (await store.occurrencesSnapshot()).length, (await store.observationsSnapshot()).length];
        if (rows.join("/") !== "1/1/1") return `after the same batch three times, the snapshots list ${rows.join("/")} rows, expected 1/1/1`;
        return counts(store, { findings: 1, occurrences: 1, observations: 1 }, "after the same batch three times");
      },
    },
    {
      id: "identical-rows-deduped",
      group: "F2",
      clause: "a finding or occurrence sent again with the same content is kept once, within a batch or across batches",
      check: async () => {
        const store = await holding(batch({ findings: [finding("f1"), finding("f1")] }), batch({ findings: [finding("f1")], occurrences: [occurrence("o1", "f1"), occurrence("o1", "f1")] }));
        if (typeof store === "string") return store;
        return counts(store, { findings: 1, occurrences: 1, observations: 0 }, "after f1 three times and o1 twice");
      },
    },
    {
      id: "finding-conflict",
      group: "F2",
      clause: "a finding whose content differs from the durable one, or from one earlier in its batch, is rejected with FindingConflict",
      check: () =>
        firstProblem(
          () => rejectedOnFull(batch({ findings: [finding("f1", "other")] }), "FindingConflict", `${T}/f1`, "a batch changing finding f1's content"),
          async () => rejects(await fresh(), batch({ findings: [finding("f2", "a"), finding("f2", "b")] }), "FindingConflict", `${T}/f2`, "a batch with two contents for finding f2"),
        ),
    },
    {
      id: "occurrence-conflict",
      group: "F2",
      clause: "an occurrence whose content or finding differs from the durable one is rejected with OccurrenceConflict",
      check: () =>
        firstProblem(
          () => rejectedOnFull(batch({ occurrences: [occurrence("o1", "f1", "other")] }), "OccurrenceConflict", `${T}/o1`, "a batch changing occurrence o1's content"),
          () => rejectedOnFull(batch({ findings: [finding("f2")], occurrences: [occurrence("o1", "f2")] }), "OccurrenceConflict", `${T}/o1`, "a batch moving occurrence o1 to finding f2"),
        ),
    },
    {
      id: "missing-finding",
      group: "F1",
      clause: "an occurrence without its finding (in the batch or durable) is rejected with MissingFinding",
      check: async () => rejects(await fresh(), batch({ occurrences: [occurrence("o1", "f9")] }), "MissingFinding", `${T}/o1`, "an occurrence of a finding that does not exist"),
    },
    {
      id: "missing-occurrence",
      group: "F1",
      clause: "an observation without its occurrence (in the batch or durable) is rejected with MissingOccurrence",
      check: async () => rejects(await fresh(), batch({ findings: [finding("f1")], observations: [observation("b1", "o9")] }), "MissingOccurrence", `${T}/b1`, "an observation of an occurrence that does not exist"),
    },
    {
      id: "parents-in-batch-or-durable",
      group: "F4",
      clause: "a row may name a parent written earlier in the same batch or by an earlier batch",
      check: async () => {
        const store = await fresh();
        return firstProblem(
          () => accepts(store, FULL, "a batch whose parents are all in the batch"),
          () => accepts(store, batch({ occurrences: [occurrence("o2", "f1")], observations: [observation("b2", "o2"), observation("b3", "o1")] }), "a batch naming durable parents f1 and o1"),
          () => counts(store, { findings: 1, occurrences: 2, observations: 3 }, "after both"),
        );
      },
    },
    {
      id: "rejected-batch-leaves-nothing",
      group: "F3",
      clause: "a rejected batch changes nothing: none of its findings, occurrences or observations is written, durableCounts unchanged",
      check: async () => {
        const orphaned = batch({ findings: [finding("f2")], occurrences: [occurrence("o2", "f2")], observations: [observation("b1", "o1", 99), observation("b2", "o2"), observation("b3", "o9")] });
        const what = "a batch whose last observation is orphaned";
        const store = await holding(FULL);
        if (typeof store === "string") return store;
        const problem = await rejects(store, orphaned, "MissingOccurrence", `${T}/b3`, what);
        if (problem !== undefined) return problem;
        const left = [(await store.getFinding(T, "f2")) && "finding f2", (await store.getOccurrence(T, "o2")) && "occurrence o2", (await store.getObservation(T, "b2")) && "observation b2"].filter(Boolean);
        return left.length === 0 ? untouched(store, `after ${what}`) : `${what} was rejected but left ${left.join(", ")} behind`;
      },
    },
    {
      id: "observation-identity-fixed",
      group: "F6",
      clause: "an observation whose identity (occurrenceId, identity) differs from the durable one is rejected with ObservationConflict",
      check: () =>
        firstProblem(
          () => rejectedOnFull(batch({ observations: [observation("b1", "o1", 50, { identity: "other" })] }), "ObservationConflict", `${T}/b1`, "a later sighting of b1 with another identity"),
          () => rejectedOnFull(batch({ occurrences: [occurrence("o2", "f1")], observations: [observation("b1", "o2", 50)] }), "ObservationConflict", `${T}/b1`, "a later sighting of b1 under occurrence o2"),
        ),
    },
    {
      id: "observation-fresher-wins",
      group: "F6",
      clause: "an observation's provenance is its latest sighting (seenAt); an earlier or tied one keeps the durable row",
      check: async () => {
        const store = await holding(FULL);
        if (typeof store === "string") return store;
        const later = observation("b1", "o1", 20, { location: "loc-2" });
        const steps: [Observation, Observation, string][] = [
          [later, later, "a later sighting"],
          [observation("b1", "o1", 15, { location: "loc-3" }), later, "an earlier sighting after it"],
          [observation("b1", "o1", 20, { runId: "run-tie" }), later, "a sighting tied on seenAt"],
        ];
        for (const [sent, want, what] of steps) {
          const problem = await accepts(store, batch({ observations: [sent] }), what);
          if (problem !== undefined) return problem;
          const got = await store.getObservation(T, "b1");
          if (got === null || !sameObservation(got, want)) return `after ${what}, observation b1 is ${showObservation(got ?? undefined)}, expected ${showObservation(want)}`;
        }
        return counts(store, { findings: 1, occurrences: 1, observations: 1 }, "after three sightings of b1");
      },
    },
    {
      id: "malformed-batch",
      group: "F4",
      clause: "a row with an empty id or content, an empty parent id or a negative seenAt fails its batch with BatchValidation",
      check: () =>
        firstProblem(
          () => rejectedOnFull(batch({ findings: [finding("f2"), finding("")] }), "BatchValidation", `${T}/`, "a batch with a finding of empty id"),
          () => rejectedOnFull(batch({ findings: [finding("f2", "")] }), "BatchValidation", `${T}/f2`, "a batch with a finding of empty content"),
          () => rejectedOnFull(batch({ occurrences: [occurrence("o2", "")] }), "BatchValidation", `${T}/o2`, "a batch with an occurrence of empty finding id"),
          () => rejectedOnFull(batch({ observations: [observation("b2", "o1", -1)] }), "BatchValidation", `${T}/b2`, "a batch with a negative seenAt"),
        ),
    },
    {
      id: "tenants-isolated",
      group: "F1",
      clause: "a parent of another tenant does not count: MissingFinding; reads of one tenant never see another's rows",
      check: async () => {
        const store = await holding(FULL);
        if (typeof store === "string") return store;
        const seen = await store.getFinding("t-globex", "f1");
        if (seen !== null && seen !== undefined) return `getFinding t-globex/f1 returned ${seen.content}, a row of ${T}`;
        return rejects(store, batch({ occurrences: [occurrence("o1", "f1")] }, "t-globex"), "MissingFinding", "t-globex/o1", `a t-globex occurrence of ${T}'s finding f1`);
      },
    },
    {
      id: "errors-in-rule-order",
      group: "F4",
      clause: "a batch breaking several rules is rejected for the first: validation, then findings, occurrences, observations",
      check: () =>
        firstProblem(
          () => rejectedOnFull(batch({ findings: [finding("f1", "other")], observations: [observation("b5", "o1", -1)] }), "BatchValidation", `${T}/b5`, "a batch with a conflicting finding and a negative seenAt"),
          () => rejectedOnFull(batch({ findings: [finding("f1", "other")], observations: [observation("b9", "o9")] }), "FindingConflict", `${T}/f1`, "a batch with a conflicting finding and an orphaned observation"),
          () => rejectedOnFull(batch({ occurrences: [occurrence("o5", "f9")], observations: [observation("b1", "o1", 50, { identity: "x" })] }), "MissingFinding", `${T}/o5`, "a batch with an orphaned occurrence and a conflicting observation"),
        ),
    },
    {
      id: "snapshots-sorted-once",
      group: "F7",
      clause: "each snapshot lists every row once, sorted by tenant then id in code-unit order",
      check: async () => {
        const store = await holding(
          batch({ findings: [finding("f1")], occurrences: [occurrence("o1", "f1")] }, "t-globex"),
          batch({ findings: [finding("f2"), finding("f10")], occurrences: [occurrence("o2", "f2"), occurrence("o10", "f10")] }),
          batch({ findings: [finding("f2")] }),
        );
        if (typeof store === "string") return store;
        const f = (await store.findingsSnapshot()).map((r) => `${r.tenant}/${r.findingId}`).join(" ");
        const o = (await store.occurrencesSnapshot()).map((r) => `${r.tenant}/${r.occurrenceId}`).join(" ");
        if (f !== "t-acme/f10 t-acme/f2 t-globex/f1") return `findingsSnapshot listed [${f}], expected [t-acme/f10 t-acme/f2 t-globex/f1]`;
        return o === "t-acme/o10 t-acme/o2 t-globex/o1" ? undefined : `occurrencesSnapshot listed [${o}], expected [t-acme/o10 t-acme/o2 t-globex/o1]`;
      },
    },
  ];
}

/**
 * The named clause checks (issue 15): all pass on MemStore, each planted bug fails the clause its
 * table names (a clause of one of the groups it breaks), and they run on any factory: one that is
 * not a store fails every clause with the reason.
 */
import { describe, expect, it } from "vitest";
import target, { BUGS, CLAUSES, memStore, runClauses, type RaftStorage, type RaftStorageFactory } from "../../../src/targets/raft-storage/index.js";
import { STORAGE_METHODS } from "../../../src/targets/raft-storage/open-store.js";

describe("raft-storage clause checks", () => {
  it("every clause passes on MemStore; ids are unique and every group S1-S6 has clauses", async () => {
    const results = await runClauses(memStore());
    expect(results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(results.length).toBe(CLAUSES.length);
    expect(CLAUSES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CLAUSES.map((c) => c.id)).size).toBe(CLAUSES.length);
    expect([...new Set(CLAUSES.map((c) => c.group))].sort()).toEqual(["S1", "S2", "S3", "S4", "S5", "S6"]);
  });

  for (const [bug, spec] of Object.entries(BUGS)) {
    it(`${bug} fails the clause ${spec.clause}, of a group it breaks`, async () => {
      const [result] = await runClauses(memStore(spec.switches), [spec.clause]);
      expect(result!.ok, `${spec.clause} passed with ${bug}`).toBe(false);
      expect(result!.message).toMatch(/the contract (asks|allows)/);
      expect(spec.breaks).toContain(result!.group);
    });
  }

  it("the target declares them as its contract clauses (what simctl conformance runs), with --bug planting the bug, and a plugged store gets its own", async () => {
    expect(target.clauses!.map((c) => c.id)).toEqual(CLAUSES.map((c) => c.id));
    const halfOpen = target.clauses!.find((c) => c.id === "get-log-entries-half-open")!;
    expect(await halfOpen.check({ bug: null })).toBeUndefined();
    expect(await halfOpen.check({ bug: "inclusive-stop" })).toMatch(/getLogEntries\(3, 7\) answered/);
    const plugged = target.impl!.plug(memStore(BUGS["inclusive-stop"].switches));
    expect(await plugged.clauses!.find((c) => c.id === "get-log-entries-half-open")!.check({ bug: null })).toMatch(/the contract asks/);
  });

  it("runs on a user's factory: one that builds no store fails every clause with the reason; an unknown clause id is an error", async () => {
    const notAStore = (() => ({ getLogEntries: async () => [] })) as unknown as RaftStorageFactory;
    const results = await runClauses(notAStore, ["get-log-entries-half-open", "crash-leaves-no-hole"]);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[0]!.message).toMatch(/has no methods getMembershipConfig, getInitialState/);
    await expect(runClauses(memStore(), ["no-such-clause"])).rejects.toThrow(/no clause check is named 'no-such-clause'/);
  });

  it("a store call that never answers is reported, not waited for", async () => {
    const hangs: RaftStorageFactory = async (disk, id) => {
      const store = await memStore()(disk, id);
      const bound = Object.fromEntries(STORAGE_METHODS.map((m) => [m, store[m].bind(store)])) as unknown as RaftStorage;
      return { ...bound, getLogEntries: () => new Promise<never>(() => undefined) };
    };
    const [result] = await runClauses(hangs, ["get-log-entries-half-open"]);
    expect(result!.message).toMatch(/did not finish within \d+ simulated ms: a store call never answered/);
  });
});

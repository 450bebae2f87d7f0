/** Each lifecycle path of the shared store core: auto, delayed, submit failure, commit failure, releases. */
import { describe, expect, it } from "vitest";
import {
  InjectedCommitFailure,
  InjectedSubmissionFailure,
  StoreCore,
  UnknownOperation,
  type StoreCoreBugs,
  type StoreHandle,
} from "../../../src/targets/shared/store-core.js";

function makeStore(bugs: StoreCoreBugs = {}) {
  const applied: string[] = [];
  const completed: number[] = [];
  const store = new StoreCore<string>(
    {
      apply: (p) => (p.startsWith("bad") ? new Error(`invalid ${p}`) : (applied.push(p), null)),
      applyPart: (p) => applied.push(`part:${p}`),
    },
    bugs,
    (h: StoreHandle) => completed.push(h.id),
  );
  return { store, applied, completed };
}

describe("store core", () => {
  it("auto-completes a write at submission", () => {
    const { store, applied, completed } = makeStore();
    const h = store.submit("a");
    expect(h.state).toBe("applied");
    expect(applied).toEqual(["a"]);
    expect(completed).toEqual([1]);
    expect(store.pendingCount()).toBe(0);
  });

  it("holds delayed writes pending until released, with increasing ids", () => {
    const { store, applied } = makeStore();
    store.delayNextWrites(2);
    const a = store.submit("a");
    const b = store.submit("b");
    const c = store.submit("c");
    expect([a.state, b.state, c.state]).toEqual(["pending", "pending", "applied"]);
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(store.pendingIds()).toEqual([1, 2]);
    expect(store.releaseNext("newestFirst")).toBe(b);
    expect(store.releaseNext("oldestFirst")).toBe(a);
    expect(store.releaseNext("oldestFirst")).toBeNull();
    expect(applied).toEqual(["c", "b", "a"]);
  });

  it("queues everything with auto-completion off and drains in either order", () => {
    const { store, applied } = makeStore();
    store.setAutoComplete(false);
    for (const p of ["a", "b", "c", "d"]) store.submit(p);
    expect(store.releaseSpecific(3).state).toBe("applied");
    expect(() => store.releaseSpecific(3)).toThrow(UnknownOperation);
    expect(store.releaseAll("newestFirst").map((h) => h.id)).toEqual([4, 2, 1]);
    expect(applied).toEqual(["c", "d", "b", "a"]);
    store.submit("e");
    store.submit("f");
    expect(store.releaseAll("oldestFirst").map((h) => h.id)).toEqual([5, 6]);
  });

  it("rejects an injected submission failure with no state change and no id", () => {
    const { store, applied } = makeStore();
    store.failNextSubmissions(1);
    expect(() => store.submit("a")).toThrow(InjectedSubmissionFailure);
    expect(store.pendingCount()).toBe(0);
    expect(applied).toEqual([]);
    expect(store.submit("b").id).toBe(1);
  });

  it("fails an injected commit at apply time, mutating nothing, also for a delayed write", () => {
    const { store, applied } = makeStore();
    store.failNextCommits(2);
    const now = store.submit("a");
    expect(now.state).toBe("failed");
    expect(now.error).toBeInstanceOf(InjectedCommitFailure);
    store.delayNextWrites(1);
    const later = store.submit("b");
    expect(later.state).toBe("pending");
    store.releaseAll("oldestFirst");
    expect(later.state).toBe("failed");
    expect(applied).toEqual([]);
    expect(store.submit("c").state).toBe("applied");
  });

  it("reports a backend validation error as a failed write", () => {
    const { store } = makeStore();
    const h = store.submit("bad-row");
    expect(h.state).toBe("failed");
    expect(h.error?.message).toBe("invalid bad-row");
  });

  it("the planted store bugs change exactly the behaviour they name", () => {
    const enq = makeStore({ submitFailureEnqueues: true });
    enq.store.failNextSubmissions(1);
    expect(() => enq.store.submit("a")).toThrow(InjectedSubmissionFailure);
    expect(enq.store.pendingCount()).toBe(1);

    const part = makeStore({ commitFailureAppliesPart: true });
    part.store.failNextCommits(1);
    expect(part.store.submit("a").state).toBe("failed");
    expect(part.applied).toEqual(["part:a"]);

    const twice = makeStore({ releaseAllAppliesLastTwice: true });
    twice.store.setAutoComplete(false);
    twice.store.submit("a");
    twice.store.submit("b");
    twice.store.releaseAll("oldestFirst");
    expect(twice.completed).toEqual([1, 2, 2]);

    const order = makeStore({ newestFirstDrainsOldest: true });
    order.store.setAutoComplete(false);
    order.store.submit("a");
    order.store.submit("b");
    expect(order.store.releaseNext("newestFirst")?.id).toBe(1);
  });
});

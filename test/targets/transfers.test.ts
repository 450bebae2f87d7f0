/**
 * Acceptance for systems that wait (issue 12), on a user's target plugged in through the public
 * API: an idempotent transfer service with a 50 ms request timeout and one retry, lost requests
 * and acks (test/fixtures/transfer-target.ts).
 */
import { describe, expect, it } from "vitest";
// The built package, as a user's tests would import it (the fixture imports it too).
import { runSeed, shrinkSeed, sweep, type RecordedStep, type TraceEntry } from "simctl-dst";
import { renderRepro, renderSteps } from "../../src/cli/reporters/repro.js";
import { makeStyle } from "../../src/cli/reporters/style.js";
import transfers, { type TransferOp } from "../fixtures/transfer-target.js";

const STORMY = { ops: 300, faultLevel: "stormy" } as const;
const plain = makeStyle({ env: {}, stdoutIsTTY: false } as never, false);

function traced(): { entries: TraceEntry[]; sink: (e: TraceEntry) => void } {
  const entries: TraceEntry[] = [];
  return { entries, sink: (e) => entries.push(e) };
}

/** Recorded steps of a stormy run, with the steps whose ops lost an ack, and the trace. */
async function stormyRun(seed: number) {
  const t = traced();
  const r = await runSeed(transfers, seed, STORMY, { record: true, traceSink: t.sink });
  const steps = r.recorded as readonly RecordedStep<TransferOp>[];
  const lostAcks = steps.flatMap((s, i) => (s.faults?.some((f) => f.kind === "ack-lost") ? [i] : []));
  return { r, steps, lostAcks, trace: t.entries };
}

describe("a transfer service with a 50 ms request timeout and a retry", () => {
  it("passes at every fault level, liveness phase included", async () => {
    for (const faultLevel of ["sunny", "stormy", "radioactive"] as const) {
      const report = await sweep(transfers, { base: 0, count: 60 }, { ops: 200, faultLevel });
      expect(report.failures, faultLevel).toEqual([]);
    }
  });

  it("cancelled timers leave no event: every request timeout that was answered in time is gone from the histogram and the trace", async () => {
    const sunny = traced();
    const r = await runSeed(transfers, 1, { ops: 300, faultLevel: "sunny" }, { traceSink: sunny.sink });
    expect(r.histogram["op.transfer"]).toBeGreaterThan(100);
    expect(r.histogram["client.ok"]).toBe(r.histogram["op.transfer"]);
    expect(r.histogram["kernel.timeout"] ?? 0).toBe(0);
    expect(sunny.entries.some((e) => e.kind === "kernel.timeout")).toBe(false);
    // With lost messages, exactly the timeouts that expired are there: one per client timeout.
    const { r: stormy } = await stormyRun(2);
    expect(stormy.histogram["client.timeout"]).toBeGreaterThan(0);
    expect(stormy.histogram["kernel.timeout"]).toBe(stormy.histogram["client.timeout"]);
  });

  it("a lost-ack fault is recorded and printed under the op whose request lost it, though it struck during a later step", async () => {
    const { steps, lostAcks, trace } = await stormyRun(3);
    expect(lostAcks.length).toBeGreaterThan(0);
    let later = 0;
    for (const i of lostAcks) {
      const op = steps[i]!.op;
      expect(op.t).toBe("transfer");
      const struck = trace.filter((e) => e.kind === "fault.ack-lost" && e.cause === i);
      expect(struck.length).toBeGreaterThan(0);
      for (const e of struck) expect(e.a).toBe(op.t === "transfer" ? op.id : -1);
      if (struck.some((e) => e.step > i)) later++;
    }
    expect(later).toBeGreaterThan(0);
    const lines = renderSteps(steps as never, (op) => transfers.describeOp!(op as TransferOp), plain);
    const i = lostAcks.find((n) => n > 0)!;
    expect(lines[i]).toMatch(new RegExp(`^ +#${i}  t=\\d+ms \\(\\+\\d+ms\\)  transfer #\\d+ [A-E] -> [A-E] \\d   \\[fault: ack-lost on server\\.commit\\]$`));
  });

  it("deleting an earlier op from a recorded run leaves that fault on the same op, and every other op's faults where they were", async () => {
    const { r, steps, lostAcks } = await stormyRun(3);
    const k = lostAcks.find((i) => i >= 5)!;
    const op = steps[k]!.op as Extract<TransferOp, { t: "transfer" }>;
    for (const j of [0, k - 1, k - 3]) {
      const without = steps.filter((_, i) => i !== j);
      const t = traced();
      const again = await runSeed(transfers, 3, STORMY, { steps: without, record: true, traceSink: t.sink });
      expect(again.violations).toEqual([]);
      // The fault rides on the same op, one step earlier now, and struck that op's request.
      expect(again.recorded![k - 1]!.op).toEqual(op);
      expect(again.recorded![k - 1]!.faults).toEqual(steps[k]!.faults);
      expect(t.entries.find((e) => e.kind === "fault.ack-lost" && e.cause === k - 1)?.a).toBe(op.id);
      // Every other op keeps exactly its faults.
      expect(again.recorded!.map((s) => s.faults)).toEqual(without.map((s) => s.faults));
    }
    expect(r.violations).toEqual([]);
  });

  it("a timing-dependent bug shrinks to its two ops: the filler steps go, the wait they made stays as think time", async () => {
    const options = { ops: 500, faultLevel: "stormy", bug: "dedupe-forgets" } as const;
    const report = await sweep(transfers, { base: 0, count: 20 }, options);
    const longest = [...report.failures].filter((f) => f.violations[0]!.invariant === "BAL").sort((a, b) => b.steps - a.steps)[0]!;
    const shrunk = await shrinkSeed(transfers, longest.seed, options);
    expect(shrunk.originalSteps).toBeGreaterThan(40);
    expect(shrunk.invariant).toBe("BAL");
    // The reasoned minimum: a transfer whose ack is lost, then a read of one of its accounts
    // after the retry (50 ms timeout + 5 ms backoff + the network).
    expect(shrunk.steps).toHaveLength(2);
    const [transfer, read] = shrunk.steps as readonly RecordedStep<TransferOp>[];
    expect(transfer!.op.t).toBe("transfer");
    expect(transfer!.faults).toEqual([{ kind: "ack-lost", on: "server.commit" }]);
    expect(transfer!.thinkMs).toBeGreaterThanOrEqual(55);
    expect(transfer!.thinkMs).toBeLessThanOrEqual(62);
    expect(read!.op.t).toBe("balance");
    // The shortest wait that still fails: one ms less and the read comes before the retry lands
    // (the double transfer is then only found by the end-of-run audit, another invariant).
    const sooner = await runSeed(transfers, longest.seed, options, { steps: [{ ...transfer!, thinkMs: transfer!.thinkMs - 1 }, read!] });
    expect(sooner.violations.map((v) => v.invariant)).toEqual(["AUDIT"]);
    // Every failing seed shrinks within one op of that minimum, its wait kept as think time.
    for (const f of report.failures.filter((x) => x.violations[0]!.invariant === "BAL")) {
      const other = await shrinkSeed(transfers, f.seed, options);
      expect(other.steps.length, `seed ${f.seed}`).toBeLessThanOrEqual(3);
      expect(other.steps.reduce((ms, s) => ms + s.thinkMs, 0), `seed ${f.seed}`).toBeGreaterThanOrEqual(55);
    }
    const text = renderRepro(transfers as never, longest.seed, shrunk as never, plain);
    expect(text).toMatch(/#0  t=0ms  transfer #\d+ [A-E] -> [A-E] \d   \[fault: ack-lost on server\.commit\]/);
    expect(text).toMatch(new RegExp(`#1  t=${transfer!.thinkMs}ms \\(\\+${transfer!.thinkMs}ms\\)  balance\\([A-E]\\)`));
  });

  it("an op that never settles fails with liveness naming the op and its step", async () => {
    const r = await runSeed(transfers, 3, { ...STORMY, bug: "no-timeout" });
    const v = r.violations[0]!;
    expect(v.invariant).toBe("liveness");
    expect(v.message).toMatch(/^op #(\d+) \(transfer #\d+ [A-E] -> [A-E] \d\) never completed: its promise was still pending at t=\d+ ms, after the liveness phase/);
    expect(v.details).toMatchObject({ step: Number(/^op #(\d+)/.exec(v.message)![1]) });
  });
});

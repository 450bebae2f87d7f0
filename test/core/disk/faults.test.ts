/**
 * Media faults and latencies, each in isolation: latent read faults and misdirected writes strike
 * at their configured rates, are reported as corruptions (never as data), stay until a rewrite;
 * latencies are the minimum plus an exponential part of the configured mean.
 */
import { describe, expect, it } from "vitest";
import { DISK_QUIET, runSeed, type DiskOptions, type Rng, type TraceEntry } from "../../../src/index.js";
import { diskTarget, every, nearRate, note, outcome, type DiskWorld, type ReadOutcome } from "./harness.js";

const STEPS = { faultLevel: "stormy", ...every(10) } as const;

function reason(o: ReadOutcome): string | undefined {
  return "corrupt" in o ? o.corrupt.reason : undefined;
}

describe("latent read faults", () => {
  it("strike reads at the configured rate; a bad record stays bad (a re-read draws nothing) until it is rewritten", async () => {
    const p = 0.05;
    const t = diskTarget({
      disk: { ...DISK_QUIET, readFault: p },
      step: async (w) => {
        const d = w.disk;
        const index = d.length("log");
        void d.append("log", `r${index}`);
        const first = await outcome(d.read("log", index));
        note(w, "first", reason(first) ?? ("data" in first && first.data === `r${index}` ? "ok" : "WRONG"));
        if (reason(first) !== "latent") return;
        note(w, "again", reason(await outcome(d.read("log", index))));
        void d.write("log", index, `r${index}'`);
        const repaired = await outcome(d.read("log", index));
        note(w, "repaired", "data" in repaired ? repaired.data === `r${index}'` : reason(repaired));
      },
    });
    let reads = 0;
    let latent = 0;
    let repairedGood = 0;
    let repairs = 0;
    for (let seed = 0; seed < 20; seed++) {
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 200 }, { record: true });
      expect(r.violations).toEqual([]);
      const n = t.last().notes;
      const first = n.first as string[];
      expect(first.every((x) => x === "ok" || x === "latent")).toBe(true);
      const bad = first.filter((x) => x === "latent").length;
      reads += first.length;
      latent += bad;
      expect((n.again as string[] | undefined) ?? []).toEqual(Array.from({ length: bad }, () => "latent"));
      const repaired = (n.repaired as (boolean | string)[] | undefined) ?? [];
      expect(repaired.every((x) => x === true || x === "latent")).toBe(true);
      repairs += repaired.length;
      repairedGood += repaired.filter((x) => x === true).length;
      // One decision per read of a good record: the re-reads of a bad one drew nothing.
      const drawn = r.recorded!.flatMap((s) => s.faults ?? []).filter((f) => f.kind === "disk.read-fault").length;
      expect(drawn).toBe(bad + repaired.filter((x) => x === "latent").length);
      expect(r.histogram["disk.latent"]).toBe(drawn);
    }
    expect(nearRate(latent, reads, p), `${latent} latent in ${reads} reads`).toBe(true);
    expect(nearRate(repairedGood, repairs, 1 - p)).toBe(true);
  });
});

describe("misdirected writes", () => {
  it("strike writes at the configured rate; the record hit and the record missed both read as 'misdirected', and no read returns anything but the last data written there", async () => {
    const p = 0.05;
    const t = diskTarget({
      disk: { ...DISK_QUIET, misdirect: p },
      step: async (w) => {
        const d = w.disk;
        // One stream for the run (`ctx.rng(label)` starts the stream afresh on every call).
        const rng = (w.notes.rng ??= w.ctx.rng("test")) as Rng;
        const length = d.length("log");
        const index = length === 0 || (length < 40 && rng.chance(0.3)) ? length : rng.int(length);
        const expected = ((w.notes.expected ??= []) as string[]);
        expected[index] = `s${w.ctx.step()}i${index}`;
        if (length > 0) w.notes.writes = ((w.notes.writes as number | undefined) ?? 0) + 1;
        void d.write("log", index, expected[index]!);
        const read = await Promise.all(expected.map((_, i) => outcome(d.read("log", i))));
        read.forEach((o, i) => {
          if ("data" in o && o.data !== expected[i]) note(w, "wrong", [w.ctx.step(), i, o.data]);
          if ("corrupt" in o && o.corrupt.reason !== "misdirected") note(w, "wrong", [w.ctx.step(), i, o.corrupt.reason]);
        });
        note(w, "corrupt", read.flatMap((o, i) => ("corrupt" in o ? [i] : [])));
        note(w, "written", index);
      },
    });
    let writes = 0;
    let misdirected = 0;
    for (let seed = 0; seed < 10; seed++) {
      const hits: TraceEntry[] = [];
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 300 }, { traceSink: (e) => e.kind === "disk.misdirected" && hits.push(e) });
      expect(r.violations).toEqual([]);
      const n = t.last().notes;
      expect(n.wrong).toBeUndefined();
      writes += n.writes as number;
      misdirected += hits.length;
      for (const hit of hits) {
        const corrupt = (n.corrupt as number[][])[hit.step]!;
        const written = (n.written as number[])[hit.step]!;
        // It landed elsewhere: both the record it hit and the one it missed report it.
        expect(hit.b, `step ${hit.step}`).not.toBe(written);
        expect(corrupt, `step ${hit.step}`).toContain(hit.b);
        expect(corrupt, `step ${hit.step}`).toContain(written);
      }
    }
    expect(nearRate(misdirected, writes, p), `${misdirected} misdirected in ${writes} writes`).toBe(true);
  });
});

describe("latencies", () => {
  const options: Partial<DiskOptions> = { ...DISK_QUIET, readMinMs: 2, readMeanMs: 6, writeMinMs: 1, writeMeanMs: 3, syncMinMs: 4, syncMeanMs: 10 };

  /** Each step appends, reads record 0 and syncs, noting how long each took. */
  const timed = (disk: Partial<DiskOptions>) =>
    diskTarget({
      disk,
      step: (w) => {
        const start = w.ctx.nowMs();
        const took = (what: string) => () => note(w, what, w.ctx.nowMs() - start);
        void w.disk.append("log", "x").then(took("write"));
        void w.disk.read("log", 0).then(took("read"));
        void w.disk.sync("log").then(took("sync"));
      },
    });

  function stats(worlds: readonly DiskWorld[], what: string): { min: number; mean: number; n: number } {
    const all = worlds.flatMap((w) => w.notes[what] as number[]);
    return { min: Math.min(...all), mean: all.reduce((s, x) => s + x, 0) / all.length, n: all.length };
  }

  it("each operation takes its kind's minimum plus an exponential part of its mean", async () => {
    const t = timed(options);
    for (let seed = 0; seed < 5; seed++) expect((await runSeed(t.target, seed, { ...STEPS, ops: 400 })).violations).toEqual([]);
    for (const [what, min, mean] of [
      ["write", 1, 3],
      ["read", 2, 6],
      ["sync", 4, 10],
    ] as const) {
      const s = stats(t.worlds, what);
      expect(s.n).toBe(2000);
      expect(s.min, what).toBe(min);
      // The sample mean of 2000 exponentials is within 4 standard errors (mean / sqrt(n)).
      expect(Math.abs(s.mean - (min + mean)), `${what} mean ${s.mean}`).toBeLessThan((4 * mean) / Math.sqrt(s.n));
    }
  });

  it("with a mean of 0 every operation takes exactly its minimum, and nothing is drawn", async () => {
    const t = timed({ ...DISK_QUIET, readMinMs: 3, writeMinMs: 0, syncMinMs: 7 });
    const r = await runSeed(t.target, 1, { ...STEPS, ops: 50 }, { record: true });
    expect(r.recorded!.every((s) => s.faults === undefined)).toBe(true);
    expect(new Set(t.last().notes.write as number[])).toEqual(new Set([0]));
    expect(new Set(t.last().notes.read as number[])).toEqual(new Set([3]));
    expect(new Set(t.last().notes.sync as number[])).toEqual(new Set([7]));
  });
});

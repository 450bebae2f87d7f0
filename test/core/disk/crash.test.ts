/**
 * Crashes, each fault in isolation: without faults a crash keeps exactly the synced writes; a torn
 * last write is reported by its checksum and never read back as data; a partial loss keeps each
 * unsynced write with even odds, and what it keeps past a lost append reads as a hole.
 */
import { describe, expect, it } from "vitest";
import { DISK_QUIET, DiskCorruption, runSeed, type DiskOptions, type RunResult } from "../../../src/index.js";
import { diskTarget, every, nearRate, note, outcome, readAll, type DiskWorld, type ReadOutcome } from "./harness.js";

const STEPS = { faultLevel: "stormy", ...every(10) } as const;

/** Outcomes as strings: the data, or `!reason`. */
function shown(outcomes: readonly ReadOutcome[]): string[] {
  return outcomes.map((o) => ("data" in o ? o.data : `!${o.corrupt.reason}`));
}

/** Decisions of `kind` a recorded run took. */
function decisions(r: RunResult<number>, kind: string): number {
  return r.recorded!.flatMap((s) => s.faults ?? []).filter((f) => f.kind === kind).length;
}

describe("crash without faults", () => {
  it("unsynced writes vanish (appends, overwrites, truncates, whole files), synced ones survive; a sync pending at the crash never settles", async () => {
    const t = diskTarget({
      disk: DISK_QUIET,
      step: async (w) => {
        const d = w.disk;
        const step = w.ctx.step();
        if (step === 0) {
          void d.append("log", "a");
          void d.append("log", "b");
          void d.write("meta", 0, "m1");
          void d.sync("log").then(() => note(w, "synced", w.ctx.nowMs()));
        }
        if (step === 1) {
          void d.append("log", "c");
          void d.write("log", 0, "A");
          void d.truncate("log", 1);
          note(w, "before", shown(await readAll(d, "log")));
        }
        if (step === 2) {
          void d.append("log", "late");
          void d.sync("log").then(() => note(w, "late sync", w.ctx.nowMs()));
          d.crash();
          note(w, "after", shown(await readAll(d, "log")));
          note(w, "meta", d.length("meta"));
        }
      },
    });
    const r = await runSeed(t.target, 1, { ...STEPS, ops: 4 });
    expect(r.violations).toEqual([]);
    expect(t.last().notes).toEqual({ synced: [1], before: [["A"]], after: [["a", "b"]], meta: [0] });
    expect(t.last().disk.files()).toEqual(["log", "meta"]);
    // log lost 4 operations (append c, overwrite, truncate, append late), meta its one write.
    expect(r.histogram).toMatchObject({ "disk.crash-lost": 2, "disk.crash-kept": 0, "disk.torn": 0, "disk.sync": 1 });
  });
});

/**
 * Step 0 appends and syncs `durable` to file "log"; step 1 runs `unsynced`, crashes and reads the
 * file back into `notes.read`; later steps run `then`.
 */
function crashAfter(disk: Partial<DiskOptions>, durable: readonly string[], unsynced: (w: DiskWorld) => void, then?: (w: DiskWorld) => Promise<void>) {
  return diskTarget({
    disk: { ...DISK_QUIET, ...disk },
    step: async (w) => {
      const step = w.ctx.step();
      if (step === 0) {
        for (const data of durable) void w.disk.append("log", data);
        void w.disk.sync("log");
      } else if (step === 1) {
        unsynced(w);
        w.disk.crash();
        w.notes.read = await readAll(w.disk, "log");
      } else await then?.(w);
    },
  });
}

describe("syncs", () => {
  it("a sync covers exactly the writes issued before it was called, even those it completes after", async () => {
    const t = diskTarget({
      disk: { ...DISK_QUIET, syncMinMs: 5, writeMinMs: 8 },
      step: async (w) => {
        const d = w.disk;
        if (w.ctx.step() === 0) {
          for (let i = 0; i < 3000; i++) void d.append("log", `a${i}`);
          void d.sync("log");
          for (let i = 0; i < 10; i++) void d.append("log", `b${i}`);
          return;
        }
        d.crash();
        w.notes.length = d.length("log");
        w.notes.last = await d.read("log", d.length("log") - 1);
      },
    });
    const r = await runSeed(t.target, 1, { ...STEPS, ops: 2 });
    expect(r.violations).toEqual([]);
    expect(t.last().notes).toEqual({ length: 3000, last: "a2999" });
  });
});

describe("torn writes", () => {
  it("the last unsynced write torn by a crash reads as a DiskCorruption ('torn'), the records before it intact; a rewrite repairs it", async () => {
    const t = crashAfter(
      { torn: 1 },
      ["hello"],
      (w) => {
        void w.disk.append("log", "second record");
        void w.disk.append("log", "third record");
      },
      async (w) => {
        void w.disk.write("log", 2, "third record");
        w.notes.repaired = shown([await outcome(w.disk.read("log", 2))]);
      },
    );
    const r = await runSeed(t.target, 1, { ...STEPS, ops: 3 });
    expect(r.violations).toEqual([]);
    const read = t.last().notes.read as ReadOutcome[];
    // The first unsynced append is lost: the torn one after it leaves a hole below it.
    expect(shown(read)).toEqual(["hello", "!lost", "!torn"]);
    const torn = (read[2] as { corrupt: DiskCorruption }).corrupt;
    expect(torn).toBeInstanceOf(DiskCorruption);
    expect(torn).toMatchObject({ name: "DiskCorruption", node: 0, file: "log", index: 2, reason: "torn" });
    expect(torn.message).toBe("disk of node 0: record 2 of file 'log' failed its checksum (a write torn by a crash)");
    expect(r.histogram).toMatchObject({ "disk.torn": 1, "disk.crash-lost": 1, "disk.corrupt-read": 2 });
    expect(t.last().notes.repaired).toEqual(["third record"]);
  });

  it("a torn record is never returned as data, whatever its contents (empty, one character, long), over many seeds", async () => {
    const t = crashAfter({ torn: 1 }, ["durable"], (w) => {
      const rng = w.ctx.rng("contents");
      const length = rng.pick([0, 1, 2, 7, 300]);
      const data = Array.from({ length }, () => String.fromCharCode(rng.int(0x3000))).join("");
      w.notes.data = data;
      void w.disk.write("log", 0, data);
    });
    for (let seed = 0; seed < 150; seed++) {
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 2 });
      expect(r.violations).toEqual([]);
      const read = t.last().notes.read as ReadOutcome[];
      expect(shown(read), `seed ${seed}`).toEqual(["!torn"]);
    }
  });

  it("tears at the configured rate per crash, and only a plain last write (never a truncate)", async () => {
    const p = 0.3;
    const t = crashAfter({ torn: p }, ["a", "b"], (w) => {
      void w.disk.append("log", "c");
      if (w.ctx.seed % 2 === 1) void w.disk.truncate("log", 1);
    });
    let tears = 0;
    let chances = 0;
    for (let seed = 0; seed < 600; seed++) {
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 2 }, { record: true });
      expect(r.violations).toEqual([]);
      // After a truncate there is nothing to tear: no decision is even drawn.
      if (seed % 2 === 1) expect(decisions(r, "disk.torn"), `seed ${seed}`).toBe(0);
      else {
        chances++;
        tears += r.histogram["disk.torn"]!;
      }
    }
    expect(chances).toBe(300);
    expect(nearRate(tears, chances, p), `${tears} tears in ${chances} crashes`).toBe(true);
  });
});

describe("partial losses", () => {
  it("each unsynced write is kept or lost with even odds; a kept append past a lost one leaves a hole that reads as 'lost'; the durable records survive", async () => {
    const t = crashAfter({ partial: 1 }, ["d0", "d1"], (w) => {
      void w.disk.write("log", 0, "x0");
      for (let i = 2; i < 10; i++) void w.disk.append("log", `u${i}`);
    });
    let kept = 0;
    let holes = 0;
    const runs = 100;
    for (let seed = 0; seed < runs; seed++) {
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 2 }, { record: true });
      expect(r.violations).toEqual([]);
      expect(decisions(r, "disk.partial")).toBe(1);
      kept += r.histogram["disk.crash-kept"] === 0 ? 0 : countKept(t.last());
      const read = shown(t.last().notes.read as ReadOutcome[]);
      expect(["d0", "x0"]).toContain(read[0]);
      expect(read[1]).toBe("d1");
      read.slice(2).forEach((x, k) => expect([`u${k + 2}`, "!lost"], `seed ${seed}`).toContain(x));
      // The file ends at the last kept append: never a hole at the end.
      if (read.length > 2) expect(read[read.length - 1]).not.toBe("!lost");
      holes += read.filter((x) => x === "!lost").length;
    }
    expect(nearRate(kept, runs * 9, 0.5), `${kept} kept of ${runs * 9}`).toBe(true);
    expect(holes).toBeGreaterThan(0);
  });

  it("a crash's loss is partial at the configured rate; without it every unsynced write is lost", async () => {
    const p = 0.4;
    const t = crashAfter({ partial: p }, ["d0"], (w) => {
      for (let i = 1; i < 5; i++) void w.disk.append("log", `u${i}`);
    });
    let partial = 0;
    const runs = 400;
    for (let seed = 0; seed < runs; seed++) {
      const r = await runSeed(t.target, seed, { ...STEPS, ops: 2 }, { record: true });
      const drawn = decisions(r, "disk.partial");
      partial += drawn;
      if (drawn === 0) expect(shown(t.last().notes.read as ReadOutcome[])).toEqual(["d0"]);
    }
    expect(nearRate(partial, runs, p), `${partial} partial of ${runs}`).toBe(true);
  });
});

/** Unsynced writes the crash of the last run kept: the rewritten first record and the appends that read back. */
function countKept(w: DiskWorld): number {
  const read = shown(w.notes.read as ReadOutcome[]);
  return (read[0] === "x0" ? 1 : 0) + read.slice(2).filter((x) => x !== "!lost").length;
}

/**
 * The disk's options: quiet defaults, the three levels, the per-seed swarm redraw, the checks on a
 * target's overrides; and the small pieces a reader meets: checksums, trace descriptions.
 */
import { describe, expect, it } from "vitest";
import { describeDiskEvent, Disk, DISK_QUIET, diskOptions, Rng, runSeed, swarmDiskOptions } from "../../../src/index.js";
import { checksum, Rec, tear } from "../../../src/core/disk/record.js";
import { withDiskOverrides } from "../../../src/core/disk/resolve.js";
import { diskTarget } from "./harness.js";

const FAULTS = ["torn", "partial", "readFault", "misdirect"] as const;
const LATENCIES = ["readMinMs", "readMeanMs", "writeMinMs", "writeMeanMs", "syncMinMs", "syncMeanMs"] as const;

describe("disk options", () => {
  it("DISK_QUIET: no fault, fixed latencies (reads and writes at once, a sync in 1 ms)", () => {
    for (const f of FAULTS) expect(DISK_QUIET[f], f).toBe(0);
    expect(DISK_QUIET).toMatchObject({ readMinMs: 0, readMeanMs: 0, writeMinMs: 0, writeMeanMs: 0, syncMinMs: 1, syncMeanMs: 0 });
    expect(Object.isFrozen(DISK_QUIET)).toBe(true);
  });

  it("sunny has no fault, only small latencies; stormy has some of every fault; radioactive more of every fault, and slower I/O", () => {
    const sunny = diskOptions("sunny");
    for (const f of FAULTS) expect(sunny[f], f).toBe(0);
    for (const l of LATENCIES) expect(sunny[l], l).toBeLessThanOrEqual(2);
    const stormy = diskOptions("stormy");
    const radioactive = diskOptions("radioactive");
    for (const f of FAULTS) {
      expect(stormy[f], f).toBeGreaterThan(0);
      expect(radioactive[f], f).toBeGreaterThan(stormy[f]);
    }
    for (const l of LATENCIES) expect(radioactive[l], l).toBeGreaterThanOrEqual(stormy[l]);
    expect(stormy.syncMeanMs).toBeGreaterThan(sunny.syncMeanMs);
  });

  it("swarm redraws per seed: a zero fault stays zero, the others anywhere up to their ceilings, latencies from half to twice; it replays from the seed", () => {
    const base = diskOptions("stormy");
    const drawn = Array.from({ length: 300 }, (_, seed) => swarmDiskOptions(Rng.forSeed(seed).fork("swarm/disk"), base));
    const torn = drawn.map((o) => o.torn);
    expect(Math.max(...torn)).toBeGreaterThan(0.9);
    expect(Math.min(...torn)).toBeLessThan(0.05);
    expect(Math.max(...drawn.map((o) => o.readFault))).toBeLessThanOrEqual(0.02);
    expect(Math.max(...drawn.map((o) => o.readFault))).toBeGreaterThan(0.015);
    expect(Math.max(...drawn.map((o) => o.misdirect))).toBeLessThanOrEqual(0.01);
    expect(drawn.every((o) => o.syncMeanMs >= 3 && o.syncMeanMs <= 10 && o.readMinMs === 0)).toBe(true);
    expect(swarmDiskOptions(Rng.forSeed(7).fork("swarm/disk"), base)).toEqual(drawn[7]);
    const sunny = swarmDiskOptions(Rng.forSeed(3).fork("swarm/disk"), diskOptions("sunny"));
    for (const f of FAULTS) expect(sunny[f], f).toBe(0);
  });

  it("a disk built with --swarm runs with its seed's redraw; overrides apply over it", async () => {
    const t = diskTarget({ disk: { misdirect: 0 } });
    await runSeed(t.target, 9, { ops: 1, faultLevel: "radioactive", swarm: true });
    expect(t.last().disk.options).toEqual({ ...swarmDiskOptions(Rng.forSeed(9).fork("swarm/disk"), diskOptions("radioactive")), misdirect: 0 });
  });

  it("overrides are checked: an Error names the field; a field given as undefined keeps the base value", () => {
    const base = diskOptions("stormy");
    expect(withDiskOverrides(base, { torn: undefined, readMinMs: 4 })).toEqual({ ...base, readMinMs: 4 });
    expect(() => withDiskOverrides(base, { partial: 1.5 })).toThrow("disk.partial must be a probability in [0, 1], got 1.5");
    expect(() => withDiskOverrides(base, { readFault: Number.NaN })).toThrow("disk.readFault must be a probability in [0, 1], got NaN");
    expect(() => withDiskOverrides(base, { syncMeanMs: 2.5 })).toThrow("disk.syncMeanMs must be an integer number of ms from 0 to 2147483647, got 2.5");
    expect(() => withDiskOverrides(base, { writeMinMs: -1 })).toThrow("disk.writeMinMs must be an integer number of ms");
    expect(() => withDiskOverrides(base, { tear: 1 } as never)).toThrow("disk.tear is not a disk option (known: readMinMs, readMeanMs, writeMinMs, writeMeanMs, syncMinMs, syncMeanMs, torn, partial, readFault, misdirect)");
    expect(() => withDiskOverrides(base, 3 as never)).toThrow("disk options must be an object of option -> value, got 3");
  });

  it("a standalone disk checks its node number and its arguments, naming them", async () => {
    const t = diskTarget({
      step: (w) => {
        const d = w.disk;
        const errors: string[] = [];
        const attempt = (f: () => unknown): void => {
          try {
            f();
          } catch (err) {
            errors.push((err as Error).message);
          }
        };
        attempt(() => new Disk(w.ctx, {}, -1));
        attempt(() => d.append("", "x"));
        attempt(() => d.append("log", { x: 1 } as never));
        attempt(() => d.write("log", 1, "x"));
        attempt(() => d.read("log", 0));
        attempt(() => d.truncate("log", 1));
        attempt(() => d.readRange("log", 1, 0));
        w.notes.errors = errors;
      },
    });
    await runSeed(t.target, 1, { ops: 1, faultLevel: "sunny" });
    expect(t.last().notes.errors).toEqual([
      "disk node must be an integer from 0 to 65535, got -1",
      'disk.append: the file must be a non-empty string, got ""',
      "disk.append: a record is a string (encode it, e.g. with JSON.stringify), got { x: 1 }",
      "disk.write: index must be an integer from 0 to 0, got 1",
      "disk.read: file 'log' has no record (read index 0)",
      "disk.truncate: length must be an integer from 0 to 0, got 1",
      "disk.readRange: start must be an integer from 0 to 0, got 1",
    ]);
  });
});

describe("records and trace text", () => {
  it("the checksum covers the index and every code unit; a tear always fails it", () => {
    expect(checksum(0, "abc")).toBe(checksum(0, "abc"));
    expect(checksum(0, "abc")).not.toBe(checksum(1, "abc"));
    expect(checksum(0, "abc")).not.toBe(checksum(0, "abd"));
    expect(checksum(0, "\u0100")).not.toBe(checksum(0, "\u0001"));
    for (const data of ["", "a", "hello world"]) {
      for (const v of [0, 1, 250_000, 499_999, 500_000, 999_999]) {
        const torn = tear(3, Rec.of(3, data), v);
        expect(torn.check(3), `${JSON.stringify(data)} ${v}`).toBe("torn");
        expect(torn.data.length).toBeLessThanOrEqual(Math.max(1, data.length));
      }
    }
  });

  it("describeDiskEvent names the node, the file and the record; other kinds are not its business", () => {
    expect(describeDiskEvent("disk.write", 2 * 65_536 + 1, 7)).toBe("n2 file 1 record 7");
    expect(describeDiskEvent("disk.sync", 65_536 + 65_535, 0)).toBe("n1 file *");
    expect(describeDiskEvent("disk.truncate", 3, 4)).toBe("n0 file 3 to 4 records");
    expect(describeDiskEvent("disk.crash-lost", 0, 1, (id) => `replica-${id}`)).toBe("replica-0 file 0: 1 unsynced write lost");
    expect(describeDiskEvent("disk.misdirected", 0, 5)).toBe("n0 file 0, landed on record 5");
    expect(describeDiskEvent("net.send", 0, 1)).toBeUndefined();
  });
});

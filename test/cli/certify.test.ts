/**
 * `simctl certify` as a user runs it: the built-in matrix certifies and its evidence verifies (an
 * edited figure does not, naming it); each planted bug fails certification naming the invariant
 * or budget line it breaks; a user's contract file (JSON or TS) certifies, an impossible SLO fails
 * with its reason, a malformed one is bad input naming the field; `--seed` replays one run to the
 * same trace; bad input is exit 2 with one line. And `sweep --target failover --impl` plugs in a
 * user's manager (examples/failover-manager*.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandedBackends } from "../../src/targets/failover/backends.js";
import { replayCommands, simctl, tempDir } from "./helpers.js";

/** One stderr line, naming `what`, and exit 2. */
function expectBadInput(args: readonly string[], what: string): void {
  const r = simctl(args);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
  expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
  expect(r.stderr).toContain(what);
}

describe("simctl certify: the built-in matrix", () => {
  it("certifies all four backends, writes their 12 artifacts, and --verify re-runs them; an edited figure is exit 3 naming it", () => {
    const dir = tempDir();
    const r = simctl(["certify", "--backend", "all", "--seeds", "5", "--out", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const backends = expandedBackends();
    const names = backends.flatMap((b) => [b.artifact.certificationReport, b.artifact.evidenceManifest, b.artifact.tuningGuide]);
    expect(names).toHaveLength(12);
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    for (const b of backends) expect(r.stdout).toContain(`${b.name} (`);
    expect(r.stdout.match(/: CERTIFIED$/gm)).toHaveLength(4);
    expect(r.stdout).toMatch(/^matrix signature sha256:[0-9a-f]{64}$/m);
    expect(r.stdout).toContain(`4 of 4 backends certified; artifacts in ${dir}`);
    expect(readFileSync(join(dir, "etcd-lease-certification.md"), "utf8")).toContain("**CERTIFIED**");

    const verified = simctl(["certify", "--verify", dir]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout.match(/: verified: .*, 15 runs re-run, every signature and figure matches$/gm)).toHaveLength(4);

    const file = join(dir, "etcd-lease-evidence.json");
    const evidence = JSON.parse(readFileSync(file, "utf8")) as { cells: { runs: { observation: { takeoverMs: number } }[] }[] };
    const observation = evidence.cells[1]!.runs[2]!.observation;
    const measured = observation.takeoverMs;
    observation.takeoverMs = measured + 1;
    writeFileSync(file, `${JSON.stringify(evidence, null, 2)}\n`);
    const edited = simctl(["certify", "--verify", dir]);
    expect(edited.code, edited.stdout + edited.stderr).toBe(3);
    expect(edited.stdout).toContain(`${file}: MISMATCH`);
    expect(edited.stdout).toContain(`cells[1].runs[2].observation.takeoverMs: dependency-degraded seed 2: observation.takeoverMs is ${measured + 1} in the evidence, the re-run measured ${measured}`);
    expect(edited.stdout).toContain("signature does not match the manifest");
    expect(edited.stdout.match(/: verified: /gm)).toHaveLength(3); // the other three still hold
  });
});

describe("simctl certify: planted bugs fail certification", () => {
  it("long-lease on etcd-lease misses the takeover budget and F5, in stdout and the report, and its failing seed replays", () => {
    const dir = tempDir();
    const r = simctl(["certify", "--bug", "long-lease", "--backend", "etcd-lease", "--seeds", "5", "--out", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("etcd-lease (KV consensus on etcd): NOT CERTIFIED");
    const reason = /nominal: FAIL: p95 takeover \d+ ms over 5 runs exceeds the nominal budget's 2000 ms/;
    expect(r.stdout).toMatch(reason);
    expect(r.stdout).toMatch(/nominal: FAIL: F5 \(.+?\) broken in 5 of 5 runs under nominal; first, seed 0: .* over the 10000 ms continuity SLO/);
    expect(r.stdout).toContain("0 of 1 backend certified");
    const report = readFileSync(join(dir, "etcd-lease-certification.md"), "utf8");
    expect(report).toContain("**NOT CERTIFIED**");
    expect(report).toMatch(reason);
    const replay = "npx simctl certify --backend etcd-lease --pressure nominal --seed 0 --bug long-lease";
    expect(report).toContain(replay);
    const again = simctl(replay.split(" ").slice(2));
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^ {2}F5: s\d failed at \d+ ms holding a lease until \d+ ms/m);
  });

  // 5 seeds per backend and pressure catch each of them (checked: no-fencing first shows under
  // dependency pressure, skip-replay only on the replaying kafka-log, early-takeover on every
  // backend whose standby judges the lease by its clock; etcd refuses to hand out a live lease).
  it.each([
    { bug: "no-fencing", line: /: FAIL: F1 \(.+?\) broken in \d+ of 5 runs under dependency partitioned; first, seed \d+: the store accepted write \d+ to [a-d] from s\d at epoch \d+ after epoch \d+ was granted to s\d/, certified: [] },
    { bug: "skip-replay", line: /nominal: FAIL: F4 \(.+?\) broken in \d+ of 5 runs under nominal; first, seed \d+: s\d began serving epoch \d+ without write \d+ to [a-d], acknowledged by s\d/, certified: ["postgres-sync-quorum", "etcd-lease", "s3-manifest"] },
    { bug: "ack-before-durable", line: /nominal: FAIL: F3 \(.+?\) broken in 5 of 5 runs under nominal; first, seed 0: s\d acknowledged write \d+ to [a-d] before the store accepted it/, certified: [] },
    { bug: "early-takeover", line: /nominal: FAIL: F0 \(.+?\) broken in \d+ of 5 runs under nominal; first, seed \d+: epoch \d+ granted to s\d at \d+ ms while s\d's epoch \d+ lease runs until \d+ ms/, certified: ["etcd-lease"] },
  ])("$bug fails certification naming its invariant", ({ bug, line, certified }) => {
    const r = simctl(["certify", "--bug", bug, "--backend", "all", "--seeds", "5", "--out", tempDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(line);
    for (const b of expandedBackends()) {
      expect(r.stdout, b.name).toMatch(new RegExp(`^${b.name} \\(.*\\): ${certified.includes(b.name) ? "CERTIFIED" : "NOT CERTIFIED"}$`, "m"));
    }
    expect(r.stdout).toContain(`${certified.length} of 4 backends certified`);
  });
});

describe("simctl certify: a user's contract", () => {
  it("a JSON contract certifies into its own artifact names", () => {
    const dir = tempDir();
    const r = simctl(["certify", "--backend", "examples/backend-contract.json", "--seeds", "5", "--out", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("cockroach-lease (KV consensus on cockroachdb): CERTIFIED");
    expect(readdirSync(dir).sort()).toEqual(["cockroach-lease-certification.md", "cockroach-lease-evidence.json", "cockroach-lease-tuning.md"]);
    expect(r.stdout).not.toContain("matrix signature"); // one backend is not the matrix
  });

  it("a 100 ms continuity SLO is well-formed but cannot be met: exit 1 naming continuity", () => {
    const r = simctl(["certify", "--backend", "examples/backend-contract-impossible-slo.json", "--seeds", "5", "--out", tempDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("cockroach-lease-100ms (KV consensus on cockroachdb): NOT CERTIFIED");
    expect(r.stdout).toContain("nominal: FAIL: continuity SLO missed in 5 of 5 runs");
    expect(r.stdout).toMatch(/F5 \(.+?\) broken in 5 of 5 runs under nominal; first, seed 0: .* over the 100 ms continuity SLO/);
    expect(r.stdout).toContain("0 of 1 backend certified");
  });

  it("a malformed contract is bad input naming the field", () => {
    expectBadInput(["certify", "--backend", "examples/backend-contract-malformed.json", "--seeds", "5", "--out", tempDir()], "backend contract 'examples/backend-contract-malformed.json' is not a backend contract at continuitySloMs: Invalid input: expected number, received string");
  });

  it("a TS contract is loaded (in a worker) and certifies; its evidence verifies", () => {
    const dir = tempDir();
    const r = simctl(["certify", "--backend", "./examples/backend-contract.ts", "--seeds", "3", "--out", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("pg-leader-row (SQL quorum on postgres): CERTIFIED");
    expect(r.stdout).toContain("1 of 1 backend certified");
    expect(readdirSync(dir).sort()).toEqual(["pg-leader-row-certification.md", "pg-leader-row-evidence.json", "pg-leader-row-tuning.md"]);
    const verified = simctl(["certify", "--verify", dir]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("verified: pg-leader-row, 9 runs re-run");
  });
});

describe("simctl certify --seed", () => {
  it("shows one run's observation and trace hash, the same twice", () => {
    const args = ["certify", "--seed", "2", "--backend", "kafka-log", "--pressure", "dependency-degraded"];
    const a = simctl(args);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toContain("kafka-log under dependency degraded, seed 2\n");
    expect(a.stdout).toMatch(/^ {2}failure: (crash|pause|partition); lease \d+ ms, renewed every \d+ ms, polled every \d+ ms$/m);
    expect(a.stdout).toMatch(/^ {2}takeover [1-9]\d* ms, recovery [1-9]\d* ms, fence rejections \d+, data loss 0, continuity met$/m);
    const hash = /^ {2}trace ([0-9a-f]{16})$/m.exec(a.stdout)?.[1];
    expect(hash).toBeDefined();
    const b = simctl(args);
    expect(b.stdout).toBe(a.stdout);
    // The same seed with a bug is another run: another trace, and exit 1 naming what broke.
    const bugged = simctl([...args, "--bug", "no-fencing"]);
    expect(bugged.code).toBe(1);
    expect(bugged.stdout).toContain(", bug no-fencing\n");
    expect(bugged.stdout).toMatch(/^ {2}F1: the store accepted write \d+/m);
    expect(bugged.stdout).not.toContain(`trace ${hash!}`);
  });
});

describe("simctl certify: bad input", () => {
  it("is exit 2 with one line naming what is wrong", () => {
    const out = join(tempDir(), "out");
    expectBadInput(["certify", "--backend", "mysql-lease", "--seeds", "1", "--out", out], "unknown backend 'mysql-lease'");
    expectBadInput(["certify", "--pressure", "stormy", "--seeds", "1", "--out", out], "unknown pressure 'stormy' (known: nominal, dependency-degraded, dependency-partitioned)");
    expectBadInput(["certify", "--bug", "no-leases", "--seeds", "1", "--out", out], "unknown bug 'no-leases' (known: no-fencing, skip-replay, ack-before-durable, long-lease, early-takeover)");
    expectBadInput(["certify", "--seeds", "1"], "certify needs --out DIR");
    expectBadInput(["certify", "--seeds", "0", "--out", out], "--seeds must be a whole number from 1");
    expectBadInput(["certify", "--seed", "1", "--backend", "all", "--pressure", "nominal"], "--seed replays one run: give one --backend and one --pressure");
    expectBadInput(["certify", "--verify", tempDir()], "holds no evidence manifest");
    expectBadInput(["certify", "--verify", tempDir(), "--seeds", "3"], "--verify re-runs what the evidence says: it takes no --seeds");
    expect(readdirSync(join(out, ".."))).toEqual([]); // nothing was written
  });
});

describe("sweep --target failover --impl (a user's manager)", () => {
  it("the example manager passes; its unfenced copy fails with F1, and its replay command reproduces it", () => {
    const good = simctl(["sweep", "--target", "failover", "--impl", "examples/failover-manager.ts", "--seeds", "5"]);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("simctl sweep  target=failover impl=examples/failover-manager.ts seeds=0..4");
    expect(good.stdout).toContain("PASS: 5 seeds, no violation");
    // Seed 0 already fails (checked: 20 of seeds 0..29 do), so 10 seeds are plenty.
    const bad = simctl(["sweep", "--target", "failover", "--impl", "examples/failover-manager-unfenced.ts", "--seeds", "10"]);
    expect(bad.code, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/✗ seed 0: F1 at step #\d+/);
    expect(bad.stdout).toMatch(/the store accepted write \d+ to [a-d] from s\d at epoch \d+ after epoch \d+ was granted to s\d/);
    const [replay] = replayCommands(bad.stdout);
    expect(replay).toEqual(expect.arrayContaining(["--impl", "examples/failover-manager-unfenced.ts", "--seed", "0"]));
    const again = simctl(replay!);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/trace hash matches|F1/);
  });
});

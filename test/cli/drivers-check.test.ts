/**
 * `simctl drivers check`, called in-process with an Io that keeps what is written: the built-in
 * drivers, a user's valid contract, one that breaks a rule, and malformed or missing files.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { driversCheck } from "../../src/cli/drivers/check.js";
import type { Io } from "../../src/cli/io.js";
import { InputError } from "../../src/core/errors.js";
import { capabilityMatrixSignature } from "../../src/targets/async-driver/signature.js";

const ROOT = join(import.meta.dirname, "..", "..");

interface Captured {
  readonly io: Io;
  readonly out: () => string;
}

function captured(): Captured {
  let out = "";
  const io: Io = { out: (t) => void (out += t), err: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: ROOT };
  return { io, out: () => out };
}

async function check(files: readonly string[]): Promise<{ code: number; out: string }> {
  const c = captured();
  const code = await driversCheck(files, {}, c.io);
  return { code, out: c.out() };
}

describe("drivers check", () => {
  it("the built-in drivers: exit 0, every one valid, consistent, with parity, the matrix and its signature", async () => {
    const { code, out } = await check([]);
    expect(code).toBe(0);
    for (const name of ["postgres-async", "clickhouse-async", "kafka-async", "object-store-async"]) {
      expect(out).toMatch(new RegExp(`^${name} \\(.*\\): valid$`, "m"));
      expect(out).toMatch(new RegExp(`^│ ${name} +│`, "m"));
    }
    expect(out).toContain("Consistency: consistent\n");
    expect(out).toContain("Timeout/retry telemetry parity: holds\n");
    expect(out).toMatch(/│ driver +│ non-blocking │/);
    // kafka-async is the one built-in with every capability: its row has no dot.
    expect(out.split("\n").find((l) => l.startsWith("│ kafka-async"))).not.toContain("·");
    expect(out).toContain(`capability matrix signature ${capabilityMatrixSignature()}\n`);
    expect(out).not.toContain("\u001b[");
    expect((await check([])).out).toBe(out);
  });

  it("a user's valid contract exits 0", async () => {
    const { code, out } = await check(["examples/driver-contract.json"]);
    expect(code).toBe(0);
    expect(out).toContain("mysql-async (relational adapter, mysql2) from examples/driver-contract.json: valid\n");
    expect(out).toContain("1 driver: all valid, consistent, with telemetry parity\n");
  });

  it("a contract that breaks a rule exits 1, naming the rule", async () => {
    const { code, out } = await check(["examples/driver-contract-broken-rule.json"]);
    expect(code).toBe(1);
    expect(out).toContain("from examples/driver-contract-broken-rule.json: INVALID\n");
    expect(out).toMatch(/^ {2}capabilities: must include idempotent-write: it retries \(maxAttempts 4\)/m);
    expect(out).toContain("Consistency: INCONSISTENT\n  mysql-async: contract: is not valid: breaks 1 rule (capabilities)\n");
    expect(out).toContain("1 driver: 1 invalid, 1 consistency problem, 0 parity problems\n");
  });

  it("two files of one name are inconsistent", async () => {
    const { code, out } = await check(["examples/driver-contract.json", "examples/driver-contract.json"]);
    expect(code).toBe(1);
    expect(out).toMatch(/^ {2}mysql-async: name: is used by more than one contract/m);
  });

  it("a malformed file is an InputError naming the field, before anything is printed", async () => {
    const c = captured();
    const run = driversCheck(["examples/driver-contract.json", "examples/driver-contract-malformed.json"], {}, c.io);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow("driver contract 'examples/driver-contract-malformed.json' is not a driver contract at maxInFlight: ");
    expect(c.out()).toBe("");
    await expect(check(["examples/no-such-contract.json"])).rejects.toThrow(/cannot read driver contract .*no such file/);
  });
});

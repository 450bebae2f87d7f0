/**
 * The package as its users load it, by name (`simctl-dst`, through the package's self-reference):
 * `require` and `import` give the same module (the CommonJS entry is the ESM one, loaded by
 * require(); that needs an ESM graph without top-level await), and targets written as CommonJS
 * (`.cjs` with require, `.cts` with `export default`) run through the CLI. scripts/install-test.sh
 * does the same from a packed tarball in fresh CommonJS and ESM projects.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replayCommands, ROOT, simctl } from "./helpers.js";

function node(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the package's entries", () => {
  it("exports import and require entries with their own types, and keeps the simctl binary", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; bin: Record<string, string>; exports: Record<string, unknown> };
    expect(pkg.name).toBe("simctl-dst");
    expect(pkg.bin).toEqual({ simctl: "bin/simctl.js" });
    expect(pkg.exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    });
  });

  it("require('simctl-dst') is the module import('simctl-dst') gives, without warnings", () => {
    const script = `const r = require("simctl-dst"); import("simctl-dst").then((m) => console.log(JSON.stringify({ same: r === m, sweep: typeof r.sweep, define: typeof r.defineTarget, timeout: r.SimTimeoutError === m.SimTimeoutError })));`;
    const r = node(["-e", script]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ same: true, sweep: "function", define: "function", timeout: true });
  });

  it("an ES module gets the library by name too", () => {
    const r = node(["--input-type=module", "-e", `import { runSeed, defineTarget } from "simctl-dst"; console.log(typeof runSeed, typeof defineTarget);`]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function function");
  });
});

for (const target of ["./test/fixtures/cjs-target.cjs", "./test/fixtures/cts-target.cts"]) {
  describe(`a CommonJS target: ${target}`, () => {
    it("sweeps clean (exit 0), and with its bug fails (exit 1) with a replay command that reproduces the trace", () => {
      const clean = simctl(["sweep", "--target", target, "--seeds", "5", "--ops", "50"]);
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout).toContain("PASS: 5 seeds");
      const buggy = simctl(["sweep", "--target", target, "--seeds", "5", "--ops", "50", "--bug", "lost-inc"]);
      expect(buggy.code, buggy.stderr).toBe(1);
      const replay = replayCommands(buggy.stdout)[0]!;
      expect(replay.join(" ")).toContain("--expect-hash");
      const again = simctl(replay);
      expect(again.code, again.stderr).toBe(1);
    });
  });
}

/**
 * DESIGN.md section 2: nothing inside a simulated run reads host randomness, wall time, timers or
 * the environment. Only src/cli/ may; the kernel's one macrotask boundary lives in one file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const BANNED =
  /Math\.random|\bDate\b|\bperformance\b|\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b|\bqueueMicrotask\b|(?<![.\w$])process\.|\bglobalThis\b|\bcrypto\b|getRandomValues|randomBytes|randomInt|randomUUID|hrtime|from\s+["'](node:)?(crypto|os|process|perf_hooks|timers|child_process|fs|fs\/promises|worker_threads)["']/;
/**
 * The single place host scheduling (an immediate, the tick queue) meets the kernel (see its header
 * comment), and the signatures' SHA-256 (src/targets/shared/signature.ts) (node:crypto's createHash, a pure function of its
 * input; randomBytes, randomUUID and the rest stay banned there too, being matched by name).
 */
const ALLOWED: Readonly<Record<string, RegExp>> = {
  "src/core/microtasks.ts": /^(setImmediate|process\.)$/,
  "src/targets/shared/signature.ts": /^(crypto|from "node:crypto")$/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function offences(): string[] {
  const found: string[] = [];
  for (const path of sourceFiles(join(ROOT, "src"))) {
    const rel = relative(ROOT, path).split("\\").join("/");
    if (rel.startsWith("src/cli/")) continue;
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const match = BANNED.exec(line);
        if (match === null) return;
        if (ALLOWED[rel]?.test(match[0])) return;
        found.push(`${rel}:${i + 1}: ${match[0]}`);
      });
  }
  return found;
}

describe("determinism scan", () => {
  it("finds no host randomness, wall time, timers or environment reads in src/ outside src/cli/", () => {
    expect(offences()).toEqual([]);
  });

  it("scans real files (the scan itself has teeth)", () => {
    const files = sourceFiles(join(ROOT, "src")).map((p) => relative(ROOT, p));
    expect(files.length).toBeGreaterThan(20);
    expect(BANNED.test("const t = Date.now();")).toBe(true);
    expect(BANNED.test("x = Math.random()")).toBe(true);
    expect(BANNED.test('import { hrtime } from "node:process";')).toBe(true);
    expect(BANNED.test("const d = new Date();")).toBe(true);
    expect(BANNED.test("globalThis.crypto.getRandomValues(buf)")).toBe(true);
    expect(BANNED.test("const home = process.env.HOME;")).toBe(true);
    expect(BANNED.test("if (event.process.startsWith(':')) skip();")).toBe(false);
  });
});

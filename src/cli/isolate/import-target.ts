/**
 * Import a target module. Only a worker thread calls this (pool/worker.ts): the main thread never
 * imports a user's module, so nothing a module does on import (`process.exit`, a top-level await
 * that never settles, a loop) can touch the command's own process. TypeScript modules are loaded
 * through tsx, so users need no build step.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../../core/errors.js";
import { defineTarget, type Target, type TargetSpec } from "../../core/target.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";
import { isTargetPath } from "../load-target.js";

export async function importTarget(spec: string, cwd: string): Promise<Target<unknown>> {
  if (!isTargetPath(spec)) {
    const builtin = BUILTIN_TARGETS.get(spec);
    if (builtin === undefined) throw new InputError(`unknown target '${spec}' (built-in: ${[...BUILTIN_TARGETS.keys()].join(", ")}; or give a path to a module)`);
    return builtin;
  }
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new InputError(`target module '${spec}' not found`);
  let mod: { default?: unknown };
  try {
    const url = pathToFileURL(path).href;
    mod = (/\.(c|m)?ts$/.test(path) ? await importTypeScript(url) : await import(url)) as { default?: unknown };
  } catch (err) {
    throw new InputError(`cannot load target module '${spec}': ${loadErrorText(err)}`);
  }
  return asTarget(defaultExport(mod.default), spec);
}

/**
 * The module's `export default`. A TypeScript target that tsx compiles as CommonJS (a `.ts` file in
 * a project without `"type": "module"`, or a `.cts` file) keeps it on `module.exports.default`
 * beside `__esModule`, and Node hands `module.exports` over as the default: unwrap it. A
 * CommonJS module that sets `module.exports = defineTarget(...)` is its own default.
 */
function defaultExport(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const exports = value as { __esModule?: unknown; default?: unknown };
  return exports.__esModule === true && "default" in exports ? exports.default : value;
}

/**
 * The words of a load error, on one line. esbuild (through tsx) opens with "Transform failed with
 * 1 error:" and gives each error as `file:line:col: ERROR: message` on the lines after: those are
 * what the user needs, so they are kept (up to three).
 */
export function loadErrorText(err: unknown): string {
  let text: string;
  try {
    text = err instanceof Error ? err.message : String(err);
  } catch {
    text = "an unprintable error";
  }
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length > 1 && /^(Transform failed|Build failed) with \d+ errors?:?$/.test(lines[0]!)) {
    const errors = lines.slice(1).filter((l) => /:\d+:\d+: /.test(l));
    if (errors.length > 0) return errors.slice(0, 3).join("; ") + (errors.length > 3 ? ` (and ${errors.length - 3} more)` : "");
  }
  return lines[0] ?? "";
}

function asTarget(value: unknown, spec: string): Target<unknown> {
  const candidate = value as Partial<Target<unknown>> | undefined;
  if (candidate === undefined || candidate === null || typeof candidate.create !== "function" || typeof candidate.name !== "string") {
    throw new InputError(`target module '${spec}' has no default export made with defineTarget(...)`);
  }
  if (candidate.kindIds instanceof Map) return candidate as Target<unknown>;
  try {
    return defineTarget(candidate as TargetSpec<unknown>);
  } catch (err) {
    throw new InputError(`target module '${spec}': ${(err as Error).message}`);
  }
}

/** tsx is loaded only when a TypeScript target is, so built-in runs start fast. */
async function importTypeScript(url: string): Promise<unknown> {
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(url, import.meta.url);
}

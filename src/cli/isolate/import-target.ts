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
import { loadBuiltin, unknownTargetMessage } from "../builtins.js";
import { isTargetPath } from "../load-target.js";

/**
 * The target of `spec`; with `implSpec` (`--impl`), the target running the user's implementation
 * of its contract (the implementation module's default export, plugged in by `target.impl`).
 */
export async function importTarget(spec: string, cwd: string, implSpec?: string): Promise<Target<unknown>> {
  const target = await importBase(spec, cwd);
  return implSpec === undefined ? target : plugImpl(target, spec, implSpec, cwd);
}

async function plugImpl(target: Target<unknown>, spec: string, implSpec: string, cwd: string): Promise<Target<unknown>> {
  const contract = target.impl;
  if (contract === undefined) throw new InputError(`target '${target.name}' takes no --impl (it has no contract a module can implement)`);
  const implementation = defaultExport((await importModule(implSpec, cwd, "--impl module")).default);
  let plugged: Target<unknown>;
  try {
    plugged = contract.plug(implementation);
  } catch (err) {
    throw new InputError(`--impl '${implSpec}' does not fit target '${target.name}' (${contract.contract}): ${loadErrorText(err)}`);
  }
  return asTarget(plugged, `${spec} --impl ${implSpec}`);
}

async function importBase(spec: string, cwd: string): Promise<Target<unknown>> {
  if (!isTargetPath(spec)) {
    const builtin = await loadBuiltin(spec);
    if (builtin === undefined) throw new InputError(unknownTargetMessage(spec));
    return builtin;
  }
  const mod = await importModule(spec, cwd, "target module");
  return asTarget(defaultExport(mod.default), spec);
}

/** Import a user's module by path (TypeScript through tsx); every failure is bad input naming it. */
export async function importModule(spec: string, cwd: string, what: string): Promise<{ default?: unknown }> {
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new InputError(`${what} '${spec}' not found`);
  try {
    const url = pathToFileURL(path).href;
    return (/\.(c|m)?ts$/.test(path) ? await importTypeScript(url) : await import(url)) as { default?: unknown };
  } catch (err) {
    throw new InputError(`cannot load ${what} '${spec}': ${loadErrorText(err)}`);
  }
}

/**
 * The module's `export default`. A TypeScript target that tsx compiles as CommonJS (a `.ts` file in
 * a project without `"type": "module"`, or a `.cts` file) keeps it on `module.exports.default`
 * beside `__esModule`, and Node hands `module.exports` over as the default: unwrap it. A
 * CommonJS module that sets `module.exports = defineTarget(...)` is its own default.
 */
export function defaultExport(value: unknown): unknown {
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

/**
 * Resolve `--target`: a built-in name, or a path to a user's module whose default export is
 * `defineTarget(...)`. TypeScript modules are loaded through tsx, so users need no build step.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../core/errors.js";
import { defineTarget, type Target, type TargetSpec } from "../core/target.js";
import { BUILTIN_TARGETS } from "../targets/index.js";

export function isTargetPath(spec: string): boolean {
  return spec.includes("/") || spec.includes("\\") || /\.(c|m)?(t|j)s$/.test(spec);
}

export async function loadTarget(spec: string, cwd: string): Promise<Target<unknown>> {
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
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    throw new InputError(`cannot load target module '${spec}': ${first}`);
  }
  return asTarget(mod.default, spec);
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

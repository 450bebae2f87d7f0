/**
 * The built-in targets as the CLI sees them: names known up front, each module imported only when
 * a command names it. The registry of src/targets/index.ts imports all seven (and everything they
 * import) to build its map; a `sweep` of one target, in the main thread or a pool worker, needs
 * one, and loading the other six was a third of its start-up.
 *
 * Same modules, same objects: `loadBuiltin(name)` is the very `BUILTIN_TARGETS.get(name)` (a
 * test keeps the names, order and default in step with the registry).
 */
import type { Target } from "../core/target.js";

type TargetModule = { readonly default: unknown };

/** In the registry's order, which `simctl list` and error messages follow. */
const LOADERS: ReadonlyMap<string, () => Promise<TargetModule>> = new Map<string, () => Promise<TargetModule>>([
  ["done-ledger", () => import("../targets/done-ledger/index.js")],
  ["findings-sink", () => import("../targets/findings-sink/index.js")],
  ["replication", () => import("../targets/replication/index.js")],
  ["raft-storage", () => import("../targets/raft-storage/index.js")],
  ["raft", () => import("../targets/raft/index.js")],
  ["failover", () => import("../targets/failover/builtin.js")],
  ["async-driver", () => import("../targets/async-driver/builtin.js")],
]);

export const DEFAULT_TARGET = "done-ledger";

export const BUILTIN_NAMES: readonly string[] = [...LOADERS.keys()];

export function isBuiltinName(name: string): boolean {
  return LOADERS.has(name);
}

/** The built-in target called `name`, or undefined when there is none. */
export async function loadBuiltin(name: string): Promise<Target<unknown> | undefined> {
  const load = LOADERS.get(name);
  return load === undefined ? undefined : ((await load()).default as Target<unknown>);
}

/** Every built-in target (`simctl list`). */
export async function loadAllBuiltins(): Promise<Target<unknown>[]> {
  const targets = await Promise.all(BUILTIN_NAMES.map(loadBuiltin));
  return targets.filter((t): t is Target<unknown> => t !== undefined);
}

/** The error for a name that is neither built in nor a path. */
export function unknownTargetMessage(spec: string): string {
  return `unknown target '${spec}' (built-in: ${BUILTIN_NAMES.join(", ")}; or give a path to a module)`;
}

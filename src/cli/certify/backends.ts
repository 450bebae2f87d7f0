/**
 * What `--backend` names: `all` (the built-in matrix), a built-in backend by name, or a contract
 * file (JSON, or a TS/JS module whose default export is the contract, loaded in a worker). A file
 * whose shape is wrong is bad input naming the field; a well-formed contract that breaks the rules
 * of `valid` is certified as failing, with every broken rule as its reason.
 */
import { extname, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { expandedBackends } from "../../targets/failover/backends.js";
import { parseContract } from "../../targets/failover/contract-file.js";
import type { BackendContract } from "../../targets/failover/contract.js";
import { readJsonFile } from "../files.js";
import { importData } from "../isolate/import-data.js";

/** A backend to certify, and how the user named it (for replay commands). */
export interface NamedBackend {
  readonly contract: BackendContract;
  readonly arg: string;
}

export async function resolveBackends(arg: string, cwd: string): Promise<NamedBackend[]> {
  const builtin = expandedBackends();
  if (arg === "all") return builtin.map((contract) => ({ contract, arg: contract.name }));
  const named = builtin.find((b) => b.name === arg);
  if (named !== undefined) return [{ contract: named, arg }];
  if (!looksLikePath(arg)) throw new InputError(`unknown backend '${arg}' (built-in: ${builtin.map((b) => b.name).join(", ")}, all; or a path to a contract file)`);
  return [{ contract: await loadContract(arg, cwd), arg }];
}

function looksLikePath(arg: string): boolean {
  return arg.includes("/") || arg.includes("\\") || /\.(json|[cm]?[jt]s)$/.test(arg);
}

async function loadContract(path: string, cwd: string): Promise<BackendContract> {
  const what = "backend contract";
  const json = extname(path) === ".json" ? await readJsonFile(resolve(cwd, path), what) : await importData(path, cwd, what);
  try {
    return parseContract(json, `${what} '${path}'`);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
}

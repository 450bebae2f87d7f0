/**
 * A target without its code: what the main thread knows of a target loaded in a worker.
 *
 * The worker describes the target it imported ({@link targetInfo}: names, statements, kinds, and
 * which optional methods it has), checking that every table holds strings, so that a malformed
 * module is one line of bad input, not a crash later. The main thread turns the description into
 * a {@link Target} ({@link remoteTarget}) that option resolution, reporters and sweeps use like
 * any other; its `create` refuses to run (the code lives in the worker), and its `describeOp`
 * answers from descriptions the worker sent for the ops the main thread shows.
 */
import { brief, jsonOf } from "../../core/boundary.js";
import { InputError } from "../../core/errors.js";
import { defineTarget, type BugSpec, type Target } from "../../core/target.js";
import type { TargetInfo } from "../pool/protocol.js";

/** The description of `target`, as plain data; bad tables are an input error naming the field. */
export function targetInfo(target: Target<unknown>, spec: string): TargetInfo {
  const where = `target module '${spec}'`;
  const text = (value: unknown, field: string): string => {
    if (typeof value !== "string") throw new InputError(`${where}: ${field} must be a string, got ${brief(value)}`);
    return value;
  };
  const table = (value: unknown, field: string): Record<string, string> => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError(`${where}: ${field} must be an object of strings, got ${brief(value)}`);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) out[k] = text(v, `${field}.${k}`);
    return out;
  };
  const list = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value)) throw new InputError(`${where}: ${field} must be an array of strings, got ${brief(value)}`);
    return value.map((v, i) => text(v, `${field}[${i}]`));
  };
  const lists = (value: unknown, field: string): Record<string, string[]> => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError(`${where}: ${field} must be an object of string arrays, got ${brief(value)}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, list(v, `${field}.${k}`)]));
  };
  // defineTarget normalised and checked the bugs; a module that skipped it is checked here.
  const bugTable = (value: unknown): Record<string, BugSpec> => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError(`${where}: bugs must be an object of { breaks, description }, got ${brief(value)}`);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const bug = (v ?? {}) as { breaks?: unknown; description?: unknown };
        return [k, { breaks: list(bug.breaks, `bugs.${k}.breaks`), description: text(bug.description, `bugs.${k}.description`) }];
      }),
    );
  };
  const scoped = target.workloadKinds;
  return {
    name: text(target.name, "name"),
    description: text(target.description, "description"),
    invariants: table(target.invariants, "invariants"),
    bugs: bugTable(target.bugs),
    workloads: table(target.workloads, "workloads"),
    eventKinds: list(target.eventKinds, "eventKinds"),
    ...(scoped !== undefined ? { workloadKinds: lists(scoped, "workloadKinds") } : {}),
    faultKinds: list(target.faultKinds, "faultKinds"),
    // defineTarget checked these (integers, min <= max) when the module was loaded.
    ...(target.thinkMs !== undefined ? { thinkMs: { min: target.thinkMs.min, max: target.thinkMs.max } } : {}),
    ...(target.livenessMsMax !== undefined ? { livenessMsMax: target.livenessMsMax } : {}),
    ...(target.impl !== undefined ? { implContract: text(target.impl.contract, "impl.contract") } : {}),
    clauseCount: Array.isArray(target.clauses) ? target.clauses.length : 0,
    hasParseOp: typeof target.parseOp === "function",
    hasDescribeOp: typeof target.describeOp === "function",
    hasShrinkOp: typeof target.shrinkOp === "function",
  };
}

/** Descriptions of ops the worker described, for the main thread's reporters. */
export class OpDescriptions {
  readonly #objects = new WeakMap<object, string>();
  readonly #values = new Map<unknown, string>();

  add(ops: readonly unknown[], texts: readonly string[]): void {
    ops.forEach((op, i) => {
      const text = texts[i];
      if (text === undefined) return;
      if (op !== null && typeof op === "object") this.#objects.set(op, text);
      else this.#values.set(op, text);
    });
  }

  get(op: unknown): string {
    const text = op !== null && typeof op === "object" ? this.#objects.get(op) : this.#values.get(op);
    return text ?? jsonOf(op);
  }
}

/** The main thread's stand-in for a target loaded in a worker. */
export function remoteTarget(info: TargetInfo, descriptions: OpDescriptions): Target<unknown> {
  return defineTarget<unknown>({
    name: info.name,
    description: info.description,
    invariants: info.invariants,
    bugs: info.bugs,
    workloads: info.workloads,
    eventKinds: info.eventKinds,
    ...(info.workloadKinds !== undefined ? { workloadKinds: info.workloadKinds } : {}),
    faultKinds: info.faultKinds,
    ...(info.thinkMs !== undefined ? { thinkMs: info.thinkMs } : {}),
    ...(info.livenessMsMax !== undefined ? { livenessMsMax: info.livenessMsMax } : {}),
    ...(info.hasDescribeOp ? { describeOp: (op: unknown) => descriptions.get(op) } : {}),
    ...(info.implContract !== undefined ? { impl: { contract: info.implContract, plug: () => refuse(info.name) } } : {}),
    create: () => refuse(info.name),
  });
}

function refuse(name: string): never {
  throw new Error(`target '${name}' runs only in its worker thread: the main thread never executes a target module's code`);
}

/**
 * The boundary between the kernel and a target: what a target's answers must look like, and how
 * a wrong one is described. A target is user code, so anything it returns may be anything: these
 * helpers never throw, and render any value briefly (a getter that throws, a revoked proxy, a
 * cyclic object or a 100,000-level nesting included).
 *
 * The checks are typeof / Array.isArray only: they run on the hot path (every `check()` and
 * `apply()` answer), where a schema would cost more than the step.
 */
import type { Violation } from "./target.js";

/** The invariant of a violation that reports a malformed answer of the target. */
export const TARGET_ERROR = "target-error";

/** Longest rendering of a wrong answer in a message. */
const BRIEF_MAX = 80;

/** A short, safe rendering of any value for a message: `undefined`, `"abc"`, `{ t: "put", … }`. */
export function brief(value: unknown, max = BRIEF_MAX): string {
  let text: string;
  try {
    text = render(value, 2);
  } catch {
    text = "an unprintable value";
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function render(value: unknown, depth: number): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return JSON.stringify(value.length > BRIEF_MAX ? value.slice(0, BRIEF_MAX) : value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  if (isThenable(value)) return "a promise";
  if (Array.isArray(value)) {
    if (depth <= 0) return `[… ${value.length} items]`;
    const items = value.slice(0, 4).map((v) => render(v, depth - 1));
    return `[${items.join(", ")}${value.length > 4 ? ", …" : ""}]`;
  }
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== "Object") return `a ${tag}`;
  if (depth <= 0) return "{…}";
  const keys = Object.keys(value as object);
  const fields = keys.slice(0, 4).map((k) => `${/^[\w$]+$/.test(k) ? k : JSON.stringify(k)}: ${render((value as Record<string, unknown>)[k], depth - 1)}`);
  return `{ ${fields.join(", ")}${keys.length > 4 ? ", …" : ""} }`;
}

/** True for a promise or any object with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

/** `Name: message` of anything thrown, never throwing itself. */
export function errorText(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return `thrown: ${typeof err === "string" ? err : brief(err)}`;
  } catch {
    return "thrown: an unprintable value";
  }
}

/** The first stack frames of an error, or none (never throwing). */
export function stackOf(err: unknown): string[] {
  try {
    if (!(err instanceof Error) || typeof err.stack !== "string") return [];
    return err.stack.split("\n").slice(1, 4).map((l) => l.trim());
  } catch {
    return [];
  }
}

/**
 * The shape a violation returned by `check()`/`finish()` must have: an object with a non-empty
 * string `invariant`, a string `message`, and `details` absent or an object.
 */
export function isViolationShaped(value: unknown): value is Pick<Violation, "invariant" | "message" | "details" | "inconclusive"> {
  if (value === null || typeof value !== "object") return false;
  const v = value as Partial<Violation>;
  if (typeof v.invariant !== "string" || v.invariant === "" || typeof v.message !== "string") return false;
  return v.details === undefined || (v.details !== null && typeof v.details === "object" && !Array.isArray(v.details));
}

/** True when a violation-shaped value already carries the stamps `ctx.violation` adds. */
export function isStamped(v: Partial<Violation>): v is Violation {
  return typeof v.step === "number" && typeof v.timeMs === "number" && typeof v.seed === "number" && typeof v.target === "string";
}

/** JSON of an op for messages and digests; a value JSON cannot render (a cycle, a BigInt) is described. */
export function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return brief(value);
  }
}

/**
 * How deeply `value` nests arrays and objects, counted without recursion (a replay file may hold
 * an op nested 100,000 levels deep); stops counting once `limit` is exceeded.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Stable signatures of plain values (the seeds' `*_signature` functions): a value's canonical
 * encoding (JSON with object keys sorted, no whitespace), prefixed by what kind of value it is,
 * hashed with SHA-256 from node:crypto. The same value gives the same signature in any process and
 * key order; two kinds never share one. Shown as `sha256:<hex>`. Used by the failover and
 * async-driver targets; the hash is a pure function of its input (no entropy).
 */
import { createHash } from "node:crypto";

/** JSON with sorted object keys; throws on what JSON cannot carry exactly (undefined, NaN, functions). */
export function canonical(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot sign a non-finite number (${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  throw new Error(`cannot sign a ${typeof value}`);
}

export function signature(kind: string, value: unknown): string {
  return `sha256:${createHash("sha256").update(`${kind}\n${canonical(value)}`).digest("hex")}`;
}

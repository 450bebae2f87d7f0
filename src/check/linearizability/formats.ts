/**
 * History file formats, parsed from text (the CLI reads the files):
 *  - `simctl`: JSON lines `{"process":0,"type":"invoke","f":"write","value":3}` (with `"key"` for
 *    the kv model); line order is time order;
 *  - `jepsen`: Jepsen's logged register history, `INFO  jepsen.util - 2	:invoke	:write	4`;
 *  - `edn`: one EDN map per line, `{:process 0, :type :invoke, :f :put, :key "9", :value "x"}`.
 */
import { parseEdn, type Edn } from "./edn.js";
import { HistoryParseError, eventsToHistory, type EventType, type HistoryEvent } from "./events.js";
import type { History } from "./history.js";
import type { KvInput, RegisterInput, Value } from "./models.js";

export const HISTORY_FORMATS = ["simctl", "jepsen", "edn"] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];
export type ModelName = "register" | "kv";

/** Guess a file's format from its first non-blank line. */
export function detectFormat(text: string): HistoryFormat {
  const first = text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  if (first.startsWith("{:")) return "edn";
  if (first.startsWith("{")) return "simctl";
  return "jepsen";
}

/** A raw event before it is typed for a model. */
interface RawEvent {
  readonly process: string;
  readonly type: EventType;
  readonly f: string;
  readonly key?: string | undefined;
  readonly value: Edn | undefined;
  readonly line: number;
}

export function parseHistory(text: string, format: HistoryFormat, model: ModelName): History<RegisterInput | KvInput, Value> {
  const raw = lines(text).flatMap(({ line, content }) => {
    try {
      const event = format === "simctl" ? simctlLine(content, line) : format === "jepsen" ? jepsenLine(content, line) : ednLine(content, line);
      // Jepsen's nemesis (process :nemesis) logs faults, not client operations.
      return event.process.startsWith(":") ? [] : [event];
    } catch (err) {
      if (err instanceof HistoryParseError) throw err;
      throw new HistoryParseError(line, (err as Error).message);
    }
  });
  if (model === "register") {
    const events = raw.map((e) => registerEvent(e));
    return eventsToHistory<RegisterInput, Value>(events, (i) => i.f === "read") as History<RegisterInput | KvInput, Value>;
  }
  const events = raw.map((e) => kvEvent(e));
  return eventsToHistory<KvInput, Value>(events, (i) => i.f === "get") as History<RegisterInput | KvInput, Value>;
}

function lines(text: string): { line: number; content: string }[] {
  return text
    .split("\n")
    .map((content, i) => ({ line: i + 1, content: content.trim() }))
    .filter((l) => l.content !== "");
}

const TYPES = ["invoke", "ok", "fail", "info"] as const;

const FIELDS = new Set(["process", "type", "f", "key", "value", "time"]);

/**
 * One simctl JSON line, checked by hand: a schema library per line cost more than checking a
 * small history. Same rules as a strict schema: known fields only, each of its type.
 */
function simctlLine(content: string, line: number): RawEvent {
  const e: unknown = JSON.parse(content);
  const bad = (what: string): never => {
    throw new HistoryParseError(line, `not a simctl history event: ${what}`);
  };
  if (e === null || typeof e !== "object" || Array.isArray(e)) return bad("expected a JSON object");
  const o = e as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.has(k)) bad(`unknown field '${k}'`);
  const { process, type, f, key, time } = o;
  if (!(typeof process === "string" || Number.isInteger(process))) bad("process must be a string or an integer");
  if (!(TYPES as readonly unknown[]).includes(type)) bad(`type must be one of ${TYPES.join(", ")}`);
  if (typeof f !== "string" || f === "") bad("f must be a non-empty string");
  if (key !== undefined && typeof key !== "string" && typeof key !== "number") bad("key must be a string or a number");
  if (time !== undefined && typeof time !== "number") bad("time must be a number");
  return { process: String(process), type: type as EventType, f: f as string, key: key === undefined ? undefined : String(key), value: toEdn(o.value), line };
}

function toEdn(value: unknown): Edn | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => toEdn(v) ?? null);
  throw new Error("value must be a number, string, null or [from, to]");
}

/** `[LEVEL  logger - ]process  :type  :f  value`, fields split by tabs or spaces. */
function jepsenLine(content: string, line: number): RawEvent {
  const dash = content.indexOf(" - ");
  const body = dash >= 0 ? content.slice(dash + 3) : content;
  const m = /^(\S+)\s+:(invoke|ok|fail|info)\s+:(\S+)\s*(.*)$/.exec(body.trim());
  if (m === null) throw new HistoryParseError(line, "expected 'process :type :f value'");
  const valueText = m[4]!.trim();
  return { process: m[1]!, type: m[2] as EventType, f: m[3]!, value: valueText === "" ? null : parseEdn(valueText), line };
}

function ednLine(content: string, line: number): RawEvent {
  const map = parseEdn(content);
  if (map === null || typeof map !== "object" || Array.isArray(map)) throw new HistoryParseError(line, "expected an EDN map");
  const type = typeof map.type === "string" ? map.type.replace(/^:/, "") : "";
  if (!(TYPES as readonly string[]).includes(type)) throw new HistoryParseError(line, "expected :type :invoke, :ok, :fail or :info");
  const f = typeof map.f === "string" ? map.f.replace(/^:/, "") : "";
  if (f === "") throw new HistoryParseError(line, "expected :f");
  const process = map.process;
  if (typeof process !== "number" && typeof process !== "string") throw new HistoryParseError(line, "expected :process");
  const key = map.key;
  return { process: String(process), type: type as EventType, f, key: typeof key === "string" || typeof key === "number" ? String(key) : undefined, value: map.value, line };
}

function registerEvent(e: RawEvent): HistoryEvent<RegisterInput, Value> {
  const value = e.value === ":timed-out" ? undefined : e.value;
  const base = { process: e.process, type: e.type, line: e.line, what: `:${e.f}` };
  if (e.f === "read") return e.type === "ok" ? { ...base, output: scalar(value, e.line) } : { ...base, input: { f: "read" } };
  if (e.f === "write") return e.type === "invoke" ? { ...base, input: { f: "write", value: scalar(value, e.line) } } : base;
  if (e.f === "cas") {
    if (e.type !== "invoke") return base;
    if (!Array.isArray(value) || value.length !== 2) throw new HistoryParseError(e.line, "cas needs [from to]");
    return { ...base, input: { f: "cas", from: scalar(value[0], e.line), to: scalar(value[1], e.line) } };
  }
  throw new HistoryParseError(e.line, `unknown register operation :${e.f} (expected :read, :write or :cas)`);
}

function kvEvent(e: RawEvent): HistoryEvent<KvInput, Value> {
  if (e.f !== "get" && e.f !== "put" && e.f !== "append") throw new HistoryParseError(e.line, `unknown kv operation :${e.f} (expected :get, :put or :append)`);
  if (e.key === undefined) throw new HistoryParseError(e.line, "a kv operation needs a key");
  const base = { process: e.process, type: e.type, line: e.line, what: `:${e.f} ${JSON.stringify(e.key)}` };
  if (e.f === "get") return e.type === "ok" ? { ...base, output: text(e.value) } : { ...base, input: { f: "get", key: e.key } };
  return e.type === "invoke" ? { ...base, input: { f: e.f, key: e.key, value: text(e.value) } } : base;
}

function scalar(v: Edn | undefined, line: number): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  throw new HistoryParseError(line, "expected an integer, a string or nil");
}

/** kv values are strings; nil reads as "" (the initial value). */
function text(v: Edn | undefined): string {
  return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
}

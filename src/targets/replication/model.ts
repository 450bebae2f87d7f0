/**
 * The replication target's world: a few orgs and namespaces (each namespace a shard with its own
 * seq), a few keys per namespace, node names, and how frames and slots fold into the numbers a
 * trace entry carries.
 */
import { namespaceKey, type Frame } from "./replication.js";

export const ORGS = ["acme", "globex"] as const;
export const NAMESPACES = ["tasks", "leases", "queues"] as const;
export const KEYS = ["k0", "k1", "k2", "k3"] as const;

/** Namespaces are numbered org-major: j = org * NAMESPACES.length + ns. */
export const NAMESPACE_COUNT = ORGS.length * NAMESPACES.length;

/** The most validators a run has. */
export const NODES_MAX = 5;

export function nodeName(i: number): string {
  return `n${i}`;
}

export function namespaceIndex(org: number, ns: number): number {
  return org * NAMESPACES.length + ns;
}

export function namespaceName(j: number): string {
  return `${ORGS[Math.floor(j / NAMESPACES.length)] ?? "?"}/${NAMESPACES[j % NAMESPACES.length] ?? "?"}`;
}

const BY_NAME = new Map<string, number>();
for (let o = 0; o < ORGS.length; o++) for (let n = 0; n < NAMESPACES.length; n++) BY_NAME.set(namespaceKey(ORGS[o]!, NAMESPACES[n]!), namespaceIndex(o, n));

/** The namespace index of a frame, or -1 for a namespace this world does not have. */
export function namespaceOf(f: Pick<Frame, "org" | "ns">): number {
  return BY_NAME.get(namespaceKey(f.org, f.ns)) ?? -1;
}

/** A mutation a client asks a namespace's owner for; the owner turns it into a frame. */
export interface Mutation {
  readonly op: "put" | "del";
  readonly j: number;
  readonly key: number;
  /** The request id: unique in a run, so every frame built from a mutation is distinct. */
  readonly id: number;
}

/** The frame of `mutation` at `seq`. A del carries its request id as its value (see Frame.value). */
export function frameOf(m: Mutation, seq: number): Frame {
  const org = ORGS[Math.floor(m.j / NAMESPACES.length)]!;
  const ns = NAMESPACES[m.j % NAMESPACES.length]!;
  return { org, ns, seq, op: m.op, key: KEYS[m.key]!, value: `${m.op === "put" ? "v" : "d"}${m.id}` };
}

/** The key of the clients' KV history: a key within its namespace. */
export function historyKey(j: number, key: string): string {
  return `${namespaceName(j)}/${key}`;
}

/** A frame's identity: its full content (two frames with the same content are the same frame). */
export function frameId(f: Frame): string {
  return `${f.org}\u0000${f.ns}\u0000${f.seq}\u0000${f.op}\u0000${f.key}\u0000${f.value ?? ""}`;
}

/** A slot as one trace number (namespace index and seq). */
export function slotCode(j: number, seq: number): number {
  return j * 1_000_000 + seq;
}

/** `acme/tasks#12`, from a trace number made by {@link slotCode}. */
export function describeSlotCode(code: number): string {
  return `${namespaceName(Math.floor(code / 1_000_000))}#${code % 1_000_000}`;
}

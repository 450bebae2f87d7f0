/**
 * Readable text for the network's trace entries, for a target's `describeEvent`:
 *
 * ```ts
 * describeEvent: (kind, a, b) => describeNetEvent(kind, a, b, (id) => REPLICAS[id]) ?? describeMine(kind, a, b),
 * ```
 */

/** How a node id reads (default: `n<id>`). */
export type NodeName = (id: number) => string;

const byNumber: NodeName = (id) => `n${id}`;

/** A phrase for a `net.*` or `node.*` entry, or undefined for any other kind. */
export function describeNetEvent(kind: string, a: number, b: number, name: NodeName = byNumber): string | undefined {
  switch (kind) {
    case "net.send":
    case "net.deliver":
    case "net.drop":
    case "net.duplicate":
    case "net.clog":
      return `${name(a)} -> ${name(b)}`;
    case "net.partition":
    case "net.heal":
      return b < 0 ? `${side(a, name)} -/-> ${side(-b, name)} (one-way)` : `${side(a, name)} | ${side(b, name)}`;
    case "node.pause":
      return b > 0 ? `${name(a)} for ${b} ms` : name(a);
    case "node.crash":
      return b > 0 ? `${name(a)}, restart in ${b} ms` : name(a);
    case "node.resume":
    case "node.restart":
      return name(a);
    default:
      return undefined;
  }
}

/**
 * The node a `net.*` or `node.*` entry happened on, for a target's `eventNode`: the sender of a
 * send, duplicate, clog or drop, the receiver of a delivery, the node of a pause, crash, resume or
 * restart; undefined for any other kind (a partition spans nodes).
 */
export function netEventNode(kind: string, a: number, b: number): number | undefined {
  switch (kind) {
    case "net.send":
    case "net.drop":
    case "net.duplicate":
    case "net.clog":
    case "node.pause":
    case "node.crash":
    case "node.resume":
    case "node.restart":
      return a;
    case "net.deliver":
      return b;
    default:
      return undefined;
  }
}

/** `{n0, n2}` from a bitmask (exact up to 53 nodes). */
function side(mask: number, name: NodeName): string {
  const ids: string[] = [];
  for (let id = 0, m = mask; m > 0; id++, m = Math.floor(m / 2)) if (m % 2 === 1) ids.push(name(id));
  return `{${ids.join(", ")}}`;
}

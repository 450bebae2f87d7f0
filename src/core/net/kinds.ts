/**
 * The histogram and fault kinds of the network and node models. A target that builds a cluster
 * declares them among its own: `eventKinds: [...MY_KINDS, ...NET_EVENT_KINDS]`,
 * `faultKinds: [...NET_FAULT_KINDS]`. Trace arguments are (from, to) for messages, (node, ms)
 * for pauses and crashes (ms 0: until resumed/restarted by hand), (side-a bitmask, side-b bitmask)
 * for partitions, side B negated when the partition is one-way (only A -> B cut).
 * `describeNetEvent` renders them.
 */
export const NET_EVENT_KINDS = [
  "net.send",
  "net.deliver",
  "net.drop",
  "net.duplicate",
  "net.clog",
  "net.partition",
  "net.heal",
  "node.pause",
  "node.resume",
  "node.crash",
  "node.restart",
] as const;

/** Recorded fault decisions of the network and nodes (each shrinkable like an op). */
export const NET_FAULT_KINDS = ["net.delay", "net.loss", "net.duplicate", "net.reorder", "net.clog", "net.partition", "net.unpartition", "node.pause", "node.crash"] as const;

export type NetEventKind = (typeof NET_EVENT_KINDS)[number];
export type NetFaultKind = (typeof NET_FAULT_KINDS)[number];

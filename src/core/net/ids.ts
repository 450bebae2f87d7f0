/**
 * The network's event and fault kinds, interned once per cluster (never per message), with an
 * error that tells a target what to declare when it forgot them.
 */
import type { RunContext } from "../target.js";
import { NET_EVENT_KINDS, NET_FAULT_KINDS } from "./kinds.js";

/** Interned ids of {@link NET_EVENT_KINDS} (histogram kinds). */
export interface NetEventIds {
  readonly send: number;
  readonly deliver: number;
  readonly drop: number;
  readonly duplicate: number;
  readonly clog: number;
  readonly partition: number;
  readonly heal: number;
  readonly pause: number;
  readonly resume: number;
  readonly crash: number;
  readonly restart: number;
}

/** Interned ids of {@link NET_FAULT_KINDS} (recorded decisions). */
export interface NetFaultIds {
  readonly delay: number;
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly clog: number;
  readonly partition: number;
  readonly unpartition: number;
  readonly pause: number;
  readonly crash: number;
}

export interface NetIds {
  readonly events: NetEventIds;
  readonly faults: NetFaultIds;
}

/** Intern every net kind in `ctx`; throws naming the first the target did not declare. */
export function internNetKinds(ctx: Pick<RunContext, "kind" | "faultKind" | "target">): NetIds {
  const event = (name: (typeof NET_EVENT_KINDS)[number]): number => intern(() => ctx.kind(name), ctx.target, `event kind '${name}'`, "eventKinds: [...yours, ...NET_EVENT_KINDS]");
  const fault = (name: (typeof NET_FAULT_KINDS)[number]): number => intern(() => ctx.faultKind(name), ctx.target, `fault kind '${name}'`, "faultKinds: [...yours, ...NET_FAULT_KINDS]");
  return {
    events: {
      send: event("net.send"),
      deliver: event("net.deliver"),
      drop: event("net.drop"),
      duplicate: event("net.duplicate"),
      clog: event("net.clog"),
      partition: event("net.partition"),
      heal: event("net.heal"),
      pause: event("node.pause"),
      resume: event("node.resume"),
      crash: event("node.crash"),
      restart: event("node.restart"),
    },
    faults: {
      delay: fault("net.delay"),
      loss: fault("net.loss"),
      duplicate: fault("net.duplicate"),
      reorder: fault("net.reorder"),
      clog: fault("net.clog"),
      partition: fault("net.partition"),
      unpartition: fault("net.unpartition"),
      pause: fault("node.pause"),
      crash: fault("node.crash"),
    },
  };
}

function intern(get: () => number, target: string, what: string, hint: string): number {
  try {
    return get();
  } catch {
    throw new Error(`target '${target}' builds a Cluster but does not declare the ${what}: declare ${hint}`);
  }
}

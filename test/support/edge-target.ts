/** A small target for tests of the kernel's boundary: number ops, one event kind, overridable parts. */
import { defineTarget, type Instance, type RunContext, type TargetSpec } from "../../src/index.js";

/** A target of number ops; `instance` overrides methods of a well-behaved instance. */
export function edgeTarget(instance: (ctx: RunContext) => Partial<Record<keyof Instance<number>, unknown>> = () => ({}), spec: Partial<TargetSpec<number>> = {}) {
  return defineTarget<number>({
    name: "edge",
    description: "answers what each test makes it answer",
    invariants: { big: "ops stay below 8" },
    bugs: {},
    workloads: { default: "numbers" },
    eventKinds: ["op"],
    ...spec,
    create(ctx) {
      const op = ctx.kind("op");
      const base: Instance<number> = { nextOp: () => ctx.ops.int(10), apply: (n) => ctx.emit(op, n), check: () => [], finish: () => [] };
      return { ...base, ...instance(ctx) } as Instance<number>;
    },
  });
}


/**
 * The disk's promises settle from kernel events (its completions), not from `ctx.sleep`: the run
 * loop must then drain continuations after each event, as it does once a target is async. A target
 * whose `apply` is synchronous (a cluster driven by messages) would otherwise see the code after
 * `await disk.append(...)` run only when the loop next yields, long after the write completed.
 *
 * `RunContext` has no direct way to say so; `ctx.timeout` is the public call that switches the
 * loop to draining (as `ctx.sleep` does). Its timer is cancelled when the already-settled promise's
 * continuation runs, which the loop drains before it fires any event: it never fires and leaves
 * nothing in the trace or histogram. Once per run, on the first disk operation.
 */
import type { RunContext } from "../target.js";

const switched = new WeakSet<RunContext>();

/** Make the run loop drain continuations after each event from now on (idempotent per run). */
export function drainAfterEvents(ctx: RunContext): void {
  if (switched.has(ctx)) return;
  switched.add(ctx);
  void ctx.timeout(Promise.resolve(), 0);
}

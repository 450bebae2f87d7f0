/** assertTarget: a sweep as one assertion, with the first failing seed shrunk into its message. */
import { describe, expect, it } from "vitest";
import { TargetAssertionError, assertTarget } from "../../src/index.js";
import { BUILTIN_TARGETS } from "../../src/targets/index.js";

const target = BUILTIN_TARGETS.get("done-ledger")!;

describe("assertTarget", () => {
  it("resolves when no seed fails", async () => {
    await expect(assertTarget(target, { seeds: 20 })).resolves.toBeUndefined();
  });

  it("throws with the first failing seed, its invariant, a shrunk repro and the replay command", async () => {
    const err = await assertTarget(target, { seeds: 20, bug: "dirty-read" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TargetAssertionError);
    const e = err as TargetAssertionError;
    expect(e.invariant).toBe("I10");
    expect(e.message).toMatch(new RegExp(`first: seed ${e.seed}\\n`));
    expect(e.message).toMatch(/shrunk repro \(\d+ of \d+ steps, I10\):\n  #0 /);
    expect(e.message).toContain(`replay: npx simctl replay --target done-ledger --seed ${e.seed} --ops 500 --fault-level stormy --workload default --bug dirty-read`);
  });

  it("skips shrinking with a zero budget", async () => {
    const err = (await assertTarget(target, { seeds: 5, bug: "dirty-read", shrinkBudget: 0 }).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain("shrunk repro");
  });
});

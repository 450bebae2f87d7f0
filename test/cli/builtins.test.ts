/**
 * The CLI imports built-in targets one at a time (src/cli/builtins.ts); its table must stay the
 * registry's: same names in the same order, the same default, and the very same target objects
 * (the sweep tells a built-in target from a stand-in by identity).
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_NAMES, DEFAULT_TARGET, isBuiltinName, loadAllBuiltins, loadBuiltin } from "../../src/cli/builtins.js";
import { BUILTIN_TARGETS, DEFAULT_TARGET as REGISTRY_DEFAULT } from "../../src/targets/index.js";

describe("the CLI's lazy table of built-in targets", () => {
  it("names the registry's targets in its order, with its default", () => {
    expect(BUILTIN_NAMES).toEqual([...BUILTIN_TARGETS.keys()]);
    expect(DEFAULT_TARGET).toBe(REGISTRY_DEFAULT);
  });

  it("loads the registry's own target objects", async () => {
    for (const [name, target] of BUILTIN_TARGETS) expect(await loadBuiltin(name)).toBe(target);
    expect(await loadAllBuiltins()).toEqual([...BUILTIN_TARGETS.values()]);
  });

  it("knows no other name", async () => {
    expect(isBuiltinName("./done-ledger.mjs")).toBe(false);
    expect(isBuiltinName("constructor")).toBe(false);
    expect(await loadBuiltin("__proto__")).toBeUndefined();
  });
});

/**
 * The kv model's sharper search for keys that are only appended to (`refine`): it must give the
 * verdict the plain search gives (it may only cut orders no completed get allows), and it must
 * decide the append-heavy histories that exhaust the plain search's budget.
 */
import { describe, expect, it } from "vitest";
import { checkLinearizability, kvModel, type History, type KvInput, type Model } from "../../src/index.js";
import { corruptRead, generateKvHistory } from "../../src/check/linearizability/generate.js";
import { Rng } from "../../src/core/rng.js";

const plain: Model<string, KvInput, string> = { ...kvModel, refine: undefined };

/** Appends and gets only: a generated kv history with every put turned into an append. */
function appendOnly(seed: number, ops: number, clients: number, crashRate: number): History<KvInput, string> {
  const rng = new Rng(`append-refine/${seed}`);
  const h = generateKvHistory(rng, { ops, clients, keys: 2, crashRate });
  // Replay with unique append values and puts as appends, so the state is a list of tokens.
  const state = new Map<string, string>();
  const sorted = [...h].sort((a, b) => a.ret - b.ret);
  const outputs = new Map<number, string>();
  for (const op of sorted) {
    const cur = state.get(op.input.key) ?? "";
    if (op.input.f === "get") outputs.set(op.id, cur);
    else state.set(op.input.key, cur + `.${op.id}`);
  }
  return h.map((op) =>
    op.input.f === "get"
      ? { ...op, output: op.ret === Infinity ? undefined : outputs.get(op.id) }
      : { ...op, input: { f: "append", key: op.input.key, value: `.${op.id}` }, output: op.ret === Infinity ? undefined : "" },
  );
}

describe("kv model: append-only keys", () => {
  it("gives the plain search's verdict on 300 small histories, linearizable or corrupted", () => {
    let failing = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const base = appendOnly(seed, 14, 4, 0.1);
      const h = seed % 2 === 0 ? corruptRead(new Rng(`append-refine/corrupt/${seed}`), base) : base;
      const a = checkLinearizability(kvModel, h, { maxStates: 200_000 });
      const b = checkLinearizability(plain, h, { maxStates: 200_000 });
      expect(a.verdict, `seed ${seed}`).toBe(b.verdict);
      if (a.verdict === "not linearizable") failing++;
    }
    expect(failing).toBeGreaterThan(20);
  });

  // Open (crashed) appends are held to nothing, so this one has none, like the raft target's.
  it("decides an append-heavy history that exhausts the plain search's budget", () => {
    const h = appendOnly(7, 400, 12, 0);
    expect(checkLinearizability(plain, h, { maxStates: 100_000 }).verdict).toBe("unknown");
    expect(checkLinearizability(kvModel, h, { maxStates: 100_000 }).verdict).toBe("linearizable");
  });
});

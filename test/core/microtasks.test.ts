/**
 * The kernel's microtask drain must order continuations exactly as a macrotask turn per event
 * did: every continuation an event caused, however deep (nested awaits, Promise.all, thenables,
 * microtasks queuing microtasks), runs before the next event, also when the first drain is
 * called from synchronous code inside a macrotask. A made-up "kernel" fires events that wake
 * waiters and start random chains; its log must be the same under both drains.
 */
import { describe, expect, it } from "vitest";
import { MicrotaskDrain } from "../../src/core/microtasks.js";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The log of one simulated run whose events are separated by `drain()`. */
async function simulate(drain: () => Promise<void>, seed: number): Promise<string> {
  const random = lcg(seed);
  const log: string[] = [];
  const waiters: (() => void)[] = [];
  const thenable = { then: (resolve: (v: number) => void) => resolve(1) };
  async function chain(id: number, depth: number): Promise<void> {
    log.push(`s${id}.${depth}`);
    if (depth === 0) return;
    const k = random();
    if (k < 0.2) await chain(id, depth - 1);
    else if (k < 0.4) await Promise.all([chain(2 * id, depth - 1), chain(2 * id + 1, depth - 1)]);
    else if (k < 0.5) await chain(id, (await thenable) * depth - 1);
    else if (k < 0.6) await new Promise<void>((resolve) => waiters.push(resolve));
    else if (k < 0.7) void Promise.resolve().then(() => chain(id + 100, depth - 1));
    else await Promise.resolve().then(() => Promise.resolve(chain(id, depth - 1)));
    log.push(`e${id}.${depth}`);
  }
  void chain(1, 8);
  for (let event = 0; event < 150; event++) {
    await drain();
    log.push(`E${event}`);
    for (const wake of waiters.splice(0, 1 + Math.floor(random() * 3))) wake();
    if (random() < 0.5) void chain(1000 + event, Math.floor(random() * 12));
  }
  await drain();
  return log.join(" ");
}

const macrotaskTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `simulate`, started from a timer callback: the first drain is called outside any microtask. */
function fromMacrotask(drain: () => Promise<void>, seed: number): Promise<string> {
  return new Promise((resolve) => setTimeout(() => void simulate(drain, seed).then(resolve), 0));
}

describe("microtask drain", () => {
  it("runs every continuation before the next event, in the order a macrotask turn per event gives", async () => {
    for (let seed = 0; seed < 60; seed++) {
      const drains = new MicrotaskDrain();
      expect(await simulate(() => drains.drain(), seed)).toBe(await simulate(macrotaskTurn, seed));
    }
  });

  it("keeps that order when its first call comes from synchronous code in a macrotask", async () => {
    for (let seed = 0; seed < 10; seed++) {
      const drains = new MicrotaskDrain();
      expect(await fromMacrotask(() => drains.drain(), seed)).toBe(await fromMacrotask(macrotaskTurn, seed));
    }
  });

  it("tells the drains apart: a fixed number of awaits does not wait for deep chains", async () => {
    const fewAwaits = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    expect(await simulate(fewAwaits, 0)).not.toBe(await simulate(macrotaskTurn, 0));
  });
});

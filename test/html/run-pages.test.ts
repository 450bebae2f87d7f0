/**
 * The run page of the shrunk repro of every planted bug of the network targets and the
 * done-ledger (the corpus in seeds/): it shows the violating step, the messages (or, for the
 * ledger, the writes) that led to it, every step linked to its place, and the replay command.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { legacyFaultKeys, parseReplay, parseReplaySteps } from "../../src/core/replay.js";
import { pageOf, runForPage } from "../../src/cli/html/run-html.js";
import { BUILTIN_TARGETS } from "../../src/targets/index.js";
import { ROOT } from "../cli/helpers.js";

const DIR = join(ROOT, "seeds");
const NETWORK = ["replication", "raft", "failover", "async-driver"];
const REPROS = readdirSync(DIR).filter((f) => f.endsWith(".json") && !f.includes("-clean-") && !f.includes("-scenario-") && [...NETWORK, "done-ledger"].some((t) => f.startsWith(`${t}-`) && !f.startsWith("raft-storage")));

async function pageFor(file: string): Promise<{ html: string; steps: number; step: number; invariant: string; target: string }> {
  const replay = parseReplay(JSON.parse(readFileSync(join(DIR, file), "utf8")), file);
  const target = BUILTIN_TARGETS.get(replay.target)!;
  const steps = parseReplaySteps(target, replay.ops!, file);
  const answer = await runForPage(target, replay.seed, replay.options, { steps, legacyFaultKeys: legacyFaultKeys(replay) }, undefined);
  const v = answer.result.violations[0]!;
  const html = pageOf(answer, { targetSpec: target.name, invariants: target.invariants, replay: `npx simctl replay seeds/${file}` });
  return { html, steps: steps.length, step: v.step, invariant: v.invariant, target: target.name };
}

/** The rows of the timeline drawn above the violation row (their y is smaller). */
function above(html: string, pattern: RegExp): number {
  const y = Number(/<g id="violation"[^>]*>.*?<rect x="0" y="(\d+)"/.exec(html)?.[1]);
  return [...html.matchAll(pattern)].filter((m) => Number(m[1]) < y).length;
}

describe("run pages of the shrunk repro of every planted bug", () => {
  it("covers every bug of the network targets and the done-ledger", () => {
    for (const name of [...NETWORK, "done-ledger"]) {
      for (const bug of Object.keys(BUILTIN_TARGETS.get(name)!.bugs)) expect(REPROS).toContain(`${name}-${bug}.json`);
    }
  });

  for (const file of REPROS) {
    it(`${file}: the violating step, what led to it, every step and the replay command`, async () => {
      const page = await pageFor(file);
      expect(page.html).toContain(`<g id="violation" data-step="${page.step}" data-invariant="${page.invariant}">`);
      expect(page.html).toContain(`<pre class="replay-command">npx simctl replay seeds/${file}</pre>`);
      if (NETWORK.includes(page.target)) {
        // Messages delivered before the violation, each drawn as an arrow from its send.
        expect(above(page.html, /<g class="msg[^"]*"><title>[^<]*<\/title><line x1="[\d.]+" y1="(\d+(?:\.\d+)?)"/g)).toBeGreaterThan(0);
        for (const lane of ["clients", "n0", "n1"]) expect(page.html).toContain(`<g class="lane" data-lane="${lane}">`);
      } else {
        // The ledger's writes: applied or pending writes and merges before the violation.
        expect(above(page.html, /<g class="row" id="e-\d+"><title>[^<]*: (?:write|merge)\.[^<]*<\/title><rect class="bg[^"]*" x="0" y="(\d+)"/g)).toBeGreaterThan(0);
        expect(page.html).toContain(`<g class="lane" data-lane="system">`);
      }
      // Every step listed; those drawn (the last ones, up to the violation) linked to their place.
      expect((page.html.match(/<li value="\d+">/g) ?? []).length).toBe(page.steps);
      const links = [...page.html.matchAll(/<li value="(\d+)"><a href="#step-(\d+)">/g)];
      expect(links.length).toBeGreaterThan(0);
      expect(links.at(-1)![1]).toBe(String(page.steps - 1));
      for (const [, value, step] of links) {
        expect(step).toBe(value);
        expect(page.html).toContain(`id="step-${step}"`);
      }
      expect(page.html).not.toMatch(/(?:src|href)="(?:https?:)?\/\/|https?:\/\//);
    });
  }
});

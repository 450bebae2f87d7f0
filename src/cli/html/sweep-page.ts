/**
 * The page of a sweep (`simctl sweep --reporter html:FILE`): the counts, the histogram with the
 * kinds no seed reached, the failing seeds grouped by the invariant they broke first, each with
 * its replay command and, when `--save-failures` wrote one, a link to its run page.
 */
import type { FailureDoc, SweepDoc } from "../../core/report.js";
import { optionsLine, seedCounts } from "../reporters/text.js";
import { esc, page } from "./page.js";

export interface SweepPageContext {
  /** The target's invariants: id -> statement. */
  readonly invariants: Readonly<Record<string, string>>;
  /** The run page of a seed, as a link relative to the sweep page, when one was written. */
  readonly runPage?: ((seed: number) => string | undefined) | undefined;
}

const CSS = `
main{max-width:1200px}
#summary td,#summary th{padding:2px 14px 2px 0}
#histogram td.n{text-align:right;font-variant-numeric:tabular-nums}
#histogram .bar{display:inline-block;height:10px;background:#54aeff;vertical-align:middle}
#histogram tr.unreached td{color:#9a6700}
section.invariant{border-left:4px solid #cf222e;padding-left:12px;margin:18px 0}
section.invariant.inconclusive{border-color:#d4a72c}
li.failure{margin:8px 0}
`;

/** Failing seeds listed per invariant; the JSON report has every one. */
const LISTED_PER_INVARIANT = 50;

export function renderSweepPage(doc: SweepDoc, ctx: SweepPageContext): string {
  const sum = doc.summary;
  const failed = sum.failed + sum.errored > 0;
  const verdict = failed ? `FAIL: ${sum.failed + sum.errored} of ${sum.seeds} seeds` : sum.inconclusive > 0 ? "INCONCLUSIVE" : "PASS";
  const last = doc.range.base + doc.range.count - 1;
  const body = [
    "<main>",
    `<h1>simctl sweep: ${esc(doc.target)} <span class="${failed ? "bad" : sum.inconclusive > 0 ? "unknown" : "ok"}">${esc(verdict)}</span></h1>`,
    `<p class="dim">${esc(optionsLine(doc.impl !== undefined ? `${doc.target} impl=${doc.impl}` : doc.target, `seeds=${doc.range.base}..${last}`, doc.options))}</p>`,
    summaryTable(doc),
    doc.stopped !== undefined ? `<p class="unknown">Stopped early: ${esc(doc.stopped.message)}</p>` : "",
    histogramTable(doc),
    failuresSection(doc, ctx),
    "</main>",
  ];
  return page(`simctl sweep ${doc.target}: ${verdict}`, CSS, body.join("\n"));
}

function summaryTable(doc: SweepDoc): string {
  const s = doc.summary;
  const cells: [string, number | string][] = [
    ["seeds", s.seeds],
    ["passed", s.passed],
    ["failed", s.failed],
    ["inconclusive", s.inconclusive],
    ["errored", s.errored],
    ["not run", s.notRun],
    ["steps", s.steps],
    ["wall", `${(s.wallMs / 1000).toFixed(2)} s`],
  ];
  return `<h2>Summary</h2><table id="summary"><tr>${cells.map(([k]) => `<th>${k}</th>`).join("")}</tr><tr>${cells.map(([k, v]) => `<td data-count="${k}">${v}</td>`).join("")}</tr></table><p>${esc(seedCounts(s))}</p>`;
}

function histogramTable(doc: SweepDoc): string {
  const unreached = new Set(doc.unreached);
  const entries = Object.entries(doc.histogram);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rows = entries.map(([kind, n]) => {
    const width = n === 0 ? 0 : Math.max(1, Math.round((Math.log1p(n) / Math.log1p(max)) * 300));
    return `<tr data-kind="${esc(kind)}"${unreached.has(kind) ? ` class="unreached"` : ""}><td>${esc(kind)}</td><td class="n">${n}</td><td><span class="bar" style="width:${width}px"></span>${unreached.has(kind) ? " unreached" : ""}</td></tr>`;
  });
  const note = doc.unreached.length === 0 ? "Every kind was reached." : `${doc.unreached.length} kind(s) no seed reached: ${esc(doc.unreached.join(", "))}.`;
  return `<h2>Histogram</h2><p>${note} Bars are on a log scale.</p><table id="histogram"><tr><th>kind</th><th>count</th><th></th></tr>${rows.join("")}</table>`;
}

function failuresSection(doc: SweepDoc, ctx: SweepPageContext): string {
  if (doc.failures.length === 0) return `<section id="failures"><h2>Failures</h2><p class="ok">No seed failed.</p></section>`;
  const groups = new Map<string, FailureDoc[]>();
  for (const f of doc.failures) {
    const key = `${f.status === "inconclusive" ? "inconclusive:" : ""}${f.violations[0]!.invariant}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(f);
  }
  const sections = [...groups].map(([key, list]) => invariantSection(key, list, ctx));
  return `<section id="failures"><h2>Failures by invariant</h2>${sections.join("\n")}</section>`;
}

function invariantSection(key: string, list: readonly FailureDoc[], ctx: SweepPageContext): string {
  const inconclusive = key.startsWith("inconclusive:");
  const id = inconclusive ? key.slice("inconclusive:".length) : key;
  const statement = Object.hasOwn(ctx.invariants, id) ? `<p class="dim">${esc(ctx.invariants[id]!)}</p>` : "";
  const items = list.slice(0, LISTED_PER_INVARIANT).map((f) => failureItem(f, ctx));
  const more = list.length > LISTED_PER_INVARIANT ? `<li class="dim">… and ${list.length - LISTED_PER_INVARIANT} more seeds (every one is in the JSON report)</li>` : "";
  const title = `${esc(id)}${inconclusive ? " (inconclusive: a check ran out of budget)" : ""}: ${list.length} seed(s)`;
  return `<section class="invariant${inconclusive ? " inconclusive" : ""}" data-invariant="${esc(id)}"><h3>${title}</h3>${statement}<ul>${items.join("")}${more}</ul></section>`;
}

function failureItem(f: FailureDoc, ctx: SweepPageContext): string {
  const v = f.violations[0]!;
  const href = ctx.runPage?.(f.seed);
  const link = href !== undefined ? ` <a class="run-page" href="${esc(href)}">run page</a>` : "";
  return `<li class="failure" data-seed="${f.seed}"><b>seed ${f.seed}</b> (${f.status}) at step #${v.step}: ${esc(v.message)}${link}<pre class="replay-command">${esc(f.replay)}</pre></li>`;
}

/**
 * Linearizability checking time on the shapes of lincheck-shapes.ts (Jepsen etcd-shaped register
 * sets, 50-client kv histories, the 10,000-operation kv history, a distinct-value register).
 * After one warm-up round, LINCHECK_RUNS rounds each check every shape once, so the shapes interleave
 * (A B C ... A B C ...) and share the machine's noise; CPU time and wall per shape, median and
 * range. Every history must get its expected verdict; goals are judged on the CPU-time median.
 * Shapes marked `long` (about a minute a round) run only with BENCH_LINCHECK_LONG=1; otherwise
 * their row says "skipped".
 */
import { checkLinearizability, kvModel, registerModel, type History, type Model } from "../src/index.js";
import { summarizeRuns, timed, type CpuWall, type CpuWallSummary } from "./cpu-wall.js";
import { describeOperations, lincheckShapes, type LincheckShape } from "./lincheck-shapes.js";

export const LINCHECK_RUNS = 7;
export const LONG_ENV = "BENCH_LINCHECK_LONG";
const BUDGET = { maxStates: 5_000_000 };

export interface LincheckRow {
  readonly shape: string;
  readonly operations: string;
  readonly clients: number;
  /** "linearizable", or for a set the count of each verdict ("100 not linearizable"). */
  readonly verdict: string;
  readonly explored: number;
  /** Undefined for a skipped shape. */
  readonly time: CpuWallSummary | undefined;
  readonly goal: string;
  readonly met: boolean | undefined;
}

interface Outcome {
  readonly verdicts: ReadonlyMap<string, number>;
  readonly explored: number;
}

function modelOf(shape: LincheckShape): Model<unknown, unknown, unknown> {
  return (shape.model === "kv" ? kvModel : registerModel) as Model<unknown, unknown, unknown>;
}

/** Check every history of a shape once (a set is checked as one `simctl lincheck` of its files). */
function checkShape(model: Model<unknown, unknown, unknown>, histories: readonly History<unknown, unknown>[]): Outcome {
  const verdicts = new Map<string, number>();
  let explored = 0;
  for (const h of histories) {
    const r = checkLinearizability(model, h, BUDGET);
    verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
    explored += r.explored;
  }
  return { verdicts, explored };
}

function describeVerdicts(o: Outcome, histories: number): string {
  if (histories === 1) return [...o.verdicts.keys()][0]!;
  return [...o.verdicts].map(([v, n]) => `${n} ${v}`).join(", ");
}

function goalText(shape: LincheckShape): string {
  const verdict = shape.histories.length === 1 ? shape.expected : `all ${shape.expected}`;
  const goal = shape.goal;
  if (goal === undefined) return verdict;
  return "cpuMs" in goal ? `${verdict}, < ${goal.cpuMs / 1000} s` : `${verdict}, 0 states`;
}

export function benchLincheck(): LincheckRow[] {
  const all = lincheckShapes();
  const long = process.env[LONG_ENV] === "1";
  const shapes = all.filter((s) => long || s.long !== true).map((shape) => ({ shape, model: modelOf(shape) }));
  const runs: CpuWall[][] = shapes.map(() => []);
  const outcomes: Outcome[] = [];
  for (const { model, shape } of shapes) outcomes.push(checkShape(model, shape.histories)); // warm-up
  for (let round = 0; round < LINCHECK_RUNS; round++) {
    shapes.forEach(({ model, shape }, i) => {
      const t = timed(() => checkShape(model, shape.histories));
      // Deterministic: every round must explore as much as the first.
      if (t.result.explored !== outcomes[i]!.explored) throw new Error(`${shape.name}: explored ${t.result.explored}, then ${outcomes[i]!.explored}`);
      runs[i]!.push(t);
    });
  }
  const measured = new Map(shapes.map(({ shape }, i) => [shape, i]));
  return all.map((shape) => {
    const i = measured.get(shape);
    if (i === undefined) {
      return { shape: shape.name, operations: describeOperations(shape), clients: shape.clients, verdict: `skipped (${LONG_ENV}=1)`, explored: 0, time: undefined, goal: goalText(shape), met: undefined };
    }
    const outcome = outcomes[i]!;
    const time = summarizeRuns(runs[i]!);
    const goal = shape.goal;
    const verdictOk = outcome.verdicts.get(shape.expected) === shape.histories.length;
    const goalOk = goal === undefined || ("cpuMs" in goal ? time.cpuMs.median < goal.cpuMs : outcome.explored === 0);
    return {
      shape: shape.name,
      operations: describeOperations(shape),
      clients: shape.clients,
      verdict: describeVerdicts(outcome, shape.histories.length),
      explored: outcome.explored,
      time,
      goal: goalText(shape),
      met: verdictOk && goalOk,
    };
  });
}

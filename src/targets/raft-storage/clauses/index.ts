/**
 * The named clause checks of the RaftStorage contract (openraft's storage suite in spirit: one
 * deterministic case per clause), and `runClauses`, which runs them on any store factory: the
 * conformance command's first half, and the unit tests' proof that each planted bug breaks the
 * clause it names.
 */
import type { ContractClause } from "../../../index.js";
import type { RaftStorageFactory } from "../contract.js";
import { CRASH_CLAUSES } from "./crash-clauses.js";
import { runClause, type Clause, type ClauseResult } from "./harness.js";
import { LOG_CLAUSES } from "./log-clauses.js";
import { SNAPSHOT_CLAUSES } from "./snapshot-clauses.js";
import { STATE_CLAUSES } from "./state-clauses.js";

export const CLAUSES: readonly Clause[] = [...LOG_CLAUSES, ...STATE_CLAUSES, ...SNAPSHOT_CLAUSES, ...CRASH_CLAUSES].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));

/** Run every clause (or those of `only`, by id) on `factory`, in order: one result each. */
export async function runClauses(factory: RaftStorageFactory, only?: readonly string[]): Promise<ClauseResult[]> {
  const chosen = only === undefined ? CLAUSES : CLAUSES.filter((c) => only.includes(c.id));
  const unknown = only?.find((id) => !CLAUSES.some((c) => c.id === id));
  if (unknown !== undefined) throw new Error(`no clause check is named '${unknown}' (known: ${CLAUSES.map((c) => c.id).join(", ")})`);
  const results: ClauseResult[] = [];
  for (const clause of chosen) results.push(await runClause(clause, factory));
  return results;
}

/**
 * The clauses as the kernel's contract clauses (`TargetSpec.clauses`, what `simctl conformance`
 * runs): each on `factory`'s store, or on `withBug(bug)`'s when a run plants a bug.
 */
export function contractClauses(factory: RaftStorageFactory, withBug?: (bug: string | null) => RaftStorageFactory): ContractClause[] {
  return CLAUSES.map((c) => ({
    id: c.id,
    group: c.group,
    clause: c.clause,
    check: async ({ bug }) => {
      const result = await runClause(c, withBug === undefined ? factory : withBug(bug));
      return result.ok ? undefined : result.message;
    },
  }));
}

export { ClauseFailure, runClause, type Clause, type ClauseGroup, type ClauseHarness, type ClauseResult } from "./harness.js";

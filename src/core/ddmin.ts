/**
 * Delta debugging (Zeller and Hildebrandt's ddmin), complement-only variant: find a 1-minimal
 * sub-list of `items` for which `fails` still holds, removing chunks of halving size. Each test
 * re-runs the system from scratch, so the budget counts tests, not time, and the result is the
 * same on every host.
 */

/** Tests left; shared by every phase of one shrink. */
export interface Budget {
  runsLeft: number;
}

/**
 * `fails(candidate)` returns the (possibly shorter) list to continue from when the candidate still
 * fails, else null. Returning a shorter list lets the caller trim what a failing run never reached.
 */
export type FailTest<T> = (candidate: T[]) => Promise<T[] | null>;

export async function ddmin<T>(items: readonly T[], fails: FailTest<T>, budget: Budget): Promise<T[]> {
  let current = [...items];
  let n = 2;
  while (current.length >= 2 && budget.runsLeft > 0) {
    const chunk = Math.ceil(current.length / n);
    let reduced: T[] | null = null;
    for (let start = 0; start < current.length && budget.runsLeft > 0; start += chunk) {
      reduced = await fails([...current.slice(0, start), ...current.slice(start + chunk)]);
      if (reduced !== null) break;
    }
    if (reduced !== null) {
      current = reduced;
      n = Math.max(n - 1, 2);
    } else if (n >= current.length) {
      break;
    } else {
      n = Math.min(n * 2, current.length);
    }
  }
  if (current.length === 1 && budget.runsLeft > 0) return (await fails([])) ?? current;
  return current;
}

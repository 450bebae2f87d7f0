/** Clause checks made of several cases: the first sentence one of them answers. */

/** Run `cases` in order; the first problem one reports, or undefined when all hold. */
export async function firstProblem(...cases: (() => Promise<string | undefined>)[]): Promise<string | undefined> {
  for (const c of cases) {
    const problem = await c();
    if (problem !== undefined) return problem;
  }
  return undefined;
}

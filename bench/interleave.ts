/**
 * The one schedule every comparison in the bench uses: each variant once as a warm-up (JIT, file
 * cache), then `rounds` rounds in which every variant runs once, in turn (A B A B ...), so that a
 * slow stretch of the shared machine lands on every variant alike and samples pair up by round.
 */
export async function interleave<T>(variants: readonly (() => T | Promise<T>)[], rounds: number): Promise<T[][]> {
  for (const variant of variants) await variant();
  const samples = variants.map((): T[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [k, variant] of variants.entries()) samples[k]!.push(await variant());
  }
  return samples;
}

/** {@link interleave} for a pair of variants (A B A B ...): round i of each pairs up. */
export async function interleavePair<A, B>(a: () => A | Promise<A>, b: () => B | Promise<B>, rounds: number): Promise<[A[], B[]]> {
  await a();
  await b();
  const as: A[] = [];
  const bs: B[] = [];
  for (let round = 0; round < rounds; round++) {
    as.push(await a());
    bs.push(await b());
  }
  return [as, bs];
}

/**
 * Retry backoff: after attempt n fails, wait min(maxBackoffMs, baseBackoffMs * 2^(n-1)), spread by
 * up to jitterPercent either way, so that clients failed by the same spike do not come back in
 * lockstep (AWS's "exponential backoff and jitter"). The jitter comes from the request's own
 * seeded stream: the same request retries at the same times in every replay.
 */
import type { Rng } from "../../../index.js";
import type { RetryPolicy } from "../contract.js";

export function nominalBackoffMs(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (failedAttempt - 1));
}

export function backoffMs(policy: RetryPolicy, failedAttempt: number, rng: Rng | undefined): number {
  const nominal = nominalBackoffMs(policy, failedAttempt);
  if (rng === undefined || policy.jitterPercent === 0) return nominal;
  const spread = (policy.jitterPercent / 100) * (2 * rng.float() - 1);
  return Math.max(0, Math.round(nominal * (1 + spread)));
}

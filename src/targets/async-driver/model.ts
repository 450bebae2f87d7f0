/**
 * The async-driver target's world: the application (node 0) calls the driver's `execute`, the
 * driver talks to the database service (node 1) over the kernel's network through its host:
 * connections opened with a handshake, one request per attempt, each attempt bounded by the
 * timeout the driver gives. The service's latency and errors come from the benchmark profile.
 *
 * Requests: point `read` and `write`, `batch-read` and `batch-write` of many rows, and `consume`
 * of the next records of a stream from an offset (a stream session the service may reset; the
 * driver then resumes from its checkpoint).
 */

export const CLIENT = 0;
export const SERVICE = 1;

export type RequestKind = "read" | "write" | "batch-read" | "batch-write" | "consume";

/** What the application asks the driver. `id` is unique per run (the logical request). */
export interface DriverRequest {
  readonly id: number;
  readonly kind: RequestKind;
  readonly key: number;
  /** Rows of a batch (1 for point requests); records wanted for `consume`. */
  readonly rows: number;
}

export type DriverError = "backpressure" | "timeout" | "unavailable" | "rejected";

/** The driver's answer: done (with the stream records it delivered, for `consume`) or failed. */
export type DriverResult = { readonly ok: true; readonly records?: readonly number[] } | { readonly ok: false; readonly error: DriverError };

/** One attempt on the wire. */
export interface WireRequest {
  /** The logical request. */
  readonly id: number;
  readonly kind: RequestKind;
  readonly key: number;
  readonly rows: number;
  /** For writes: the service applies a key once, whatever the attempts carrying it. */
  readonly idempotencyKey?: string | undefined;
  /** For `consume`: the stream offset to read from. */
  readonly offset?: number | undefined;
}

/** The service's answer to one attempt. */
export type ServiceAnswer =
  | { readonly t: "ok"; readonly records?: readonly number[] }
  /** A transient failure (overload, a failover): nothing happened; retrying may succeed. */
  | { readonly t: "transient" }
  /** The stream session was reset: resume from your checkpoint on a new session. */
  | { readonly t: "session-reset" };

export type DriverMessage =
  | { readonly t: "connect"; readonly conn: number }
  | { readonly t: "connected"; readonly conn: number; readonly ok: boolean }
  | { readonly t: "req"; readonly attempt: number; readonly conn: number; readonly body: WireRequest }
  | { readonly t: "ans"; readonly attempt: number; readonly body: ServiceAnswer };

export function isWrite(kind: RequestKind): boolean {
  return kind === "write" || kind === "batch-write";
}

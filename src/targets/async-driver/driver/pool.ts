/**
 * The built-in driver's connection pool: idle connections are reused, most recently used first;
 * one idle longer than the contract's idleMs is closed instead of reused (the server may have
 * dropped it); a new one is opened with a handshake bounded by connectMs. The pool never holds
 * more connections than requests in flight, which the driver bounds.
 */
import type { DriverHost } from "../host.js";

export class Pool {
  readonly #idle: { readonly conn: number; readonly sinceMs: number }[] = [];

  constructor(readonly host: DriverHost) {}

  /** A connection, or why none could be opened. */
  async acquire(): Promise<number | "refused" | "timeout"> {
    const { host } = this;
    for (let c = this.#idle.pop(); c !== undefined; c = this.#idle.pop()) {
      if (host.nowMs() - c.sinceMs <= host.contract.timeoutPolicy.idleMs) return c.conn;
      host.close(c.conn);
    }
    return host.connect(host.contract.timeoutPolicy.connectMs);
  }

  release(conn: number): void {
    this.#idle.push({ conn, sinceMs: this.host.nowMs() });
  }
}

/**
 * The kernel's one macrotask boundary.
 *
 * An async system under test awaits only kernel-provided promises, which the kernel resolves
 * while firing events. Waiting for one macrotask lets every continuation those resolutions queued
 * run to completion (the microtask queue always drains before the next macrotask), so the next
 * event starts from a settled state. This is the only place simulated code meets a host timer; it
 * carries no time and no entropy into the run, only ordering that the microtask queue fixes.
 */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

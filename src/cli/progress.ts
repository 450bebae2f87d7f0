/**
 * The sweep progress bar (cli-progress) on stderr: seeds done, failures and inconclusive seeds so
 * far, steps/s and ETA.
 * Only on a terminal and never in CI, where it would only fill logs.
 */
import type { SeedStatus } from "../core/sweep.js";
import type { Io } from "./io.js";

export interface Progress {
  /** One seed done: failed and errored seeds count as failed; inconclusive ones separately. */
  tick(status: SeedStatus, steps: number): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, stop: () => undefined };

export async function startProgress(io: Io, total: number, enabled: boolean): Promise<Progress> {
  if (!enabled || !io.stderrIsTTY || (io.env.CI !== undefined && io.env.CI !== "" && io.env.CI !== "false")) return NONE;
  // Loaded only when a bar will actually be drawn.
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      format: "seeds {value}/{total} |{bar}| failed {failed} | inconclusive {inconclusive} | {rate} steps/s | ETA {eta_formatted}",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let done = 0;
  let failed = 0;
  let inconclusive = 0;
  let steps = 0;
  bar.start(total, 0, { failed: 0, inconclusive: 0, rate: 0 });
  return {
    tick(status: SeedStatus, s: number): void {
      done++;
      if (status === "failed" || status === "errored") failed++;
      if (status === "inconclusive") inconclusive++;
      steps += s;
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { failed, inconclusive, rate: seconds > 0 ? Math.round(steps / seconds) : 0 });
    },
    stop: () => bar.stop(),
  };
}

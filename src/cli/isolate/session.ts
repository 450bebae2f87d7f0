/**
 * A target session: one target module loaded in one watched worker thread (the sweep pool's
 * worker script and watchdog), serving the main thread's tasks one at a time: runs (`run`,
 * `replay`, shrink candidates, `sweep --save-failures`), parsing replayed ops, `shrinkOp` and
 * `describeOp` calls.
 *
 * Loading is watched like a run: a module that exits, crashes, loops or never settles its
 * top-level await while loading is bad input (exit 2) with a message saying which. A task whose
 * worker dies or overruns the watchdog comes back as lost (`crash` or `hang`, with the step the
 * run was at when known); the next task starts a fresh worker.
 */
import { InputError } from "../../core/errors.js";
import type { ResolvedOptions } from "../../core/options.js";
import type { Target } from "../../core/target.js";
import type { PortableHooks, RunAnswer, TargetInfo, Task, WorkerMessage, WorkerSetup } from "../pool/protocol.js";
import type { LentWorker } from "../pool/pool.js";
import { hangMessage, lostResult, WatchedWorker, type LostKind, type Where } from "../pool/watched-worker.js";
import type { IsolationLimits } from "./limits.js";
import { OpDescriptions, remoteTarget } from "./target-info.js";

/** How a task ended: its answer, or lost with its worker. A `failed` answer is thrown instead. */
export type TaskOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly lost: LostKind; readonly message: string; readonly where: Where };

type Waiter =
  | { readonly kind: "load"; readonly resolve: (info: TargetInfo) => void; readonly reject: (err: Error) => void }
  | { readonly kind: "task"; readonly id: number; readonly seed: number; readonly resolve: (o: TaskOutcome<unknown>) => void; readonly reject: (err: Error) => void };

const sessions = new WeakMap<Target<unknown>, TargetSession>();

/**
 * Loading a module is watched by `--seed-timeout` too, but never less than this: starting a
 * thread and compiling a TypeScript module can take seconds on a busy machine, and a short
 * per-seed limit must not turn that into a failure.
 */
export const LOAD_TIMEOUT_MIN_MS = 5_000;

/** The session behind a target loaded in a worker; undefined for a target in this thread. */
export function sessionOf(target: Target<unknown>): TargetSession | undefined {
  return sessions.get(target);
}

export class TargetSession {
  /** The main thread's stand-in for the target (see target-info.ts). */
  readonly target: Target<unknown>;
  readonly descriptions = new OpDescriptions();
  #worker: WatchedWorker | undefined;
  #waiter: Waiter | undefined;
  #nextId = 1;

  private constructor(
    readonly spec: string,
    readonly implSpec: string | undefined,
    readonly cwd: string,
    readonly limits: IsolationLimits,
    readonly info: TargetInfo,
    worker: WatchedWorker,
  ) {
    this.#worker = worker;
    this.target = remoteTarget(info, this.descriptions);
    sessions.set(this.target, this);
  }

  /** Load `spec` in a worker; an input error (exit 2) when the module cannot load. */
  static async open(spec: string, cwd: string, limits: IsolationLimits, implSpec?: string): Promise<TargetSession> {
    let session: TargetSession | undefined;
    const { worker, info } = await load(
      { targetSpec: spec, implSpec, cwd },
      limits,
      (m, w) => {
        if (session !== undefined) session.#message(w, m);
      },
      (msg, code, w) => {
        if (session !== undefined) session.#death(w, msg, code);
      },
    );
    session = new TargetSession(spec, implSpec, cwd, limits, info, worker);
    return session;
  }

  /**
   * Lend the idle, loaded worker to a sweep pool (see pool.ts), so that the module is not loaded a
   * second time; undefined when there is none (lost, or busy). Until `giveBack`, a task of this
   * session starts a fresh worker.
   */
  lend(): LentWorker | undefined {
    const worker = this.#worker;
    if (worker === undefined || worker.dead || this.#waiter !== undefined) return undefined;
    this.#worker = undefined;
    return {
      worker,
      giveBack: (w) => {
        if (this.#worker !== undefined || w.dead) return w.kill();
        w.rebind({ onMessage: (m) => this.#message(w, m), onDeath: (msg, code) => this.#death(w, msg, code) });
        w.idle();
        this.#worker = w;
      },
    };
  }

  /** Run one seed; a run whose worker was lost is a `hang` or `crash` result, like in a sweep. */
  async run(seed: number, options: ResolvedOptions, hooks: PortableHooks = {}): Promise<RunAnswer> {
    const outcome = await this.task<RunAnswer>({ kind: "run", seed, options, ...hooks }, seed);
    if (outcome.ok) return outcome.value;
    return { result: lostResult(this.info.name, options, seed, outcome.lost, outcome.message, outcome.where) };
  }

  /**
   * Send one task and wait for its answer. A `failed` answer is thrown: an InputError when the
   * worker said it was bad input, else an Error. A lost worker is an outcome, not a throw.
   */
  async task<T>(task: Task, seed = -1): Promise<TaskOutcome<T>> {
    let worker = this.#worker;
    if (worker === undefined || worker.dead) worker = await this.#respawn();
    const id = this.#nextId++;
    const live = worker;
    try {
      return await new Promise<TaskOutcome<T>>((resolve, reject) => {
        this.#waiter = { kind: "task", id, seed, resolve: resolve as (o: TaskOutcome<unknown>) => void, reject };
        live.busy();
        live.arm(this.limits.seedTimeoutMs, () => this.#timeout(live));
        live.post({ type: "task", id, task });
      });
    } finally {
      this.#waiter = undefined;
      live.disarm();
      if (!live.dead) live.idle();
    }
  }

  /** A fresh worker after a lost one: the module is loaded again (and may fail to, as bad input). */
  async #respawn(): Promise<WatchedWorker> {
    const { worker } = await load({ targetSpec: this.spec, implSpec: this.implSpec, cwd: this.cwd }, this.limits, (m, w) => this.#message(w, m), (msg, code, w) => this.#death(w, msg, code));
    this.#worker = worker;
    return worker;
  }

  #message(worker: WatchedWorker, m: WorkerMessage): void {
    const waiter = this.#waiter;
    if (worker !== this.#worker || waiter?.kind !== "task") return;
    if (m.type === "done" && m.id === waiter.id) waiter.resolve({ ok: true, value: m.value });
    else if (m.type === "failed" && m.id === waiter.id) waiter.reject(m.input ? new InputError(m.message) : new Error(m.message));
  }

  #death(worker: WatchedWorker, message: string, _code: number | undefined): void {
    if (worker !== this.#worker) return;
    this.#worker = undefined;
    const waiter = this.#waiter;
    if (waiter?.kind === "task") waiter.resolve({ ok: false, lost: "crash", message, where: worker.where(waiter.seed) });
  }

  #timeout(worker: WatchedWorker): void {
    if (worker !== this.#worker) return;
    this.#worker = undefined;
    const waiter = this.#waiter;
    if (waiter?.kind === "task") waiter.resolve({ ok: false, lost: "hang", message: hangMessage(this.limits.seedTimeoutMs ?? 0), where: worker.where(waiter.seed) });
  }
}

/**
 * Start a worker for `spec` and wait until it has loaded the module. Every way loading can go
 * wrong is an InputError naming the module and what happened.
 */
function load(
  setup: Omit<WorkerSetup, "progress">,
  limits: IsolationLimits,
  onMessage: (m: WorkerMessage, w: WatchedWorker) => void,
  onDeath: (message: string, code: number | undefined, w: WatchedWorker) => void,
): Promise<{ worker: WatchedWorker; info: TargetInfo }> {
  const spec = setup.implSpec === undefined ? setup.targetSpec : `${setup.targetSpec}' with --impl '${setup.implSpec}`;
  return new Promise((resolve, reject) => {
    let loaded = false;
    const fail = (message: string): void => {
      if (loaded) return;
      loaded = true;
      worker.kill();
      reject(new InputError(message));
    };
    const worker: WatchedWorker = new WatchedWorker({
      setup,
      heapMb: limits.heapMb,
      onMessage: (m) => {
        if (loaded) return onMessage(m, worker);
        if (m.type === "ready") {
          loaded = true;
          worker.disarm();
          worker.idle();
          resolve({ worker, info: m.info });
        } else if (m.type === "fatal") fail(m.message);
      },
      onDeath: (message, code) => {
        if (loaded) return onDeath(message, code, worker);
        fail(loadDeathMessage(spec, message, code));
      },
    });
    worker.busy();
    const limit = limits.seedTimeoutMs === null ? null : Math.max(limits.seedTimeoutMs, LOAD_TIMEOUT_MIN_MS);
    worker.arm(limit, () =>
      fail(`target module '${spec}' did not finish loading within ${(limit ?? 0) / 1000} s (--seed-timeout, at least ${LOAD_TIMEOUT_MIN_MS / 1000} s for loading): it loops, or awaits something that never happens at its top level`),
    );
  });
}

function loadDeathMessage(spec: string, message: string, code: number | undefined): string {
  if (code === 13) return `target module '${spec}' never finished loading: a top-level await that never settles (its worker exited with code 13)`;
  if (code !== undefined) return `target module '${spec}' exited with code ${code} while loading (does it call process.exit?)`;
  return `target module '${spec}' crashed while loading: ${message.replace(/^the worker crashed: /, "")}`;
}

/**
 * Reading input files with one-line errors, and writing outputs without destroying or lying.
 *
 * An output goes to a regular file (or a new path) atomically: a temporary file beside it, then
 * a rename, so readers never see half a report. Anything else is written through, in place:
 * a device (`/dev/null`, `/dev/full`, a terminal), a FIFO, `/dev/stdout`; a symlink is followed
 * and what it points to is written (the link itself is never replaced). Every write and close is
 * checked; a failure is an input error naming the path (exit 2), never "written".
 *
 * Output paths are checked before any work starts ({@link checkOutputPaths}): a directory where a
 * file is wanted, a parent that is a file, a missing permission, the same file named twice.
 */
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, rmSync, statSync, write as writeCallback, type Stats } from "node:fs";
import { promisify } from "node:util";
import { access, chmod, lstat, mkdir, open, readFile, realpath, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { describeWriteError, type Io } from "./io.js";

/** Parse a JSON file; a missing or malformed file is an input error naming it. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${what} '${path}': ${code === "ENOENT" ? "no such file" : String(code ?? err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${what} '${path}' is not valid JSON: ${(err as Error).message}`);
  }
}

/** What an output is: text, or chunks written one after another (a report too large for one string). */
export type Content = string | Iterable<string>;

/** Paths that are this process's own stdout or stderr: written through the {@link Io}, in order. */
const STDOUT_ALIASES = new Set(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", `/proc/${process.pid}/fd/1`]);
const STDERR_ALIASES = new Set(["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", `/proc/${process.pid}/fd/2`]);

/** Whether `path` names this process's stdout (such an output is a document on stdout). */
export function isStdoutPath(path: string): boolean {
  return STDOUT_ALIASES.has(resolve(path));
}

/** How an output path is written. */
type Plan = { readonly how: "stdout" | "stderr" } | { readonly how: "atomic"; readonly real: string; readonly mode?: number | undefined } | { readonly how: "through"; readonly real: string };

const writeToFd = promisify(writeCallback) as (fd: number, buffer: Buffer, offset: number) => Promise<{ bytesWritten: number; buffer: Buffer }>;

/** Temporary files being written, removed if the process is forced to quit. */
const pending = new Set<string>();
let tmpCounter = 0;

/**
 * Write `content` to `path` (see the file comment): atomically over a regular file or a new path,
 * through to anything else. `io` carries `/dev/stdout` and `/dev/stderr` (in order with the
 * rest of the output); without it they are written through like any device.
 */
export async function writeOutput(path: string, content: Content, io?: Io): Promise<void> {
  const plan = await planWrite(path);
  if (plan.how === "stdout" || plan.how === "stderr") {
    if (io !== undefined) {
      const write = plan.how === "stdout" ? io.out : io.err;
      for (const chunk of chunks(content)) write(chunk);
      return;
    }
    // Through the process's own descriptor, never by reopening the path: reopening a stdout that
    // is a file truncates it and writes over what was already written there.
    return writeFd(path, plan.how === "stdout" ? 1 : 2, content);
  }
  if (plan.how === "atomic") return writeAtomic(path, plan.real, plan.mode, content);
  return writeThrough(path, plan.how === "through" ? plan.real : path, content);
}

async function writeFd(path: string, fd: number, content: Content): Promise<void> {
  try {
    for (const chunk of chunks(content)) {
      const bytes = Buffer.from(chunk);
      for (let at = 0; at < bytes.length; ) at += (await writeToFd(fd, bytes, at)).bytesWritten;
    }
  } catch (err) {
    throw writeError(path, err);
  }
}

/** The former name: every report, replay file and trace goes through {@link writeOutput}. */
export const writeFileAtomic = writeOutput;

async function planWrite(path: string): Promise<Plan> {
  const abs = resolve(path);
  if (STDOUT_ALIASES.has(abs)) return { how: "stdout" };
  if (STDERR_ALIASES.has(abs)) return { how: "stderr" };
  let link: Stats;
  try {
    link = await lstat(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { how: "atomic", real: abs };
    throw writeError(path, err);
  }
  if (link.isSymbolicLink()) {
    // Write what the link points to; never replace the link. A magic link (/proc/self/fd/N, a
    // pipe) or a dangling one is written through, which follows it (creating a missing file).
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return { how: "through", real: abs };
    }
    if (isSpecialTree(real)) return { how: "through", real: abs };
    const target = await stat(real).catch(() => undefined);
    if (target === undefined) return { how: "through", real: abs };
    if (target.isDirectory()) throw new InputError(`cannot write '${path}': it is a directory`);
    return target.isFile() ? await atomicOrInPlace(real, target) : { how: "through", real };
  }
  if (link.isDirectory()) throw new InputError(`cannot write '${path}': it is a directory`);
  if (link.isFile() && !isSpecialTree(abs)) return atomicOrInPlace(abs, link);
  return { how: "through", real: abs };
}

/** A regular file is replaced atomically when its directory lets us; else it is rewritten in place. */
async function atomicOrInPlace(real: string, st: Stats): Promise<Plan> {
  const dirWritable = await access(dirname(real), constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  return dirWritable ? { how: "atomic", real, mode: st.mode & 0o7777 } : { how: "through", real };
}

/** /dev and /proc hold devices and magic links, never a file to replace. */
function isSpecialTree(abs: string): boolean {
  return abs === "/dev" || abs.startsWith("/dev/") || abs === "/proc" || abs.startsWith("/proc/");
}

async function writeAtomic(path: string, real: string, mode: number | undefined, content: Content): Promise<void> {
  const dir = dirname(real);
  const tmp = join(dir, `.${basename(real)}.${process.pid}.${tmpCounter++}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    pending.add(tmp);
    await writeAll(tmp, "wx", content);
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, real);
    pending.delete(tmp);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    pending.delete(tmp);
    throw writeError(path, err);
  }
}

async function writeThrough(path: string, real: string, content: Content): Promise<void> {
  try {
    const isFifo = await stat(real).then(
      (st) => st.isFIFO(),
      () => false,
    );
    await (isFifo ? writeFifo(real, content) : writeAll(real, "w", content));
  } catch (err) {
    throw writeError(path, err);
  }
}

/** How often a FIFO without a reader is tried again, and a full one written again. */
const FIFO_RETRY_MS = 20;

/**
 * A FIFO, without ever blocking a thread: opened non-blocking (retried until a reader comes) and
 * written non-blocking (retried while the pipe is full). A blocking open would hold a libuv
 * thread that Node waits for on exit, so not even a third Ctrl-C could end the process.
 */
async function writeFifo(path: string, content: Content): Promise<void> {
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, FIFO_RETRY_MS));
  let handle: FileHandle;
  for (;;) {
    try {
      handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENXIO") throw err;
      await pause();
    }
  }
  let closed = false;
  try {
    for (const chunk of chunks(content)) {
      const bytes = Buffer.from(chunk);
      for (let at = 0; at < bytes.length; ) {
        try {
          at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
          await pause();
        }
      }
    }
    closed = true;
    await handle.close();
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
  }
}

/** Open, write every chunk, close: each step checked (a close can fail too, e.g. on NFS). */
async function writeAll(path: string, flags: "w" | "wx", content: Content): Promise<void> {
  const handle = await open(path, flags, 0o666);
  let closed = false;
  try {
    for (const chunk of chunks(content)) if (chunk.length > 0) await handle.writeFile(chunk);
    closed = true;
    await handle.close();
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
  }
}

function* chunks(content: Content): Iterable<string> {
  if (typeof content === "string") yield content;
  else yield* content;
}

function writeError(path: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  return new InputError(`cannot write '${path}': ${describeWriteError(err)}`);
}

/** Remove temporary files of writes still in progress (a forced quit), synchronously. */
export function removePendingTempFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

/** An output to check before work starts: a file (a report) or a directory (replay files). */
export interface OutputSpec {
  readonly path: string;
  /** How the user named it, for messages: `--out`, `--reporter json:FILE`, `--save-failures`. */
  readonly flag: string;
  readonly kind: "file" | "dir";
}

/**
 * Check outputs before anything runs: each must be writable as what it is for, and no two may
 * name the same file (one would silently overwrite the other). Throws an input error naming
 * the flag and the path.
 */
export function checkOutputPaths(outputs: readonly OutputSpec[]): void {
  const seen = new Map<string, OutputSpec>();
  for (const o of outputs) {
    if (o.path.trim() === "") throw new InputError(`${o.flag}: empty path`);
    checkOutput(o);
    const key = identity(o.path);
    const prev = seen.get(key);
    if (prev !== undefined) {
      const same = prev.path === o.path ? `'${o.path}'` : `'${prev.path}' and '${o.path}' (the same file)`;
      throw new InputError(`${prev.flag} and ${o.flag} both write ${same}: give each its own file`);
    }
    seen.set(key, o);
  }
}

/** The same file under two names: same device and inode if it exists, else the same absolute path. */
function identity(path: string): string {
  const abs = resolve(path);
  if (STDOUT_ALIASES.has(abs)) return "stdout";
  if (STDERR_ALIASES.has(abs)) return "stderr";
  try {
    const st = statSync(abs);
    // Devices are shared sinks (/dev/null twice is fine): key them by path, never by inode.
    if (st.isFile() || st.isDirectory()) return `inode:${st.dev}:${st.ino}`;
  } catch {
    // a new path: the same file as another new path if their directories are the same
    try {
      return `path:${join(realpathSync(dirname(abs)), basename(abs))}`;
    } catch {
      // its directory does not exist yet either
    }
  }
  return `path:${abs}`;
}

function checkOutput(o: OutputSpec): void {
  const abs = resolve(o.path);
  const fail = (why: string): never => {
    throw new InputError(`${o.flag}: cannot write '${o.path}': ${why}`);
  };
  if (STDOUT_ALIASES.has(abs) || STDERR_ALIASES.has(abs)) {
    if (o.kind === "dir") fail("it is not a directory");
    return;
  }
  let st: Stats | undefined;
  try {
    st = statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") fail("a parent of it is a file, not a directory");
    if (code !== "ENOENT") fail(describeWriteError(err));
  }
  if (st === undefined) {
    // A new path (or a dangling symlink): the nearest existing ancestor must be a directory we
    // may create entries in (missing directories are created when the output is written).
    const ancestor = nearestExisting(dirname(danglingTarget(abs) ?? abs));
    if (ancestor === undefined) return;
    if (!ancestor.stats.isDirectory()) fail(`'${ancestor.path}' is not a directory`);
    if (!writable(ancestor.path)) fail(`cannot create it in '${ancestor.path}': permission denied`);
    return;
  }
  if (o.kind === "dir") {
    if (!st.isDirectory()) fail("it exists and is not a directory");
    if (!writable(abs)) fail("permission denied");
    return;
  }
  if (st.isDirectory()) fail("it is a directory");
  if (st.isSocket()) fail("it is a socket");
  if (!writable(abs)) fail("permission denied");
}

/** Where a dangling symlink points (the file a write through it creates). */
function danglingTarget(abs: string): string | undefined {
  try {
    return lstatSync(abs).isSymbolicLink() ? resolve(dirname(abs), readlinkSync(abs)) : undefined;
  } catch {
    return undefined;
  }
}

function nearestExisting(dir: string): { path: string; stats: Stats } | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return { path: d, stats: statSync(d) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") continue;
      if (code !== "ENOENT") return undefined;
    }
    if (dirname(d) === d) return undefined;
  }
}

/** W_OK (and X_OK for a directory, to create entries in it). */
function writable(path: string): boolean {
  try {
    accessSync(path, statSync(path).isDirectory() ? constants.W_OK | constants.X_OK : constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

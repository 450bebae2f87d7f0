/**
 * The terminal as the CLI sees it. Commands write through this, so the only places that touch
 * process streams and the environment are here and `bin/`.
 *
 * Two guarantees live here. A closed stdout (`simctl sweep ... | head -1`: EPIPE) ends output
 * quietly: later writes are dropped, nothing is thrown, and the exit code still reflects the
 * verdict. Any other failure to write stdout (a full device) is remembered, so `bin/` can exit 2
 * naming it instead of claiming a report it could not deliver.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * From now on, anything written to stdout other than through {@link Io.out} (a target's
   * `console.log`, a worker thread's output, which Node pipes through this thread's stdout) goes
   * to stderr instead: a JSON or XML document on stdout must stay a valid document.
   */
  claimStdout?(): void;
}

/** The process's streams, guarded; `failure()` names a stdout write error other than a closed pipe. */
export interface ProcessIo extends Io {
  failure(): string | undefined;
}

type Write = (chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown) => boolean;

export function processIo(): ProcessIo {
  const stdout = process.stdout;
  const stderr = process.stderr;
  // Keep the real writers: claimStdout replaces stdout's own write method.
  const writeOut = stdout.write.bind(stdout) as Write;
  const writeErr = stderr.write.bind(stderr) as Write;
  let outClosed = false;
  let errClosed = false;
  let failure: string | undefined;
  stdout.on("error", (err: NodeJS.ErrnoException) => {
    outClosed = true;
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") failure ??= describeWriteError(err);
  });
  stderr.on("error", () => {
    errClosed = true;
  });
  const io: ProcessIo = {
    out: (text) => {
      if (!outClosed) writeOut(text);
    },
    err: (text) => {
      if (!errClosed) writeErr(text);
    },
    stdoutIsTTY: stdout.isTTY === true,
    stderrIsTTY: stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    claimStdout: () => {
      const toStderr: Write = (chunk, encodingOrCallback, callback) => (errClosed ? true : writeErr(chunk, encodingOrCallback, callback));
      stdout.write = toStderr as typeof stdout.write;
    },
    failure: () => failure,
  };
  return io;
}

/** `no space left on device (ENOSPC)`: the system's words and its code. */
export function describeWriteError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const words = code !== undefined ? ERRNO_WORDS[code] : undefined;
  if (words !== undefined) return `${words} (${code})`;
  const message = e instanceof Error ? e.message.split("\n")[0]! : String(err);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "a parent is not a directory",
  ENOENT: "no such file or directory",
  EROFS: "read-only file system",
  EPIPE: "broken pipe",
  EIO: "input/output error",
  EEXIST: "file exists",
  ENXIO: "no such device or address",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EFBIG: "file too large",
  EMFILE: "too many open files",
  EBUSY: "device or resource busy",
  EINVAL: "invalid argument",
};

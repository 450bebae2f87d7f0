/** Reading input files with one-line errors, and writing reports atomically. */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { InputError } from "../core/errors.js";

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

/** Write `content` to `path` via a temporary file and a rename, so readers never see half a file. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write '${path}': ${code ?? (err as Error).message}`);
  }
}

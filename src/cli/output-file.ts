/**
 * `-o, --output <file>`: the output goes to a temporary file beside the target and is renamed over
 * it only when complete, so a failed run (bad input, full disk, a crash) never leaves a half file
 * that a later CI step would take for a report.
 */
import { createWriteStream, openSync, renameSync, rmSync, statSync, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError } from "../errors.js";
import { safeCell } from "../render/sanitize.js";

export interface AtomicFile {
  readonly stream: WriteStream;
  /** Rename into place (after the stream has finished). */
  commit(): Promise<void>;
  /** Remove the temporary file; the target is left as it was. */
  abandon(): void;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === "ENOENT" ? "no such directory" : e.code === "EACCES" || e.code === "EPERM" ? "permission denied" : (e.code ?? e.message);
}

/** Opens the temporary file now, so an unwritable path is refused before any input is read. */
export function openAtomic(target: string): AtomicFile {
  const where = safeCell(target);
  let isDirectory = false;
  try {
    isDirectory = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    // Unreadable parent: opening the temporary file below says why.
  }
  if (isDirectory) throw new OutputError(`cannot write the output to ${where}: it is a directory`);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, "wx", 0o644);
  } catch (err) {
    throw new OutputError(`cannot write the output to ${where} (${describe(err)})`);
  }
  const stream = createWriteStream(temp, { fd, autoClose: true });
  let settled = false;
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        if (stream.closed) resolve();
        else {
          stream.once("close", resolve);
          stream.once("error", reject);
          stream.end();
        }
      });
      try {
        renameSync(temp, target);
        settled = true;
      } catch (err) {
        rmSync(temp, { force: true });
        throw new OutputError(`cannot write the output to ${where} (${describe(err)})`);
      }
    },
    abandon() {
      if (settled) return;
      settled = true;
      stream.destroy();
      rmSync(temp, { force: true });
    },
  };
}

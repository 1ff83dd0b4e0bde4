/**
 * `-o, --output <file>`: the output goes to a temporary file beside the target and is renamed over
 * it only when complete, so a failed run (bad input, full disk, a crash) never leaves a half file
 * that a later CI step would take for a report.
 */
import { createWriteStream, openSync, realpathSync, renameSync, rmSync, statSync, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError, UsageError } from "../errors.js";
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

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The file behind a path: a link is followed, so writing through it keeps the link. */
function realTarget(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}

/** Refuses an output path that names one of the inputs: the run would replace what it reads. */
export function checkNotAnInput(target: string, inputs: readonly string[]): void {
  const out = statSync(target, { throwIfNoEntry: false });
  if (!out) return;
  for (const input of inputs) {
    if (input === "-") continue;
    const stat = statSync(input, { throwIfNoEntry: false });
    if (stat && stat.dev === out.dev && stat.ino === out.ino) {
      throw new UsageError(`--output ${safeCell(target)} is also an input: it would be overwritten; write the output elsewhere`);
    }
  }
}

/**
 * Opens the temporary file now, so an unwritable path is refused before any input is read. It is
 * removed however the run ends: an error, process.exit, or Ctrl-C / a CI job's timeout (SIGINT,
 * SIGTERM, SIGHUP), which end the run with the usual 128 + signal code.
 */
export function openAtomic(requested: string): AtomicFile {
  const where = safeCell(requested);
  const target = realTarget(requested);
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
  const removeTemp = () => rmSync(temp, { force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    removeTemp();
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  const release = () => {
    process.off("exit", removeTemp);
    for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, onSignal);
  };
  process.on("exit", removeTemp);
  for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);
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
        release();
      } catch (err) {
        removeTemp();
        throw new OutputError(`cannot write the output to ${where} (${describe(err)})`);
      }
    },
    abandon() {
      if (settled) return;
      settled = true;
      stream.destroy();
      removeTemp();
      release();
    },
  };
}

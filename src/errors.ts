import { safeCell } from "./render/sanitize.js";

/**
 * The expected failures. Both end the run with exit code 2 and one line on stderr; anything
 * else thrown is a bug and is shown as one.
 */

/** The command line is wrong (unknown format, bad threshold, unreadable status map...). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * An input cannot be read, is not a supported document, or is cut off / malformed. The message
 * may quote the file (a root element name, an API error text): it is made safe for the terminal
 * and kept on one line, since it goes to stderr as it is.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    const where = line === undefined ? safeCell(file) : `${safeCell(file)}:${line}`;
    super(`${where}: ${safeCell(reason)}`);
  }
}

/** Standard output cannot be written (disk full, a closed file): not a gate failure, exit 2. */
export class OutputError extends Error {
  override readonly name = "OutputError";
}

/**
 * Bytes [start, end) of a regular file in chunks of one reused buffer, for consumers that copy what
 * they keep of a chunk before asking for the next (the XML tokenizer): no chunk is allocated, which
 * saves the allocation and the page faults of a fresh buffer per chunk. A file cut short while it is
 * read is an InputError, as with openInput; with `whole` (start 0, end the size at open) so is one
 * that grew.
 *
 * Reads are synchronous: an asynchronous read is done on libuv's thread pool, whose thread must
 * first get a core, and with every core parsing (--jobs) the reading thread sat idle for each read.
 * After each chunk the event loop turns (setImmediate), so messages from other threads are handled
 * while a file is read: the work handed out to workers goes on.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { describeFsError } from "./open-input.js";

const READ_BYTES = 1 << 20;

export async function* fileRange(path: string, start: number, end: number, whole = false): AsyncGenerator<Buffer> {
  if (end <= start) return;
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, end - start));
    for (let at = start; at < end; ) {
      const bytesRead = readSync(fd, buf, 0, Math.min(buf.length, end - at), at);
      if (bytesRead === 0) throw new InputError(path, `changed while being read: expected ${end - start} bytes, read ${at - start}`);
      at += bytesRead;
      yield buf.subarray(0, bytesRead);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The whole file was asked for: one that grew while it was read mixes two versions.
    if (whole) {
      const { size } = fstatSync(fd);
      if (size !== end) throw new InputError(path, `changed while being read: expected ${end} bytes, it now has ${size}`);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, describeFsError(err));
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

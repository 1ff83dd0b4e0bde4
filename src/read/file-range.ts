/**
 * Bytes [start, end) of a regular file in chunks of one reused buffer, for consumers that copy what
 * they keep of a chunk before asking for the next (the XML tokenizer): no chunk is allocated, which
 * saves the allocation and the page faults of a fresh buffer per chunk. A file cut short while it is
 * read is an InputError, as with openInput; with `whole` (start 0, end the size at open) so is one
 * that grew.
 */
import { open, type FileHandle } from "node:fs/promises";
import { InputError } from "../errors.js";
import { describeFsError } from "./open-input.js";

const READ_BYTES = 1 << 20;

export async function* fileRange(path: string, start: number, end: number, whole = false): AsyncGenerator<Buffer> {
  if (end <= start) return;
  let file: FileHandle | null = null;
  // The next chunk is read into the other buffer while the consumer works on this one: the thread
  // does not sit idle waiting for each read (the consumer is done with a chunk when it asks for the next).
  let ahead: Promise<number> | null = null;
  try {
    const handle = await open(path, "r");
    file = handle;
    const length = Math.min(READ_BYTES, end - start);
    const buffers = [Buffer.allocUnsafe(length), end - start > length ? Buffer.allocUnsafe(length) : null];
    const readInto = (buf: Buffer, at: number): Promise<number> => {
      const reading = handle.read(buf, 0, Math.min(buf.length, end - at), at).then((r) => r.bytesRead);
      // Awaited below, or settled in `finally` when the consumer stops early.
      reading.catch(() => undefined);
      return reading;
    };
    let which = 0;
    let next = readInto(buffers[0] as Buffer, start);
    ahead = next;
    for (let at = start; at < end; ) {
      const bytesRead = await next;
      ahead = null;
      if (bytesRead === 0) throw new InputError(path, `changed while being read: expected ${end - start} bytes, read ${at - start}`);
      const buf = buffers[which] as Buffer;
      at += bytesRead;
      if (at < end) {
        which = 1 - which;
        next = readInto(buffers[which] as Buffer, at);
        ahead = next;
      }
      yield buf.subarray(0, bytesRead);
    }
    // The whole file was asked for: one that grew while it was read mixes two versions.
    if (whole) {
      const { size } = await handle.stat();
      if (size !== end) throw new InputError(path, `changed while being read: expected ${end} bytes, it now has ${size}`);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, describeFsError(err));
  } finally {
    await ahead?.catch(() => undefined);
    await file?.close();
  }
}

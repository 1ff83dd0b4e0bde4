/**
 * Writes rendered chunks to stdout with backpressure, batching small chunks. A reader that goes
 * away (`| head`) ends the output quietly: EPIPE is not an error for a command-line filter.
 */
import type { Writable } from "node:stream";
import { OutputError } from "../errors.js";

const BATCH_CHARS = 64 * 1024;

export class OutputClosed extends Error {
  override readonly name = "OutputClosed";
}

export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  let closed = false;
  let failure: Error | null = null;
  const onError = (err: NodeJS.ErrnoException) => {
    closed = true;
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") failure = new OutputError(`cannot write the output (${err.code ?? err.message})`);
  };
  out.on("error", onError);
  try {
    let batch = "";
    const flush = async () => {
      if (closed || batch === "") return;
      const ok = out.write(batch);
      batch = "";
      if (!ok) await new Promise<void>((resolve) => {
        const done = () => {
          out.off("drain", done);
          out.off("close", done);
          out.off("error", done);
          resolve();
        };
        out.once("drain", done);
        out.once("close", done);
        out.once("error", done);
      });
    };
    for (const chunk of chunks) {
      if (closed) throw failure ?? new OutputClosed();
      batch += chunk;
      if (batch.length >= BATCH_CHARS) await flush();
    }
    await flush();
    if (failure) throw failure;
    if (closed) throw new OutputClosed();
  } finally {
    out.off("error", onError);
  }
}

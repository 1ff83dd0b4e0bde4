/**
 * Progress on stderr for long inputs: bytes read / total, redrawn at most every 200 ms. Only on
 * a terminal: never in pipes, files or CI logs, where it would be noise.
 */
import type { Writable } from "node:stream";
import type { ProgressReporter } from "../pipeline/triage-inputs.js";


const REDRAW_MS = 200;
/** Inputs smaller than this finish before a progress line would help. */
const MIN_BYTES = 32 * 1024 * 1024;

function megabytes(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}


export function shouldShowProgress(flag: boolean | null, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.CI) return false;
  return stream.isTTY === true;
}

export function terminalProgress(stream: Writable): ProgressReporter {
  let drawn = false;
  // The input being tracked: bytes read here and, for a split file, by the other threads.
  let current: { path: string; size: number | null; bytes: number; last: number } | null = null;
  const draw = (): void => {
    if (current === null) return;
    const { path, size, bytes } = current;
    const now = Date.now();
    // Unknown size (stdin, gzip): wait until the input has proved to be large.
    if (now - current.last < REDRAW_MS || (size === null && bytes < MIN_BYTES)) return;
    current.last = now;
    const total = size === null ? "" : ` / ${megabytes(size)} (${Math.floor((100 * Math.min(bytes, size)) / Math.max(size, 1))}%)`;
    stream.write(`\r\x1b[K${path.slice(-40)}: ${megabytes(bytes)}${total}`);
    drawn = true;
  };
  return {
    async *track(path, size, chunks) {
      if (size !== null && size < MIN_BYTES) {
        yield* chunks;
        return;
      }
      const input = { path, size, bytes: 0, last: 0 };
      current = input;
      for await (const chunk of chunks) {
        input.bytes += chunk.length;
        draw();
        yield chunk;
      }
    },
    elsewhere(bytes) {
      if (current === null) return;
      current.bytes += bytes;
      draw();
    },
    done() {
      current = null;
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}

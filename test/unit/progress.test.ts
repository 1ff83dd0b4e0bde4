import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { shouldShowProgress, terminalProgress } from "../../src/cli/progress.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function* chunks(count: number, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) yield Buffer.alloc(size);
}

async function drain(source: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const c of source) bytes += c.length;
  return bytes;
}

describe("progress line", () => {
  it.each([
    [null, true, {}, true],
    [null, false, {}, false],
    [null, true, { CI: "true" }, false],
    [false, true, {}, false],
    [true, false, {}, false],
  ])("flag %s, stderr TTY %s, env %j -> %s", (flag, tty, env, shown) => {
    expect(shouldShowProgress(flag, { isTTY: tty }, env)).toBe(shown);
  });

  it("shows bytes read of the total for a large input, then clears the line", async () => {
    const out = new Capture();
    const progress = terminalProgress(out);
    const size = 64 * 1024 * 1024;
    expect(await drain(progress.track("big.xml", size, chunks(64, 1024 * 1024)))).toBe(size);
    progress.done();
    expect(out.text).toMatch(/big\.xml: [\d.]+ MB \/ 67\.1 MB \(\d+%\)/);
    expect(out.text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("for an input of unknown size (stdin, gzip), shows bytes read once it is large", async () => {
    const small = new Capture();
    const quiet = terminalProgress(small);
    await drain(quiet.track("-", null, chunks(4, 1024 * 1024)));
    expect(small.text).toBe("");
    const big = new Capture();
    const progress = terminalProgress(big);
    await drain(progress.track("-", null, chunks(40, 1024 * 1024)));
    expect(big.text).toMatch(/-: [\d.]+ MB/);
    expect(big.text).not.toContain("%");
  });

  it("stays silent for a small input", async () => {
    const out = new Capture();
    const progress = terminalProgress(out);
    await drain(progress.track("small.csv", 1000, chunks(1, 1000)));
    progress.done();
    expect(out.text).toBe("");
  });
});

describe("progress line of a split file", () => {
  it("counts the parts other threads read with the bytes read here", async () => {
    const out = new Capture();
    const progress = terminalProgress(out);
    const size = 64 * 1024 * 1024;
    async function* ownHalf(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 32; i++) {
        yield Buffer.alloc(1024 * 1024);
        // A part of the same size read on a worker, replayed here.
        progress.elsewhere(1024 * 1024);
        await new Promise((r) => setTimeout(r, 8));
      }
    }
    expect(await drain(progress.track("big.xml", size, ownHalf()))).toBe(size / 2);
    const shown = [...out.text.matchAll(/\((\d+)%\)/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    expect(Math.max(...shown)).toBeGreaterThan(50);
    expect(Math.max(...shown)).toBeLessThanOrEqual(100);
    progress.done();
    progress.elsewhere(1024);
    expect(out.text.endsWith("\r\x1b[K")).toBe(true);
  });
});

/** fileRange: a byte range in chunks of one reused buffer, read synchronously, the event loop turning between chunks. */
import { mkdtempSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { fileRange } from "../../src/read/file-range.js";

const dir = mkdtempSync(join(tmpdir(), "file-range-"));
const bytes = Buffer.from(Array.from({ length: 2_600_000 }, (_, i) => (i * 7919) % 251));
const path = join(dir, "data.bin");
writeFileSync(path, bytes);

describe("fileRange", () => {
  it("gives exactly the bytes of the range, however many buffers it takes (copied before the next)", async () => {
    for (const [start, end] of [[0, bytes.length], [5, 1_048_581], [1_000_000, 2_600_000], [17, 18]] as const) {
      const parts: Buffer[] = [];
      for await (const chunk of fileRange(path, start, end)) parts.push(Buffer.from(chunk));
      expect(Buffer.concat(parts).equals(bytes.subarray(start, end))).toBe(true);
    }
  });

  it("stops cleanly when the consumer stops early (the file is closed)", async () => {
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      for await (const chunk of fileRange(path, 0, bytes.length)) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
    }
    expect(open()).toBe(before);
  });

  it("lets the event loop turn between chunks (messages from workers are handled while a file is read)", async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    let chunks = 0;
    let turnedBeforeEnd = false;
    for await (const chunk of fileRange(path, 0, bytes.length)) {
      chunks += chunk.length > 0 ? 1 : 0;
      if (turned) turnedBeforeEnd = true;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(turnedBeforeEnd).toBe(true);
  });

  it("refuses a file cut short while it is read, naming it", async () => {
    const short = join(dir, "short.bin");
    writeFileSync(short, bytes);
    const read = async () => {
      let n = 0;
      for await (const chunk of fileRange(short, 0, bytes.length, true)) {
        n += chunk.length;
        if (n === chunk.length) truncateSync(short, 1_500_000);
      }
    };
    await expect(read()).rejects.toThrow(InputError);
    await expect(read()).rejects.toThrow(/short\.bin/);
  });
});

/**
 * Inputs that fail while being read: a file truncated or appended to mid-read, a read error
 * (EIO) mid-file. Each must end in exit 2 with one line naming the file, and nothing on stdout:
 * no result computed from half a file, no partial JSON.
 *
 * Guards src/read/open-input.ts: `guarded` turns stream errors into InputErrors naming the file,
 * and compares the bytes read with the size at open for regular files (raw bytes, before gunzip).
 * Without the size check a truncated scan log is simply fewer rows and exit 0; without the error
 * wrapping an EIO escapes as a crash with a stack trace. Also src/read/peekable-chunks.ts: a
 * reader that stops early releases the file.
 */
import { appendFileSync, readdirSync, readFileSync, readlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { guarded, openInput } from "../../src/read/open-input.js";
import { PeekableChunks } from "../../src/read/peekable-chunks.js";
import { expectCleanFailure, HOSTILE, removeTempDirs, runBinary, tempDir } from "../fixtures/hostile/harness.js";

afterAll(removeTempDirs);

const MiB = 1 << 20;
const dir = tempDir("scantriage-faults-");

/** A scan log of at least `bytes` bytes: several 1 MiB read chunks. */
function bigCsv(name: string, bytes: number): string {
  const rows: string[] = ["IP,Status,Scan Info"];
  let size = rows[0]?.length ?? 0;
  for (let i = 0; size < bytes; i++) {
    const row = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},NoAnswer,No answer from system`;
    rows.push(row);
    size += row.length + 1;
  }
  const path = join(dir, name);
  writeFileSync(path, `${rows.join("\n")}\n`);
  return path;
}

/** A Qualys SCAN of at least `bytes` bytes. */
function bigScan(name: string, bytes: number): string {
  const hosts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const host = `<IP value="10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}" name="h${i}"><OS>Linux</OS></IP>\n`;
    hosts.push(host);
    size += host.length;
  }
  const path = join(dir, name);
  writeFileSync(path, `<?xml version="1.0"?>\n<SCAN value="scan/1"><HEADER><KEY value="STATUS">FINISHED</KEY></HEADER>\n${hosts.join("")}</SCAN>\n`);
  return path;
}

/** Reads an opened input to the end, applying `fault` once the first chunk has been consumed. */
async function drain(path: string, fault: () => void): Promise<number> {
  const opened = await openInput(path);
  let bytes = 0;
  let first = true;
  for await (const chunk of opened.chunks) {
    bytes += chunk.length;
    if (first) fault();
    first = false;
  }
  return bytes;
}

async function rejection(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => expect.fail("expected an InputError"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe("openInput: a file that changes while being read", () => {
  it("reads an unchanged file completely, plain or gzipped", async () => {
    const path = bigCsv("unchanged.csv", 3 * MiB);
    expect(await drain(path, () => undefined)).toBe(readFileSync(path).length);
    const gz = join(dir, "unchanged.csv.gz");
    writeFileSync(gz, gzipSync(readFileSync(path)));
    expect(await drain(gz, () => undefined)).toBe(readFileSync(path).length);
  });

  it("truncated after the first chunk: InputError naming the file", async () => {
    const path = bigCsv("truncated.csv", 8 * MiB);
    const size = readFileSync(path).length;
    const err = await rejection(drain(path, () => truncateSync(path, 1.5 * MiB)));
    expect(err.file).toBe(path);
    expect(err.message).toMatch(new RegExp(`changed while being read: expected ${size} bytes, read \\d+`));
  });

  it("appended to after the first chunk: InputError naming the file", async () => {
    const path = bigCsv("growing.csv", 3 * MiB);
    const err = await rejection(drain(path, () => appendFileSync(path, "10.255.0.1,Success,late row\n".repeat(1000))));
    expect(err.file).toBe(path);
    expect(err.reason).toMatch(/^changed while being read/);
  });

  it("a gzip file is checked on its compressed bytes", async () => {
    const path = join(dir, "growing.csv.gz");
    const body = readFileSync(bigCsv("for-gzip.csv", 3 * MiB));
    // Random-looking rows keep the compressed file above one 1 MiB read chunk.
    const noisy = Buffer.concat([body, Buffer.from(Array.from({ length: 40_000 }, (_, i) => `10.9.${i % 256}.${(i * 7919) % 256},S${(i * 104729) % 99991},${Math.sin(i)}\n`).join(""))]);
    writeFileSync(path, gzipSync(noisy, { level: 0 }));
    const err = await rejection(drain(path, () => appendFileSync(path, gzipSync(Buffer.from("10.255.0.2,Success,another member\n")))));
    expect(err.file).toBe(path);
    expect(err.reason).toMatch(/^changed while being read/);
  });
});

describe("guarded: read errors", () => {
  async function* failingAfter(chunks: number, code: string): AsyncGenerator<Buffer> {
    for (let i = 0; i < chunks; i++) yield Buffer.from(`chunk ${i}\n`);
    throw Object.assign(new Error(`${code}: i/o error, read`), { code });
  }

  it("EIO mid-file: the chunks before it, then an InputError naming the file", async () => {
    const seen: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const chunk of guarded("scan.xml", failingAfter(2, "EIO"))) seen.push(chunk.toString());
      })(),
    );
    expect(seen).toEqual(["chunk 0\n", "chunk 1\n"]);
    expect(err.file).toBe("scan.xml");
    expect(err.message).toBe("scan.xml: cannot be read (EIO)");
  });

  it("fewer or more bytes than expected is a change; stopping early is not", async () => {
    async function* bytes(n: number): AsyncGenerator<Buffer> {
      yield Buffer.alloc(n);
    }
    const all = async (source: AsyncIterable<Buffer>) => {
      for await (const _ of source);
    };
    await all(guarded("a.csv", bytes(10), 10));
    await all(guarded("stdin", bytes(10), null));
    expect((await rejection(all(guarded("a.csv", bytes(9), 10)))).reason).toBe("changed while being read: expected 10 bytes, read 9");
    expect((await rejection(all(guarded("a.csv", bytes(11), 10)))).reason).toBe("changed while being read: expected 10 bytes, read 11");
    for await (const _ of guarded("a.csv", bytes(9), 10)) break;
  });
});

describe("PeekableChunks: a reader that stops early releases its source", () => {
  it("closes the underlying iterator on break", async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (;;) yield Buffer.from("x".repeat(100));
      } finally {
        closed = true;
      }
    }
    const chunks = new PeekableChunks(source());
    await chunks.peek(10);
    for await (const _ of chunks) break;
    expect(closed).toBe(true);
  });

  it("an opened file's descriptor is closed when the reader stops early", async (ctx) => {
    if (process.platform !== "linux") return ctx.skip();
    const path = bigCsv("early-exit.csv", 3 * MiB);
    const openFds = () => readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
    const opened = await openInput(path);
    expect(openFds()).toBe(1);
    for await (const _ of opened.chunks) break;
    for (let i = 0; i < 50 && openFds() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(openFds()).toBe(0);
  });
});

describe("end to end (built binary, faults injected with node --import)", () => {
  const INJECT = join(HOSTILE, "inject-read-fault.mjs");
  const run = (args: string[], file: string, fault: string, bytes = "") =>
    runBinary(args, {
      nodeArgs: ["--import", INJECT],
      env: { PATH: process.env.PATH, NO_COLOR: "1", SCANTRIAGE_FAULT_FILE: file, SCANTRIAGE_FAULT: fault, SCANTRIAGE_FAULT_BYTES: bytes },
    });

  it("the injector is harmless when no fault is asked for", async () => {
    const path = bigCsv("e2e-clean.csv", 3 * MiB);
    const r = await run(["summarize", path, "--json"], path, "none");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: [{ path }] });
  });

  it.each(["json", "ndjson", "csv"])("truncated scan log (--format %s): exit 2, file named, stdout empty", async (format) => {
    const path = bigCsv(`e2e-truncated-${format}.csv`, 8 * MiB);
    const r = await run(["hosts", path, "--format", format], path, "truncate", String(1.5 * MiB));
    expectCleanFailure(r, path, "changed while being read");
  });

  it("growing scan log: exit 2, file named, stdout empty", async () => {
    const path = bigCsv("e2e-growing.csv", 3 * MiB);
    const extra = join(dir, "extra-rows.csv");
    writeFileSync(extra, "10.254.0.1,Success,late\n".repeat(100));
    expectCleanFailure(await run(["summarize", path, "--json"], path, "append", extra), path, "changed while being read");
  });

  it("XML that grows after its root element closed: exit 2 (the tokenizer alone would ignore it)", async () => {
    const path = bigScan("e2e-growing.xml", 3 * MiB);
    const extra = join(dir, "trailer.xml");
    writeFileSync(extra, "<!-- appended later -->\n");
    expectCleanFailure(await run(["hosts", path, "--format", "ndjson"], path, "append", extra), path, "changed while being read");
  });

  it.each([
    ["scan log", () => bigCsv("e2e-eio.csv", 3 * MiB)],
    ["Qualys XML", () => bigScan("e2e-eio.xml", 3 * MiB)],
  ])("read error mid-file (%s): exit 2, file named, no stack trace, stdout empty", async (_kind, make) => {
    const path = make();
    expectCleanFailure(await run(["hosts", path, "--json"], path, "eio"), path, "cannot be read (EIO)");
  });

  it("the other inputs are still reported, and still nothing is printed", async () => {
    const broken = bigCsv("e2e-eio-2.csv", 3 * MiB);
    const r = await run(["summarize", "examples/scan-log.csv", broken, "missing.csv", "--json"], broken, "eio");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([`scantriage: error: ${broken}: cannot be read (EIO)`, "scantriage: error: missing.csv: no such file"]);
  });
});

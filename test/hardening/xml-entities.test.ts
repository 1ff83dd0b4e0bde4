/**
 * Hostile XML: entity expansion bombs, external entities and DTDs, and encodings we do not read.
 *
 * Guards: the tokenizer never processes a DTD (src/parse/xml/prolog.ts skipDoctype, entities.ts
 * expands only the five predefined references and character references) and never opens a file
 * or a URL named by a document; encodings other than UTF-8 / ISO-8859-1 are refused with one line.
 * If anyone "improves" the tokenizer with DTD support or swaps in a parser that resolves entities,
 * these tests see the expansion (output size), the secret (marker) or the fetch (HTTP server).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-in-process.js";
import { expectCleanFailure, HOSTILE, removeTempDirs, runBinary, STACK_FRAME, tempDir } from "../fixtures/hostile/harness.js";

afterAll(removeTempDirs);

/** No expansion: the largest honest output for these tiny documents is a few tens of KB. */
const MAX_OUTPUT = 100 * 1024;
const MARKER = `SECRET-MARKER-${process.pid}-${Date.now().toString(36)}`;

const dir = tempDir();
const secret = join(dir, "secret.txt");
writeFileSync(secret, `${MARKER}\n`);
const secretUrl = pathToFileURL(secret).href;

/** A malicious external DTD: a parameter entity reads the secret, a general entity carries it. */
const evilDtd = join(dir, "evil.dtd");
writeFileSync(evilDtd, `<!ENTITY % secret SYSTEM "${secretUrl}">\n<!ENTITY % wrap "<!ENTITY leak '%secret;'>">\n%wrap;\n`);

/** Requests made to the local server: any one means the tool fetched a DTD or an entity. */
let connections = 0;
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((_req, res) => res.end(`<!ENTITY leak "${MARKER}">`));
  server.on("connection", () => connections++);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

/** A SCAN document whose header, host name, OS and auth finding title all use `ref`. */
function scanWith(doctype: string, ref: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}
<SCAN value="scan/1">
<HEADER>
  <KEY value="TITLE">${ref}</KEY>
  <KEY value="TARGET">10.66.0.1-10.66.0.2</KEY>
  <KEY value="STATUS">FINISHED</KEY>
</HEADER>
<IP value="10.66.0.1" name="${ref}">
  <OS>${ref}</OS>
  <INFOS><CAT value="x"><INFO number="105015" severity="2"><TITLE>Windows Authentication Failed ${ref}</TITLE></INFO></CAT></INFOS>
</IP>
</SCAN>
`;
}

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const hostileDocuments = (): [string, string][] => [
  ["billion laughs", join(HOSTILE, "billion-laughs-scan.xml")],
  ["quadratic blowup", join(HOSTILE, "quadratic-blowup-scan.xml")],
  ["external general entity (XXE)", write("xxe.xml", scanWith(`<!DOCTYPE SCAN [<!ENTITY xxe SYSTEM "${secretUrl}">]>`, "&xxe;"))],
  ["external DTD with parameter entities", write("external-dtd.xml", scanWith(`<!DOCTYPE SCAN SYSTEM "${pathToFileURL(evilDtd).href}">`, "&leak;"))],
  ["parameter entity pulling in the DTD", write("parameter-entity.xml", scanWith(`<!DOCTYPE SCAN [<!ENTITY % dtd SYSTEM "${pathToFileURL(evilDtd).href}"> %dtd;]>`, "&leak;"))],
  [
    "DTD and entities over HTTP",
    write(
      "http-dtd.xml",
      scanWith(`<!DOCTYPE SCAN PUBLIC "-//X//EN" "${base}/scan.dtd" [<!ENTITY % remote SYSTEM "${base}/remote.dtd"> %remote; <!ENTITY web SYSTEM "${base}/entity">]>`, "&web;&leak;"),
    ),
  ],
];

/** Ignored or refused, never a crash; no secret, no expansion, no fetch. */
function expectHarmless(r: { code: number | null; stdout: string; stderr: string }, json = true): void {
  expect([0, 2]).toContain(r.code);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout + r.stderr).not.toContain(MARKER);
  expect(r.stdout.length).toBeLessThan(MAX_OUTPUT);
  expect(r.stdout).not.toMatch(/(lol){4}|x{70000}/);
  if (r.code === 0 && json) expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  expect(connections).toBe(0);
}

describe("entity bombs and external entities", () => {
  // Built once beforeAll has the server's address.
  let documents: [string, string][] = [];
  beforeAll(() => {
    documents = hostileDocuments();
  });

  it("are ignored in process, for every command", async () => {
    for (const [, path] of documents) {
      for (const command of ["hosts", "summarize", "auth"] as const) {
        expectHarmless(await runInProcess(command, [path], { format: "json" }));
      }
    }
  });

  it("are ignored by the built binary", async () => {
    for (const [, path] of documents) {
      expectHarmless(await runBinary(["hosts", path, "--format", "json"]));
      expectHarmless(await runBinary(["summarize", path]), false);
    }
  });

  it("leave references as the literal text they are (nothing resolved, nothing dropped)", async () => {
    // Pins down *how* they are ignored: had the secret been substituted, the name would be the marker.
    const r = await runInProcess("hosts", [join(dir, "xxe.xml")], { format: "json" });
    expect(r.code).toBe(0);
    const hosts = JSON.parse(r.stdout) as { ip: string; hostname: string | null; os: string | null }[];
    expect(hosts.find((h) => h.ip === "10.66.0.1")).toMatchObject({ hostname: "&xxe;", os: "&xxe;" });
    const laughs = await runInProcess("hosts", [join(HOSTILE, "billion-laughs-scan.xml")], { format: "json" });
    const rows = JSON.parse(laughs.stdout) as { ip: string; hostname: string | null }[];
    expect(rows.find((h) => h.ip === "10.66.0.1")?.hostname).toBe("&lol9;&lol9;");
  });

  it("never opens the file an external entity names (a FIFO would block a reader forever)", async (ctx) => {
    // The marker test proves nothing leaks; this one proves nothing is even opened. Opening a FIFO
    // for reading blocks until a writer comes, so a tool that follows the SYSTEM id hangs and is
    // killed by the guard below instead of exiting.
    const fifo = join(dir, "never-read.fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return ctx.skip();
    const url = pathToFileURL(fifo).href;
    const path = write("fifo-entity.xml", scanWith(`<!DOCTYPE SCAN SYSTEM "${url}" [<!ENTITY f SYSTEM "${url}">]>`, "&f;"));
    const run = runBinary(["hosts", path, "--json"]);
    const guard = new Promise<"hung">((hung) => setTimeout(() => hung("hung"), 20_000).unref());
    const r = await Promise.race([run, guard]);
    expect(r).not.toBe("hung");
    if (r !== "hung") expectHarmless(r);
  });
});

describe("encodings", () => {
  const scan = (declaration: string, name: string) =>
    `${declaration}\n<SCAN value="scan/1"><HEADER><KEY value="TARGET">10.67.0.1</KEY><KEY value="STATUS">FINISHED</KEY></HEADER>` +
    `<IP value="10.67.0.1" name="${name}"><OS>Système d'exploitation</OS></IP></SCAN>\n`;
  const utf8Doc = scan('<?xml version="1.0" encoding="UTF-8"?>', "münchen-süd.example");

  it.each([
    ["UTF-16LE with BOM", () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8Doc, "utf16le")]), /:1: .*UTF-16/],
    ["UTF-16BE with BOM", () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf8Doc, "utf16le").swap16()]), /:1: .*UTF-16/],
    ["UTF-16LE without BOM", () => Buffer.from(utf8Doc, "utf16le"), /binary|UTF-16/],
    ["declared windows-1252", () => Buffer.from(scan('<?xml version="1.0" encoding="windows-1252"?>', "host"), "latin1"), /:1: .*"windows-1252".*not supported/],
    ["declared UTF-16 but written in UTF-8", () => Buffer.from(scan('<?xml version="1.0" encoding="UTF-16"?>', "host")), /:1: .*UTF-16/],
    ["an unknown encoding", () => Buffer.from(scan("<?xml version='1.0' encoding='x-klingon-8'?>", "host")), /:1: .*"x-klingon-8".*not supported/],
  ])("%s: exit 2, one clear line naming the file", async (name, bytes, expected) => {
    const path = write(`${name.replace(/\W+/g, "-")}.xml`, bytes());
    expectCleanFailure(await runInProcess("hosts", [path], { format: "json" }), path, expected);
    expectCleanFailure(await runBinary(["hosts", path, "--json"]), path, expected);
  });

  // Was a bug (found by these tests): src/parse/xml/prolog.ts declaredEncoding looks the name up in a plain object, so
  // encoding="constructor" (or "__proto__"; names are lower-cased first) finds Object.prototype members and the
  // message reads "malformed XML: undefined". Use Object.hasOwn; then remove .fails.
  it.each(["constructor", "__proto__"])("encoding=%j is refused by its name", async (name) => {
    const path = write(`encoding-${name}.xml`, Buffer.from(scan(`<?xml version="1.0" encoding="${name}"?>`, "host")));
    expectCleanFailure(await runInProcess("hosts", [path], { format: "json" }), path, `"${name}"`, /not supported/);
  });

  it("ISO-8859-1 declared: non-ASCII names and text are decoded", async () => {
    // Latin-1 bytes (ü = 0xFC) are invalid UTF-8: read as UTF-8 they would turn into U+FFFD.
    const bytes = Buffer.from(scan('<?xml version="1.0" encoding="ISO-8859-1"?>', "münchen-süd.example"), "latin1");
    expect(bytes.includes(0xfc)).toBe(true);
    const path = write("latin1.xml", bytes);
    for (const r of [await runInProcess("hosts", [path], { format: "json" }), await runBinary(["hosts", path, "--json"])]) {
      expect(r.code).toBe(0);
      const hosts = JSON.parse(r.stdout) as { ip: string; hostname: string | null; os: string | null }[];
      expect(hosts).toEqual([expect.objectContaining({ ip: "10.67.0.1", hostname: "münchen-süd.example", os: "Système d'exploitation" })]);
    }
  });
});

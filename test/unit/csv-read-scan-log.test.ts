import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { Message } from "../../src/messages/message.js";
import type { HostObservation } from "../../src/model/observation.js";
import { formatIpv4 } from "../../src/net/ip.js";
import { readScanLog } from "../../src/formats/scan-log-csv/read-scan-log.js";
import type { ObservationSink, ReadResult } from "../../src/formats/reader.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const FIXTURES = new URL("../fixtures/csv/", import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
/** 1 December 2022: no-year dates in the fixtures fall in 2022. */
const NOW = Date.UTC(2022, 11, 1);

interface Collected {
  readonly result: ReadResult;
  readonly hosts: HostObservation[];
  readonly skips: { line: number; code: string; args: Message["args"] }[];
  readonly warnings: Message[];
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

/**
 * Read with the full path (every row through sink.host), or with `lean`: details not kept and the
 * fast path offered, its rows turned into the observation the full path would have made.
 */
async function read(bytes: Uint8Array, size = 1 << 16, lean?: "lean" | "full-summary"): Promise<Collected> {
  const hosts: HostObservation[] = [];
  const skips: Collected["skips"] = [];
  const warnings: Message[] = [];
  const sink: ObservationSink = {
    host: ({ address, ...o }) => {
      // The parsed address rides along so the aggregate need not parse it again; it must match.
      expect(address?.text ?? null).toBe(o.ip);
      hosts.push(o);
    },
    range: () => expect.fail("a scan log has no ranges"),
    hostnameTarget: () => expect.fail("a scan log has no hostname targets"),
    statedAverageRisk: () => expect.fail("a scan log states no risk"),
    detectionPage: () => expect.fail("a scan log has no pages"),
    warn: (m) => void warnings.push(m),
    skip: (line, m) => void skips.push({ line, code: m.code, args: m.args }),
  };
  if (lean === "lean") {
    sink.leanHost = (ipv4, rawStatus, detail, time, line) =>
      void hosts.push({ ip: formatIpv4(ipv4), hostname: null, rawStatus, detail: detail.read(), time, evidence: "direct", input: 1, line, os: null, extra: undefined });
  }
  const ctx = { path: "in.csv", input: 1, taxonomy: new Taxonomy(), sink, keepDetails: lean === undefined ? undefined : false };
  const result = await readScanLog(chunked(bytes, size), ctx, { now: NOW });
  return { result, hosts, skips, warnings };
}

const codes = (ms: readonly Message[]): string[] => ms.map((m) => m.code);
const at = (month: number, day: number, hour: number, minute: number): number => Date.UTC(2022, month - 1, day, hour, minute);

/** Encode text the way an old Excel save would (Windows-1252). */
function windows1252(text: string): Buffer {
  const special: Record<string, number> = { "€": 0x80, "–": 0x96, "’": 0x92 };
  return Buffer.from([...text].map((ch) => special[ch] ?? ch.charCodeAt(0)));
}

describe("readScanLog: known export shapes", () => {
  it("reads the Scan Status export (Time, IP, Status, Duration, Scan Info)", async () => {
    const { result, hosts, skips, warnings } = await read(fixture("scan-status.csv"));
    expect(result).toEqual({ format: "scan-log-csv", records: 12 });
    const base = { hostname: null, evidence: "direct", input: 1, os: null };
    expect(hosts).toEqual([
      {
        ...base,
        ip: "172.31.19.81",
        rawStatus: "NoCredential",
        detail: "No credential provided for Unknown system 172.31.19.81. Hostname: ip-172-31-19-81.eu-west-1.compute.internal",
        time: at(10, 5, 1, 2),
        line: 2,
        extra: { duration: "a few seconds" },
      },
      { ...base, ip: "172.31.2.46", rawStatus: "NoAnswer", detail: "No answer from system 172.31.2.46", time: at(10, 5, 1, 1), line: 3, extra: { duration: "a minute" } },
      {
        ...base,
        ip: "172.31.16.163",
        rawStatus: "SystemDetected",
        detail: "Unknown system, System discovered 172.31.16.163 : ip-172-31-16-163",
        time: at(10, 5, 1, 0),
        line: 4,
        extra: { duration: "7 minutes" },
      },
      { ...base, ip: "2001:db8::1", rawStatus: "Success", detail: null, time: at(10, 4, 23, 59), line: 5, extra: { duration: "00:03:12" } },
      { ...base, ip: "2001:db8::2", rawStatus: "CredentialFailed", detail: "Authentication failure", time: at(10, 4, 23, 58), line: 6, extra: { duration: "95" } },
      { ...base, ip: "10.0.0.5", rawStatus: "Success", detail: null, time: at(10, 4, 23, 57), line: 7, extra: { duration: "a few seconds" } },
      {
        ...base,
        ip: null,
        hostname: "fileserver01.corp.example",
        rawStatus: "Success",
        detail: null,
        time: at(10, 4, 23, 56),
        line: 8,
        extra: { duration: "2 minutes" },
      },
      { ...base, ip: "10.0.0.6", rawStatus: "", detail: "Status missing in export", time: at(10, 4, 23, 55), line: 9, extra: { duration: "a few seconds" } },
      { ...base, ip: "fe80::1", rawStatus: "Unknown", detail: "Unexpected condition", time: at(10, 4, 23, 54), line: 10, extra: { duration: "a few seconds" } },
      { ...base, ip: "10.0.0.5", rawStatus: "Success", detail: "Rescan of the same IP", time: at(10, 4, 23, 51), line: 13, extra: {} },
    ]);
    expect(skips).toEqual([
      { line: 11, code: "csv.skip.badTarget", args: { text: "10.0.0.1/24" } },
      { line: 12, code: "csv.skip.emptyTarget", args: { column: "IP" } },
    ]);
    expect(warnings).toEqual([]);
  });

  it("reads the Scan Issues dashboard export", async () => {
    const { result, hosts, skips, warnings } = await read(fixture("scan-issues.csv"));
    expect(result.records).toBe(3);
    expect(hosts).toEqual([
      {
        ip: "10.1.0.10",
        hostname: "WIN-APP01",
        rawStatus: "Success",
        detail: null,
        time: Date.UTC(2022, 9, 21),
        evidence: "direct",
        input: 1,
        line: 2,
        os: "Windows Server 2019",
        extra: { openPorts: "135, 139, 445, 3389", appliance: "appliance-eu-1", job: "Weekly Windows" },
      },
      {
        ip: "10.1.0.11",
        hostname: "lnx-db01",
        rawStatus: "InsufficientPriviliege",
        detail: "Credentials do not allow sudo",
        time: Date.UTC(2022, 9, 20),
        evidence: "direct",
        input: 1,
        line: 3,
        os: "Linux",
        extra: { openPorts: "22", appliance: "appliance-eu-1", job: "Weekly Linux" },
      },
      {
        ip: "10.1.0.12",
        hostname: null,
        rawStatus: "Partial Scan",
        detail: "Disks not collected",
        time: Date.UTC(2022, 9, 19),
        evidence: "direct",
        input: 1,
        line: 4,
        os: "Unknown",
        extra: { openPorts: "22, 443", appliance: "appliance-eu-2", job: "Weekly Linux" },
      },
    ]);
    expect(skips).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("finds columns by header synonyms, passing unknown ones through", async () => {
    const { hosts } = await read(fixture("header-synonyms.csv"));
    expect(hosts).toEqual([
      {
        ip: "10.12.0.1",
        hostname: "db.example.com",
        rawStatus: "Success",
        detail: "fine",
        time: Date.UTC(2022, 9, 21, 13, 45),
        evidence: "direct",
        input: 1,
        line: 2,
        os: "Linux",
        extra: {
          duration: "00:01:10",
          job: "Nightly",
          appliance: "app-1",
          credential: "svc-linux",
          openPorts: "22",
          Owner: "Team A",
          "column 13": "x",
        },
      },
      {
        ip: null,
        hostname: "web01",
        rawStatus: "NoCredential",
        detail: null,
        time: Date.UTC(2022, 9, 21, 14, 0),
        evidence: "direct",
        input: 1,
        line: 3,
        os: null,
        extra: { job: "Nightly", appliance: "app-1", hostname: "web01.example.com" },
      },
    ]);
  });
});

describe("readScanLog: encodings", () => {
  it("drops a UTF-8 BOM glued to the first header (semicolon file, decimal commas)", async () => {
    const { hosts, warnings } = await read(fixture("bom-semicolon.csv"));
    expect(hosts.map((h) => [h.ip, h.rawStatus, h.detail, h.extra, h.line])).toEqual([
      ["10.2.0.1", "Success", "ok", { duration: "1,5" }, 2],
      ["10.2.0.2", "NoConnection", "Ports 22; 135 closed", { duration: "0,2" }, 3],
    ]);
    expect(warnings).toEqual([]);
  });

  const unicodeText =
    "IP Address\tScan Status\tHost Name\tLog Description\r\n" +
    "10.20.0.1\tSuccess\tMÜNCHEN-01\tAnmeldung für Müller ok 😀\r\n" +
    "2001:DB8::5\tNoAnswer\t-\tKeine Antwort\r\n";
  const unicodeHosts = [
    ["10.20.0.1", "MÜNCHEN-01", "Anmeldung für Müller ok 😀", 2],
    ["2001:db8::5", null, "Keine Antwort", 3],
  ];

  it("reads UTF-16LE with a BOM, tab separated (Excel Unicode Text)", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicodeText, "utf16le")]);
    const { hosts, warnings } = await read(bytes);
    expect(hosts.map((h) => [h.ip, h.hostname, h.detail, h.line])).toEqual(unicodeHosts);
    expect(warnings).toEqual([]);
  });

  it("reads UTF-16BE with a BOM", async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(unicodeText, "utf16le").swap16()]);
    const { hosts } = await read(bytes);
    expect(hosts.map((h) => [h.ip, h.hostname, h.detail, h.line])).toEqual(unicodeHosts);
  });

  it("falls back to Windows-1252 when the bytes are not UTF-8", async () => {
    const bytes = windows1252("IP;Status;Message\r\n10.21.0.1;CredentialFailed;Passwort für Müller abgelaufen – 5 €\r\n");
    expect(bytes.includes(0xfc)).toBe(true);
    const { hosts, warnings } = await read(bytes);
    expect(hosts.map((h) => h.detail)).toEqual(["Passwort für Müller abgelaufen – 5 €"]);
    expect(codes(warnings)).toEqual(["csv.encodingWindows1252"]);
  });

  it("switches to Windows-1252 when the first such byte comes late in a large file", async () => {
    const rows = Array.from({ length: 7000 }, (_, i) => `10.22.${i >> 8}.${i & 255},Success,all fine here and nothing to report\n`);
    const bytes = Buffer.concat([Buffer.from(`IP,Status,Message\n${rows.join("")}`), windows1252("10.23.0.1,NoAnswer,Müller\n")]);
    expect(bytes.length).toBeGreaterThan(300_000);
    const { result, hosts, warnings } = await read(bytes, 4096);
    expect(result.records).toBe(7001);
    expect(hosts.at(-1)).toMatchObject({ ip: "10.23.0.1", detail: "Müller", line: 7002 });
    expect(codes(warnings)).toEqual(["csv.encodingWindows1252"]);
  });
});

describe("readScanLog: delimiters and layout", () => {
  it("reads an Excel sep= line and counts it as line 1", async () => {
    const { hosts } = await read(fixture("sep-line.csv"));
    expect(hosts.map((h) => [h.ip, h.rawStatus, h.detail, h.line])).toEqual([
      ["10.3.0.1", "Success", "Scanned; fine", 3],
      ["10.3.0.2", "NoAnswer", null, 4],
    ]);
  });

  it("reads a pipe-separated file and skips its footer", async () => {
    const { result, hosts, skips } = await read(fixture("pipe.csv"));
    expect(result.records).toBe(3);
    expect(hosts.map((h) => [h.ip, h.rawStatus, h.hostname, h.os])).toEqual([
      ["10.4.0.1", "Success", "alpha", "Linux"],
      ["10.4.0.2", "SkippedAsExcluded", null, null],
    ]);
    expect(skips).toEqual([{ line: 4, code: "csv.skip.footer", args: { text: "Total: 2" } }]);
  });

  it("reads a tab-separated file and learns the day/month order", async () => {
    const { hosts, warnings } = await read(fixture("tab.tsv"));
    expect(hosts.map((h) => [h.ip, h.hostname, h.time])).toEqual([
      ["10.5.0.1", "beta.example.com", Date.UTC(2022, 9, 21, 13, 45)],
      ["10.5.0.2", null, Date.UTC(2022, 9, 5, 1, 2)],
    ]);
    expect(warnings).toEqual([]);
  });

  it("skips title lines above the header and a footer below", async () => {
    const { result, hosts, skips, warnings } = await read(fixture("title-footer.csv"));
    expect(result.records).toBe(3);
    expect(hosts.map((h) => [h.ip, h.line])).toEqual([
      ["10.6.0.1", 5],
      ["10.6.0.2", 6],
    ]);
    expect(skips).toEqual([{ line: 7, code: "csv.skip.footer", args: { text: "Total 2" } }]);
    expect(warnings).toEqual([
      { code: "csv.titleLines", args: { count: 2, headerLine: 4 } },
      { code: "csv.emptyLines", args: { count: 1, firstLine: 3 } },
    ]);
  });

  it("reads quoted fields with delimiters, quotes and line breaks, keeping line numbers right", async () => {
    const { hosts } = await read(fixture("multiline-quoted.csv"));
    expect(hosts.map((h) => [h.ip, h.detail, h.hostname, h.line])).toEqual([
      ["10.7.0.1", 'Login failed for "admin", then retried,\ntwice', "host-a", 2],
      ["10.7.0.2", "line one\r\nline two\r\nline three", "host-b", 4],
      ["10.7.0.3", "a|b;c\tsemi", "host-c", 7],
    ]);
  });

  it.each(["lf", "crlf", "cr"])("reads %s line ends alike", async (kind) => {
    const { result, hosts, warnings } = await read(fixture(`line-ends-${kind}.csv`));
    const newline = { lf: "\n", crlf: "\r\n", cr: "\r" }[kind];
    expect(result.records).toBe(2);
    expect(hosts.map((h) => [h.ip, h.detail, h.line])).toEqual([
      ["10.11.0.1", `two${newline}lines`, 2],
      ["10.11.0.2", "last", 5],
    ]);
    expect(warnings).toEqual([{ code: "csv.emptyLines", args: { count: 1, firstLine: 4 } }]);
  });

  it("counts empty lines once, keeps ragged rows that have a target and a status, skips the rest", async () => {
    const { result, hosts, skips, warnings } = await read(fixture("empty-ragged.csv"));
    expect(result.records).toBe(5);
    expect(hosts.map((h) => [h.ip, h.rawStatus, h.hostname, h.extra, h.line])).toEqual([
      ["10.8.0.1", "Success", "h1", {}, 2],
      ["10.8.0.2", "NoAnswer", null, {}, 4],
      ["10.8.0.4", "Success", "h4", { "column 5": "surplus" }, 7],
      ["10.8.0.5", "Success", "h5", {}, 8],
    ]);
    expect(skips).toEqual([{ line: 5, code: "csv.skip.missingColumns", args: { cells: 1, expected: 4, missing: "Status" } }]);
    expect(warnings).toEqual([
      { code: "csv.emptyLines", args: { count: 3, firstLine: 3 } },
      { code: "csv.raggedRows", args: { count: 2, firstLine: 4, expected: 4 } },
    ]);
  });

  it("treats placeholders as no value and skips rows without a target", async () => {
    const { hosts, skips } = await read(fixture("placeholders.csv"));
    expect(hosts.map((h) => [h.ip, h.hostname, h.detail, h.os, h.extra])).toEqual([
      ["10.9.0.1", null, null, null, {}],
      ["10.9.0.2", null, null, null, { job: "Job A", "Custom Field": "value" }],
    ]);
    expect(skips).toEqual([
      { line: 4, code: "csv.skip.emptyTarget", args: { column: "IP Address" } },
      { line: 5, code: "csv.skip.emptyTarget", args: { column: "IP Address" } },
    ]);
  });

  it("warns once when the file's own category/responsible/action disagree with the table", async () => {
    const { hosts, warnings } = await read(fixture("own-classification.csv"));
    expect(hosts).toHaveLength(5);
    expect(hosts[0]?.extra).toEqual({});
    expect(warnings).toEqual([
      {
        code: "csv.taxonomyMismatch",
        args: { count: 2, firstLine: 4, column: "category", value: "Scanned", status: "PartialScan", expected: "Not Scanned" },
      },
    ]);
  });

  it("passes spreadsheet formulas through as text", async () => {
    const { hosts } = await read(Buffer.from('IP,Status,Message\n10.0.0.1,"=1+1","=HYPERLINK(""http://x"",""y"")"\n'));
    expect(hosts.map((h) => [h.rawStatus, h.detail])).toEqual([["=1+1", '=HYPERLINK("http://x","y")']]);
  });

  it("warns about times it cannot read", async () => {
    const { hosts, warnings } = await read(Buffer.from("IP,Status,Time\n10.0.0.1,Success,yesterday\n10.0.0.2,Success,-\n"));
    expect(hosts.map((h) => h.time)).toEqual([null, null]);
    expect(warnings).toEqual([{ code: "csv.unparsedTimes", args: { count: 1, firstLine: 2, example: "yesterday" } }]);
  });

  it("refuses a file that has a header and no rows (an empty result would pass every CI gate)", async () => {
    await expect(read(Buffer.from("IP,Status\n"))).rejects.toMatchObject({ file: "in.csv", reason: "a header (line 1) but no data rows" });
  });

  it("refuses a file none of whose rows is a scan-log row, quoting the first problem", async () => {
    const err = await read(Buffer.from("IP,Status\nTotal 3,\n-,x\n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).reason).toMatch(/^none of the 2 data rows is a scan-log row \(first: line 2: /);
  });
});

describe("readScanLog: inputs that are not scan logs", () => {
  it.each([
    ["empty.csv", "in.csv: the file is empty"],
    ["blank-lines-only.csv", "in.csv: the file is empty"],
    ["not-a-scan-log.csv", /^in\.csv: not a scan log: no header row with a target column .* first 50 non-empty rows$/],
  ])("%s is an InputError", async (name, text) => {
    const err = await read(fixture(name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(text);
  });

  it("looks for the header in the first 50 non-empty rows only, and closes the input", async () => {
    let closed = false;
    async function* input(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from("Report line, nothing else\n".repeat(60));
        yield Buffer.from("IP,Status\n10.0.0.1,Success\n");
        for (;;) yield Buffer.from("filler,filler\n".repeat(1000));
      } finally {
        closed = true;
      }
    }
    const ignore = (): void => undefined;
    const sink: ObservationSink = { host: ignore, range: ignore, hostnameTarget: ignore, statedAverageRisk: ignore, detectionPage: ignore, warn: ignore, skip: ignore };
    const err = await readScanLog(input(), { path: "in.csv", input: 0, taxonomy: new Taxonomy(), sink }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(closed).toBe(true);
  });

  it("stops at a quote that is never closed, naming the line where it opened", async () => {
    const err = await read(Buffer.from('IP,Status,Message\n10.0.0.1,Success,ok\n10.0.0.2,NoAnswer,"cut off\nhere')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: "in.csv", line: 3 });
  });
});

describe("readScanLog: chunk boundaries", () => {
  const generated: [string, Buffer][] = [
    ["utf-16le", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("IP\tStatus\tMessage\r\n10.0.0.1\tSuccess\tMüller 😀\r\n", "utf16le")])],
    ["windows-1252", windows1252("IP;Status;Message\r\n10.0.0.1;NoAnswer;Müller – €\r\n")],
    ["utf-8 multi-byte", Buffer.from("IP,Status,Message\r\n10.0.0.1,Success,Müller € 😀\r\n\r\n")],
  ];
  const files = readdirSync(FIXTURES).map((name): [string, Buffer] => [name, fixture(name)]);

  it.each([...files, ...generated])("%s reads the same in 1-byte and 7-byte chunks", async (_name, bytes) => {
    const settle = (p: Promise<Collected>): Promise<unknown> => p.catch((e: unknown) => String(e));
    const whole = await settle(read(bytes));
    expect(await settle(read(bytes, 1))).toEqual(whole);
    expect(await settle(read(bytes, 7))).toEqual(whole);
  });

  it.each([...files, ...generated])("%s: the fast path reads what the full path reads, in any chunks", async (_name, bytes) => {
    const settle = (p: Promise<Collected>): Promise<unknown> => p.catch((e: unknown) => String(e));
    const full = await settle(read(bytes, 1 << 16, "full-summary"));
    for (const size of [1, 7, 1 << 16]) expect(await settle(read(bytes, size, "lean"))).toEqual(full);
  });
});

/**
 * The scantriage-hosts reader: the tool's own `hosts --format ndjson` read back as an input (a
 * map/reduce part). One fixture per case under test/fixtures/scantriage-hosts.
 */
import { createReadStream } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import { detectInput } from "../../src/detect/detect-format.js";
import { InputError } from "../../src/errors.js";
import { readerFor, readerForEmpty } from "../../src/formats/input-formats.js";
import type { ObservationSink, ReadResult } from "../../src/formats/reader.js";
import { isHostsNdjsonHead, readHostsNdjson } from "../../src/formats/scantriage-hosts/read-hosts-ndjson.js";
import { NdjsonLines } from "../../src/parse/json/ndjson-lines.js";
import { formatIsoTime, parseIsoTime } from "../../src/lib/iso-time.js";
import type { HostObservation, HostnameTargetObservation, RangeObservation } from "../../src/model/observation.js";
import { formatIp } from "../../src/net/ip.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";
import { runInProcess } from "../helpers/run-in-process.js";

const ROOT = resolve(import.meta.dirname, "../..");

function fixture(name: string): string {
  return relative(process.cwd(), resolve(ROOT, "test/fixtures/scantriage-hosts", name));
}

interface Read {
  readonly hosts: HostObservation[];
  readonly ranges: RangeObservation[];
  readonly targets: HostnameTargetObservation[];
  readonly skipped: { line: number; code: string }[];
  readonly warnings: string[];
  readonly vulnStatuses: unknown[];
  readonly result: ReadResult;
}

/** Reads a fixture with the reader alone, recording what it reports. */
async function read(name: string, keepDetails = true): Promise<Read> {
  const out = { hosts: [] as HostObservation[], ranges: [] as RangeObservation[], targets: [] as HostnameTargetObservation[], skipped: [] as { line: number; code: string }[], warnings: [] as string[], vulnStatuses: [] as unknown[] };
  const sink: ObservationSink = {
    host: (o) => out.hosts.push(o),
    range: (o) => out.ranges.push(o),
    hostnameTarget: (o) => out.targets.push(o),
    warn: (m) => out.warnings.push(m.code),
    detectionPage: () => undefined,
    statedAverageRisk: () => undefined,
    vulnStatuses: (counts) => out.vulnStatuses.push(counts),
    skip: (line, reason) => out.skipped.push({ line, code: reason.code }),
  };
  const path = fixture(name);
  const result = await readHostsNdjson(createReadStream(path), { path, input: 3, taxonomy: new Taxonomy(), sink, keepDetails });
  return { ...out, result };
}

async function refusal(name: string): Promise<InputError> {
  const err = await read(name).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

async function summary(names: string[]): Promise<Summary> {
  const r = await runInProcess("summarize", names.map(fixture), { format: "json", quiet: true });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

const span = (r: RangeObservation) => `${formatIp(r.family, r.start)}-${formatIp(r.family, r.end)} ${r.rawStatus} p${r.priority}`;

describe("scantriage-hosts: detection", () => {
  it("is told from other JSON by the keys of its first line", async () => {
    const head = (text: string) => detectInput(Buffer.from(text), true);
    const { readFileSync } = await import("node:fs");
    const part = readFileSync(fixture("inferred-runs.ndjson"), "utf8");
    expect(isHostsNdjsonHead(part, true)).toBe(true);
    expect(readerFor(head(part) as never, null)).toBe(readHostsNdjson);
    expect(isHostsNdjsonHead('{"hello":"world"}\n', true)).toBe(false);
    expect(isHostsNdjsonHead('[{"ip":"10.0.0.1"}]', true)).toBe(false);
    // A first line longer than the head: its start decides.
    expect(isHostsNdjsonHead('{"ip":"10.0.0.1","hostname":"x', false)).toBe(true);
    expect(isHostsNdjsonHead('{"group":"acme","ip":null,"hostname":"x', false)).toBe(true);
    expect(isHostsNdjsonHead('{"ip":"10.0.0.1","hostname":"x', true)).toBe(false);
  });

  it("reads an empty file as an empty part only when named .ndjson or forced", () => {
    expect(readerForEmpty("parts/001.ndjson", null)).not.toBeNull();
    expect(readerForEmpty("parts/001.ndjson.gz", null)).not.toBeNull();
    expect(readerForEmpty("-", { syntax: "json", format: "scantriage-hosts" })).not.toBeNull();
    expect(readerForEmpty("scan.csv", null)).toBeNull();
    expect(readerForEmpty("parts/001.ndjson", { syntax: "csv", format: "scan-log-csv" })).toBeNull();
  });
});

describe("scantriage-hosts: rows", () => {
  it("reads consecutive inferred rows of one range back as one range", async () => {
    const r = await read("inferred-runs.ndjson");
    expect(r.ranges.map(span)).toEqual([
      "10.0.0.2-10.0.0.6 NoAnswer p1",
      "10.0.0.8-10.0.0.9 NoAnswer p1",
      "10.0.0.10-10.0.0.10 SkippedAsExcluded p3",
      "10.0.0.11-10.0.0.11 NoAnswer p1",
      "2001:db8::1-2001:db8::2 NoAnswer p1",
    ]);
    // The original input and line, the time that ranks them.
    expect(r.ranges[0]).toMatchObject({ input: 3, line: 5, source: "site-a/scan.xml", time: Date.parse("2024-05-01T12:00:00Z"), detail: "in TARGET, no results in the scan" });
    expect(r.ranges[3]?.time).toBe(Date.parse("2024-05-02T12:00:00Z"));
    expect(r.hosts.map((h) => [h.ip, h.line, h.evidence])).toEqual([
      ["10.0.0.1", 10, "direct"],
      ["10.0.0.7", 30, "direct"],
    ]);
    expect(r.result).toEqual({ format: "scantriage-hosts", records: 13, classified: 13, findings: true });
  });

  it("counts a /16 read back as one range", async () => {
    const row = (i: number) =>
      JSON.stringify({ ip: `10.9.${i >> 8}.${i & 255}`, hostname: null, rawStatus: "NoAnswer", evidence: "inferred", source: "big.xml", line: 7, detail: null, time: null, priority: 1, confirmedBySeverity: null, potentialBySeverity: null, infoBySeverity: null, detected: null, run: { findingsInput: true, vulnStatuses: null } });
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = resolve(mkdtempSync(resolve(tmpdir(), "parts-")), "big.ndjson");
    writeFileSync(path, Array.from({ length: 65536 }, (_, i) => row(i)).join("\n") + "\n");
    const r = await runInProcess("summarize", [path], { format: "json", quiet: true });
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.totals.ips).toBe(65536);
    expect(s.inputs[0]).toMatchObject({ records: 65536, classified: 65536, skipped: 0 });
    const hosts = await runInProcess("hosts", [path], { format: "table", quiet: true });
    expect(hosts.stdout).toContain("10.9.0.0 – 10.9.255.255 (65,536 IPs)");
  });

  it("reads a hostname row without an IP as a host or a hostname target, by its evidence", async () => {
    const r = await read("hostname-rows.ndjson");
    expect(r.hosts).toEqual([
      expect.objectContaining({ ip: null, hostname: "db01.corp.example", rawStatus: "CredentialsFailed", detail: "login refused", source: "site-b/log.csv", line: 4, extra: { "Job Name": "nightly" } }),
    ]);
    expect(r.targets).toEqual([expect.objectContaining({ hostname: "mail.corp.example", rawStatus: "NoAnswer", priority: 1, line: 6, source: "site-a/scan.xml" })]);
    expect(r.result.findings).toBe(false);
    const s = await summary(["hostname-rows.ndjson"]);
    expect(s.totals.ips).toBe(2);
    // The reducer classifies the raw text itself, and the source is the original file.
    expect(s.authFailures.top).toEqual([expect.objectContaining({ ip: null, hostname: "db01.corp.example", status: "CredentialFailed", source: "site-b/log.csv" })]);
    expect(s.breakdowns.os.missing?.code).toBe("triage.noBreakdownData");
    expect(s.diagnostics.map((d) => d.code)).toContain("triage.noRiskData");
  });

  it("reads finding counts, what QIDs 45017 / 82023 / 82004 said, and the run's stated statuses", async () => {
    const r = await read("findings-detected.ndjson");
    expect(r.hosts[0]).toMatchObject({
      ip: "10.1.0.1",
      findings: { confirmed: [0, 2, 0, 1, 0], potential: [0, 0, 1, 0, 0], info: [2, 1, 0, 0, 0] },
      detected: { qids: 7, oses: ["Ubuntu Linux 22.04"], services: [{ port: 22, protocol: "tcp", service: "ssh" }, { port: 53, protocol: "udp", service: "domain" }] },
    });
    expect(r.hosts[1]).toMatchObject({
      hostnameFrom: { evidence: "direct", time: Date.parse("2024-04-01T00:00:00Z") },
      findingsFrom: { evidence: "direct", time: Date.parse("2024-04-01T00:00:00Z") },
      otherHostnames: ["app01.corp.example"],
      detected: { qids: 1, oses: [], services: [] },
    });
    expect(r.vulnStatuses).toEqual([{ new: 1, active: 6, reopened: 0, fixed: 2 }]);
    const s = await summary(["findings-detected.ndjson"]);
    expect(s.risk).toMatchObject({ averageSecurityRisk: 3.8, activeHosts: 2, vulnStatuses: { new: 1, active: 6, reopened: 0, fixed: 2 } });
    expect(s.breakdowns.os.entries).toEqual([{ name: "Ubuntu Linux 22.04", hosts: 1 }]);
    expect(s.breakdowns.services.entries.map((e) => `${e.port}/${e.protocol}`)).toEqual(["22/tcp", "53/udp"]);
  });

  it("skips bad lines with their reason, and counts every line", async () => {
    const r = await read("bad-lines.ndjson");
    expect(r.hosts.map((h) => h.ip)).toEqual(["10.2.0.1", "10.2.0.3"]);
    expect(r.skipped).toEqual([
      { line: 2, code: "parts.skip.notJson" },
      { line: 3, code: "parts.skip.emptyLine" },
      { line: 4, code: "parts.skip.notARow" },
      { line: 5, code: "parts.skip.notARow" },
      { line: 6, code: "parts.skip.badValue" },
      { line: 7, code: "parts.skip.badValue" },
    ]);
    expect(r.result).toMatchObject({ records: 8, classified: 2 });
    const s = await summary(["bad-lines.ndjson"]);
    expect(s.inputs[0]).toMatchObject({ records: 8, classified: 2, skipped: 6 });
    expect(s.inputs[0]?.skippedRows.slice(3)).toEqual([
      { line: 5, reason: "JSON, but not a hosts row (an array)" },
      { line: 6, reason: '"ip" is not an IP address' },
      { line: 7, reason: '"time" is not an ISO 8601 time (like 2024-05-01T12:00:00.000Z) or null' },
    ]);
  });

  it("refuses a file cut off mid-row, naming the line", async () => {
    const err = await refusal("truncated.ndjson");
    expect(err.message).toBe(`${fixture("truncated.ndjson")}:2: cut off in the middle of a row (the last line is not complete JSON): did the map step stop early?`);
  });

  it("refuses a row of another version (a field missing), naming the line", async () => {
    const err = await refusal("missing-time.ndjson");
    expect(err.message).toBe(`${fixture("missing-time.ndjson")}:2: a hosts row without "time": written by another version of scantriage? (run the map step again with this one)`);
  });

  it("refuses a file whose first line is not a hosts row, in one line", async () => {
    const err = await refusal("not-a-part.ndjson");
    expect(err.message).toContain("not-a-part.ndjson:1: not scantriage hosts output");
    // Detected as JSON that no format claims: refused all the same, one line, exit 2.
    const r = await runInProcess("summarize", [fixture("not-a-part.ndjson")], { format: "json" });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^scantriage: error: .*not-a-part\.ndjson: a JSON object, not a format this tool reads/);
    const forced = await runInProcess("summarize", [fixture("not-a-part.ndjson")], { format: "json", inputFormat: "scantriage-hosts" });
    expect(forced.stderr).toMatch(/^scantriage: error: .*not-a-part\.ndjson:1: not scantriage hosts output .* \(an object with keys hello\)\n$/);
  });

  it("reads an empty part with a warning, not an error", async () => {
    const r = await runInProcess("summarize", [fixture("empty.ndjson"), fixture("hostname-rows.ndjson")], { format: "json" });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.inputs[0]).toMatchObject({ format: "scantriage-hosts", records: 0, warnings: ["an empty part: its map step found no host in its input (or the map step did not run)"] });
    expect(r.stderr).toContain("scantriage: warning: test/fixtures/scantriage-hosts/empty.ndjson: an empty part");
    const alone = await runInProcess("summarize", [fixture("empty.ndjson")], { format: "json" });
    expect(alone.code).toBe(0);
    expect((JSON.parse(alone.stdout) as Summary).warnings).toContain("nothing to triage: the inputs hold no IP address or target at all");
  });

  it("keeps hostile text as data: no escape reaches the terminal, CSV formulas neutralised", async () => {
    const r = await read("hostile.ndjson");
    expect(r.hosts[0]?.hostname).toBe("evil\u001b[31mRED\u001b[0m\u0007");
    expect(Object.getPrototypeOf(r.hosts[0]?.extra)).toBeNull();
    for (const format of ["table", "csv", "markdown", "json", "ndjson"]) {
      for (const command of ["summarize", "hosts", "auth"] as const) {
        if (command === "summarize" && format === "ndjson") continue;
        const out = await runInProcess(command, [fixture("hostile.ndjson")], { format, quiet: true });
        expect(out.code, `${command} ${format}`).toBe(0);
        // eslint-disable-next-line no-control-regex
        expect(out.stdout, `${command} ${format}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
    }
    const csv = await runInProcess("hosts", [fixture("hostile.ndjson")], { format: "csv", quiet: true });
    expect(csv.stdout).toContain(`"'=HYPERLINK`);
    expect(csv.stdout).toContain("'+cmd");
  });

  it("reads a part that merges again: hosts over a part prints the same rows", async () => {
    const first = await runInProcess("hosts", [fixture("findings-detected.ndjson")], { format: "ndjson", quiet: true });
    const lines = first.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const { readFileSync } = await import("node:fs");
    const original = readFileSync(fixture("findings-detected.ndjson"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    // Everything but what the reducer computes itself from the same facts.
    const merged = (row: Record<string, unknown>) => ({ ...row, duplicates: undefined, decidedBy: undefined });
    expect(lines.map(merged)).toEqual(original.map((row) => merged({ ...row, securityRisk: row.ip === "10.1.0.2" ? 5 : row.securityRisk, confirmed: row.ip === "10.1.0.2" ? 1 : row.confirmed, potential: row.ip === "10.1.0.2" ? 0 : row.potential, info: row.ip === "10.1.0.2" ? 0 : row.info, category: row.ip === "10.1.0.2" ? "Not Scanned" : row.category, responsible: row.ip === "10.1.0.2" ? "Customer" : row.responsible, action: row.ip === "10.1.0.2" ? "Check Scope, Firewalls, is device turned on?" : row.action })));
  });
});

describe("ISO times", () => {
  it("round-trips every millisecond exactly, and refuses other text", () => {
    for (const ms of [0, 1, -1, 1714564800123, Date.UTC(2024, 1, 29), -62167219200000, 253402300799999, 8.64e15]) {
      expect(parseIsoTime(formatIsoTime(ms) as string)).toBe(ms);
    }
    expect(formatIsoTime(null)).toBeNull();
    expect(formatIsoTime(Number.NaN)).toBeNull();
    for (const text of ["2024-02-30T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2024-01-01T24:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-05-01T12:00:00Z", "2024-05-01 12:00:00.000Z", "yesterday", ""]) {
      expect(parseIsoTime(text), text).toBeNull();
    }
  });
});

describe("ndjson lines", () => {
  it("splits lines across chunks, multi-byte characters whole, CRLF and a missing last newline", () => {
    const text = "ä€😀\r\nzwei\n\ndrei";
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      const seen: [string, number, boolean][] = [];
      const lines = new NdjsonLines((t, l, term) => seen.push([t, l, term]), 1000);
      for (let i = 0; i < bytes.length; i += size) lines.write(bytes.subarray(i, i + size));
      lines.end();
      expect(seen).toEqual([
        ["ä€😀", 1, true],
        ["zwei", 2, true],
        ["", 3, true],
        ["drei", 4, false],
      ]);
    }
  });

  it("refuses a line longer than the limit", () => {
    const lines = new NdjsonLines(() => undefined, 10);
    expect(() => lines.write(Buffer.from("0123456789abc"))).toThrow("line 1: longer than 10 bytes");
  });
});

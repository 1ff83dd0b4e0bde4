/**
 * The map/reduce promise as a property (docs/fleets.md): for any set of inputs, summarizing the
 * parts that `hosts --format ndjson` prints for each input (in the same order) equals summarizing
 * the inputs themselves. Generated scan-log CSVs and small SCAN XMLs share IPs and hostnames, at
 * different times (equal ones and none too), with overlapping target ranges, exclusions, hostname
 * targets, findings, OS and services, authentication failures and unknown statuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Summary } from "../../src/aggregate/summarize.js";
import type { RawOptions } from "../../src/cli/options.js";
import { Readable } from "node:stream";
import { iterateRows } from "../../src/aggregate/host-row.js";
import { TriageBuilder } from "../../src/aggregate/triage-builder.js";
import type { Triage } from "../../src/aggregate/triage.js";
import type { FindingCounts } from "../../src/model/findings.js";
import { hostObject } from "../../src/render/columns.js";
import { readHostsNdjson } from "../../src/formats/scantriage-hosts/read-hosts-ndjson.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { comparable } from "../helpers/map-reduce.js";


const DIR = mkdtempSync(join(tmpdir(), "scantriage-mapreduce-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const IPS = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.9", "10.0.0.12", "2001:db8::5"];
const NAMES = ["web01", "WEB01", "web01.corp.example", "db01.corp.example", "mail.corp.example"];
const LOG_STATUSES = ["Success", "NoAnswer", "CredentialsFailed", "Timeout Exceeded", "No Credentials", "Skipped", ""];
const LOG_TIMES = ["", "2024-05-01 10:00", "2024-05-01 11:00", "2024-05-02 09:30"];
const SCAN_DATES = [null, "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z", "2024-05-03T08:00:00Z"];
const RANGES = ["10.0.0.1-10.0.0.8", "10.0.0.4-10.0.0.12", "10.0.0.3", "10.0.0.0/29", "2001:db8::1-2001:db8::8"];
const OSES = ["Windows Server 2019", "Ubuntu Linux 22.04", "Cisco IOS 15.x"];
const SERVICES = ["22\tssh\tSSH\tssh", "443\thttps\tTLS\thttp over ssl", "3389\tms-wbt-server\tRDP\tunknown"];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const logRow = fc.record({
  target: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...IPS) }, { weight: 1, arbitrary: fc.constantFrom("db01.corp.example", "mail.corp.example") }),
  hostname: fc.constantFrom("", "", ...NAMES),
  status: fc.constantFrom(...LOG_STATUSES),
  time: fc.constantFrom(...LOG_TIMES),
  message: fc.constantFrom("", "login refused", "no route"),
});

const scanLog = fc.array(logRow, { minLength: 1, maxLength: 10 }).map((rows) => ({
  ext: "csv",
  text: ["IP,Hostname,Status,Time,Message", ...rows.map((r) => [r.target, r.hostname, r.status, r.time, r.message].map(csvCell).join(","))].join("\n") + "\n",
}));

const scanHost = fc.record({
  ip: fc.constantFrom(...IPS),
  name: fc.constantFrom(null, ...NAMES),
  os: fc.option(fc.constantFrom(...OSES), { nil: null }),
  services: fc.subarray(SERVICES),
  authFailed: fc.boolean(),
  vulns: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
  potential: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
});

type ScanHost = typeof scanHost extends fc.Arbitrary<infer T> ? T : never;

function hostXml(h: ScanHost, n: number): string {
  const infos = [
    ...(h.os ? [`<INFO number="45017" severity="2"><TITLE>Operating System Detected</TITLE><RESULT format="table"><![CDATA[Operating System\tTechnique\tID\n${h.os}\tTCP/IP Fingerprint\tU1]]></RESULT></INFO>`] : []),
    ...(h.authFailed ? [`<INFO number="105015" severity="2"><TITLE>Windows Authentication Failed</TITLE><RESULT>Details</RESULT></INFO>`] : []),
  ];
  const services = h.services.length
    ? `<SERVICES><CAT value="TCP/IP"><SERVICE number="82023" severity="1"><TITLE>Open TCP Services List</TITLE><RESULT format="table"><![CDATA[Port\tIANA Assigned Ports/Services\tDescription\tService Detected\n${h.services.join("\n")}]]></RESULT></SERVICE></CAT></SERVICES>`
    : "";
  const vulns = h.vulns.map((s, i) => `<CAT value="x" port="${80 + i}" protocol="tcp"><VULN number="${90000 + n * 10 + i}" severity="${s}"><TITLE>v</TITLE></VULN></CAT>`).join("");
  const potential = h.potential.map((s, i) => `<CAT value="x"><VULN number="${95000 + n * 10 + i}" severity="${s}"><TITLE>p</TITLE></VULN></CAT>`).join("");
  return [
    `<IP value="${h.ip}"${h.name ? ` name="${h.name}"` : ""}>`,
    infos.length ? `<INFOS><CAT value="Information gathering">${infos.join("")}</CAT></INFOS>` : "",
    services,
    vulns ? `<VULNS>${vulns}</VULNS>` : "",
    potential ? `<POTENTIAL_VULNS>${potential}</POTENTIAL_VULNS>` : "",
    "</IP>",
  ].join("\n");
}

const scanXml = fc
  .record({
    date: fc.constantFrom(...SCAN_DATES),
    targets: fc.subarray([...RANGES, "mail.corp.example", "web01.corp.example"], { minLength: 1 }),
    excluded: fc.subarray(["10.0.0.5", "10.0.0.6-10.0.0.7", "db01.corp.example"], { maxLength: 2 }),
    // The same IP twice in one scan (merged exports) too: two observations with findings in one input.
    hosts: fc.array(scanHost, { maxLength: 5 }),
  })
  .map((s) => ({
    ext: "xml",
    text: [
      `<?xml version="1.0" encoding="UTF-8" ?>`,
      `<SCAN value="scan/1">`,
      `<HEADER>`,
      s.date ? `<KEY value="DATE">${s.date}</KEY>` : "",
      `<KEY value="TARGET"><![CDATA[${s.targets.join(", ")}]]></KEY>`,
      s.excluded.length ? `<KEY value="EXCLUDED_TARGET"><![CDATA[${s.excluded.join(", ")}]]></KEY>` : "",
      `<KEY value="STATUS">FINISHED</KEY>`,
      `</HEADER>`,
      ...s.hosts.map(hostXml),
      `</SCAN>`,
    ].join("\n"),
  }));

const inputSet = fc.array(fc.oneof(scanLog, scanXml), { minLength: 1, maxLength: 4 });

let runs = 0;
/** Runs that compared two summaries with IPs (a refused document or an empty run compares nothing). */
let compared = 0;
let duplicates = 0;

async function json(command: "summarize" | "hosts", inputs: string[], options: RawOptions): Promise<{ code: number; stdout: string }> {
  const r = await runInProcess(command, inputs, { quiet: true, ...options });
  return { code: r.code, stdout: r.stdout };
}

/** The map step per input, the reduce step on the parts, and the direct summary. */
async function mapReduce(files: readonly { ext: string; text: string }[], options: RawOptions = {}): Promise<{ direct: Summary; reduced: Summary } | null> {
  const dir = join(DIR, String(runs++));
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(dir, "parts"), { recursive: true });
  const inputs = files.map((f, i) => {
    const path = join(dir, `input-${i}.${f.ext}`);
    writeFileSync(path, f.text);
    return path;
  });
  const direct = await json("summarize", inputs, { format: "json", ...options });
  if (direct.code === 2) return null; // a generated document the tool refuses: nothing to compare
  const parts: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const part = await json("hosts", [input], { format: "ndjson", ...options });
    expect(part.code).toBe(0);
    const path = join(dir, "parts", `${String(i).padStart(3, "0")}.ndjson`);
    writeFileSync(path, part.stdout);
    parts.push(path);
  }
  const reduced = await json("summarize", parts, { format: "json", ...options });
  expect(reduced.code).toBe(direct.code);
  // Row by row too: the reduce's hosts are the direct run's, each decided by the same original row.
  const rows = async (paths: string[]) => sameRows(JSON.parse((await json("hosts", paths, { format: "json", ...options })).stdout) as Row[]);
  expect(await rows(parts)).toEqual(await rows(inputs));
  return { direct: JSON.parse(direct.stdout) as Summary, reduced: JSON.parse(reduced.stdout) as Summary };
}

type Row = Record<string, unknown>;

/** What two runs over the same observations agree on: not how many rows were merged where. */
function sameRows(rows: readonly Row[]): Row[] {
  return rows.map((r) => ({ ...r, duplicates: undefined, decidedBy: undefined }));
}

/** An input with no host at all leaves an empty part: what format it was is lost (docs/fleets.md). */
function allPartsEmpty(s: Summary): boolean {
  return s.totals.ips === 0;
}

describe("map/reduce: the reduce of the parts equals the summary of the inputs", () => {
  it("for generated scan logs and SCANs sharing IPs, times and ranges", async () => {
    await fc.assert(
      fc.asyncProperty(inputSet, fc.constantFrom<"average" | "highest">("average", "highest"), async (files, riskMethod) => {
        const result = await mapReduce(files, { riskMethod });
        if (result === null) return;
        const { direct, reduced } = result;
        if (allPartsEmpty(direct)) return;
        compared++;
        if (direct.diagnostics.some((d) => d.code === "triage.duplicatesCollapsed")) duplicates++;
        expect(comparable(reduced)).toEqual(comparable(direct));
        // Each part keeps its input's records: one row per IP it decided.
        expect(reduced.inputs.map((i) => i.format)).toEqual(files.map(() => "scantriage-hosts"));
      }),
      { numRuns: 120 },
    );
    // The property was exercised: most runs compared, many with IPs seen more than once.
    expect(compared).toBeGreaterThan(80);
    expect(duplicates).toBeGreaterThan(40);
  }, 240_000);

  it("with a status map and an accept list applied by the reducer", async () => {
    const config = join(DIR, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        statusMap: { aliases: { "Timeout Exceeded": "Aborted" } },
        accept: [
          { target: "10.0.0.2-10.0.0.4", reason: "lab" },
          { target: "db01.corp.example", reason: "retired" },
          { target: "10.0.0.0/29", statuses: ["NoAnswer"], reason: "powered off" },
        ],
      }),
    );
    await fc.assert(
      fc.asyncProperty(inputSet, async (files) => {
        const result = await mapReduce(files, { config });
        if (result === null || allPartsEmpty(result.direct)) return;
        expect(comparable(result.reduced)).toEqual(comparable(result.direct));
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});

/**
 * The same at the level of observations, where times vary inside one input (a detection list, a
 * scan log): an IP's hostname and finding counts are those of its best-ranked observation that has
 * them, however the observations are split into inputs.
 */
describe("map/reduce: merging observations is associative", () => {
  const F1: FindingCounts = { confirmed: [0, 1, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [1, 0, 0, 0, 0] };
  const F2: FindingCounts = { confirmed: [0, 0, 0, 0, 2], potential: [0, 0, 1, 0, 0], info: [0, 0, 0, 0, 0] };
  const observation = fc.record({
    ip: fc.constantFrom("10.0.0.1", "10.0.0.2"),
    hostname: fc.constantFrom(null, "a", "b", "B"),
    time: fc.constantFrom(null, 1, 2, 3),
    rawStatus: fc.constantFrom("Success", "NoAnswer", "CredentialFailed"),
    findings: fc.constantFrom(null, F1, F2),
  });
  const inputs = fc.array(fc.array(observation, { maxLength: 6 }), { minLength: 1, maxLength: 4 });
  type Obs = typeof observation extends fc.Arbitrary<infer T> ? T : never;

  function triageOf(groups: readonly (readonly Obs[])[]): Triage {
    const builder = new TriageBuilder(new Taxonomy());
    for (const [i, group] of groups.entries()) {
      const { sink, index, report } = builder.sinkFor(`in${i}`);
      report.format = "qualys-detections";
      group.forEach(({ findings, ...o }, line) => sink.host({ ...o, detail: null, evidence: "direct", input: index, line: line + 1, ...(findings ? { findings } : {}) }));
    }
    return builder.finish();
  }

  async function reduce(groups: readonly (readonly Obs[])[]): Promise<Triage> {
    const builder = new TriageBuilder(new Taxonomy());
    for (const [i, group] of groups.entries()) {
      const part = [...iterateRows(triageOf([group]), "average")].map((r) => `${JSON.stringify({ ...hostObject(r), source: `in${i}` })}\n`).join("");
      const { sink, index, report } = builder.sinkFor(`part${i}`);
      const result = await readHostsNdjson(Readable.from([Buffer.from(part)]), { path: `part${i}`, input: index, taxonomy: new Taxonomy(), sink });
      report.format = result.format;
      report.findings = result.findings ?? null;
    }
    return builder.finish();
  }

  const facts = (t: Triage) => t.records.map((r) => ({ ip: r.ip, hostname: r.hostname, others: r.otherHostnames ?? [], status: r.rawStatus, time: r.time, findings: r.findings, line: r.line }));

  it("gives each IP the same status, time, hostname, other hostnames and findings", async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (groups) => {
        expect(facts(await reduce(groups))).toEqual(facts(triageOf(groups)));
      }),
      { numRuns: 300 },
    );
  });
});

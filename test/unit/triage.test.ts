import { describe, expect, it } from "vitest";
import { iterateRowBlocks, iterateRows, recordToRow, type HostRow } from "../../src/aggregate/host-row.js";
import { challengerWins } from "../../src/aggregate/merge-observations.js";
import { summarize } from "../../src/aggregate/summarize.js";
import { TriageBuilder } from "../../src/aggregate/triage-builder.js";
import type { Triage } from "../../src/aggregate/triage.js";
import { formatMessage } from "../../src/messages/message.js";
import { addFinding, emptyFindingCounts, type FindingCounts } from "../../src/model/findings.js";
import type { HostObservation, HostnameTargetObservation, RangeObservation } from "../../src/model/observation.js";
import { parseIp } from "../../src/net/ip.js";
import type { InputFormat } from "../../src/formats/input-formats.js";
import type { ObservationSink } from "../../src/formats/reader.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const PRIORITY_TARGET = 1;
const PRIORITY_NO_RESULTS = 2;
const PRIORITY_EXCLUDED = 3;

function addr(text: string): bigint {
  const ip = parseIp(text);
  if (!ip) throw new Error(`not an address: ${text}`);
  return ip.value;
}

type HostInput = Partial<Omit<HostObservation, "ip">> & { ip: string | null };
type RangeInput = Partial<Omit<RangeObservation, "start" | "end">> & { first: string; last: string };
type TargetInput = Partial<HostnameTargetObservation> & { hostname: string };

/** One input of a test triage, with terse helpers over its sink. */
class TestInput {
  private line = 0;
  constructor(
    readonly sink: ObservationSink,
    readonly index: number,
  ) {}

  host(o: HostInput): this {
    this.sink.host({
      hostname: null,
      rawStatus: "Success",
      detail: null,
      time: null,
      evidence: "direct",
      input: this.index,
      line: ++this.line,
      ...o,
    });
    return this;
  }

  range(o: RangeInput): this {
    const { first, last, ...rest } = o;
    const family = parseIp(first)?.family ?? 4;
    this.sink.range({
      family,
      start: addr(first),
      end: addr(last),
      rawStatus: "NoAnswer",
      detail: null,
      time: null,
      priority: PRIORITY_TARGET,
      input: this.index,
      line: ++this.line,
      conflictsWithDirect: false,
      ...rest,
    });
    return this;
  }

  hostnameTarget(o: TargetInput): this {
    this.sink.hostnameTarget({
      rawStatus: "NoAnswer",
      detail: null,
      time: null,
      priority: PRIORITY_TARGET,
      input: this.index,
      line: ++this.line,
      ...o,
    });
    return this;
  }
}

class Scenario {
  readonly builder = new TriageBuilder(new Taxonomy());

  input(path: string, format: InputFormat = path.endsWith(".xml") ? "qualys-scan" : "scan-log-csv"): TestInput {
    const { sink, index, report } = this.builder.sinkFor(path);
    report.format = format;
    return new TestInput(sink, index);
  }

  finish(): Triage {
    return this.builder.finish();
  }
}

function findings(confirmed: readonly number[]): FindingCounts {
  const counts = emptyFindingCounts();
  for (const s of confirmed) addFinding(counts, "confirmed", s);
  return counts;
}

function rows(triage: Triage): HostRow[] {
  return [...iterateRows(triage, "average")];
}

function only<T>(iterable: Iterable<T>): T {
  const items = [...iterable];
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe("challengerWins", () => {
  it.each([
    ["direct beats inferred", { evidence: "inferred", time: 9 }, { evidence: "direct", time: 1 }, true, "direct-over-inferred"],
    ["inferred never beats direct", { evidence: "direct", time: null }, { evidence: "inferred", time: 9 }, false, "direct-over-inferred"],
    ["newer time wins", { evidence: "direct", time: 1 }, { evidence: "direct", time: 2 }, true, "newest"],
    ["older time loses", { evidence: "direct", time: 2 }, { evidence: "direct", time: 1 }, false, "newest"],
    ["same time: the first stays", { evidence: "direct", time: 2 }, { evidence: "direct", time: 2 }, false, "first-on-equal-time"],
    ["no times: the first stays", { evidence: "direct", time: null }, { evidence: "direct", time: null }, false, "first-without-time"],
    ["timed challenger wins", { evidence: "direct", time: null }, { evidence: "direct", time: 0 }, true, "timed-over-untimed"],
    ["untimed challenger loses", { evidence: "direct", time: 0 }, { evidence: "direct", time: null }, false, "timed-over-untimed"],
  ] as const)("%s", (_what, current, challenger, wins, reason) => {
    expect(challengerWins(current, challenger)).toEqual({ wins, reason });
  });
});

describe("duplicates of one IP", () => {
  it.each([
    ["older first", [1000, "NoAnswer"], [2000, "Success"]],
    ["newer first", [2000, "Success"], [1000, "NoAnswer"]],
  ] as const)("newest by time wins (%s)", (_what, a, b) => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", time: a[0], rawStatus: a[1] }).host({ ip: "10.0.0.1", time: b[0], rawStatus: b[1] });
    const record = only(s.finish().records);
    expect(record).toMatchObject({ ip: "10.0.0.1", time: 2000, collapsed: 1, decidedBy: "newest" });
    expect(record.verdict.status).toBe("Success");
  });

  it("without times the first row wins", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", rawStatus: "NoAnswer" }).host({ ip: "10.0.0.1", rawStatus: "Success" });
    const record = only(s.finish().records);
    expect(record).toMatchObject({ rawStatus: "NoAnswer", line: 1, collapsed: 1, decidedBy: "first-without-time" });
  });

  it.each([
    ["untimed first", [null, "Success"], [5, "NoAnswer"]],
    ["timed first", [5, "NoAnswer"], [null, "Success"]],
  ] as const)("a timed row beats an untimed one (%s)", (_what, a, b) => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", time: a[0], rawStatus: a[1] }).host({ ip: "10.0.0.1", time: b[0], rawStatus: b[1] });
    const record = only(s.finish().records);
    expect(record).toMatchObject({ rawStatus: "NoAnswer", time: 5, decidedBy: "timed-over-untimed", collapsed: 1 });
  });

  it("a direct observation beats an inferred one, whatever the order and times", () => {
    for (const order of [0, 1]) {
      const s = new Scenario();
      const input = s.input("a.xml");
      const direct: HostInput = { ip: "10.0.0.1", rawStatus: "Success", time: 1 };
      const inferred: HostInput = { ip: "10.0.0.1", rawStatus: "NoAnswer", evidence: "inferred", time: 999 };
      if (order === 0) input.host(direct).host(inferred);
      else input.host(inferred).host(direct);
      const record = only(s.finish().records);
      expect(record).toMatchObject({ rawStatus: "Success", evidence: "direct", decidedBy: "direct-over-inferred" });
    }
  });

  it("recognises one IP however it is written", () => {
    const s = new Scenario();
    s.input("a.csv")
      .host({ ip: "10.0.0.1" })
      .host({ ip: "010.000.000.001" })
      .host({ ip: "10.0.0.1:443" })
      .host({ ip: "2001:DB8:0:0:0:0:0:1" })
      .host({ ip: "[2001:db8::1]:443" });
    const records = s.finish().records;
    expect(records.map((r) => [r.ip, r.collapsed])).toEqual([
      ["10.0.0.1", 2],
      ["2001:db8::1", 1],
    ]);
  });

  it("keeps the hostname an earlier row gave when the winner has none", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", hostname: "web01", time: 1 }).host({ ip: "10.0.0.1", hostname: null, time: 2 });
    expect(only(s.finish().records)).toMatchObject({ hostname: "web01", time: 2 });
  });

  it.each([
    ["newer row first", [2, null], [1, "web01"]],
    ["older row first", [1, "web01"], [2, null]],
  ] as const)("keeps the machine's hostname whatever the row order (%s)", (_what, a, b) => {
    const s = new Scenario();
    s.input("a.csv")
      .host({ ip: "10.0.0.1", time: a[0], hostname: a[1], rawStatus: a[0] === 2 ? "NoAnswer" : "Success" })
      .host({ ip: "10.0.0.1", time: b[0], hostname: b[1], rawStatus: b[0] === 2 ? "NoAnswer" : "Success" });
    expect(only(s.finish().records)).toMatchObject({ hostname: "web01", time: 2, rawStatus: "NoAnswer" });
  });

  it("says which input decided", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", time: 1, rawStatus: "NoAnswer" });
    s.input("b.csv").host({ ip: "10.0.0.1", time: 2, rawStatus: "Success" });
    const triage = s.finish();
    expect(only(rows(triage))).toMatchObject({ ip: "10.0.0.1", status: "Success", source: "b.csv", duplicates: 1, decidedBy: "newest" });
  });

  it("counts collapsed rows and explains them in the warning", () => {
    const s = new Scenario();
    s.input("a.csv")
      .host({ ip: "10.0.0.1", time: 1 })
      .host({ ip: "10.0.0.1", time: 2 })
      .host({ ip: "10.0.0.1", time: 3 })
      .host({ ip: "10.0.0.2" })
      .host({ ip: "10.0.0.2" })
      .host({ ip: "10.0.0.3" });
    const triage = s.finish();
    expect(triage.records.map((r) => r.collapsed)).toEqual([2, 1, 0]);
    const warning = only(triage.warnings.filter((w) => w.code === "triage.duplicatesCollapsed"));
    expect(warning.args).toMatchObject({ rows: 3, ips: 2, newest: 2, firstWithoutTime: 1, timedOverUntimed: 0, directOverInferred: 0 });
    const text = formatMessage(warning);
    expect(text).toContain("3 duplicate observations collapsed into 2 IPs");
    expect(text).toContain("2 by newest time");
    expect(text).toContain("1 without times");
    expect(summarize(triage, "average").warnings).toContain(text);
  });

  it("gives no duplicate warning without duplicates", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1" }).host({ ip: "10.0.0.2" });
    expect(s.finish().warnings.map((w) => w.code)).not.toContain("triage.duplicatesCollapsed");
  });

  it("merges hostname-only observations by name, ignoring case", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: null, hostname: "Web01", rawStatus: "NoAnswer" }).host({ ip: null, hostname: "WEB01", rawStatus: "Success" });
    expect(only(s.finish().records)).toMatchObject({ ip: null, hostname: "Web01", collapsed: 1 });
  });
});

describe("ranges and direct observations", () => {
  it("counts a direct observation inside an inferred range once", () => {
    const s = new Scenario();
    s.input("a.xml").range({ first: "10.0.0.0", last: "10.0.0.255", rawStatus: "NoAnswer" }).host({ ip: "10.0.0.5" });
    const triage = s.finish();
    expect(only(triage.segments).count).toBe(255);
    const summary = summarize(triage, "average");
    expect(summary.totals.ips).toBe(256);
    expect(summary.totals.byStatus).toEqual({ NoAnswer: 255, Success: 1 });
    expect(summary.totals.byCategory).toEqual({ Scanned: 1, "Not Scanned": 255, Skipped: 0 });
    expect(summary.totals.byResponsible).toEqual({ Customer: 255, ServiceProvider: 0, None: 1 });
  });

  it("warns about a direct host inside a NO_RESULTS range, and counts it as scanned", () => {
    const s = new Scenario();
    s.input("a.xml")
      .range({ first: "10.0.1.0", last: "10.0.1.15", rawStatus: "NoResult", priority: PRIORITY_NO_RESULTS, conflictsWithDirect: true })
      .host({ ip: "10.0.1.3", rawStatus: "Success" });
    const triage = s.finish();
    const warning = only(triage.warnings.filter((w) => w.code === "triage.scannedInsideNoResults"));
    expect(warning.args).toEqual({ count: 1, ips: "10.0.1.3" });
    const summary = summarize(triage, "average");
    expect(summary.totals.byStatus).toEqual({ NoResult: 15, Success: 1 });
    expect(summary.warnings.some((w) => w.includes("10.0.1.3") && w.includes("no results"))).toBe(true);
  });

  it("names at most 5 conflicting hosts", () => {
    const s = new Scenario();
    const input = s.input("a.xml").range({ first: "10.0.1.0", last: "10.0.1.255", rawStatus: "NoResult", conflictsWithDirect: true });
    for (let i = 1; i <= 7; i++) input.host({ ip: `10.0.1.${i}` });
    const warning = only(s.finish().warnings.filter((w) => w.code === "triage.scannedInsideNoResults"));
    expect(warning.args).toEqual({ count: 7, ips: "10.0.1.1, 10.0.1.2, 10.0.1.3, 10.0.1.4, 10.0.1.5" });
    expect(formatMessage(warning)).toContain(", ...");
  });

  it("names the lowest conflicting addresses, IPv4 before IPv6, whatever order the hosts came in", () => {
    const s = new Scenario();
    const input = s
      .input("a.xml")
      .range({ first: "10.0.1.0", last: "10.0.1.255", rawStatus: "NoResult", conflictsWithDirect: true })
      .range({ first: "2001:db8::", last: "2001:db8::ff", rawStatus: "NoResult", conflictsWithDirect: true });
    for (const ip of ["2001:db8::5", "10.0.1.200", "10.0.1.9", "10.0.1.30", "2001:db8::1", "10.0.1.4", "10.0.1.100"]) input.host({ ip });
    const warning = only(s.finish().warnings.filter((w) => w.code === "triage.scannedInsideNoResults"));
    expect(warning.args).toEqual({ count: 7, ips: "10.0.1.4, 10.0.1.9, 10.0.1.30, 10.0.1.100, 10.0.1.200" });
    const few = new Scenario();
    few.input("b.xml").range({ first: "2001:db8::", last: "2001:db8::ff", rawStatus: "NoResult", conflictsWithDirect: true }).host({ ip: "2001:db8::7" });
    few.input("c.xml").range({ first: "10.0.2.0", last: "10.0.2.9", rawStatus: "NoResult", conflictsWithDirect: true }).host({ ip: "10.0.2.8" });
    expect(only(few.finish().warnings.filter((w) => w.code === "triage.scannedInsideNoResults")).args).toEqual({ count: 2, ips: "10.0.2.8, 2001:db8::7" });
  });

  it("does not warn for a host inside an ordinary target range", () => {
    const s = new Scenario();
    s.input("a.xml").range({ first: "10.0.1.0", last: "10.0.1.15" }).host({ ip: "10.0.1.3" });
    expect(s.finish().warnings.map((w) => w.code)).not.toContain("triage.scannedInsideNoResults");
  });

  it("an excluded range beats a target range for the same addresses", () => {
    for (const excludedFirst of [true, false]) {
      const s = new Scenario();
      const input = s.input("a.xml");
      const target: RangeInput = { first: "10.0.0.0", last: "10.0.0.9", rawStatus: "NoAnswer", priority: PRIORITY_TARGET };
      const excluded: RangeInput = {
        first: "10.0.0.0",
        last: "10.0.0.9",
        rawStatus: "SkippedAsExcluded",
        priority: PRIORITY_EXCLUDED,
      };
      if (excludedFirst) input.range(excluded).range(target);
      else input.range(target).range(excluded);
      const summary = summarize(s.finish(), "average");
      expect(summary.totals.byStatus).toEqual({ SkippedAsExcluded: 10 });
      expect(summary.totals.byCategory).toEqual({ Scanned: 0, "Not Scanned": 0, Skipped: 10 });
    }
  });

  it("an excluded block inside a target range", () => {
    const s = new Scenario();
    s.input("a.xml")
      .range({ first: "10.0.0.0", last: "10.0.0.255" })
      .range({ first: "10.0.0.10", last: "10.0.0.19", rawStatus: "SkippedAsExcluded", priority: PRIORITY_EXCLUDED });
    const triage = s.finish();
    expect(triage.segments.map((g) => [g.verdict.status, g.count])).toEqual([
      ["NoAnswer", 10],
      ["SkippedAsExcluded", 10],
      ["NoAnswer", 236],
    ]);
    expect(summarize(triage, "average").totals.byStatus).toEqual({ NoAnswer: 246, SkippedAsExcluded: 10 });
  });
});

describe("hostname targets", () => {
  it("disappear when a scanned host answers to the name; otherwise stay as a row with ip null", () => {
    const s = new Scenario();
    s.input("a.xml")
      .host({ ip: "10.0.0.1", hostname: "web01.example.com" })
      .hostnameTarget({ hostname: "WEB01.example.com" })
      .hostnameTarget({ hostname: "db01.example.com", rawStatus: "NoAnswer", detail: "no answer" });
    const triage = s.finish();
    expect(triage.records.map((r) => [r.ip, r.hostname])).toEqual([
      ["10.0.0.1", "web01.example.com"],
      [null, "db01.example.com"],
    ]);
    const row = rows(triage)[1];
    expect(row).toMatchObject({
      ip: null,
      hostname: "db01.example.com",
      status: "NoAnswer",
      category: "Not Scanned",
      responsible: "Customer",
      evidence: "inferred",
      detail: "no answer",
      source: "a.xml",
      securityRisk: null,
    });
    expect(summarize(triage, "average").totals).toMatchObject({ ips: 2, byStatus: { Success: 1, NoAnswer: 1 } });
  });

  it("one row per name, decided by precedence (excluded beats target)", () => {
    const s = new Scenario();
    s.input("a.xml")
      .hostnameTarget({ hostname: "db01", rawStatus: "NoAnswer", priority: PRIORITY_TARGET })
      .hostnameTarget({ hostname: "DB01", rawStatus: "SkippedAsExcluded", priority: PRIORITY_EXCLUDED });
    const record = only(s.finish().records);
    expect(record).toMatchObject({ ip: null, hostname: "DB01", rawStatus: "SkippedAsExcluded" });
  });

  it("one row per name across inputs: the newer wins", () => {
    const s = new Scenario();
    s.input("a.xml").hostnameTarget({ hostname: "db01", rawStatus: "Aborted", time: 2 });
    s.input("b.xml").hostnameTarget({ hostname: "db01", rawStatus: "NoAnswer", time: 1 });
    expect(only(s.finish().records)).toMatchObject({ rawStatus: "Aborted", input: 0 });
  });
});

describe("summarize: totals", () => {
  function mixed(): Triage {
    const s = new Scenario();
    s.input("a.csv")
      .host({ ip: "10.0.0.1", rawStatus: "Success" })
      .host({ ip: "10.0.0.2", rawStatus: "No Connection" })
      .host({ ip: "10.0.0.3", rawStatus: "credentialfailed" })
      .host({ ip: "10.0.0.4", rawStatus: "ScanFailure" })
      .host({ ip: "10.0.0.5", rawStatus: "SkippedAsSameAs" })
      .host({ ip: "10.0.0.6", rawStatus: "Partial Scan" })
      .host({ ip: "10.0.0.7", rawStatus: "Warning" })
      .host({ ip: "10.0.0.8", rawStatus: "Exploded" })
      .host({ ip: "10.0.0.9", rawStatus: "Exploded" })
      .host({ ip: "10.0.0.10", rawStatus: "" })
      .host({ ip: "10.0.0.11", rawStatus: "SKIPPEDASWORKSTATION" })
      .host({ ip: "10.0.0.12", rawStatus: "Success" });
    return s.finish();
  }

  it("counts by category, responsible party and canonical status", () => {
    const { totals } = summarize(mixed(), "average");
    expect(totals.ips).toBe(12);
    expect(totals.byCategory).toEqual({ Scanned: 3, "Not Scanned": 7, Skipped: 2 });
    expect(totals.byResponsible).toEqual({ Customer: 2, ServiceProvider: 6, None: 4 });
    expect(totals.byStatus).toEqual({
      Success: 2,
      Exploded: 2,
      "(empty)": 1,
      CredentialFailed: 1,
      NoConnection: 1,
      PartialScan: 1,
      ScanFailure: 1,
      SkippedAsSameAs: 1,
      SkippedAsWorkStation: 1,
      Warning: 1,
    });
  });

  it("lists unrecognised statuses with counts, empty as (empty)", () => {
    expect(summarize(mixed(), "average").unrecognizedStatuses).toEqual({ Exploded: 2, "(empty)": 1 });
  });

  it("has every category and responsible party even at 0", () => {
    const s = new Scenario();
    s.input("a.csv");
    const { totals } = summarize(s.finish(), "average");
    const zero = {
      ips: 0,
      byCategory: { Scanned: 0, "Not Scanned": 0, Skipped: 0 },
      byResponsible: { Customer: 0, ServiceProvider: 0, None: 0 },
      byStatus: {},
    };
    expect(totals).toEqual({ ...zero, accepted: { ...zero, authFailures: 0 } });
  });

  it("reports the inputs", () => {
    const summary = summarize(mixed(), "average");
    expect(summary.schemaVersion).toBe(1);
    // `records` is the reader's own count (none here: observations were fed by hand); classified counts them.
    expect(summary.inputs).toEqual([{ path: "a.csv", format: "scan-log-csv", records: 0, classified: 12, skipped: 0, skippedRows: [], warnings: [], vulnStatuses: null }]);
  });
});

describe("summarize: authentication failures", () => {
  it("counts the five auth statuses and lists them with detail and action", () => {
    const s = new Scenario();
    s.input("a.csv")
      .host({ ip: "10.0.0.1", rawStatus: "CredentialFailed", detail: "Access denied", hostname: "h1" })
      .host({ ip: "10.0.0.2", rawStatus: "InsufficientPriviliege", detail: "sudo" })
      .host({ ip: "10.0.0.3", rawStatus: "NoCredential" })
      .host({ ip: "10.0.0.4", rawStatus: "CredentialNoLongerWorks" })
      .host({ ip: "10.0.0.5", rawStatus: "LockedAccount" })
      .host({ ip: "10.0.0.6", rawStatus: "NoAnswer" })
      .host({ ip: "10.0.0.7", rawStatus: "Success" })
      .host({ ip: "10.0.0.8", rawStatus: "SystemDetected" });
    const { authFailures } = summarize(s.finish(), "average");
    expect(authFailures.count).toBe(5);
    expect(authFailures.top.map((a) => [a.ip, a.status, a.action])).toEqual([
      ["10.0.0.1", "CredentialFailed", "Check Credentials"],
      ["10.0.0.2", "InsufficientPrivilege", "Check Credentials"],
      ["10.0.0.3", "NoCredential", "Check Credentials"],
      ["10.0.0.4", "CredentialNoLongerWork", "Check Credentials"],
      ["10.0.0.5", "LockedAccount", "Unlock the account, then Check Credentials"],
    ]);
    expect(authFailures.top[0]).toEqual({
      ip: "10.0.0.1",
      hostname: "h1",
      status: "CredentialFailed",
      detail: "Access denied",
      action: "Check Credentials",
      source: "a.csv",
    });
  });

  it("counts all but lists only the first few", () => {
    const s = new Scenario();
    const input = s.input("a.csv");
    for (let i = 1; i <= 25; i++) input.host({ ip: `10.0.0.${i}`, rawStatus: "CredentialFailed" });
    const { authFailures } = summarize(s.finish(), "average");
    expect(authFailures.count).toBe(25);
    expect(authFailures.top.length).toBeLessThan(25);
    expect(authFailures.top.length).toBeGreaterThan(0);
    expect(authFailures.top[0]?.ip).toBe("10.0.0.1");
  });

  it("only the final status counts", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1", rawStatus: "CredentialFailed", time: 1 }).host({ ip: "10.0.0.1", rawStatus: "Success", time: 2 });
    expect(summarize(s.finish(), "average").authFailures).toEqual({ count: 0, top: [] });
  });
});

describe("summarize: security risk", () => {
  it("is null for CSV-only inputs, with the 'no security risk' warning", () => {
    const s = new Scenario();
    s.input("a.csv").host({ ip: "10.0.0.1" }).host({ ip: "10.0.0.2", rawStatus: "NoAnswer" });
    const summary = summarize(s.finish(), "average");
    expect(summary.risk).toMatchObject({ method: "average", averageSecurityRisk: null, activeHosts: 0 });
    expect(summary.warnings.some((w) => w.includes("no security risk"))).toBe(true);
  });

  it("averages per-host risks of the scanned hosts, without the warning", () => {
    const s = new Scenario();
    s.input("a.xml")
      .host({ ip: "10.0.0.1", findings: findings([1, 2, 2, 2, 2]) })
      .host({ ip: "10.0.0.2", findings: findings([2]) })
      .host({ ip: "10.0.0.3", findings: findings([2, 2]) })
      .host({ ip: "10.0.0.4", findings: findings([3, 3, 3, 3, 3, 3, 3, 3, 3, 2]) })
      .host({ ip: "10.0.0.5", findings: findings([3, 3, 3, 3, 3, 3, 3, 3, 3, 4]) })
      .host({ ip: "10.0.0.6", findings: findings([3, 3, 3, 3, 3, 3, 3, 2, 2, 2]) })
      .host({ ip: "10.0.0.7", findings: findings([3, 3, 3, 3, 3, 3, 2, 2, 2, 2]) })
      .range({ first: "10.0.1.0", last: "10.0.1.255" });
    const triage = s.finish();
    const summary = summarize(triage, "average");
    expect(summary.risk).toMatchObject({ method: "average", averageSecurityRisk: 2.4, activeHosts: 7 });
    expect(summary.warnings.some((w) => w.includes("no security risk"))).toBe(false);
    expect(rows(triage).slice(0, 7).map((r) => r.securityRisk)).toEqual([1.8, 2.0, 2.0, 2.9, 3.1, 2.7, 2.6]);
    expect(summarize(triage, "highest").risk).toMatchObject({ method: "highest", averageSecurityRisk: 2.7 }); // highest per host: 2, 2, 2, 3, 4, 3, 3
  });

  it("a scanned host without confirmed vulnerabilities has risk 0 and counts as active", () => {
    const s = new Scenario();
    s.input("a.xml").host({ ip: "10.0.0.1", findings: emptyFindingCounts() }).host({ ip: "10.0.0.2", findings: findings([4]) });
    const summary = summarize(s.finish(), "average");
    expect(summary.risk).toMatchObject({ averageSecurityRisk: 2, activeHosts: 2 });
  });

  it("sums severities across hosts", () => {
    const s = new Scenario();
    s.input("a.xml").host({ ip: "10.0.0.1", findings: findings([1, 5]) }).host({ ip: "10.0.0.2", findings: findings([5]) });
    expect(summarize(s.finish(), "average").risk.severities.confirmed).toEqual([1, 0, 0, 0, 2]);
  });
});

describe("iterateRows", () => {
  function triageWithRange(): Triage {
    const s = new Scenario();
    s.input("a.xml")
      .range({ first: "10.0.0.0", last: "10.0.0.7", rawStatus: "NoAnswer" })
      .host({ ip: "10.0.0.3", rawStatus: "Success", hostname: "three" })
      .host({ ip: "10.0.0.9", rawStatus: "CredentialFailed" })
      .host({ ip: "9.255.255.255", rawStatus: "Success" })
      .host({ ip: "2001:db8::1", rawStatus: "Success" })
      .hostnameTarget({ hostname: "db01" })
      .range({ first: "2001:db8::", last: "2001:db8::2", rawStatus: "SkippedAsExcluded", priority: PRIORITY_EXCLUDED });
    return s.finish();
  }

  it("yields one row per IP in address order, explicit records interleaved", () => {
    expect(rows(triageWithRange()).map((r) => [r.ip, r.status])).toEqual([
      ["9.255.255.255", "Success"],
      ["10.0.0.0", "NoAnswer"],
      ["10.0.0.1", "NoAnswer"],
      ["10.0.0.2", "NoAnswer"],
      ["10.0.0.3", "Success"],
      ["10.0.0.4", "NoAnswer"],
      ["10.0.0.5", "NoAnswer"],
      ["10.0.0.6", "NoAnswer"],
      ["10.0.0.7", "NoAnswer"],
      ["10.0.0.9", "CredentialFailed"],
      ["2001:db8::", "SkippedAsExcluded"],
      ["2001:db8::1", "Success"],
      ["2001:db8::2", "SkippedAsExcluded"],
      [null, "NoAnswer"],
    ]);
  });

  it("agrees with the summary's count", () => {
    const triage = triageWithRange();
    expect(rows(triage)).toHaveLength(summarize(triage, "average").totals.ips);
  });

  it("fills range rows from the range and explicit rows from the record", () => {
    const all = rows(triageWithRange());
    expect(all[1]).toMatchObject({
      ip: "10.0.0.0",
      hostname: null,
      rawStatus: "NoAnswer",
      category: "Not Scanned",
      responsible: "Customer",
      action: "Check Scope, Firewalls, is device turned on?",
      recognized: true,
      securityRisk: null,
      source: "a.xml",
      evidence: "inferred",
      duplicates: 0,
    });
    expect(all[4]).toMatchObject({ ip: "10.0.0.3", hostname: "three", evidence: "direct", source: "a.xml" });
  });

  it("works with records only and with ranges only", () => {
    const a = new Scenario();
    a.input("a.csv").host({ ip: "10.0.0.2" }).host({ ip: "10.0.0.1" });
    expect(rows(a.finish()).map((r) => r.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
    const b = new Scenario();
    b.input("a.xml").range({ first: "10.0.0.1", last: "10.0.0.3" });
    expect(rows(b.finish()).map((r) => r.ip)).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
  });

  it("recordToRow gives the per-host risk for hosts with findings only", () => {
    const s = new Scenario();
    s.input("a.xml").host({ ip: "10.0.0.1", findings: findings([1, 2]) }).host({ ip: "10.0.0.2" });
    const triage = s.finish();
    const [withFindings, without] = triage.records.map((r) => recordToRow(r, triage, "average"));
    expect(withFindings?.securityRisk).toBe(1.5);
    expect(withFindings?.findings).toMatchObject({ confirmed: 2, potential: 0, info: 0 });
    expect(without?.securityRisk).toBeNull();
    expect(without?.findings).toBeNull();
  });
});

describe("iterateRowBlocks", () => {
  it("compacts a range with a hole into 2 blocks and the explicit row", () => {
    const s = new Scenario();
    s.input("a.xml").range({ first: "10.0.0.0", last: "10.0.0.255" }).host({ ip: "10.0.0.5", rawStatus: "Success" });
    const blocks = [...iterateRowBlocks(s.finish(), "average")];
    expect(blocks.map((b) => [b.first.ip, b.lastIp, b.count, b.first.status])).toEqual([
      ["10.0.0.0", "10.0.0.4", 5, "NoAnswer"],
      ["10.0.0.5", "", 1, "Success"],
      ["10.0.0.6", "10.0.0.255", 250, "NoAnswer"],
    ]);
  });

  it("holes at the edges and records outside", () => {
    const s = new Scenario();
    s.input("a.xml")
      .range({ first: "10.0.0.0", last: "10.0.0.9" })
      .host({ ip: "10.0.0.0" })
      .host({ ip: "10.0.0.9" })
      .host({ ip: "10.0.0.1" })
      .host({ ip: "10.0.0.20" })
      .host({ ip: "1.1.1.1" })
      .hostnameTarget({ hostname: "db01" });
    const blocks = [...iterateRowBlocks(s.finish(), "average")];
    expect(blocks.map((b) => [b.first.ip, b.lastIp, b.count])).toEqual([
      ["1.1.1.1", "", 1],
      ["10.0.0.0", "", 1],
      ["10.0.0.1", "", 1],
      ["10.0.0.2", "10.0.0.8", 7],
      ["10.0.0.9", "", 1],
      ["10.0.0.20", "", 1],
      [null, "", 1],
    ]);
  });

  it("block counts add up to the summary's total", () => {
    const s = new Scenario();
    s.input("a.xml")
      .range({ first: "10.0.0.0", last: "10.0.3.255" })
      .range({ first: "10.0.1.0", last: "10.0.1.255", rawStatus: "SkippedAsExcluded", priority: PRIORITY_EXCLUDED })
      .host({ ip: "10.0.0.77" })
      .host({ ip: "10.0.2.1" });
    const triage = s.finish();
    const blocks = [...iterateRowBlocks(triage, "average")];
    expect(blocks.reduce((n, b) => n + b.count, 0)).toBe(summarize(triage, "average").totals.ips);
    expect(blocks.map((b) => b.count)).toEqual([77, 1, 178, 256, 1, 1, 510]);
  });
});

describe("a /8 target range", () => {
  function slash8(): Triage {
    const s = new Scenario();
    s.input("a.xml").range({ first: "10.0.0.0", last: "10.255.255.255", rawStatus: "NoAnswer" }).host({ ip: "10.1.2.3" });
    return s.finish();
  }

  it("counts 16,777,216 addresses in the summary without iterating them", () => {
    const summary = summarize(slash8(), "average");
    expect(summary.totals.ips).toBe(16_777_216);
    expect(summary.totals.byStatus).toEqual({ NoAnswer: 16_777_215, Success: 1 });
    expect(summary.totals.byResponsible.Customer).toBe(16_777_215);
  });

  it("is one segment, compacted into 2 blocks and the explicit row", () => {
    const triage = slash8();
    expect(triage.segments).toHaveLength(1);
    const blocks = [...iterateRowBlocks(triage, "average")];
    expect(blocks.map((b) => [b.first.ip, b.lastIp, b.count])).toEqual([
      ["10.0.0.0", "10.1.2.2", 0x010203],
      ["10.1.2.3", "", 1],
      ["10.1.2.4", "10.255.255.255", 16_777_216 - 0x010203 - 1],
    ]);
  });

  it("yields rows lazily", () => {
    const iterator = iterateRows(slash8(), "average");
    const first: (string | null)[] = [];
    for (const row of iterator) {
      first.push(row.ip);
      if (first.length === 3) break;
    }
    expect(first).toEqual(["10.0.0.0", "10.0.0.1", "10.0.0.2"]);
  });
});

describe("ranges too large to list", () => {
  it("an IPv6 /64 target is reported, not counted address by address", () => {
    const builder = new TriageBuilder(new Taxonomy());
    const { sink, report } = builder.sinkFor("scan.xml");
    const start = parseIp("2001:db8::")?.value ?? 0n;
    sink.range({ family: 6, start, end: start + (1n << 64n) - 1n, rawStatus: "NoAnswer", detail: null, time: null, priority: 1, input: 0, line: 3, conflictsWithDirect: false });
    sink.range({ family: 4, start: 167772160n, end: 167772161n, rawStatus: "NoAnswer", detail: null, time: null, priority: 1, input: 0, line: 3, conflictsWithDirect: false });
    const summary = summarize(builder.finish(), "average");
    expect(summary.totals.ips).toBe(2);
    expect(report.warnings.map(formatMessage)).toEqual([
      "range 2001:db8:: - 2001:db8::ffff:ffff:ffff:ffff (NoAnswer) has more than 2^32 addresses: not listed or counted address by address",
    ]);
  });
});

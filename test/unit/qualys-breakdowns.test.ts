/**
 * The OS and services breakdowns (`summary.breakdowns`): from QID 45017's result and QIDs 82023 /
 * 82004's tables in every Qualys format that carries result text, one entry per IP of the run, the
 * top N and "Other", and why a breakdown is empty.
 */
import { describe, expect, it } from "vitest";
import { OS_TOP, SERVICES_TOP } from "../../src/aggregate/breakdowns.js";
import { summarize, type Summary } from "../../src/aggregate/summarize.js";
import { TriageBuilder } from "../../src/aggregate/triage-builder.js";
import type { HostDetected } from "../../src/model/observation.js";
import { triageInputs } from "../../src/pipeline/triage-inputs.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { fixture, summarizeFixtures } from "./qualys-fixture.js";

const exports = (name: string): string => `../qualys-exports/${name}`;
const FIVE_FORMATS = ["breakdown-scan.xml", "breakdown-asset-report.xml", "breakdown-detections.xml", exports("breakdown-scan-results.json"), exports("breakdown-report.csv")];

const ssh = { port: 22, protocol: "tcp", service: "ssh" } as const;

describe("OS and services from each format's result text", () => {
  it("SCAN: 45017's first row or single line; 82023 / 82004 tables; an OS field without 45017 is not counted", async () => {
    const s = await summarizeFixtures(["breakdown-scan.xml"]);
    expect(s.breakdowns.os).toEqual({
      hosts: 2,
      entries: [
        { name: "Ubuntu Linux 22.04", hosts: 1 },
        { name: "Windows Server 2019", hosts: 1 },
      ],
      missing: null,
    });
    expect(s.breakdowns.services).toEqual({
      hosts: 2,
      entries: [
        { ...ssh, hosts: 2 },
        { port: 80, protocol: "tcp", service: "http", hosts: 1 },
        { port: 123, protocol: "udp", service: "ntp", hosts: 1 },
        { port: 161, protocol: "udp", service: "snmp", hosts: 1 },
        { port: 443, protocol: "tcp", service: "http over ssl", hosts: 1 },
        { port: 3389, protocol: "tcp", service: "ms-rdp", hosts: 1 },
      ],
      missing: null,
    });
  });

  it("asset report: RESULT per host and QID; a 45017 without a RESULT falls back to OPERATING_SYSTEM", async () => {
    const s = await summarizeFixtures(["breakdown-asset-report.xml"]);
    expect(s.breakdowns.os.entries).toEqual([
      { name: "Red Hat Enterprise Linux 9", hosts: 1 },
      { name: "Ubuntu Linux 22.04", hosts: 1 },
    ]);
    expect(s.breakdowns.services.entries).toEqual([
      { ...ssh, hosts: 1 },
      { port: 53, protocol: "udp", service: "named", hosts: 1 },
    ]);
  });

  it("detection list: RESULTS of Info detections", async () => {
    const s = await summarizeFixtures(["breakdown-detections.xml"]);
    expect(s.breakdowns.os.entries.map((e) => e.name)).toEqual(["Windows Server 2019", "Windows Server 2022"]);
    expect(s.breakdowns.services).toMatchObject({ hosts: 1, entries: [{ port: 445, service: "microsoft-ds" }, { port: 3389, service: "ms-rdp" }] });
  });

  it("scan results JSON: `results` (CRLF table); a host with an `os` but no 45017 is not counted", async () => {
    const s = await summarizeFixtures([exports("breakdown-scan-results.json")]);
    expect(s.breakdowns.os).toEqual({ hosts: 1, entries: [{ name: "FreeBSD 13.2", hosts: 1 }], missing: null });
    expect(s.breakdowns.services.entries).toEqual([{ ...ssh, hosts: 1 }]);
  });

  it("VM report CSV: the Results column (a quoted multi-line cell)", async () => {
    const s = await summarizeFixtures([exports("breakdown-report.csv")]);
    expect(s.breakdowns.os.entries).toEqual([
      { name: "Debian 12", hosts: 1 },
      { name: "Ubuntu Linux 22.04", hosts: 1 },
    ]);
    expect(s.breakdowns.services.entries).toEqual([
      { ...ssh, hosts: 1 },
      { port: 8080, protocol: "tcp", service: "http", hosts: 1 },
    ]);
  });
});

describe("one host per IP across inputs", () => {
  it("the five formats together: IPs seen twice count once; an IP named two OSes by two inputs counts under both, once in the total", async () => {
    const s = await summarizeFixtures(FIVE_FORMATS);
    // 10.60.0.1 (SCAN, asset report, report CSV), 10.60.0.2 (SCAN: 2019, detections: 2022), .4, .5, .6, .8.
    expect(s.breakdowns.os).toEqual({
      hosts: 6,
      entries: [
        { name: "Windows Server 2019", hosts: 2 },
        { name: "Debian 12", hosts: 1 },
        { name: "FreeBSD 13.2", hosts: 1 },
        { name: "Red Hat Enterprise Linux 9", hosts: 1 },
        { name: "Ubuntu Linux 22.04", hosts: 1 },
        { name: "Windows Server 2022", hosts: 1 },
      ],
      missing: null,
    });
    expect(s.breakdowns.services.hosts).toBe(6);
    expect(s.breakdowns.services.entries.slice(0, 2)).toEqual([
      { ...ssh, hosts: 4 },
      { port: 3389, protocol: "tcp", service: "ms-rdp", hosts: 2 },
    ]);
    expect(s.breakdowns.services.entries).toHaveLength(9);
  });

  it("the same file twice is the same breakdown", async () => {
    const once = await summarizeFixtures(["breakdown-scan.xml"]);
    const twice = await summarizeFixtures(["breakdown-scan.xml", "breakdown-scan.xml"]);
    expect(twice.breakdowns).toEqual(once.breakdowns);
  });

  it("the core API gives the same as the CLI", async () => {
    const outcome = await triageInputs({ inputs: FIVE_FORMATS.map(fixture), keepDetails: false });
    if (!outcome.ok) throw new Error("inputs refused");
    const cli = await summarizeFixtures(FIVE_FORMATS);
    expect(outcome.summary.breakdowns).toEqual(cli.breakdowns);
  });
});

/** A run of hosts 10.0.0.<i> with the given detections, through the real builder and summary. */
function summaryOf(detections: readonly HostDetected[]): Summary {
  const builder = new TriageBuilder(new Taxonomy(), false);
  const { sink, report } = builder.sinkFor("scan.xml");
  report.format = "qualys-scan";
  detections.forEach((detected, i) => {
    const findings = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [1, 0, 0, 0, 0] };
    sink.host({ ip: `10.0.0.${i}`, hostname: null, rawStatus: "Success", detail: null, time: null, evidence: "direct", input: 0, line: i + 1, findings, detected });
  });
  return summarize(builder.finish(), "average");
}

describe("top N and Other", () => {
  it(`the ${OS_TOP} operating systems with most hosts, then Other: the hosts with an OS beyond them (counted once)`, () => {
    const os = (name: string, more: string[] = []): HostDetected => ({ qids: 1, oses: [name, ...more], services: [] });
    const hosts = [os("Alpha"), os("Alpha"), os("Alpha"), os("Beta"), os("Beta"), ...Array.from({ length: 8 }, (_, i) => os(`Os ${i + 1}`))];
    // The last host also has two names that are beyond the top: one host in Other, not two.
    hosts.push(os("Zeta", ["Yota"]));
    const { breakdowns } = summaryOf(hosts);
    expect(breakdowns.os.hosts).toBe(14);
    expect(breakdowns.os.entries).toHaveLength(OS_TOP + 1);
    expect(breakdowns.os.entries.slice(0, 3)).toEqual([
      { name: "Alpha", hosts: 3 },
      { name: "Beta", hosts: 2 },
      { name: "Os 1", hosts: 1 },
    ]);
    expect(breakdowns.os.entries.at(-2)).toEqual({ name: "Os 8", hosts: 1 });
    expect(breakdowns.os.entries.at(-1)).toEqual({ name: "Other", hosts: 1 });
  });

  it(`the ${SERVICES_TOP} services with most hosts (ties by port), then Other with port and protocol null`, () => {
    const hosts = Array.from({ length: 20 }, (_, i): HostDetected => ({
      qids: 2,
      oses: [],
      services: [ssh, { port: 2000 + i, protocol: "tcp", service: "app" }],
    }));
    const { services } = summaryOf(hosts).breakdowns;
    expect(services.hosts).toBe(20);
    expect(services.entries).toHaveLength(SERVICES_TOP + 1);
    expect(services.entries[0]).toEqual({ ...ssh, hosts: 20 });
    expect(services.entries[1]).toEqual({ port: 2000, protocol: "tcp", service: "app", hosts: 1 });
    expect(services.entries.at(-1)).toEqual({ port: null, protocol: null, service: "Other", hosts: 6 });
  });

  it("exactly N entries: no Other", () => {
    const hosts = Array.from({ length: OS_TOP }, (_, i): HostDetected => ({ qids: 1, oses: [`OS ${i}`], services: [] }));
    expect(summaryOf(hosts).breakdowns.os.entries.map((e) => e.name)).not.toContain("Other");
  });
});

describe("an empty breakdown says why", () => {
  const codes = (s: Summary) => [s.breakdowns.os.missing?.code ?? null, s.breakdowns.services.missing?.code ?? null];

  it("no host has the QIDs: the option profile lacks them", async () => {
    const s = await summarizeFixtures(["coverage-missing-os-services.xml"]);
    expect(codes(s)).toEqual(["qualys.noOsQid", "qualys.noServiceQids"]);
    expect(s.breakdowns.os).toMatchObject({ hosts: 0, entries: [] });
    expect(s.breakdowns.os.missing?.message).toBe("no host has QID 45017 (Operating System Detected): an OS breakdown is impossible; add it to the option profile");
    // The input's own note says the same.
    expect(s.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["qualys.noOsQid", "qualys.noServiceQids"]));
  });

  it("the QIDs are there but their results name nothing", async () => {
    const s = await summarizeFixtures(["coverage-present.xml"]);
    expect(codes(s)).toEqual(["qualys.noOsResult", "qualys.noServiceResult"]);
  });

  it("one breakdown can be there and the other not", async () => {
    const s = await summarizeFixtures(["coverage-missing-services.xml"]);
    // 45017 without a RESULT: the host's <OS> stands in for it.
    expect(s.breakdowns.os.entries).toEqual([{ name: "Windows 10 IoT Enterprise", hosts: 1 }]);
    expect(codes(s)).toEqual([null, "qualys.noServiceQids"]);
  });

  it("a scan log carries no findings at all", async () => {
    const r = await runInProcess("summarize", ["examples/scan-log.csv"], { format: "json" });
    const s = JSON.parse(r.stdout) as Summary;
    expect(codes(s)).toEqual(["triage.noBreakdownData", "triage.noBreakdownData"]);
    expect(s.breakdowns.os.missing?.message).toBe("no OS breakdown: the inputs carry no Qualys findings (scan logs and scan summaries record scan status only)");
    expect(s.breakdowns.services.missing?.message).toMatch(/^no services breakdown: /);
  });

  it("a scan with no live host has nothing to break down either", async () => {
    const s = await summarizeFixtures(["status-no-host-alive.xml"]);
    expect(codes(s)).toEqual(["triage.noBreakdownData", "triage.noBreakdownData"]);
    expect(s.breakdowns.os.missing?.message).toBe("no OS breakdown: no host with Qualys findings was scanned");
  });

  it("the table and Markdown print the reason in place of the grid; CSV gives code and reason", async () => {
    const table = await runInProcess("summarize", [fixture("coverage-missing-os-services.xml")], {});
    expect(table.stdout).toContain("Operating systems detected\nno host has QID 45017 (Operating System Detected)");
    expect(table.stdout).toContain("Services detected\nno host has QID 82023 or 82004");
    const csv = await runInProcess("summarize", [fixture("coverage-missing-os-services.xml")], { format: "csv" });
    expect(csv.stdout).toContain("breakdown,os.hosts,0\nbreakdown,os.missing,qualys.noOsQid\nbreakdown,os.missingReason,no host has QID 45017");
  });
});

describe("rendered", () => {
  it("table: two sections with host counts and shares", async () => {
    const r = await runInProcess("summarize", [fixture("breakdown-scan.xml")], {});
    expect(r.stdout).toContain("Operating systems detected\n2 hosts with an operating system detected (QID 45017)\n");
    expect(r.stdout).toMatch(/│ Ubuntu Linux 22\.04 +│ +1 │ +50\.0% │/);
    expect(r.stdout).toContain("Services detected\n2 hosts with open services listed (QIDs 82023 / 82004)\n");
    expect(r.stdout).toMatch(/│ 22\/tcp +│ ssh +│ +2 │ +100\.0% │/);
    expect(r.stdout.indexOf("Services detected")).toBeLessThan(r.stdout.indexOf("Authentication failures"));
  });

  it("markdown and CSV", async () => {
    const md = await runInProcess("summarize", [fixture("breakdown-scan.xml")], { format: "markdown" });
    expect(md.stdout).toContain("## Operating systems detected\n\n2 hosts with an operating system detected (QID 45017)\n\n| Operating system | Hosts | Share |");
    expect(md.stdout).toContain("| 123/udp | ntp | 1 | 50.0% |");
    const csv = await runInProcess("summarize", [fixture("breakdown-scan.xml")], { format: "csv" });
    expect(csv.stdout).toContain("breakdown,os.hosts,2\nos,Ubuntu Linux 22.04,1\nos,Windows Server 2019,1\nbreakdown,services.hosts,2\nservice,22/tcp ssh,2\n");
  });
});

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE_OS = "Evil\u001b[2J\u001b]0;pwned\u0007 <script>alert(1)</script> | *x*";

describe("hostile text in an OS or service name", () => {
  it("JSON keeps the exact text (escaped by JSON)", async () => {
    const s = await summarizeFixtures(["breakdown-hostile.xml"]);
    expect(s.breakdowns.os.entries).toEqual([{ name: HOSTILE_OS, hosts: 1 }]);
    expect(s.breakdowns.services.entries[0]?.service).toBe("<img src=x onerror=alert(1)>\u001b[31m");
  });

  it.each(["table", "markdown", "csv"])("%s: no raw control character; escapes shown, HTML as text", async (format) => {
    const r = await runInProcess("summarize", [fixture("breakdown-hostile.xml")], { format });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    if (format === "markdown") {
      // Markdown also backslash-escapes the escapes' backslashes and brackets, and the HTML.
      expect(r.stdout).toContain("Evil\\\\x1b\\[2J\\\\x1b\\]0;pwned\\\\x07 \\<script\\>alert(1)\\</script\\> \\| \\*x\\*");
    } else {
      // The table may wrap the name: its parts, each as text.
      expect(r.stdout).toContain("Evil\\x1b[2J\\x1b]0;pwned\\x07");
      expect(r.stdout).toContain("<script>alert(1)</script>");
    }
  });
});

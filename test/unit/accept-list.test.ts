/** The accept list: which IPs it accepts, expiry, and how accepted IPs are counted apart and left out of the gates. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AcceptList, type AcceptEntry } from "../../src/accept/accept-list.js";
import { iterateRows, type HostRow } from "../../src/aggregate/host-row.js";
import { averageRiskTenths, hostRisk } from "../../src/aggregate/risk.js";
import type { FindingCounts } from "../../src/model/findings.js";
import { parseIp } from "../../src/net/ip.js";
import { triageInputs, type TriageRequest } from "../../src/pipeline/triage-inputs.js";

const ROOT = resolve(import.meta.dirname, "../..");
const XML = resolve(ROOT, "examples/qualys-scan.xml");
const CSV = resolve(ROOT, "examples/scan-log.csv");
const TODAY = "2026-06-15";

function ip(text: string): [4 | 6, bigint] {
  const p = parseIp(text);
  if (!p) throw new Error(text);
  return [p.family, p.value];
}

describe("AcceptList.splitPoints", () => {
  const list = new AcceptList(
    [
      { target: "10.0.0.5-10.0.0.7", reason: "a" },
      { target: "10.0.0.8", reason: "b, adjacent to a" },
      { target: "10.0.0.0/8", statuses: ["NoAnswer"], reason: "NoAnswer only" },
    ],
    TODAY,
  );
  const at = (text: string) => ip(text)[1];
  const points = (from: string, to: string, status: string) => list.splitPoints(4, at(from), at(to), status).map((v) => v - at("10.0.0.0"));

  it("names every address where acceptance may change, inside the stretch only", () => {
    expect(points("10.0.0.0", "10.0.0.255", "Success")).toEqual([5n, 8n, 9n]);
    expect(points("10.0.0.6", "10.0.0.255", "Success")).toEqual([8n, 9n]);
    expect(points("10.0.0.0", "10.0.0.5", "Success")).toEqual([5n]);
    expect(points("10.0.0.9", "10.0.0.255", "Success")).toEqual([]);
  });

  it("leaves out entries that do not fit the status", () => {
    // 10.0.0.0/8 covers the stretch whole: no point inside it.
    expect(points("10.0.0.9", "10.0.0.255", "NoAnswer")).toEqual([]);
  });
});

describe("AcceptList.match", () => {
  const list = new AcceptList(
    [
      { target: "10.0.0.5", reason: "single" },
      { target: "10.1.0.0/30", statuses: ["NoAnswer"], reason: "block, NoAnswer only" },
      { target: "10.2.0.1-10.2.0.3", reason: "range", until: TODAY },
      { target: "nas.example.com", reason: "by name" },
      { target: "2001:db8::/126", reason: "v6" },
    ],
    TODAY,
  );

  it.each<[string, string | null, string, string | null]>([
    ["10.0.0.5", null, "Success", "single"],
    ["10.0.0.6", null, "Success", null],
    ["10.1.0.3", null, "noanswer", "block, NoAnswer only"],
    ["10.1.0.3", null, "CredentialFailed", null],
    ["10.1.0.4", null, "NoAnswer", null],
    ["10.2.0.1", null, "Success", "range"],
    ["10.2.0.3", null, "Success", "range"],
    ["10.2.0.4", null, "Success", null],
    ["10.9.9.9", "NAS.example.com", "NoAnswer", "by name"],
    ["2001:db8::3", null, "NoAnswer", "v6"],
    ["2001:db8::4", null, "NoAnswer", null],
  ])("%s (%s, %s) -> %s", (address, hostname, status, reason) => {
    const [family, value] = ip(address);
    expect(list.match(family, value, hostname, status)?.reason ?? null).toBe(reason);
  });

  it("matches a hostname-only target by name", () => {
    expect(list.match(null, null, "nas.example.com", "NoAnswer")).toEqual({ reason: "by name", until: null });
  });

  it("applies an entry through its until day, and warns once it has passed", () => {
    const [family, value] = ip("10.2.0.2");
    const entries: AcceptEntry[] = [{ target: "10.2.0.2", reason: "r", until: TODAY }];
    expect(new AcceptList(entries, TODAY).match(family, value, null, "Success")).toEqual({ reason: "r", until: TODAY });
    const later = new AcceptList(entries, "2026-06-16");
    expect(later.match(family, value, null, "Success")).toBeNull();
    expect(later.warnings()).toEqual([{ code: "accept.expired", args: { target: "10.2.0.2", until: TODAY, reason: "r" } }]);
  });

  it("an entry limited to a status is unused when the IPs it names have another status", async () => {
    const { summary } = await run({ inputs: [XML], accept: [{ target: "10.20.0.2", statuses: ["NoAnswer"], reason: "stale" }] });
    expect(summary.totals.accepted.ips).toBe(0);
    expect(summary.diagnostics).toContainEqual(expect.objectContaining({ code: "accept.unused", severity: "note" }));
  });

  it("says which entries matched nothing", () => {
    const fresh = new AcceptList([{ target: "10.0.0.5", reason: "a" }, { target: "10.0.0.6", reason: "b" }], TODAY);
    const [family, value] = ip("10.0.0.5");
    fresh.match(family, value, null, "Success");
    expect(fresh.warnings()).toEqual([{ code: "accept.unused", args: { target: "10.0.0.6" } }]);
  });

  it("cuts a range into its accepted parts, merged", () => {
    const parts = new AcceptList(
      [
        { target: "10.0.0.10-10.0.0.20", reason: "a" },
        { target: "10.0.0.15-10.0.0.30", reason: "b" },
        { target: "10.0.0.100", reason: "c", statuses: ["Success"] },
      ],
      TODAY,
    ).acceptedParts(4, ip("10.0.0.0")[1], ip("10.0.0.255")[1], "NoAnswer");
    expect(parts.map(({ family, start, end, entries }) => ({ family, start, end, entries: entries.length }))).toEqual([
      { family: 4, start: ip("10.0.0.10")[1], end: ip("10.0.0.30")[1], entries: 2 },
    ]);
  });
});

async function run(request: Omit<TriageRequest, "today">) {
  const outcome = await triageInputs({ today: TODAY, ...request });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("\n"));
  return outcome;
}

describe("accepted IPs in a triage", () => {
  // The example scan has NoAnswer targets in 10.20.0.x (a range with scanned hosts inside it).
  const accept: AcceptEntry[] = [
    { target: "10.20.0.0/28", statuses: ["NoAnswer"], reason: "lab switched off" },
    { target: "10.20.0.2", reason: "known credential problem, ticket 42" },
  ];

  it("counts apart exactly the rows that carry the mark, by status, and leaves them out of the gates", async () => {
    const plain = await run({ inputs: [XML] });
    const { summary, triage, riskMethod } = await run({ inputs: [XML], accept, judge: { thresholds: { maxNotScanned: 9, maxAuthFailures: 1 }, strict: false } });
    const rows: HostRow[] = [...iterateRows(triage, riskMethod)];
    const marked = rows.filter((r) => r.accepted !== null);
    expect(marked.length).toBeGreaterThan(2);
    expect(marked.every((r) => r.status === "NoAnswer" || r.ip === "10.20.0.2")).toBe(true);
    expect(rows.find((r) => r.ip === "10.20.0.2")?.accepted).toEqual({ reason: "known credential problem, ticket 42", until: null });

    const byStatus: Record<string, number> = {};
    for (const r of marked) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(summary.totals.accepted.ips).toBe(marked.length);
    expect(summary.totals.accepted.byStatus).toEqual(byStatus);
    expect(summary.totals.accepted.authFailures).toBe(1);
    // Accepted IPs keep their status: the totals are those of the run without an accept list.
    expect(summary.totals.byStatus).toEqual(plain.summary.totals.byStatus);

    const notScanned = marked.filter((r) => r.category === "Not Scanned").length;
    expect(summary.gated).toEqual({
      customerActions: plain.summary.totals.byResponsible.Customer - marked.filter((r) => r.responsible === "Customer").length,
      notScanned: plain.summary.totals.byCategory["Not Scanned"] - notScanned,
      authFailures: plain.summary.authFailures.count - 1,
      averageSecurityRisk: expect.any(Number) as number,
    });
    expect(summary.gates.map((g) => [g.name, g.value, g.passed])).toEqual([
      ["maxNotScanned", summary.gated.notScanned, summary.gated.notScanned <= 9],
      ["maxAuthFailures", plain.summary.authFailures.count - 1, true],
    ]);
    // Without the accept list the same gates fail.
    const strictPlain = await run({ inputs: [XML], judge: { thresholds: { maxNotScanned: 9, maxAuthFailures: 1 }, strict: false } });
    expect(strictPlain.summary.gates.filter((g) => !g.passed).map((g) => g.name)).toEqual(["maxNotScanned", "maxAuthFailures"]);
  });

  it("an expired entry is not applied and is a warning of the run", async () => {
    const { summary } = await run({ inputs: [CSV], accept: [{ target: "172.31.16.166", reason: "old", until: "2020-01-01" }] });
    expect(summary.totals.accepted.ips).toBe(0);
    expect(summary.diagnostics).toContainEqual({
      code: "accept.expired",
      severity: "warning",
      input: null,
      message: 'accept list entry "172.31.16.166" expired on 2020-01-01 and is not applied (old)',
    });
  });

  it("leaves accepted hosts out of the gated average risk", async () => {
    const accept: AcceptEntry[] = [{ target: "10.20.0.0/16", statuses: ["Success"], reason: "r" }];
    const { summary, triage, riskMethod } = await run({ inputs: [XML], accept });
    const withFindings = [...triage.records.withFindings()];
    const others = withFindings.filter((r) => triage.accept?.match(r.family, r.value, r.hostname, r.verdict.status) === null);
    expect(others.length).toBeGreaterThan(0);
    expect(others.length).toBeLessThan(withFindings.length);
    const tenths = averageRiskTenths(others.map((r) => hostRisk(r.findings as FindingCounts, riskMethod)));
    expect(summary.gated.averageSecurityRisk).toBe((tenths as number) / 10);
    expect(summary.gated.averageSecurityRisk).not.toBe(summary.risk.averageSecurityRisk);
  });
});

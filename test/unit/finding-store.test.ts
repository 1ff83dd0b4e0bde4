/**
 * The per-run finding store (src/aggregate/finding-store.ts) and what each reader puts into it when
 * findings are kept: the store on its own (canonical order, duplicates, growth, memory), then every
 * format with findings through the core (triageInputs), checked against the summary's counts.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FindingStore, normalPortProtocol, type StoredFinding } from "../../src/aggregate/finding-store.js";
import type { VulnStatus } from "../../src/model/findings.js";
import type { FindingObservation } from "../../src/model/observation.js";
import { parseIp, type ParsedIp } from "../../src/net/ip.js";
import { triageInputs } from "../../src/pipeline/triage-inputs.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = "/work/shared/corpus/qualys";

function address(text: string): ParsedIp {
  const ip = parseIp(text);
  if (!ip) throw new Error(`not an address: ${text}`);
  return ip;
}

type Add = Partial<Omit<FindingObservation, "address">> & { ip: string; qid: number };

function finding({ ip, ...rest }: Add): FindingObservation {
  return { address: address(ip), port: "", protocol: "", kind: "confirmed", severity: 3, fixed: false, stated: null, ...rest };
}

function storeOf(findings: readonly Add[]): FindingStore {
  const store = new FindingStore();
  for (const f of findings) store.add(finding(f));
  return store;
}

const keyOf = (f: StoredFinding): string => `${f.ip} ${f.qid} ${f.port}/${f.protocol}`;

describe("FindingStore", () => {
  it("orders keys canonically: IPv4 by number, then IPv6 by number, then QID, port (none, numbers, text), protocol", () => {
    const store = storeOf([
      { ip: "2001:db8::10", qid: 1 },
      { ip: "10.0.0.10", qid: 5 },
      { ip: "2001:db8::2", qid: 1 },
      { ip: "192.168.0.1", qid: 1 },
      { ip: "10.0.0.9", qid: 7 },
      { ip: "10.0.0.10", qid: 4, port: "8080", protocol: "tcp" },
      { ip: "10.0.0.10", qid: 4, port: "443", protocol: "udp" },
      { ip: "10.0.0.10", qid: 4, port: "443", protocol: "tcp" },
      { ip: "10.0.0.10", qid: 4, port: "", protocol: "" },
      { ip: "10.0.0.10", qid: 4, port: "ssh", protocol: "tcp" },
      { ip: "::ffff:1", qid: 1 },
    ]);
    expect([...store.entries()].map(keyOf)).toEqual([
      "10.0.0.9 7 /",
      "10.0.0.10 4 /",
      "10.0.0.10 4 443/tcp",
      "10.0.0.10 4 443/udp",
      "10.0.0.10 4 8080/tcp",
      "10.0.0.10 4 ssh/tcp",
      "10.0.0.10 5 /",
      "192.168.0.1 1 /",
      "::ffff:1 1 /",
      "2001:db8::2 1 /",
      "2001:db8::10 1 /",
    ]);
    expect(store.size).toBe(11);
    expect(store.hostCount).toBe(6);
  });

  it("normalises port and protocol so that every format keys a finding alike", () => {
    expect(normalPortProtocol(" 0443 ", "TCP")).toEqual({ port: "443", protocol: "tcp" });
    expect(normalPortProtocol("0", "'-")).toEqual({ port: "", protocol: "" }); // VMDR, no port
    expect(normalPortProtocol("0", "udp")).toEqual({ port: "0", protocol: "udp" });
    expect(normalPortProtocol("-", "")).toEqual({ port: "", protocol: "" });
    const store = storeOf([
      { ip: "10.0.0.1", qid: 1, port: "443", protocol: "tcp" },
      { ip: "10.0.0.1", qid: 1, port: "0443", protocol: "TCP" },
      { ip: "10.0.0.1", qid: 2, port: "0", protocol: "'-" },
      { ip: "10.0.0.1", qid: 2, port: "", protocol: "" },
    ]);
    expect([...store.entries()].map(keyOf)).toEqual(["10.0.0.1 1 443/tcp", "10.0.0.1 2 /"]);
  });

  it("keeps one per key within a run: present over stated Fixed, then the higher severity, then the stronger kind, then the first", () => {
    const store = storeOf([
      // Fixed in one input, present in another: present, with the present one's stated status.
      { ip: "10.0.0.1", qid: 1, fixed: true, stated: "fixed", severity: 5 },
      { ip: "10.0.0.1", qid: 1, severity: 2, stated: "active" },
      // The most severe wins; the first stated status of a present duplicate fills a winner without one.
      { ip: "10.0.0.1", qid: 2, severity: 2, stated: "new" },
      { ip: "10.0.0.1", qid: 2, severity: 4, kind: "potential" },
      { ip: "10.0.0.1", qid: 2, severity: 4, kind: "info", stated: "reopened" },
      // Equal: the first stays.
      { ip: "10.0.0.1", qid: 3, severity: 3, stated: "new" },
      { ip: "10.0.0.1", qid: 3, severity: 3, stated: "active" },
      // Only Fixed: a key known, not present.
      { ip: "10.0.0.1", qid: 4, fixed: true, stated: "fixed" },
      { ip: "10.0.0.1", qid: 4, fixed: true, stated: "fixed" },
    ]);
    const got = [...store.entries()].map(({ qid, kind, severity, stated, present }) => ({ qid, kind, severity, stated, present }));
    expect(got).toEqual([
      { qid: 1, kind: "confirmed", severity: 2, stated: "active", present: true },
      { qid: 2, kind: "potential", severity: 4, stated: "new", present: true },
      { qid: 3, kind: "confirmed", severity: 3, stated: "new", present: true },
      { qid: 4, kind: "confirmed", severity: 3, stated: "fixed", present: false },
    ]);
    expect(store.counts()).toEqual({ confirmed: [0, 1, 1, 0, 0], potential: [0, 0, 0, 1, 0], info: [0, 0, 0, 0, 0] });
  });

  it("clamps severities as the counts do, and ignores an invalid QID", () => {
    const store = storeOf([
      { ip: "10.0.0.1", qid: 1, severity: Number.NaN },
      { ip: "10.0.0.1", qid: 2, severity: 9 },
      { ip: "10.0.0.1", qid: -1 },
      { ip: "10.0.0.1", qid: 1.5 },
    ]);
    expect([...store.entries()].map((f) => [f.qid, f.severity])).toEqual([
      [1, 1],
      [2, 5],
    ]);
  });

  it("grows past its initial capacity, and sorts again after more findings are added", () => {
    const store = new FindingStore();
    const hosts = Array.from({ length: 70 }, (_, i) => address(`10.${i % 3}.${i}.1`));
    const added = new Set<string>();
    // 70 hosts x 100 QIDs in a scrambled order, each twice: 7,000 keys from 14,000 findings.
    for (let round = 0; round < 2; round++) {
      for (let q = 0; q < 100; q++) {
        for (let h = 0; h < hosts.length; h++) {
          const qid = (q * 7919 + 13) % 100_003;
          store.add({ address: hosts[(h * 31) % hosts.length] as ParsedIp, qid, port: String(q % 3), protocol: "tcp", kind: "confirmed", severity: 3, fixed: false, stated: null });
          added.add(`${(hosts[(h * 31) % hosts.length] as ParsedIp).text} ${qid}`);
        }
      }
    }
    expect(store.size).toBe(7000);
    expect(store.hostCount).toBe(70);
    const cursor = store.sorted();
    const previous = store.sorted();
    let n = 0;
    let before = cursor.next() && previous.next();
    expect(before).toBe(true);
    while (cursor.next()) {
      expect(previous.compareTo(cursor)).toBeLessThan(0);
      previous.next();
      n++;
    }
    expect(n + 1).toBe(7000);
    // One more key: sorted again, in its place.
    store.add(finding({ ip: "10.0.0.0", qid: 1 }));
    const first = store.sorted();
    before = first.next();
    expect(before && first.ip).toBe("10.0.0.0");
    expect(store.size).toBe(7001);
  });

  it("merge-joins two runs in one pass with compareTo", () => {
    const before = storeOf([
      { ip: "10.0.0.1", qid: 1 },
      { ip: "10.0.0.1", qid: 2, port: "443", protocol: "tcp" },
      { ip: "10.0.0.2", qid: 1 },
      { ip: "2001:db8::1", qid: 9 },
    ]);
    const after = storeOf([
      { ip: "10.0.0.1", qid: 2, port: "443", protocol: "tcp" },
      { ip: "10.0.0.1", qid: 2, port: "80", protocol: "tcp" },
      { ip: "10.0.0.3", qid: 1 },
      { ip: "2001:db8::1", qid: 9 },
    ]);
    const a = before.sorted();
    const b = after.sorted();
    const out: string[] = [];
    let inA = a.next();
    let inB = b.next();
    while (inA || inB) {
      const c = !inA ? 1 : !inB ? -1 : a.compareTo(b);
      if (c < 0) {
        out.push(`gone ${keyOf(a.current())}`);
        inA = a.next();
      } else if (c > 0) {
        out.push(`new ${keyOf(b.current())}`);
        inB = b.next();
      } else {
        out.push(`both ${keyOf(a.current())}`);
        inA = a.next();
        inB = b.next();
      }
    }
    expect(out).toEqual([
      "gone 10.0.0.1 1 /",
      "new 10.0.0.1 2 80/tcp",
      "both 10.0.0.1 2 443/tcp",
      "gone 10.0.0.2 1 /",
      "new 10.0.0.3 1 /",
      "both 2001:db8::1 9 /",
    ]);
  });

  it("holds a million findings compactly (a generous bound on heap and buffers, not a timing)", () => {
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const start = used();
    const store = new FindingStore();
    // 20,000 hosts x 50 findings, on a handful of ports.
    const ports = ["", "22", "80", "443", "8443"];
    for (let h = 0; h < 20_000; h++) {
      const ip = address(`10.${h >> 8}.${h & 255}.${h % 7}`);
      for (let q = 0; q < 50; q++) {
        store.add({ address: ip, qid: 38_000 + q * 17, port: ports[q % 5] as string, protocol: q % 5 === 0 ? "" : "tcp", kind: "confirmed", severity: 1 + (q % 5), fixed: false, stated: null });
      }
    }
    expect(store.size).toBe(1_000_000);
    const growth = used() - start;
    expect(growth).toBeLessThan(100 * 1024 * 1024);
    let n = 0;
    for (const c = store.sorted(); c.next(); ) n++;
    expect(n).toBe(1_000_000);
  });
});

/** The corpus is shared beside the checkout; its files are tested when present. */
function inputs(names: readonly string[]): string[] {
  return names.map((n) => (n.startsWith("corpus:") ? `${CORPUS}/${n.slice(7)}` : resolve(ROOT, "test/fixtures", n)));
}

const READER_CASES: readonly { format: string; files: readonly string[] }[] = [
  { format: "qualys-scan", files: ["qualys/status-success.xml"] },
  { format: "qualys-scan", files: ["qualys/quirk-same-qid-ports.xml"] },
  { format: "qualys-scan", files: ["qualys/status-host-down.xml"] },
  { format: "qualys-scan", files: ["qualys/quirk-ips-before-header.xml"] },
  { format: "qualys-scan", files: ["corpus:scan_dradis_two_hosts.xml"] },
  { format: "qualys-scan", files: ["corpus:scan_defectdojo_webgui_multiple.xml"] },
  { format: "qualys-scan", files: ["corpus:scan_xorcism_v1api_keepalive_header_last.xml"] },
  { format: "qualys-asset-report", files: ["qualys/status-asset-report-auth.xml"] },
  { format: "qualys-asset-report", files: ["qualys/risk-stated-matches.xml"] },
  { format: "qualys-asset-report", files: ["qualys/risk-qid-not-in-glossary.xml"] },
  { format: "qualys-asset-report", files: ["corpus:adr_defectdojo_training_sample.xml"] },
  { format: "qualys-detections", files: ["qualys/detections-page-1.xml"] },
  { format: "qualys-detections", files: ["qualys/detections-page-1.xml", "qualys/detections-page-2.xml"] },
  { format: "qualys-detections", files: ["corpus:hld_jupiterone_detections.xml"] },
  { format: "qualys-detections", files: ["corpus:hld_demisto_raw.xml"] },
  { format: "qualys-report-csv", files: ["qualys-exports/report-quirks.csv"] },
  { format: "qualys-vmdr-csv", files: ["qualys-exports/vmdr-quirks.csv"] },
  { format: "qualys-pci-csv", files: ["qualys-exports/pci-types.csv"] },
  { format: "qualys-scan-csv", files: ["qualys-exports/scan-results.csv"] },
  { format: "qualys-scan-json", files: ["qualys-exports/scan-results.json"] },
];

async function triage(files: readonly string[], keepFindings?: boolean) {
  const outcome = await triageInputs({ inputs: inputs(files), keepDetails: false, ...(keepFindings === undefined ? {} : { keepFindings }) });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join("; "));
  return outcome;
}

async function keptFindings(files: readonly string[]): Promise<StoredFinding[]> {
  const { triage: t } = await triage(files, true);
  if (t.findings === null) throw new Error("no findings kept");
  return [...t.findings.entries()];
}

describe("every reader with findings fills the store when asked", () => {
  for (const { format, files } of READER_CASES) {
    const present = inputs(files).every((f) => existsSync(f));
    it.skipIf(!present)(`${format}: ${files.join(" + ")}: the present keys by kind and severity are the summary's counts`, async () => {
      const { triage: t, summary } = await triage(files, true);
      expect(t.inputs.map((i) => i.format)).toEqual(files.map(() => format));
      expect(t.findings).not.toBeNull();
      expect(t.findings?.counts()).toEqual(summary.risk.severities);
      const without = await triage(files);
      expect(without.triage.findings).toBeNull();
      expect(without.summary.risk.severities).toEqual(summary.risk.severities);
    });
  }

  it("SCAN: one QID on several ports is one key per port (as counted); a host down has none", async () => {
    const kept = await keptFindings(["qualys/quirk-same-qid-ports.xml"]);
    const byQid = new Map<number, string[]>();
    for (const f of kept) byQid.set(f.qid, [...(byQid.get(f.qid) ?? []), `${f.port}/${f.protocol}`]);
    expect([...byQid.values()].some((ports) => ports.length > 1)).toBe(true);
    expect(kept.every((f) => f.stated === null && f.present)).toBe(true);
    const down = await triage(["qualys/status-host-down.xml"], true);
    const downIps = down.triage.records.filter((r) => r.rawStatus === "NoAnswer").map((r) => r.ip);
    expect(downIps.length).toBeGreaterThan(0);
    expect([...(down.triage.findings?.entries() ?? [])].filter((f) => downIps.includes(f.ip))).toEqual([]);
  });

  it("report CSV: port and protocol from their columns; a Fixed row is a key with its stated status, not present", async () => {
    const kept = await keptFindings(["qualys-exports/report-quirks.csv"]);
    expect(kept.find((f) => f.qid === 11827)).toEqual({ ip: "10.1.0.1", qid: 11827, port: "443", protocol: "tcp", kind: "confirmed", severity: 4, stated: "new", present: true });
    expect(kept.find((f) => f.qid === 38739)).toEqual({ ip: "10.1.0.3", qid: 38739, port: "22", protocol: "tcp", kind: "confirmed", severity: 5, stated: "fixed", present: false });
    // As stated, but for the row of no known kind (not a key) and the row without an IP.
    expect(statedCounts(kept)).toEqual({ new: 1, active: 3, reopened: 1, fixed: 1 });
  });

  it("VMDR CSV: an IPv6-only asset is keyed by its IPv6 address; VMDR's no-port spelling is no port", async () => {
    const kept = await keptFindings(["qualys-exports/vmdr-quirks.csv"]);
    expect(kept.find((f) => f.qid === 105053)).toMatchObject({ ip: "2001:db8::2", port: "", protocol: "", kind: "info", stated: "reopened" });
    expect(kept.find((f) => f.qid === 38170)).toMatchObject({ ip: "10.2.0.1", port: "443", protocol: "tcp", stated: "new" });
    expect(kept.find((f) => f.qid === 11827)).toMatchObject({ ip: "10.2.0.3", present: false, stated: "fixed" });
  });

  it("detections: TYPE, SEVERITY, PORT, PROTOCOL and STATUS of each DETECTION", async () => {
    const kept = await keptFindings(["qualys/detections-page-1.xml"]);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.some((f) => f.stated !== null)).toBe(true);
    expect(kept.filter((f) => f.stated === "fixed").every((f) => !f.present)).toBe(true);
  });

  it("scan results JSON: port and protocol from their keys", async () => {
    const kept = await keptFindings(["qualys-exports/scan-results.json"]);
    expect(kept.find((f) => f.qid === 38739)).toMatchObject({ ip: "10.5.0.1", port: "22", protocol: "tcp", kind: "confirmed", severity: 3 });
  });

  it("two inputs of one run: the union of their keys, each once", async () => {
    const one = await keptFindings(["qualys/detections-page-1.xml"]);
    const both = await keptFindings(["qualys/detections-page-1.xml", "qualys/detections-page-1.xml"]);
    expect(both).toEqual(one);
  });
});

function statedCounts(findings: readonly StoredFinding[]): Record<VulnStatus, number> {
  const counts: Record<VulnStatus, number> = { new: 0, active: 0, reopened: 0, fixed: 0 };
  for (const f of findings) if (f.stated !== null) counts[f.stated]++;
  return counts;
}

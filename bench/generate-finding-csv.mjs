#!/usr/bin/env node
/**
 * Deterministic Qualys VM report CSV (Reports > Scan/Host-based report, CSV; one row per finding)
 * of 1,000,000 rows at scale 1 (about 100,000 hosts): the exact header of the real sample
 * (csv_defectdojo_vm_scan_report_ipstatus.csv), every non-empty cell quoted and empty ones bare as
 * Qualys writes them, rows grouped by host, multi-line Threat / Impact / Solution text with commas
 * and quotes, Vuln Status New / Active / Re-Opened / Fixed, Type Vuln / Practice / Ig, Severity
 * 1-5, First / Last Detected `MM/DD/YYYY HH:MM:SS`, QID 105015 "Windows Authentication Failed" on
 * ~2% of the hosts.
 *
 *   node bench/generate-finding-csv.mjs [--scale 1] [--out file.csv] [--force]
 *
 * Next to the file, FILE.meta.json holds the counts a correct reader must find (rows, distinct IPs,
 * findings by kind and severity without the Fixed rows, Vuln Status counts, statuses, risk).
 */
import { join } from "node:path";
import { buildCatalog, CATALOG_VERSION } from "./lib/catalog.mjs";
import { AUTH_FAILURE_QIDS, averageRisk, hostRiskValue, planFindingHost, plainDescriptions, qualysDate } from "./lib/findings.mjs";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { mixSeed, rng } from "./lib/prng.mjs";

export const FINDING_CSV_GENERATOR_VERSION = 1;
const SEED = 0xf1d1c5;
const ROWS_AT_SCALE_1 = 1_000_000;
/** Rows per host: about 10, so that 1M rows are about 100,000 hosts. */
const PLAN = { min: 5, max: 30, mean: 10.6, weights: { ig: 35, vuln: 50, practice: 15 }, authRate: 0.02 };

/** The header of the real VM report CSV, byte for byte. */
export const HEADER =
  '"IP","Network","DNS","NetBIOS","Tracking Method","OS","IP Status","QID","Title","Vuln Status","Type","Severity","Port","Protocol","FQDN","SSL",' +
  '"First Detected","Last Detected","Times Detected","Date Last Fixed","CVE ID","Vendor Reference","Bugtraq ID","CVSS3","CVSS3 Base","CVSS3 Temporal",' +
  '"Threat","Impact","Solution","Exploitability","Associated Malware","PCI Vuln","Ticket State","Instance","OS CPE","Category","Associated Tags"';

const STATUS_KEY = { New: "new", Active: "active", "Re-Opened": "reopened", Fixed: "fixed" };
const KIND = { Vuln: "confirmed", Practice: "potential", Ig: "info" };
const OS_CPE = {
  windows: "cpe:/o:microsoft:windows_server_2019:-:::",
  linux: "cpe:/o:redhat:enterprise_linux:8:::",
  network: "",
};
const TAGS = ["Data Centre 1, Windows Servers", "Data Centre 2, Linux Servers", "AWS, Cloud Agent", "DMZ", "PCI Scope, Payment"];

export function findingCsvPath(scale) {
  return join(DATA_DIR, `findings-v${FINDING_CSV_GENERATOR_VERSION}.${CATALOG_VERSION}-s${scaleTag(scale)}.csv`);
}

/** A cell as Qualys writes it: empty bare, anything else quoted (quotes doubled). */
function cell(text) {
  if (text === null || text === undefined || text === "") return "";
  const s = String(text);
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}

const parts = new Map();
/** The cells that depend only on the QID and type: before and after the per-row status and dates. */
function qidCells(e, type) {
  const key = `${type}${e.qid}`;
  let p = parts.get(key);
  if (p) return p;
  const d = plainDescriptions(e);
  const scored = type !== "Ig" && e.cvss3;
  p = {
    title: `${cell(e.qid)},${cell(e.title)}`,
    typeSeverity: `${cell(type)},${cell(e.severity)}`,
    refs:
      `${cell(e.cves.join(", "))},${cell(e.vendorRef?.id)},,` +
      (scored ? `${cell(e.cvss3)},${cell(`${e.cvss3} (AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)`)},${cell(`${(e.cvss3 * 0.9).toFixed(1)} (E:U/RL:O/RC:C)`)}` : ",,") +
      `,${cell(d.threat)},${cell(d.impact)},${cell(d.solution)},,,${cell(e.pci ? "yes" : "no")}`,
    category: cell(e.category),
  };
  parts.set(key, p);
  return p;
}

/** Host addresses: 10.40.0.0 upwards, 230 per /24, skipping .0 and .255. */
function hostAddress(i) {
  const base = ((10 << 24) | (40 << 16)) >>> 0;
  return base + Math.floor(i / 230) * 256 + 5 + (i % 230);
}

export async function generateFindingCsv({ scale = 1, out = null, force = false } = {}) {
  const path = out ?? findingCsvPath(scale);
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  const t0 = process.hrtime.bigint();
  const cat = buildCatalog();
  const rows = Math.max(10, Math.round(ROWS_AT_SCALE_1 * scale));
  const severities = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
  const vulnStatuses = { new: 0, active: 0, reopened: 0, fixed: 0 };
  const byType = { Vuln: 0, Practice: 0, Ig: 0 };
  let authFailures = 0;
  let riskSum = 0;
  let hosts = 0;
  let written = 0;
  const w = new ChunkedWriter(path);
  try {
    w.write(`${HEADER}\n`);
    // Each host's last scan falls in the 30 days before the report (10/28/2024), so that the
    // Last Detected column has days above 12, as a real report's does.
    const reportTime = Date.UTC(2024, 9, 28, 23, 0, 0);
    for (let i = 0; written < rows; i++) {
      const plan = planFindingHost(cat, mixSeed(SEED, i), i, PLAN);
      const r = rng(mixSeed(SEED + 1, i));
      const findings = plan.findings.slice(0, rows - written);
      const ip = ipText(hostAddress(i));
      const agent = r.chance(0.15);
      const scanTime = reportTime - 1000 * r.int(0, 30 * 86400);
      const last = qualysDate(scanTime);
      const hostCells =
        `${cell(ip)},"Global Default Network",${cell(plan.name)},${cell(plan.netbios)},${agent ? '"QAGENT"' : '"IP"'},${cell(plan.os)},"host scanned, found vuln",`;
      const hostTail = `,${cell(OS_CPE[plan.family])}`;
      const tags = cell(agent ? "AWS, Cloud Agent" : r.pick(TAGS));
      let x = "";
      const confirmed = [];
      let authFailed = false;
      for (const f of findings) {
        const p = qidCells(f.e, f.type);
        const status = r.weighted([["New", 14], ["Active", 66], ["Re-Opened", 7], ["Fixed", 13]]);
        const firstDetected = scanTime - 1000 * 3600 * r.int(0, 24 * 400);
        const times = status === "New" ? 1 : r.int(2, 120);
        const fixedAt = status === "Fixed" || status === "Re-Opened" ? cell(qualysDate(scanTime - 1000 * r.int(3600, 3600 * 24 * 30))) : "";
        const port = f.port === null ? "," : `${cell(f.port)},${cell(f.protocol)}`;
        const ssl = f.port === 443 || f.port === 8443 ? '"over ssl"' : "";
        x +=
          `${hostCells}${p.title},${cell(status)},${p.typeSeverity},${port},${cell(plan.name)},${ssl},` +
          `${cell(qualysDate(firstDetected))},${cell(last)},${cell(times)},${fixedAt},${p.refs},${status === "Fixed" ? '"Closed"' : f.type === "Ig" ? "" : '"Open"'},${hostTail},${p.category},${tags}\n`;
        vulnStatuses[STATUS_KEY[status]]++;
        byType[f.type]++;
        if (status === "Fixed") continue;
        severities[KIND[f.type]][f.e.severity - 1]++;
        if (f.type === "Vuln") confirmed.push(f.e.severity);
        if (AUTH_FAILURE_QIDS.has(f.e.qid)) authFailed = true;
      }
      written += findings.length;
      hosts++;
      if (authFailed) authFailures++;
      riskSum += hostRiskValue(confirmed);
      const pending = w.write(x);
      if (pending) await pending;
    }
    const bytes = await w.close();
    const nonZero = (o) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));
    const manifest = {
      generator: `finding-csv v${FINDING_CSV_GENERATOR_VERSION}.${CATALOG_VERSION}`,
      scale,
      bytes,
      expected: {
        format: "qualys-report-csv",
        records: written,
        ips: hosts,
        rowsByType: byType,
        confirmed: severities.confirmed.reduce((a, b) => a + b, 0),
        severities,
        vulnStatuses,
        authFailures,
        byStatus: nonZero({ Success: hosts - authFailures, CredentialFailed: authFailures }),
        averageSecurityRisk: averageRisk(riskSum, hosts),
      },
    };
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

await runGeneratorCli(import.meta.url, generateFindingCsv);

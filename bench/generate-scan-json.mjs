#!/usr/bin/env node
/**
 * Deterministic Qualys scan results as JSON (`/api/2.0/fo/scan/?action=fetch&output_format=json`),
 * about 1 GB at scale 1: one top-level array, pretty-printed with 4-space indentation like the real
 * API output, holding
 *   - the account header (username, company, scan_report_template_title "Scan Results", result_date);
 *   - the scan header (status "Finished", reference, launch_date `MM/DD/YYYY HH:MM:SS`, ips = the
 *     target as comma-separated CIDR blocks, an `a-b` range, a dead subnet and single addresses,
 *     excluded_ips, active_hosts, total_hosts, ...);
 *   - one object per finding with the keys of the real sample (ip, dns, netbios, os, ip_status, qid
 *     as a number, title, type Vuln / Practice / Ig, severity "1".."5", port, protocol, fqdn, ssl,
 *     cve_id, results with tabs and newlines, threat, impact, solution, category, ...), grouped by
 *     host: 100,000 hosts of 5-30 findings (mostly Ig), QIDs 45017 / 82023 on most hosts, QID 105015
 *     "Windows Authentication Failed" (type Ig) on ~2% of them, now and then a result of kilobytes;
 *   - the trailing appendix objects, one key each: hosts_not_scanned_host_not_alive_ip,
 *     hosts_not_scanned_excluded_host_ip, no_vulnerabilities_match_your_filters_for_these_hosts,
 *     target_distribution_across_scanner_appliances (comma-separated IPs and ranges).
 *
 *   node bench/generate-scan-json.mjs [--scale 1] [--out file.json] [--force]
 *
 * Next to the file, FILE.meta.json holds the counts a correct reader must find (hosts with results,
 * findings per type, confirmed per severity, authentication failures, IPs per appendix key, statuses).
 */
import { join } from "node:path";
import { buildCatalog, CATALOG_VERSION } from "./lib/catalog.mjs";
import { AUTH_FAILURE_QIDS, averageRisk, findingResult, hostRiskValue, planFindingHost, plainDescriptions, RunList } from "./lib/findings.mjs";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { mixSeed, rng } from "./lib/prng.mjs";

export const SCAN_JSON_GENERATOR_VERSION = 1;
const SEED = 0x150c0de;
const HOSTS_AT_SCALE_1 = 100_000;
/** Findings per host, tuned so that scale 1 gives about 1 GB. */
const PLAN = { min: 5, max: 30, mean: 7.4, weights: { ig: 45, vuln: 40, practice: 15 }, authRate: 0.02 };
const BLOCKS = 4;
const FILL = 0.6;
/** Of the live addresses in the blocks: scanned, but nothing matched the report's filters (no finding object). */
const NO_VULN = 0.04;

const APPENDIX = {
  notAlive: "hosts_not_scanned_host_not_alive_ip",
  excluded: "hosts_not_scanned_excluded_host_ip",
  noVuln: "no_vulnerabilities_match_your_filters_for_these_hosts",
  distribution: "target_distribution_across_scanner_appliances",
};

export function scanJsonPath(scale) {
  return join(DATA_DIR, `scanjson-v${SCAN_JSON_GENERATOR_VERSION}.${CATALOG_VERSION}-s${scaleTag(scale)}.json`);
}

function targetLayout(hosts) {
  const perBlock = Math.ceil(hosts / FILL / BLOCKS);
  let bits = 4;
  while (1 << bits < perBlock) bits++;
  if (bits > 20) throw new Error("scale too large for the target layout");
  const size = 1 << bits;
  const blocks = [];
  for (let k = 0; k < BLOCKS; k++) blocks.push({ start: ((10 << 24) | ((16 * (k + 1)) << 16)) >>> 0, size });
  const deadBits = Math.min(8, Math.max(4, bits - 4));
  const dead = { start: ((10 << 24) | (250 << 16)) >>> 0, size: 1 << deadBits };
  // Two single targets: one not alive, one scanned with nothing to report.
  const singles = [((10 << 24) | (251 << 16) | 10) >>> 0, ((10 << 24) | (251 << 16) | 11) >>> 0];
  const exclSize = Math.max(2, Math.min(16, size >> 6));
  const excluded = blocks.map((b) => ({ start: b.start + (size >> 1) + 32 * Number(size >= 1024), size: exclSize }));
  excluded.push({ start: blocks[0].start + size - 2, size: 1 });
  const targetText = [
    ...blocks.map((b, k) => (k === 1 ? `${ipText(b.start)}-${ipText(b.start + b.size - 1)}` : `${ipText(b.start)}/${32 - bits}`)),
    `${ipText(dead.start)}/${32 - deadBits}`,
    ...singles.map(ipText),
  ].join(",");
  const excludedText = excluded.map((e) => (e.size === 1 ? ipText(e.start) : `${ipText(e.start)}-${ipText(e.start + e.size - 1)}`)).join(",");
  const targetTotal = blocks.length * size + dead.size + singles.length;
  const excludedTotal = excluded.reduce((n, e) => n + e.size, 0);
  const distribution = blocks.map((b, k) => `scanner_dc${(k % 2) + 1} : ${ipText(b.start)}-${ipText(b.start + b.size - 1)}`).join(", ");
  return { blocks, dead, singles, excluded, targetText, excludedText, targetTotal, excludedTotal, distribution };
}

const SCANNED = 0;
const NOT_ALIVE = 1;
const NO_VULN_FOUND = 2;
const EXCLUDED = 3;

/**
 * Every address of the blocks and the single targets with what the scan says of it, in order:
 * exactly `hosts` SCANNED, the exclusions, the rest not alive or (NO_VULN of the live ones) scanned
 * without a finding. Live hosts come in runs, as servers sit next to each other in their subnets
 * (a two-state chain: a live address is followed by a live one with probability STAY; the chance
 * of a dead address being followed by a live one keeps the remaining fill on course, and the last
 * addresses are forced so that the count is exact). The same seed gives the same sequence: run
 * once to count, once to write.
 */
const STAY = 0.8;
function* addresses(layout, hosts) {
  const r = rng(SEED);
  const isExcluded = (ip) => layout.excluded.some((e) => ip >= e.start && ip < e.start + e.size);
  const eligible = (ip) => (ip & 255) !== 0 && (ip & 255) !== 255 && !isExcluded(ip);
  let pool = 0;
  for (const b of layout.blocks) for (let ip = b.start; ip < b.start + b.size; ip++) if (eligible(ip)) pool++;
  if (pool < hosts / (1 - NO_VULN) + 100) throw new Error("target layout too small");
  let needed = hosts;
  let live = false;
  for (const b of layout.blocks) {
    for (let ip = b.start; ip < b.start + b.size; ip++) {
      if (isExcluded(ip)) yield [ip, EXCLUDED];
      else if (!eligible(ip)) yield [ip, NOT_ALIVE];
      else {
        if (needed >= pool) live = true;
        else if (needed === 0) live = false;
        else {
          const f = needed / (1 - NO_VULN) / pool;
          const start = f >= 1 ? 1 : Math.min(1, (f * (1 - STAY)) / (1 - f));
          live = r.next() < (live ? STAY : start);
        }
        pool--;
        if (!live) yield [ip, NOT_ALIVE];
        else if (needed < pool + 1 && r.chance(NO_VULN)) yield [ip, NO_VULN_FOUND];
        else {
          needed--;
          yield [ip, SCANNED];
        }
      }
    }
  }
  if (needed !== 0) throw new Error(`address selection missed ${needed} hosts`);
  yield [layout.singles[0], NOT_ALIVE];
  yield [layout.singles[1], NO_VULN_FOUND];
}

const q = (v) => JSON.stringify(v);
const KEY = "        ";

/** One pretty-printed array element (4-space indentation, as the API prints it). */
function element(entries) {
  return `    {\n${entries.map(([k, v]) => `${KEY}${q(k)}: ${q(v)}`).join(",\n")}\n    }`;
}

function headers(layout, hosts, noVuln) {
  const seconds = 3600 + Math.round(hosts * 0.9);
  const duration = [seconds / 3600, (seconds / 60) % 60, seconds % 60].map((v) => String(Math.floor(v)).padStart(2, "0")).join(":");
  const account = element([
    ["username", "corp_ss"], ["city", "Paris"], ["zip", "75008"], ["name", "Scan Service"], ["add1", "1 Rue de la Paix"],
    ["country", "France"], ["company", "Example Corp \u2014 EMEA"], ["state", "\u00cele-de-France"],
    ["scan_report_template_title", "Scan Results"], ["result_date", "11/19/2024 06:12:44"], ["role", "Manager"], ["add2", "Floor 3"],
  ]);
  const scan = element([
    ["status", "Finished"],
    ["scanner_appliance", "scanner_dc1 (Scanner 13.6.32-1, Vulnerability Signatures 2.6.120-2), scanner_dc2 (Scanner 13.6.32-1, Vulnerability Signatures 2.6.120-2)"],
    ["network", "Global Default Network"],
    ["reference", "scan/1731969367.46268"],
    ["ips", layout.targetText],
    ["launch_date", "11/18/2024 22:36:07"],
    ["option_profile", "Authenticated full scan"],
    ["total_hosts", String(layout.targetTotal)],
    ["scan_title", "Weekly internal scan - all data centres (benchmark)"],
    ["duration", duration],
    ["excluded_ips", layout.excludedText],
    ["asset_groups", "All data centres"],
    ["type", "Scheduled"],
    ["active_hosts", String(hosts + noVuln)],
  ]);
  return `[\n${account},\n${scan}`;
}

const parts = new Map();
/** The part of a finding object that depends only on the QID and its type, rendered once. */
function findingParts(e, type) {
  const key = `${type}${e.qid}`;
  let p = parts.get(key);
  if (p) return p;
  const d = plainDescriptions(e);
  const cve = e.cves.length > 0 ? e.cves.join(", ") : null;
  p = {
    head: `${KEY}"qid": ${e.qid},\n${KEY}"title": ${q(e.title)},\n${KEY}"type": ${q(type)},\n${KEY}"severity": "${e.severity}",\n`,
    body:
      `${KEY}"fqdn": "",\n` +
      `${KEY}"cve_id": ${q(cve)},\n${KEY}"vendor_reference": ${q(e.vendorRef ? e.vendorRef.id : null)},\n${KEY}"bugtraq_id": null,\n` +
      `${KEY}"threat": ${q(d.threat)},\n${KEY}"impact": ${q(d.impact)},\n${KEY}"solution": ${q(d.solution)},\n` +
      `${KEY}"exploitability": null,\n${KEY}"associated_malware": null,\n`,
    tail: `${KEY}"pci_vuln": "${e.pci ? "yes" : "no"}",\n${KEY}"instance": null,\n${KEY}"category": ${q(e.category)}\n    }`,
  };
  parts.set(key, p);
  return p;
}

const SSL_PORTS = new Set([443, 8443, 3389, 4443]);

export async function generateScanJson({ scale = 1, out = null, force = false } = {}) {
  const path = out ?? scanJsonPath(scale);
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  const t0 = process.hrtime.bigint();
  const cat = buildCatalog();
  const hosts = Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale));
  const layout = targetLayout(hosts);
  let noVulnTotal = 0;
  for (const [, what] of addresses(layout, hosts)) if (what === NO_VULN_FOUND) noVulnTotal++;

  const w = new ChunkedWriter(path);
  const severities = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
  const byType = { Vuln: 0, Practice: 0, Ig: 0 };
  const kindOf = { Vuln: "confirmed", Practice: "potential", Ig: "info" };
  const lists = { notAlive: new RunList(ipText), excluded: new RunList(ipText), noVuln: new RunList(ipText) };
  let authFailures = 0;
  let riskSum = 0;
  let findings = 0;
  try {
    w.write(headers(layout, hosts, noVulnTotal));
    let i = 0;
    for (const [ip, what] of addresses(layout, hosts)) {
      if (what === NOT_ALIVE) lists.notAlive.add(ip);
      else if (what === EXCLUDED) lists.excluded.add(ip);
      else if (what === NO_VULN_FOUND) lists.noVuln.add(ip);
      if (what !== SCANNED) continue;
      const plan = planFindingHost(cat, mixSeed(SEED, i), i, PLAN);
      const r = rng(mixSeed(SEED + 1, i));
      const host = { ...plan, ip: ipText(ip) };
      const hasVuln = plan.findings.some((f) => f.type === "Vuln");
      const head =
        `,\n    {\n${KEY}"ip": "${host.ip}",\n${KEY}"dns": ${q(plan.name ?? "")},\n${KEY}"netbios": ${q(plan.netbios)},\n` +
        `${KEY}"os": ${q(plan.os)},\n${KEY}"ip_status": "${hasVuln ? "host scanned, found vuln" : "host scanned, no vulnerabilities found"}",\n`;
      let x = "";
      const confirmed = [];
      let authFailed = false;
      for (const f of plan.findings) {
        const p = findingParts(f.e, f.type);
        const port = f.port === null ? `${KEY}"port": "",\n${KEY}"protocol": "",\n${KEY}"ssl": "no",\n` : `${KEY}"port": "${f.port}",\n${KEY}"protocol": "${f.protocol}",\n${KEY}"ssl": "${SSL_PORTS.has(f.port) ? "yes" : "no"}",\n`;
        const result = findingResult(f, host, r);
        x += head + p.head + port + p.body + `${KEY}"results": ${q(result)},\n` + p.tail;
        byType[f.type]++;
        severities[kindOf[f.type]][f.e.severity - 1]++;
        if (f.type === "Vuln") confirmed.push(f.e.severity);
        if (AUTH_FAILURE_QIDS.has(f.e.qid)) authFailed = true;
      }
      findings += plan.findings.length;
      if (authFailed) authFailures++;
      riskSum += hostRiskValue(confirmed);
      const p = w.write(x);
      if (p) await p;
      i++;
    }
    const appendix = [
      [APPENDIX.notAlive, lists.notAlive.text(", ")],
      [APPENDIX.excluded, lists.excluded.text(", ")],
      [APPENDIX.noVuln, lists.noVuln.text(", ")],
      [APPENDIX.distribution, layout.distribution],
    ];
    for (const [k, v] of appendix) w.write(`,\n${element([[k, v]])}`);
    w.write("\n]\n");
    const bytes = await w.close();
    const nonZero = (o) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));
    const manifest = {
      generator: `scan-json v${SCAN_JSON_GENERATOR_VERSION}.${CATALOG_VERSION}`,
      scale,
      bytes,
      expected: {
        format: "qualys-scan-json",
        hostsWithResults: hosts,
        findings,
        findingsByType: byType,
        confirmed: byType.Vuln,
        severities,
        authFailures,
        ips: layout.targetTotal,
        appendixIps: {
          [APPENDIX.notAlive]: lists.notAlive.count,
          [APPENDIX.excluded]: lists.excluded.count,
          [APPENDIX.noVuln]: lists.noVuln.count,
        },
        byStatus: nonZero({
          Success: hosts - authFailures + lists.noVuln.count,
          CredentialFailed: authFailures,
          NoAnswer: layout.targetTotal - hosts - lists.noVuln.count - layout.excludedTotal,
          SkippedAsExcluded: layout.excludedTotal,
        }),
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

await runGeneratorCli(import.meta.url, generateScanJson);

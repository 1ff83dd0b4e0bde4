#!/usr/bin/env node
/**
 * Deterministic Qualys SCAN (scan-1.dtd) of about 1 GB at scale 1: 50,000 scanned hosts in five
 * CIDR / range target blocks, plus a target subnet and two addresses nobody answered on, and
 * excluded ranges. Each host has OS, INFOS / SERVICES / VULNS / PRACTICES grouped by CAT, items with
 * TITLE, LAST_UPDATE, CVSS, vendor and CVE lists, HTML in CDATA, RESULT (some format="table").
 * About 3% of the Windows and Unix hosts carry an authentication-failure QID (105015 / 105053).
 *
 *   node bench/generate-scan-xml.mjs [--scale 1] [--out file.xml] [--force]
 *
 * Next to the file, FILE.meta.json holds the counts a correct reader must find (hosts, findings by
 * kind and severity, statuses, average security risk).
 */
import { join } from "node:path";
import { buildCatalog, CATALOG_VERSION } from "./lib/catalog.mjs";
import { hostName, planHost, resultFor, riskTenths, roundedAverage } from "./lib/hosts.mjs";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { mixSeed, rng } from "./lib/prng.mjs";

export const SCAN_GENERATOR_VERSION = 1;
const SEED = 0x5ca1ab1e;
const HOSTS_AT_SCALE_1 = 50_000;
/** Mean counts per host, tuned so that scale 1 gives about 1 GB. */
const MEANS = { ig: 4, services: 1, vulns: 6, practices: 1.6 };
const BLOCKS = 5;
const FILL = 0.72;

export function scanXmlPath(scale) {
  return join(DATA_DIR, `scan-v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION}-s${scaleTag(scale)}.xml`);
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
  const singles = [((10 << 24) | (251 << 16) | 10) >>> 0, ((10 << 24) | (251 << 16) | 11) >>> 0];
  // Excluded: a small range in the middle of each block, and one single address.
  const exclSize = Math.max(2, Math.min(16, size >> 6));
  const excluded = blocks.map((b) => ({ start: b.start + (size >> 1) + 32 * Number(size >= 1024), size: exclSize }));
  excluded.push({ start: blocks[0].start + size - 2, size: 1 });
  const targetText = [
    ...blocks.map((b, k) => (k === 2 ? `${ipText(b.start)}-${ipText(b.start + b.size - 1)}` : `${ipText(b.start)}/${32 - bits}`)),
    `${ipText(dead.start)}/${32 - deadBits}`,
    ...singles.map(ipText),
  ].join(", ");
  const excludedText = excluded.map((e) => (e.size === 1 ? ipText(e.start) : `${ipText(e.start)}-${ipText(e.start + e.size - 1)}`)).join(", ");
  const targetTotal = blocks.length * size + dead.size + singles.length;
  const excludedTotal = excluded.reduce((n, e) => n + e.size, 0);
  return { blocks, excluded, targetText, excludedText, targetTotal, excludedTotal };
}

function isExcluded(layout, ip) {
  for (const e of layout.excluded) if (ip >= e.start && ip < e.start + e.size) return true;
  return false;
}

/** Scanned addresses, exactly `hosts` of them, spread over the blocks (selection sampling). */
function* scannedAddresses(layout, hosts, r) {
  const eligible = (ip) => (ip & 255) !== 0 && (ip & 255) !== 255 && !isExcluded(layout, ip);
  let pool = 0;
  for (const b of layout.blocks) for (let ip = b.start; ip < b.start + b.size; ip++) if (eligible(ip)) pool++;
  if (pool < hosts) throw new Error("target layout too small");
  let needed = hosts;
  for (const b of layout.blocks) {
    for (let ip = b.start; ip < b.start + b.size && needed > 0; ip++) {
      if (!eligible(ip)) continue;
      if (r.next() * pool < needed) {
        needed--;
        yield ip;
      }
      pool--;
    }
  }
}

function header(layout, hosts) {
  const k = (name, value, cdata) => `  <KEY value="${name}">${cdata ? `<![CDATA[${value}]]>` : value}</KEY>\n`;
  const seconds = 3600 + Math.round(hosts * 1.7);
  const duration = [seconds / 3600, (seconds / 60) % 60, seconds % 60].map((v) => String(Math.floor(v)).padStart(2, "0")).join(":");
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n` +
    `<!DOCTYPE SCAN SYSTEM "https://qualysguard.qg2.apps.qualys.eu/scan-1.dtd">\n` +
    `<!-- scan is running on qualysguard //-->\n` +
    `<SCAN value="scan/1731969367.46268">\n<HEADER>\n` +
    k("USERNAME", "corp_ss") +
    k("COMPANY", "Example Corp", true) +
    k("DATE", "2024-11-18T22:36:07Z") +
    k("TITLE", "Weekly internal scan - all data centres (benchmark)", true) +
    k("TARGET", layout.targetText, true) +
    k("EXCLUDED_TARGET", layout.excludedText, true) +
    k("DURATION", duration) +
    k("SCAN_HOST", "10.255.0.10 (Scanner 13.6.32-1, Vulnsigs 2.6.120-2)") +
    k("NBHOST_ALIVE", String(hosts)) +
    k("NBHOST_TOTAL", String(layout.targetTotal)) +
    k("REPORT_TYPE", "Scheduled") +
    k("OPTIONS", "Full TCP scan, Standard Password Brute Forcing, Windows Authentication ON, Unix Authentication ON, Load balancer detection OFF, Overall Performance: Normal") +
    k("STATUS", "FINISHED") +
    `  <ASSET_GROUPS><ASSET_GROUP><ASSET_GROUP_TITLE><![CDATA[All data centres]]></ASSET_GROUP_TITLE></ASSET_GROUP></ASSET_GROUPS>\n` +
    `  <OPTION_PROFILE><OPTION_PROFILE_TITLE option_profile_default="0"><![CDATA[Authenticated full scan]]></OPTION_PROFILE_TITLE></OPTION_PROFILE>\n` +
    `</HEADER>\n`
  );
}

const heads = new Map();
/** The part of an item that does not depend on the host, rendered once per QID and tag. */
function itemHead(e, tag) {
  const key = `${tag}${e.qid}`;
  let h = heads.get(key);
  if (h) return h;
  const cve = tag === "VULN" && e.cves.length > 0 ? ` cveid="${e.cves.join(",")}"` : "";
  h = `      <${tag} number="${e.qid}" severity="${e.severity}"${cve}>\n`;
  h += `        <TITLE><![CDATA[${e.title}]]></TITLE>\n        <LAST_UPDATE><![CDATA[${e.lastUpdate}]]></LAST_UPDATE>\n`;
  if (e.cvssBase) h += `        <CVSS_BASE source="service">${e.cvssBase}</CVSS_BASE>\n        <CVSS_TEMPORAL>${e.cvssTemporal}</CVSS_TEMPORAL>\n`;
  h += `        <PCI_FLAG>${e.pci}</PCI_FLAG>\n`;
  if (e.vendorRef) {
    h += `        <VENDOR_REFERENCE_LIST><VENDOR_REFERENCE><ID><![CDATA[${e.vendorRef.id}]]></ID><URL><![CDATA[${e.vendorRef.url}]]></URL></VENDOR_REFERENCE></VENDOR_REFERENCE_LIST>\n`;
  }
  if (e.cves.length > 0) {
    h += `        <CVE_ID_LIST>${e.cves.map((c) => `<CVE_ID><ID><![CDATA[${c}]]></ID><URL><![CDATA[https://nvd.nist.gov/vuln/detail/${c}]]></URL></CVE_ID>`).join("")}</CVE_ID_LIST>\n`;
  }
  h += `        <DIAGNOSIS><![CDATA[${e.diagnosis}]]></DIAGNOSIS>\n        <CONSEQUENCE><![CDATA[${e.consequence}]]></CONSEQUENCE>\n        <SOLUTION><![CDATA[${e.solution}]]></SOLUTION>\n`;
  heads.set(key, h);
  return h;
}

/** Items grouped into CAT elements by (category, port, protocol), in order of first appearance. */
function section(tag, itemTag, items, host, r) {
  if (items.length === 0) return "";
  const groups = new Map();
  for (const [e, port, protocol] of items) {
    const key = `${e.category}|${port ?? ""}|${protocol ?? ""}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { e, port, protocol, items: [] }));
    g.items.push([e, port]);
  }
  let x = `  <${tag}>\n`;
  for (const g of groups.values()) {
    const where = g.port ? ` port="${g.port}" protocol="${g.protocol}"` : "";
    x += `    <CAT value="${g.e.category}"${where}>\n`;
    for (const [e, port] of g.items) x += itemHead(e, itemTag) + resultFor(e, host, port, r, "        ") + `      </${itemTag}>\n`;
    x += `    </CAT>\n`;
  }
  return `${x}  </${tag}>\n`;
}

export async function generateScanXml({ scale = 1, out = null, force = false } = {}) {
  const path = out ?? scanXmlPath(scale);
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  const t0 = process.hrtime.bigint();
  const cat = buildCatalog();
  const hosts = Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale));
  const layout = targetLayout(hosts);
  const w = new ChunkedWriter(path);
  const severities = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
  let authFailures = 0;
  let riskSum = 0;
  try {
    w.write(header(layout, hosts));
    let i = 0;
    for (const ip of scannedAddresses(layout, hosts, rng(SEED))) {
      const plan = planHost(cat, mixSeed(SEED, i), MEANS);
      const r = rng(mixSeed(SEED + 1, i));
      const host = { ...plan, ip: ipText(ip), name: hostName(r, plan.family, i) };
      let x = i > 0 && i % 500 === 0 ? `<!-- keep-alive -->\n` : "";
      x += `<IP value="${host.ip}" name="${host.name ?? "No registered hostname"}">\n  <OS><![CDATA[${plan.os}]]></OS>\n`;
      const infoItems = plan.info.map((e) => [e, null, null]);
      x += section("INFOS", "INFO", infoItems, host, r);
      x += section("SERVICES", "SERVICE", plan.services.map((e) => [e, null, null]), host, r);
      x += section("VULNS", "VULN", plan.vulns, host, r);
      x += section("PRACTICES", "PRACTICE", plan.practices, host, r);
      x += `</IP>\n`;
      const p = w.write(x);
      if (p) await p;

      for (const [e] of plan.vulns) severities.confirmed[e.severity - 1]++;
      for (const [e] of plan.practices) severities.potential[e.severity - 1]++;
      for (const e of [...plan.info, ...plan.services]) severities.info[e.severity - 1]++;
      if (plan.authFailed) authFailures++;
      riskSum += riskTenths(plan.vulns.map(([e]) => e.severity));
      i++;
    }
    w.write(`</SCAN>\n<!-- CONFIDENTIAL AND PROPRIETARY INFORMATION. Generated for benchmarking; not real scan data. -->\n`);
    const bytes = await w.close();
    const manifest = {
      generator: `scan-xml v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION}`,
      scale,
      bytes,
      expected: {
        format: "qualys-scan",
        records: hosts,
        confirmed: severities.confirmed.reduce((a, b) => a + b, 0),
        severities,
        ips: layout.targetTotal,
        byStatus: {
          Success: hosts - authFailures,
          CredentialFailed: authFailures,
          NoAnswer: layout.targetTotal - hosts - layout.excludedTotal,
          SkippedAsExcluded: layout.excludedTotal,
        },
        authFailures,
        averageSecurityRisk: roundedAverage(riskSum, hosts),
      },
    };
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

await runGeneratorCli(import.meta.url, generateScanXml);

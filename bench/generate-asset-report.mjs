#!/usr/bin/env node
/**
 * Deterministic Qualys ASSET_DATA_REPORT (scan-based report) of about 200 MB at scale 1: HEADER with
 * TARGET and RISK_SCORE_SUMMARY, RISK_SCORE_PER_HOST, HOST_LIST of 21,000 hosts with VULN_INFO entries
 * (QID id="qid_N", TYPE Vuln / Practice / Ig, VULN_STATUS New / Active / Re-Opened / Fixed), the
 * GLOSSARY with VULN_DETAILS for every QID used, and APPENDICES with NO_RESULTS ranges.
 * The risk figures in the header need every host's findings, so hosts are planned twice from
 * per-host seeds: once for the totals, once to write them (nothing is held in memory).
 *
 *   node bench/generate-asset-report.mjs [--scale 1] [--out file.xml] [--force]
 */
import { join } from "node:path";
import { buildCatalog, CATALOG_VERSION } from "./lib/catalog.mjs";
import { hostName, planHost, resultFor, riskTenths, roundedAverage } from "./lib/hosts.mjs";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { mixSeed, rng } from "./lib/prng.mjs";

export const ASSET_GENERATOR_VERSION = 1;
const SEED = 0xa55e7;
const HOSTS_AT_SCALE_1 = 21_000;
/** Mean counts per host, tuned so that scale 1 gives about 200 MB. */
const MEANS = { ig: 6, services: 1, vulns: 9, practices: 2.5 };

const SERVICE_NAME = { 22: "ssh", 80: "http", 443: "http over ssl", 445: "microsoft-ds", 3389: "ms-rdp", 8443: "http over ssl", 1433: "mssql", 3306: "mysql", 5432: "postgresql" };

export function assetReportPath(scale) {
  return join(DATA_DIR, `asset-v${ASSET_GENERATOR_VERSION}.${CATALOG_VERSION}-s${scaleTag(scale)}.xml`);
}

/** Host addresses: consecutive-ish addresses in 172.16.0.0/12, skipping .0 and .255. */
function hostAddress(i) {
  const base = ((172 << 24) | (16 << 16)) >>> 0;
  const perSubnet = 200;
  return base + Math.floor(i / perSubnet) * 256 + 10 + (i % perSubnet);
}

function noResultsRanges(hosts) {
  const size = Math.max(4, Math.min(256, Math.round(hosts / 100)));
  const base = ((172 << 24) | (30 << 16)) >>> 0;
  const ranges = [];
  for (let k = 0; k < 5; k++) ranges.push({ start: base + k * 256, end: base + k * 256 + size - 1 });
  ranges.push({ start: base + 5 * 256 + 7, end: base + 5 * 256 + 7 });
  return ranges;
}

/** One host's findings with their report status; decided from per-host seeds only. */
function planAssetHost(cat, i) {
  const plan = planHost(cat, mixSeed(SEED, i), MEANS);
  const r = rng(mixSeed(SEED + 2, i));
  const status = () => r.weighted([["New", 15], ["Active", 70], ["Re-Opened", 5], ["Fixed", 10]]);
  const entries = [
    ...plan.info.map((e) => ({ e, type: "Ig", port: null, protocol: null, status: null })),
    ...plan.services.map((e) => ({ e, type: "Ig", port: null, protocol: null, status: null })),
    ...plan.vulns.map(([e, port, protocol]) => ({ e, type: "Vuln", port, protocol, status: status() })),
    ...plan.practices.map(([e, port, protocol]) => ({ e, type: "Practice", port, protocol, status: status() })),
  ];
  const active = entries.filter((x) => x.status !== "Fixed");
  const risk = riskTenths(active.filter((x) => x.type === "Vuln").map((x) => x.e.severity));
  return { plan, entries, active, risk };
}

function vulnInfo(x, host, r) {
  const { e } = x;
  let v = `<VULN_INFO>\n<QID id="qid_${e.qid}">${e.qid}</QID>\n<TYPE>${x.type}</TYPE>\n`;
  if (x.port) {
    v += `<PORT>${x.port}</PORT>\n`;
    if (SERVICE_NAME[x.port]) v += `<SERVICE>${SERVICE_NAME[x.port]}</SERVICE>\n`;
    v += `<PROTOCOL>${x.protocol}</PROTOCOL>\n`;
    if (x.port === 443 || x.port === 8443) v += `<SSL>true</SSL>\n`;
  }
  v += resultFor(e, host, x.port, r, "");
  const first = `${r.int(2021, 2024)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}T0${r.int(0, 9)}:12:44Z`;
  v += `<FIRST_FOUND>${first}</FIRST_FOUND>\n<LAST_FOUND>2024-11-18T${String(r.int(10, 23))}:${String(r.int(10, 59))}:07Z</LAST_FOUND>\n<TIMES_FOUND>${r.int(1, 150)}</TIMES_FOUND>\n`;
  if (x.status) v += `<VULN_STATUS>${x.status}</VULN_STATUS>\n`;
  if (e.cvssBase) v += `<CVSS_FINAL>${e.cvssBase}</CVSS_FINAL>\n<CVSS3_FINAL>${e.cvss3}</CVSS3_FINAL>\n`;
  return `${v}</VULN_INFO>\n`;
}

function vulnDetails(e) {
  let d = `<VULN_DETAILS id="qid_${e.qid}">\n<QID id="qid_${e.qid}">${e.qid}</QID>\n<TITLE><![CDATA[${e.title}]]></TITLE>\n<SEVERITY>${e.severity}</SEVERITY>\n<CATEGORY>${e.category}</CATEGORY>\n`;
  d += `<THREAT><![CDATA[${e.diagnosis}]]></THREAT>\n<IMPACT><![CDATA[${e.consequence}]]></IMPACT>\n<SOLUTION><![CDATA[${e.solution}]]></SOLUTION>\n`;
  d += `<PCI_FLAG>${e.pci}</PCI_FLAG>\n<LAST_UPDATE>${e.lastUpdate}</LAST_UPDATE>\n`;
  if (e.cvssBase) d += `<CVSS_SCORE><CVSS_BASE source="service">${e.cvssBase}</CVSS_BASE><CVSS_TEMPORAL>${e.cvssTemporal}</CVSS_TEMPORAL></CVSS_SCORE>\n<CVSS3_SCORE><CVSS3_BASE>${e.cvss3}</CVSS3_BASE></CVSS3_SCORE>\n`;
  if (e.vendorRef) d += `<VENDOR_REFERENCE_LIST><VENDOR_REFERENCE><ID><![CDATA[${e.vendorRef.id}]]></ID><URL><![CDATA[${e.vendorRef.url}]]></URL></VENDOR_REFERENCE></VENDOR_REFERENCE_LIST>\n`;
  if (e.cves.length > 0) d += `<CVE_ID_LIST>${e.cves.map((c) => `<CVE_ID><ID><![CDATA[${c}]]></ID><URL><![CDATA[https://nvd.nist.gov/vuln/detail/${c}]]></URL></CVE_ID>`).join("")}</CVE_ID_LIST>\n`;
  return `${d}</VULN_DETAILS>\n`;
}

export async function generateAssetReport({ scale = 1, out = null, force = false } = {}) {
  const path = out ?? assetReportPath(scale);
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  const t0 = process.hrtime.bigint();
  const cat = buildCatalog();
  const hosts = Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale));
  const noResults = noResultsRanges(hosts);

  // Pass 1: totals for the header and the per-host risk table.
  const severities = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
  const used = new Set();
  const risks = new Uint8Array(hosts);
  const totals = new Uint16Array(hosts);
  let riskSum = 0;
  let authFailures = 0;
  let vulnTotal = 0;
  for (let i = 0; i < hosts; i++) {
    const h = planAssetHost(cat, i);
    for (const x of h.entries) used.add(x.e.qid);
    for (const x of h.active) severities[x.type === "Vuln" ? "confirmed" : x.type === "Practice" ? "potential" : "info"][x.e.severity - 1]++;
    const n = h.active.filter((x) => x.type !== "Ig").length;
    totals[i] = n;
    vulnTotal += n;
    risks[i] = h.risk;
    riskSum += h.risk;
    if (h.plan.authFailed) authFailures++;
  }
  const average = roundedAverage(riskSum, hosts);

  const w = new ChunkedWriter(path);
  try {
    const lastIp = ipText(hostAddress(hosts - 1));
    w.write(
      `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE ASSET_DATA_REPORT SYSTEM "https://qualysguard.qg2.apps.qualys.eu/asset_data_report.dtd">\n<ASSET_DATA_REPORT>\n<HEADER>\n` +
        `<COMPANY><![CDATA[Example Corp]]></COMPANY>\n<USERNAME>corp_ss</USERNAME>\n<GENERATION_DATETIME>2024-11-19T08:00:00Z</GENERATION_DATETIME>\n<TEMPLATE><![CDATA[Technical Report]]></TEMPLATE>\n` +
        `<TARGET>\n<USER_ASSET_GROUPS><ASSET_GROUP_TITLE><![CDATA[All data centres]]></ASSET_GROUP_TITLE></USER_ASSET_GROUPS>\n<COMBINED_IP_LIST>\n` +
        `<RANGE><START>${ipText(hostAddress(0))}</START><END>${lastIp}</END></RANGE>\n` +
        noResults.map((r) => `<RANGE><START>${ipText(r.start)}</START><END>${ipText(r.end)}</END></RANGE>\n`).join("") +
        `</COMBINED_IP_LIST>\n</TARGET>\n` +
        `<RISK_SCORE_SUMMARY><TOTAL_VULNERABILITIES>${vulnTotal}</TOTAL_VULNERABILITIES><AVG_SECURITY_RISK>${average.toFixed(1)}</AVG_SECURITY_RISK><BUSINESS_RISK>${Math.round(average * 4.5)}/100</BUSINESS_RISK></RISK_SCORE_SUMMARY>\n</HEADER>\n<RISK_SCORE_PER_HOST>\n`,
    );
    for (let i = 0; i < hosts; i++) {
      const p = w.write(`<HOSTS><IP_ADDRESS>${ipText(hostAddress(i))}</IP_ADDRESS><TOTAL_VULNERABILITIES>${totals[i]}</TOTAL_VULNERABILITIES><SECURITY_RISK>${(risks[i] / 10).toFixed(1)}</SECURITY_RISK></HOSTS>\n`);
      if (p) await p;
    }
    w.write(`</RISK_SCORE_PER_HOST>\n<HOST_LIST>\n`);

    // Pass 2: the hosts.
    for (let i = 0; i < hosts; i++) {
      const { plan, entries } = planAssetHost(cat, i);
      const r = rng(mixSeed(SEED + 1, i));
      const host = { ...plan, ip: ipText(hostAddress(i)), name: hostName(r, plan.family, i) };
      let x = `<HOST>\n<IP network_id="0">${host.ip}</IP>\n<TRACKING_METHOD>${plan.family === "network" ? "IP" : r.pick(["IP", "IP", "DNS", "NETBIOS"])}</TRACKING_METHOD>\n<HOST_ID>${1_000_000 + i}</HOST_ID>\n`;
      if (host.name) x += `<DNS><![CDATA[${host.name}]]></DNS>\n`;
      if (plan.family === "windows") x += `<NETBIOS><![CDATA[${(host.name ?? `HOST${i}`).split(".")[0].toUpperCase()}]]></NETBIOS>\n`;
      x += `<OPERATING_SYSTEM><![CDATA[${plan.os}]]></OPERATING_SYSTEM>\n<ASSET_GROUPS><ASSET_GROUP_TITLE><![CDATA[DC${1 + (i % 4)} ${plan.family}]]></ASSET_GROUP_TITLE></ASSET_GROUPS>\n<VULN_INFO_LIST>\n`;
      for (const v of entries) x += vulnInfo(v, host, r);
      x += `</VULN_INFO_LIST>\n</HOST>\n`;
      const p = w.write(x);
      if (p) await p;
    }
    w.write(`</HOST_LIST>\n<GLOSSARY>\n<VULN_DETAILS_LIST>\n`);
    for (const qid of [...used].sort((a, b) => a - b)) {
      const p = w.write(vulnDetails(cat.byQid.get(qid)));
      if (p) await p;
    }
    w.write(
      `</VULN_DETAILS_LIST>\n</GLOSSARY>\n<APPENDICES>\n<NO_RESULTS>\n<IP_LIST>\n` +
        noResults.map((r) => `<RANGE><START>${ipText(r.start)}</START><END>${ipText(r.end)}</END></RANGE>\n`).join("") +
        `</IP_LIST>\n</NO_RESULTS>\n<TEMPLATE_DETAILS>\n<FILTER_SUMMARY><![CDATA[Status: New, Active, Re-Opened, Fixed\nTypes: Confirmed, Potential, Information gathered]]></FILTER_SUMMARY>\n</TEMPLATE_DETAILS>\n</APPENDICES>\n</ASSET_DATA_REPORT>\n`,
    );
    const bytes = await w.close();
    const noResultTotal = noResults.reduce((n, r) => n + r.end - r.start + 1, 0);
    const manifest = {
      generator: `asset-report v${ASSET_GENERATOR_VERSION}.${CATALOG_VERSION}`,
      scale,
      bytes,
      expected: {
        format: "qualys-asset-report",
        records: hosts,
        confirmed: severities.confirmed.reduce((a, b) => a + b, 0),
        severities,
        ips: hosts + noResultTotal,
        byStatus: { Success: hosts - authFailures, CredentialFailed: authFailures, NoResult: noResultTotal },
        authFailures,
        averageSecurityRisk: average,
        glossaryQids: used.size,
      },
    };
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

await runGeneratorCli(import.meta.url, generateAssetReport);

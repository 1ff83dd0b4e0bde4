#!/usr/bin/env node
/**
 * A service provider's fleet for the `fleet` part of the benchmark: 200 Qualys SCAN files of ~5 MB
 * (~1 GB together), one folder per customer, `bench/data/fleet-v1/customer-NNN/scan.xml`. Each is
 * `generate-scan-xml.mjs --customer NNN`: its own environment (seeded stream, header, 200-280 hosts)
 * in its own /16 (10.NNN.0.0/16), so no address is shared between customers and the fleet's totals
 * are the sums of the customers'.
 *
 *   node bench/generate-scan-fleet.mjs [--scale 1] [--customers 200] [--force]
 *
 * Next to each file, scan.xml.meta.json holds that customer's counts; `manifest.json` in the fleet's
 * folder lists the files (path, customer, hosts, bytes, expected counts) and their sums (`expected`:
 * hosts, confirmed findings, findings by severity, IPs, IPs by status, authentication failures and
 * the average security risk of all hosts, from the unrounded per-host risks). The fleet is rebuilt
 * when the manifest is missing, names another generator version, or a file's size differs from it;
 * bump FLEET_VERSION (the folder's name) when the fleet's output changes.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CATALOG_VERSION } from "./lib/catalog.mjs";
import { DATA_DIR, runGeneratorCli, scaleTag } from "./lib/output.mjs";
import { customerHosts, generateScanXml, MAX_CUSTOMER, SCAN_GENERATOR_VERSION } from "./generate-scan-xml.mjs";

export const FLEET_VERSION = 1;
export const FLEET_CUSTOMERS = 200;
const GENERATOR = `scan-fleet v${FLEET_VERSION} (scan-xml v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION})`;

/** bench/data/fleet-v1 at the goal size; the scale and a customer count other than 200 name other folders. */
export function fleetDir(scale = 1, customers = FLEET_CUSTOMERS) {
  const s = scale === 1 ? "" : `-s${scaleTag(scale)}`;
  const c = customers === FLEET_CUSTOMERS ? "" : `-c${customers}`;
  return join(DATA_DIR, `fleet-v${FLEET_VERSION}${s}${c}`);
}

export function customerFolder(customer) {
  return `customer-${String(customer).padStart(3, "0")}`;
}

function fleetCached(dir, customers) {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) return null;
  const m = JSON.parse(readFileSync(path, "utf8"));
  if (m.generator !== GENERATOR || m.files?.length !== customers) return null;
  for (const f of m.files) {
    const p = join(dir, f.path);
    if (!existsSync(p) || statSync(p).size !== f.bytes || !existsSync(`${p}.meta.json`)) return null;
  }
  return m;
}

const zeros = () => [0, 0, 0, 0, 0];

/** The fleet's sums of the customers' expected counts (their addresses never overlap). */
function sums(files) {
  const e = {
    format: "qualys-scan",
    records: 0,
    confirmed: 0,
    severities: { confirmed: zeros(), potential: zeros(), info: zeros() },
    ips: 0,
    byStatus: { Success: 0, CredentialFailed: 0, NoAnswer: 0, SkippedAsExcluded: 0 },
    authFailures: 0,
    averageSecurityRisk: null,
    riskSum: 0,
  };
  for (const { expected: x, riskSum } of files) {
    e.records += x.records;
    e.confirmed += x.confirmed;
    for (const kind of Object.keys(e.severities)) x.severities[kind].forEach((n, i) => (e.severities[kind][i] += n));
    e.ips += x.ips;
    for (const k of Object.keys(e.byStatus)) e.byStatus[k] += x.byStatus[k];
    e.authFailures += x.authFailures;
    e.riskSum += riskSum;
  }
  // The Qualys average over every host of the fleet, rounded once, half up (src/aggregate/risk.ts).
  e.averageSecurityRisk = e.records === 0 ? null : Math.floor((e.riskSum / e.records) * 10 + 0.5 + 1e-9) / 10;
  return e;
}

/**
 * Returns { path: the fleet's folder, files: [{ path (absolute), customer, hosts, bytes, expected }],
 * bytes, expected (sums), generated, seconds }.
 */
export async function generateScanFleet({ scale = 1, customers = FLEET_CUSTOMERS, force = false } = {}) {
  if (!(Number.isInteger(customers) && customers >= 1 && customers <= MAX_CUSTOMER)) throw new Error(`bad --customers: ${customers} (1-${MAX_CUSTOMER})`);
  const dir = fleetDir(scale, customers);
  const absolute = (m) => m.files.map((f) => ({ ...f, path: join(dir, f.path) }));
  const existing = force ? null : fleetCached(dir, customers);
  if (existing) return { path: dir, ...existing, files: absolute(existing), generated: false };

  const t0 = process.hrtime.bigint();
  const files = [];
  for (let customer = 1; customer <= customers; customer++) {
    const out = join(dir, customerFolder(customer), "scan.xml");
    const hosts = customerHosts(customer, scale);
    // Always written afresh: a file left from another version must not pass for this one.
    const g = await generateScanXml({ customer, hosts, out, force: true });
    files.push({ path: relative(dir, out), customer, hosts, bytes: g.bytes, expected: g.expected, riskSum: g.riskSum });
  }
  const manifest = { generator: GENERATOR, scale, customers, bytes: files.reduce((n, f) => n + f.bytes, 0), expected: sums(files), files };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { path: dir, ...manifest, files: absolute(manifest), generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

await runGeneratorCli(import.meta.url, generateScanFleet, { scale: 1, customers: FLEET_CUSTOMERS });

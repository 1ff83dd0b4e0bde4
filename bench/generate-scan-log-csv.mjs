#!/usr/bin/env node
/**
 * Deterministic discovery scan-log export ("Scan Status" tab, Export as CSV) of 1,000,000 rows at
 * scale 1: Time,IP,Status,Duration,Scan Info, newest first, a realistic status mix (including
 * spelling variants and one unrecognised status), about 7% rescans of an IP already listed, RFC 4180
 * quoting for messages with commas and quotes, humanised and HH:MM:SS durations.
 *
 *   node bench/generate-scan-log-csv.mjs [--scale 1] [--out file.csv] [--force]
 *   node bench/generate-scan-log-csv.mjs --ips 100000     # until 100,000 distinct IPs (the report part)
 *
 * With `ips` (generateScanLogCsv({ ips })) the rows run until that many distinct IPs are listed
 * instead of a number of rows: the same random sequence, so the file is a prefix of the scale-1
 * file (about 7% more rows than IPs), cached as scanlog-vN-ipsM.csv.
 */
import { join } from "node:path";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { rng } from "./lib/prng.mjs";

export const CSV_GENERATOR_VERSION = 1;
const SEED = 0xc5c5;
const ROWS_AT_SCALE_1 = 1_000_000;
const RESCAN = 0.07;

/** [written status, canonical status (null = unrecognised: reported under its raw text), weight]. */
const STATUSES = [
  ["Success", "Success", 52],
  ["NoAnswer", "NoAnswer", 16],
  ["NoCredential", "NoCredential", 6],
  ["CredentialFailed", "CredentialFailed", 3.6],
  ["credentialfailed", "CredentialFailed", 0.4],
  ["NoConnection", "NoConnection", 3.5],
  ["No Connection", "NoConnection", 0.5],
  ["SkippedAsSameAs", "SkippedAsSameAs", 4],
  ["SkippedAsWorkStation", "SkippedAsWorkStation", 2.4],
  ["SkippedAsWorkstation", "SkippedAsWorkStation", 0.6],
  ["UnusableConnection", "UnusableConnection", 1.5],
  ["PartialScan", "PartialScan", 1.2],
  ["Partial Scan", "PartialScan", 0.3],
  ["ScanFailure", "ScanFailure", 1],
  ["ConnectionFailed", "ConnectionFailed", 1],
  ["InsufficientPrivilege", "InsufficientPrivilege", 0.8],
  ["InsufficientPriviliege", "InsufficientPrivilege", 0.2],
  ["SkippedAsExcluded", "SkippedAsExcluded", 1],
  ["Unknown", "Unknown", 0.5],
  ["Aborted", "Aborted", 0.5],
  ["NoResult", "NoResult", 0.5],
  ["CredentialNoLongerWork", "CredentialNoLongerWork", 0.4],
  ["CredentialNoLongerWorks", "CredentialNoLongerWork", 0.1],
  ["LockedAccount", "LockedAccount", 0.2],
  ["SystemDetected", "SystemDetected", 0.3],
  ["Warning", "Warning", 0.3],
  ["Timeout Exceeded", null, 0.1],
].map(([raw, canonical, w]) => [{ raw, canonical: canonical ?? raw }, w]);

const HOST_SUFFIX = ["eu-west-1.compute.internal", "corp.example.com", "dmz.example.com"];

function message(r, status, ip, host) {
  switch (status) {
    case "Success":
      return r.chance(0.6) ? `System discovered ${ip} : ${host}` : `Scanned ${ip} (${r.pick(["Windows Server 2019, 4 CPUs, 16 GB", "Red Hat Enterprise Linux 8, 2 CPUs, 8 GB", "VMware ESXi 7.0, 32 CPUs, 512 GB"])})`;
    case "NoAnswer":
      return `No answer from system ${ip}`;
    case "NoCredential":
      return `No credential provided for ${r.pick(["Unknown", "Windows", "Unix"])} system ${ip}. Hostname: ${host}`;
    case "CredentialFailed":
      return `Authentication failed for user 'svc_scan' on ${ip} (SSH, publickey,password)`;
    case "NoConnection":
      return `System ${ip} is pingable, but ports 22, 135, 445, 5985 are closed`;
    case "SkippedAsSameAs":
      return `Skipped: same as ${host} scanned via another IP`;
    case "SkippedAsWorkStation":
      return `Workstation ${host} skipped by job policy`;
    case "UnusableConnection":
      return `Connected to ${ip} but RPC service unavailable, WMI query failed`;
    case "PartialScan":
      return `Partial data for ${ip}: disks, processes not collected`;
    case "ScanFailure":
      return `Unexpected error while scanning ${ip}: java.net.SocketTimeoutException: Read timed out`;
    case "ConnectionFailed":
      return `Connection to ${ip} failed: "Connection reset by peer"`;
    case "InsufficientPrivilege":
      return `Credentials do not allow running dmidecode on ${ip}`;
    case "SkippedAsExcluded":
      return `${ip} is in the excluded list`;
    case "Aborted":
      return `Scan of ${ip} aborted: job reached its maximum duration (4h)`;
    case "NoResult":
      return `No scan result received from appliance for ${ip}`;
    case "CredentialNoLongerWork":
      return `Credential "win-domain-admin" no longer works on ${ip}`;
    case "LockedAccount":
      return `Account svc_scan locked out on ${ip}`;
    case "SystemDetected":
      return `System detected ${ip}, type Unix`;
    case "Warning":
      return `Scanned ${ip} with warnings: 2 of 14 commands failed`;
    case "Timeout Exceeded":
      return `Timeout exceeded after 3600 s on ${ip}`;
    default:
      return r.chance(0.5) ? "" : `Unexpected condition on ${ip}`;
  }
}

function duration(r, status) {
  const slow = status === "Success" || status === "PartialScan" || status === "Warning";
  const secs = slow ? r.int(20, 1500) : r.int(1, 90);
  const form = r.int(0, 9);
  if (form < 5) return secs < 45 ? "a few seconds" : secs < 90 ? "a minute" : `${Math.round(secs / 60)} minutes`;
  if (form < 8) return [secs / 3600, (secs / 60) % 60, secs % 60].map((v) => String(Math.floor(v)).padStart(2, "0")).join(":");
  return String(secs);
}

function csvCell(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scanLogCsvPath(scale, ips = null) {
  return join(DATA_DIR, `scanlog-v${CSV_GENERATOR_VERSION}-${ips === null ? `s${scaleTag(scale)}` : `ips${ips}`}.csv`);
}

/** `ips`: stop at that many distinct IPs (any number of rows) instead of at scale x 1,000,000 rows. */
export async function generateScanLogCsv({ scale = 1, ips = null, out = null, force = false } = {}) {
  if (ips !== null && !(Number.isInteger(ips) && ips >= 1)) throw new Error(`bad ips: ${ips}`);
  const path = out ?? scanLogCsvPath(scale, ips);
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  const t0 = process.hrtime.bigint();
  // With `ips`, the row loop ends when the last distinct IP is written (rows is only an upper bound).
  const rows = ips === null ? Math.max(10, Math.round(ROWS_AT_SCALE_1 * scale)) : Infinity;
  const r = rng(SEED);
  const seen = new Uint32Array(ips ?? rows);
  let distinct = 0;
  let nextIp = ((10 << 24) | (100 << 16) | 1) >>> 0;
  let time = Date.UTC(2024, 9, 28, 23, 59, 59);
  const byStatus = {};
  const rawCounts = {};
  const w = new ChunkedWriter(path);
  try {
    w.write("Time,IP,Status,Duration,Scan Info\r\n");
    let written = 0;
    for (let i = 0; i < rows && (ips === null || distinct < ips); i++) {
      written++;
      let ip;
      const rescan = distinct > 0 && r.chance(RESCAN);
      if (rescan) ip = seen[r.int(0, distinct - 1)];
      else {
        nextIp += 1 + (r.chance(0.2) ? r.int(1, 6) : 0);
        if ((nextIp & 255) === 255 || (nextIp & 255) === 0) nextIp = ((nextIp | 255) + 2) >>> 0;
        ip = nextIp;
        seen[distinct++] = ip;
      }
      const status = r.weighted(STATUSES);
      const ipStr = ipText(ip);
      const host = `ip-${ipStr.replace(/\./g, "-")}.${HOST_SUFFIX[ip % 3]}`;
      rawCounts[status.raw] = (rawCounts[status.raw] ?? 0) + 1;
      if (!rescan) byStatus[status.canonical] = (byStatus[status.canonical] ?? 0) + 1;
      time -= 1000 * r.int(1, 2);
      const when = new Date(time).toISOString().slice(0, 19).replace("T", " ");
      const p = w.write(`${when},${ipStr},${csvCell(status.raw)},${duration(r, status.canonical)},${csvCell(message(r, status.canonical, ipStr, host))}\r\n`);
      if (p) await p;
    }
    const bytes = await w.close();
    const manifest = {
      generator: `scanlog-csv v${CSV_GENERATOR_VERSION}`,
      ...(ips === null ? { scale } : { distinctIps: ips }),
      bytes,
      expected: { format: "scan-log-csv", records: written, ips: distinct, byStatus, rawStatusRows: rawCounts },
    };
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

await runGeneratorCli(import.meta.url, (args) => {
  const i = process.argv.indexOf("--ips");
  return generateScanLogCsv(i >= 0 ? { ...args, ips: Number(process.argv[i + 1]) } : args);
});

#!/usr/bin/env node
/**
 * Deterministic Qualys SCAN (scan-1.dtd) of about 1 GB at scale 1: 50,000 scanned hosts in five
 * CIDR / range target blocks, plus a target subnet and two addresses nobody answered on, and
 * excluded ranges. Each host has OS, INFOS / SERVICES / VULNS / PRACTICES grouped by CAT, items with
 * TITLE, LAST_UPDATE, CVSS, vendor and CVE lists, HTML in CDATA, RESULT (some format="table").
 * About 3% of the Windows and Unix hosts carry an authentication-failure QID (105015 / 105053).
 *
 * `--round 2` writes the same environment scanned again a week later (its own file, derived from
 * round 1 host by host, so round 1's bytes never depend on it): the same TARGET and exclusions, a
 * later HEADER DATE; ~5% of round 1's hosts down (most absent, a quarter as `status="down"`),
 * ~5% of the targets nobody answered on now scanned; on the hosts scanned again ~10% of the
 * confirmed and potential findings gone, ~8% of the information-gathered ones gone, new findings;
 * authentication failing on a few hosts that had it (their local checks then missing) and working
 * again on a third of those that failed.
 *
 * `--customer K` (1-255) writes a fleet customer's environment instead (bench/generate-scan-fleet.mjs
 * writes 200 of them): its own seeded stream and header (company, user, scan reference, date), and
 * the same target shape scaled to its host count inside its own /16, 10.K.0.0/16 (blocks at
 * 10.K.16.0, 10.K.32.0, ..., the dead subnet 10.K.250.0, single addresses 10.K.251.10-11), so no
 * two customers share an address. `--hosts N` sets the host count (for a customer, by default
 * 200-280 hosts drawn from K, ~5 MB, times --scale; otherwise 50,000 x --scale). Without
 * `--customer` and `--hosts` the output is the 1 GB-class file, byte for byte as before.
 *
 *   node bench/generate-scan-xml.mjs [--scale 1] [--round 1|2] [--out file.xml] [--force]
 *   node bench/generate-scan-xml.mjs --customer 17 [--hosts 240] [--scale 1] [--out file.xml] [--force]
 *
 * Next to the file, FILE.meta.json holds the counts a correct reader must find (hosts, findings by
 * kind and severity, statuses, average security risk); for round 2 also `expected.diff`, what
 * `scantriage diff ROUND1 ROUND2` must find (IPs and findings per change, docs/iterations.md).
 */
import { basename, join } from "node:path";
import { buildCatalog, CATALOG_VERSION } from "./lib/catalog.mjs";
import { hostName, planHost, resultFor, riskTenths, roundedAverage } from "./lib/hosts.mjs";
import { ChunkedWriter, DATA_DIR, cached, ipText, runGeneratorCli, scaleTag, writeManifest } from "./lib/output.mjs";
import { mixSeed, rng } from "./lib/prng.mjs";

export const SCAN_GENERATOR_VERSION = 1;
/** Version of the round-2 changes (bump when round 2's output changes; round 1's is the one above). */
export const SCAN_ROUND2_VERSION = 1;
const SEED = 0x5ca1ab1e;
const HOSTS_AT_SCALE_1 = 50_000;
/** Mean counts per host, tuned so that scale 1 gives about 1 GB. */
const MEANS = { ig: 4, services: 1, vulns: 6, practices: 1.6 };
const BLOCKS = 5;
const FILL = 0.72;
/** Fleet customers: their own streams (never round 1's), and their host counts (200-280 at scale 1). */
const CUSTOMER_SEED = 0xf1ee7c05;
const CUSTOMER_HOSTS = [200, 280];
export const MAX_CUSTOMER = 255;

export function scanXmlPath(scale, round = 1) {
  const r2 = round === 2 ? `-round2v${SCAN_ROUND2_VERSION}` : "";
  return join(DATA_DIR, `scan-v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION}-s${scaleTag(scale)}${r2}.xml`);
}

/** Where a customer's (or a host count's) file goes without --out: the host count names it. */
function variantPath(customer, hosts) {
  const who = customer === null ? "" : `-c${String(customer).padStart(3, "0")}`;
  return join(DATA_DIR, `scan-v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION}${who}-h${hosts}.xml`);
}

/** A fleet customer's host count: 200-280 at scale 1 (~4-6 MB), drawn from its index. */
export function customerHosts(customer, scale = 1) {
  const [lo, hi] = CUSTOMER_HOSTS;
  return Math.max(10, Math.round(scale * (lo + (mixSeed(CUSTOMER_SEED + 1, customer) % (hi - lo + 1)))));
}

/**
 * The TARGET: five blocks, a dead subnet, two single addresses, exclusions. `region` null: the
 * blocks at 10.16.0.0, 10.32.0.0, ... 10.80.0.0, the dead subnet at 10.250.0.0, 10.251.0.10-11 (the
 * 1 GB-class file); a fleet customer's /16 (10.K.0.0): the same shape one octet down, 10.K.16.0, ...
 */
function targetLayout(hosts, region = null) {
  const perBlock = Math.ceil(hosts / FILL / BLOCKS);
  let bits = 4;
  while (1 << bits < perBlock) bits++;
  if (region === null && bits > 20) throw new Error("scale too large for the target layout");
  if (region !== null && bits > 12) throw new Error(`${hosts} hosts do not fit a customer's /16 (at most ${Math.floor(BLOCKS * 4096 * FILL)})`);
  const size = 1 << bits;
  const at = (octet, low = 0) => (region === null ? (10 << 24) | (octet << 16) | low : region | (octet << 8) | low) >>> 0;
  const blocks = [];
  for (let k = 0; k < BLOCKS; k++) blocks.push({ start: at(16 * (k + 1)), size });
  const deadBits = Math.min(8, Math.max(4, bits - 4));
  const dead = { start: at(250), size: 1 << deadBits };
  const singles = [at(251, 10), at(251, 11)];
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
  return { blocks, dead, singles, excluded, targetText, excludedText, targetTotal, excludedTotal };
}

function isExcluded(layout, ip) {
  for (const e of layout.excluded) if (ip >= e.start && ip < e.start + e.size) return true;
  return false;
}

/** An address a host can have: not a .0 or .255, not excluded. */
function isEligible(layout, ip) {
  return (ip & 255) !== 0 && (ip & 255) !== 255 && !isExcluded(layout, ip);
}

/** Every address of the TARGET, in address order (blocks, the dead subnet, the single addresses). */
function* targetAddresses(layout) {
  for (const b of layout.blocks) for (let ip = b.start; ip < b.start + b.size; ip++) yield ip;
  for (let ip = layout.dead.start; ip < layout.dead.start + layout.dead.size; ip++) yield ip;
  yield* layout.singles;
}

/** Scanned addresses, exactly `hosts` of them, spread over the blocks (selection sampling). */
function* scannedAddresses(layout, hosts, r) {
  const eligible = (ip) => isEligible(layout, ip);
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

/** What differs between the headers of the two rounds (round 2: a week later). */
const ROUND_HEADER = {
  1: { scan: "scan/1731969367.46268", date: "2024-11-18T22:36:07Z" },
  2: { scan: "scan/1732574167.51377", date: "2024-11-25T22:36:07Z" },
};

/** A fleet customer's header: its own company, user, scan reference and date (within two weeks of round 1's). */
function customerHeader(customer) {
  const nnn = String(customer).padStart(3, "0");
  const t = 1731969367 + ((customer * 7919) % 1209600);
  return {
    scan: `scan/${t}.${(customer * 4099) % 100000}`,
    date: new Date(t * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
    username: `c${nnn}_ss`,
    company: `Customer ${nnn} (benchmark fleet)`,
    title: `Monthly internal scan - customer ${nnn} (benchmark)`,
  };
}

/** `who`: a fleet customer's header fields (customerHeader), or null for the 1 GB-class file's. */
function header(layout, hosts, round = 1, who = null) {
  const w = who ?? { ...ROUND_HEADER[round], username: "corp_ss", company: "Example Corp", title: "Weekly internal scan - all data centres (benchmark)" };
  const k = (name, value, cdata) => `  <KEY value="${name}">${cdata ? `<![CDATA[${value}]]>` : value}</KEY>\n`;
  const seconds = 3600 + Math.round(hosts * 1.7);
  const duration = [seconds / 3600, (seconds / 60) % 60, seconds % 60].map((v) => String(Math.floor(v)).padStart(2, "0")).join(":");
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n` +
    `<!DOCTYPE SCAN SYSTEM "https://qualysguard.qg2.apps.qualys.eu/scan-1.dtd">\n` +
    `<!-- scan is running on qualysguard //-->\n` +
    `<SCAN value="${w.scan}">\n<HEADER>\n` +
    k("USERNAME", w.username) +
    k("COMPANY", w.company, true) +
    k("DATE", w.date) +
    k("TITLE", w.title, true) +
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

let catalog = null;
/** The QID catalog, built once per process (~0.3 s; deterministic, so the fleet's 200 files share it). */
function theCatalog() {
  catalog ??= buildCatalog();
  return catalog;
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

/** One scanned host's IP element; `k` counts the IP elements written before it (a keep-alive comment every 500). */
function hostXml(host, plan, r, k) {
  let x = k > 0 && k % 500 === 0 ? `<!-- keep-alive -->\n` : "";
  x += `<IP value="${host.ip}" name="${host.name ?? "No registered hostname"}">\n  <OS><![CDATA[${plan.os}]]></OS>\n`;
  const infoItems = plan.info.map((e) => [e, null, null]);
  x += section("INFOS", "INFO", infoItems, host, r);
  x += section("SERVICES", "SERVICE", plan.services.map((e) => [e, null, null]), host, r);
  x += section("VULNS", "VULN", plan.vulns, host, r);
  x += section("PRACTICES", "PRACTICE", plan.practices, host, r);
  x += `</IP>\n`;
  return x;
}

/** Findings by kind and severity, authentication failures and risk of the hosts counted so far. */
class Totals {
  severities = { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] };
  authFailures = 0;
  /** Per-host risk in tenths, summed (round 1's manifest: kept as it was). */
  riskSum = 0;
  /** Per-host risk unrounded, summed, and the hosts counted: the Qualys average (src/aggregate/risk.ts). */
  riskExact = 0;
  hosts = 0;

  add(plan) {
    for (const [e] of plan.vulns) this.severities.confirmed[e.severity - 1]++;
    for (const [e] of plan.practices) this.severities.potential[e.severity - 1]++;
    for (const e of [...plan.info, ...plan.services]) this.severities.info[e.severity - 1]++;
    if (plan.authFailed) this.authFailures++;
    this.riskSum += riskTenths(plan.vulns.map(([e]) => e.severity));
    this.riskExact += exactRisk(plan.vulns);
    this.hosts++;
  }

  get confirmed() {
    return this.severities.confirmed.reduce((a, b) => a + b, 0);
  }

  /** The average security risk, rounded once, half up. */
  get averageRisk() {
    return this.hosts === 0 ? null : Math.floor((this.riskExact / this.hosts) * 10 + 0.5 + 1e-9) / 10;
  }
}

function exactRisk(vulns) {
  if (vulns.length === 0) return 0;
  let sum = 0;
  for (const [e] of vulns) sum += e.severity;
  return sum / vulns.length;
}

/**
 * `customer` (1-255): a fleet customer's file (its own stream, header and /16); `hosts`: the host
 * count (default: from the scale, or the customer's own). Both null: the 1 GB-class file as always.
 */
export async function generateScanXml({ scale = 1, round = 1, out = null, force = false, customer = null, hosts = null } = {}) {
  if (round !== 1 && round !== 2) throw new Error(`bad --round: ${round} (1 or 2)`);
  if (customer !== null && !(Number.isInteger(customer) && customer >= 1 && customer <= MAX_CUSTOMER)) throw new Error(`bad --customer: ${customer} (1-${MAX_CUSTOMER})`);
  if (hosts !== null && !(Number.isInteger(hosts) && hosts >= 1)) throw new Error(`bad --hosts: ${hosts}`);
  if (round === 2 && (customer !== null || hosts !== null)) throw new Error("--round 2 is derived from the 1 GB-class file: no --customer or --hosts");
  const variant = customer !== null || hosts !== null;
  const count = hosts ?? (customer !== null ? customerHosts(customer, scale) : Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale)));
  const path = out ?? (variant ? variantPath(customer, count) : scanXmlPath(scale, round));
  const existing = force ? null : cached(path);
  if (existing) return { path, ...existing, generated: false };
  if (round === 2) return writeRound2(path, scale);
  return writeRound1(path, scale, variant ? { customer, hosts: count } : null);
}

/** `variant`: { customer|null, hosts } for a fleet customer or a host count; null for the 1 GB-class file. */
async function writeRound1(path, scale, variant = null) {
  const t0 = process.hrtime.bigint();
  const cat = theCatalog();
  const customer = variant?.customer ?? null;
  const hosts = variant?.hosts ?? Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale));
  const seed = customer === null ? SEED : mixSeed(CUSTOMER_SEED, customer);
  const layout = targetLayout(hosts, customer === null ? null : ((10 << 24) | (customer << 16)) >>> 0);
  const w = new ChunkedWriter(path);
  const t = new Totals();
  try {
    w.write(header(layout, hosts, 1, customer === null ? null : customerHeader(customer)));
    let i = 0;
    for (const ip of scannedAddresses(layout, hosts, rng(seed))) {
      const plan = planHost(cat, mixSeed(seed, i), MEANS);
      const r = rng(mixSeed(seed + 1, i));
      const host = { ...plan, ip: ipText(ip), name: hostName(r, plan.family, i) };
      const p = w.write(hostXml(host, plan, r, i));
      if (p) await p;
      t.add(plan);
      i++;
    }
    w.write(FOOTER);
    const bytes = await w.close();
    const manifest = {
      generator: `scan-xml v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION}`,
      scale,
      bytes,
      expected: {
        format: "qualys-scan",
        records: hosts,
        confirmed: t.confirmed,
        severities: t.severities,
        ips: layout.targetTotal,
        byStatus: {
          Success: hosts - t.authFailures,
          CredentialFailed: t.authFailures,
          NoAnswer: layout.targetTotal - hosts - layout.excludedTotal,
          SkippedAsExcluded: layout.excludedTotal,
        },
        authFailures: t.authFailures,
        // The 1 GB-class file's manifest as it always was; a variant's: the Qualys average (unrounded per host).
        averageSecurityRisk: variant === null ? roundedAverage(t.riskSum, hosts) : t.averageRisk,
      },
    };
    // For a fleet's sums: the unrounded per-host risks added up (the fleet's average is their sum / hosts).
    if (variant !== null) Object.assign(manifest, { customer, hosts, riskSum: t.riskExact });
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

const FOOTER = `</SCAN>\n<!-- CONFIDENTIAL AND PROPRIETARY INFORMATION. Generated for benchmarking; not real scan data. -->\n`;

// ---- Round 2: the same environment a week later -------------------------------------------------

/** Share of round 1's hosts that are down in round 2; of those, the share written as `<IP status="down"/>`. */
const DOWN = 0.05;
const DOWN_AS_ELEMENT = 0.25;
/** Share of the targets without results in round 1 (not excluded, not .0 / .255) that answer in round 2. */
const NOW_UP = 0.05;
/** On a host scanned again: share of confirmed / potential findings gone, of IG findings gone. */
const GONE = 0.1;
const IG_GONE = 0.08;
/** Windows / Unix hosts whose credentials start failing; share of round 1's failures fixed. */
const AUTH_BREAKS = 0.006;
const AUTH_FIXED = 1 / 3;

/** What becomes of round 1's host i: down (and how it shows), and the stream its changes are drawn from. */
function fateOf(i) {
  const c = rng(mixSeed(SEED + 2, i));
  const down = c.chance(DOWN);
  const element = c.chance(DOWN_AS_ELEMENT);
  return { c, down, element };
}

/** A finding's key within a host, as scantriage keys it (QID + port + protocol; none for INFO / SERVICE). */
function keyOf(e, port, protocol) {
  return `${e.qid}|${port ?? ""}|${protocol ?? ""}`;
}

/** A host's findings: key -> kind (INFO and SERVICE items are both information gathered). */
function findingKeys(plan) {
  const m = new Map();
  for (const e of plan.info) m.set(keyOf(e, null, null), "info");
  for (const e of plan.services) m.set(keyOf(e, null, null), "info");
  for (const [e, port, protocol] of plan.vulns) m.set(keyOf(e, port, protocol), "confirmed");
  for (const [e, port, protocol] of plan.practices) m.set(keyOf(e, port, protocol), "potential");
  return m;
}

/**
 * Round 1's plan of a host scanned again, a week later: drawn from the host's own stream `c`.
 * Credentials now failing (a few hosts) take the host's local (port-less) checks with them;
 * credentials fixed bring some local findings to light. The OS, ports and SERVICES stay.
 */
function laterPlan(cat, plan, c) {
  const s = cat.special;
  const windows = plan.family === "windows";
  const fails = plan.family !== "network" && (plan.authFailed ? !c.chance(AUTH_FIXED) : c.chance(AUTH_BREAKS));
  const lostAuth = fails && !plan.authFailed;
  const regained = plan.authFailed && !fails;
  const authQids = new Set([s.WIN_AUTH_OK.qid, s.UNIX_AUTH_OK.qid, s.WIN_AUTH_FAILED.qid, s.UNIX_AUTH_FAILED.qid]);
  const hadAuthOk = plan.info.some((e) => e === s.WIN_AUTH_OK || e === s.UNIX_AUTH_OK);

  const info = plan.info.filter((e) => e.special && !authQids.has(e.qid));
  if (fails) info.push(windows ? s.WIN_AUTH_FAILED : s.UNIX_AUTH_FAILED);
  else if (hadAuthOk || regained) info.push(windows ? s.WIN_AUTH_OK : s.UNIX_AUTH_OK);
  const seenIg = new Set(plan.info.map((e) => e.qid));
  for (const e of plan.info) if (!e.special && !c.chance(IG_GONE)) info.push(e);
  for (let n = c.count(0.3, 5); n > 0; n--) {
    const e = c.pick(cat.ig);
    if (seenIg.has(e.qid)) continue;
    seenIg.add(e.qid);
    info.push(e);
  }

  // Keys of round 1 are never drawn again as new: one gone stays gone.
  const have = new Set([...plan.vulns, ...plan.practices].map(([e, port, protocol]) => keyOf(e, port, protocol)));
  const keep = (list) => list.filter(([, port]) => !(lostAuth && port === null) && !c.chance(GONE));
  const fresh = (pools, mean, cap, out) => {
    for (let n = c.count(mean, cap); n > 0; n--) {
      const e = c.pick(c.chance(0.7) ? pools[plan.family] : pools.any);
      const key = keyOf(e, e.port, e.protocol);
      if (have.has(key) || (fails && e.port === null)) continue;
      have.add(key);
      out.push([e, e.port, e.protocol]);
    }
    return out;
  };
  const vulns = fresh(cat.vulns, regained ? 3 : fails ? 0.3 : 0.6, 40, keep(plan.vulns));
  const practices = fresh(cat.practices, regained ? 0.5 : 0.15, 10, keep(plan.practices));
  return { ...plan, authFailed: fails, info, vulns, practices };
}

/** The spec's per-IP change (src/iterate/compare-ips.ts classifyChange) between two statuses. */
const CATEGORY = { Success: "Scanned", CredentialFailed: "Not Scanned", NoAnswer: "Not Scanned", SkippedAsExcluded: "Skipped" };
function ipChange(before, after) {
  const b = CATEGORY[before];
  const a = CATEGORY[after];
  if (b === "Not Scanned" && a === "Scanned") return "resolved";
  if (b === "Scanned" && a === "Not Scanned") return "regressed";
  if (before === after) return b === "Not Scanned" ? "stillOpen" : "unchanged";
  return "changed";
}

/**
 * Per finding key of one host (docs/iterations.md, "Per finding"): present in both is active; gone
 * is fixed (confirmed / potential) or removedIg (information gathered) only when the host was
 * scanned successfully now, else notRetested (down, absent, or failing authentication); only now is new.
 */
function compareHostFindings(d, before, after, scannedNow) {
  if (before) {
    for (const [key, kind] of before) {
      if (after?.has(key)) d.active++;
      else if (!scannedNow) d.notRetested++;
      else if (kind === "info") d.removedIg++;
      else d.fixed++;
    }
  }
  if (after) for (const key of after.keys()) if (!before?.has(key)) d.new++;
}

/**
 * Which addresses have an IP element in round 2, in address order: round 1's hosts (each with its
 * fate) and the targets that answer now. A pre-pass: the header states how many hosts are alive.
 */
function round2Entries(layout, hosts) {
  const firstRound = scannedAddresses(layout, hosts, rng(SEED));
  let next = firstRound.next();
  let i = 0;
  const up = rng(SEED + 5);
  const entries = [];
  for (const ip of targetAddresses(layout)) {
    if (!next.done && next.value === ip) {
      const { down, element } = fateOf(i);
      entries.push({ ip, index: i, down, element });
      i++;
      next = firstRound.next();
    } else if (isEligible(layout, ip) && up.chance(NOW_UP)) entries.push({ ip, index: -1, down: false, element: false });
  }
  if (i !== hosts) throw new Error(`round 2: walked ${i} of round 1's ${hosts} hosts`);
  return entries;
}

async function writeRound2(path, scale) {
  const t0 = process.hrtime.bigint();
  const cat = theCatalog();
  const hosts = Math.max(10, Math.round(HOSTS_AT_SCALE_1 * scale));
  const layout = targetLayout(hosts);
  const entries = round2Entries(layout, hosts);
  const alive = entries.filter((e) => !e.down).length;
  const w = new ChunkedWriter(path);
  const before = new Totals();
  const after = new Totals();
  const ips = { resolved: 0, regressed: 0, stillOpen: 0, changed: 0, new: 0, gone: 0, unchanged: 0 };
  const findings = { new: 0, active: 0, fixed: 0, reopened: 0, removedIg: 0, notRetested: 0 };
  const hostChanges = { downAbsent: 0, downElement: 0, nowUp: 0, authBroke: 0, authFixed: 0 };
  let elements = 0;
  let nowUp = 0;
  try {
    w.write(header(layout, alive, 2));
    let at = 0;
    for (const ip of targetAddresses(layout)) {
      const entry = entries[at]?.ip === ip ? entries[at++] : null;
      if (entry === null) {
        // No results in either round: excluded both times, or still nobody answering.
        ips[isExcluded(layout, ip) ? "unchanged" : "stillOpen"]++;
        continue;
      }
      let x;
      let statusBefore = "NoAnswer";
      let statusAfter = "NoAnswer";
      if (entry.index >= 0) {
        const i = entry.index;
        const plan1 = planHost(cat, mixSeed(SEED, i), MEANS);
        const r = rng(mixSeed(SEED + 1, i));
        const host = { ...plan1, ip: ipText(ip), name: hostName(r, plan1.family, i) };
        before.add(plan1);
        statusBefore = plan1.authFailed ? "CredentialFailed" : "Success";
        if (entry.down) {
          hostChanges[entry.element ? "downElement" : "downAbsent"]++;
          compareHostFindings(findings, findingKeys(plan1), null, false);
          if (!entry.element) {
            ips[ipChange(statusBefore, statusAfter)]++;
            continue;
          }
          x = `${elements > 0 && elements % 500 === 0 ? `<!-- keep-alive -->\n` : ""}<IP value="${host.ip}" name="${host.name ?? "No registered hostname"}" status="down"/>\n`;
        } else {
          const plan2 = laterPlan(cat, plan1, fateOf(i).c);
          if (plan2.authFailed !== plan1.authFailed) hostChanges[plan2.authFailed ? "authBroke" : "authFixed"]++;
          statusAfter = plan2.authFailed ? "CredentialFailed" : "Success";
          compareHostFindings(findings, findingKeys(plan1), findingKeys(plan2), statusAfter === "Success");
          after.add(plan2);
          x = hostXml(host, plan2, r, elements);
        }
      } else {
        // Nobody answered here a week ago.
        const plan = planHost(cat, mixSeed(SEED + 3, ip), MEANS);
        const r = rng(mixSeed(SEED + 4, ip));
        const host = { ...plan, ip: ipText(ip), name: hostName(r, plan.family, hosts + nowUp++) };
        hostChanges.nowUp++;
        statusAfter = plan.authFailed ? "CredentialFailed" : "Success";
        compareHostFindings(findings, null, findingKeys(plan), statusAfter === "Success");
        after.add(plan);
        x = hostXml(host, plan, r, elements);
      }
      ips[ipChange(statusBefore, statusAfter)]++;
      elements++;
      const p = w.write(x);
      if (p) await p;
    }
    if (at !== entries.length) throw new Error(`round 2: wrote ${at} of ${entries.length} hosts`);
    w.write(FOOTER);
    const bytes = await w.close();
    const manifest = {
      generator: `scan-xml v${SCAN_GENERATOR_VERSION}.${CATALOG_VERSION} round 2 v${SCAN_ROUND2_VERSION}`,
      scale,
      round: 2,
      bytes,
      hostChanges,
      expected: {
        format: "qualys-scan",
        records: elements,
        confirmed: after.confirmed,
        severities: after.severities,
        ips: layout.targetTotal,
        byStatus: {
          Success: alive - after.authFailures,
          CredentialFailed: after.authFailures,
          NoAnswer: layout.targetTotal - alive - layout.excludedTotal,
          SkippedAsExcluded: layout.excludedTotal,
        },
        authFailures: after.authFailures,
        averageSecurityRisk: after.averageRisk,
        // What `scantriage diff ROUND1 ROUND2` must find (docs/iterations.md).
        diff: {
          before: basename(scanXmlPath(scale, 1)),
          dates: [ROUND_HEADER[1].date, ROUND_HEADER[2].date],
          ips,
          // The TARGET is the same: no IP is new, so none is new and not scanned.
          newNotScanned: 0,
          findings,
          risk: { before: before.averageRisk, after: after.averageRisk },
        },
      },
    };
    writeManifest(path, manifest);
    return { path, ...manifest, generated: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    w.abort();
    throw err;
  }
}

await runGeneratorCli(import.meta.url, generateScanXml, { scale: 1, round: 1, customer: null, hosts: null });

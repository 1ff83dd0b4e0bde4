/**
 * What the finding-list generators share (the scan results as JSON, the VM report CSV): one host's
 * findings as a flat list (Vuln / Practice / Ig, 5-30 per host), the catalog's HTML descriptions as
 * the plain text these exports carry, Qualys dates (`MM/DD/YYYY HH:MM:SS`), and the risk arithmetic
 * of src/aggregate/risk.ts (average of the unrounded per-host values, rounded half up once).
 */
import { hostFamily, hostName, hostPorts, OS_BY_FAMILY, resultText } from "./hosts.mjs";
import { rng } from "./prng.mjs";

/** Authentication findings the triage reads as CredentialFailed (src/formats/qualys-xml/auth-findings.ts). */
export const AUTH_FAILURE_QIDS = new Set([105015, 105053, 115263]);

/**
 * The catalog's descriptions are HTML (they go into XML CDATA); the JSON and CSV exports carry plain
 * text with line breaks, links written as "text (url)".
 */
export function plainText(html) {
  return html
    .replace(/<A HREF="([^"]*)"[^>]*>([^<]*)<\/A>/gi, "$2 ($1)")
    .replace(/<P>/gi, "\n")
    .replace(/<BR>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const plainCache = new Map();
/** { threat, impact, solution } of a catalog entry as plain text (computed once per QID). */
export function plainDescriptions(e) {
  let d = plainCache.get(e.qid);
  if (!d) {
    let threat = plainText(e.diagnosis);
    // Real descriptions quote registry values and commands: double quotes, backslashes, commas.
    if (e.kind !== "info" && e.qid % 3 === 0) {
      threat +=
        '\nQID Detection Logic (Authenticated):\nThis QID reads the "DisplayVersion" value under "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall" on Windows, ' +
        `or runs "rpm -q --qf '%{VERSION}'" / "dpkg -s" on Linux, and compares it with ${e.required ?? "the fixed version"}.`;
    }
    d = { threat, impact: plainText(e.consequence), solution: plainText(e.solution) };
    plainCache.set(e.qid, d);
  }
  return d;
}

const pad2 = (n) => String(n).padStart(2, "0");
/** Qualys' US date and time, `MM/DD/YYYY HH:MM:SS` (UTC). */
export function qualysDate(ms) {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/**
 * The findings of one host, from its own seeded stream: { family, os, ports, name, netbios,
 * authFailed, findings: [{ e, type: "Vuln" | "Practice" | "Ig", port, protocol }] } sorted by QID.
 * Counts: `min`..`max` findings (the mandatory Ig ones always included); the rest is drawn per slot
 * with `weights` ({ ig, vuln, practice }) among distinct catalog entries. QIDs 45017 and 82023 are
 * on most hosts; `authRate` of all hosts (Windows ones) carry QID 105015 "Windows Authentication Failed".
 */
export function planFindingHost(cat, seed, index, { min, max, mean, weights, authRate }) {
  const r = rng(seed);
  const family = hostFamily(r);
  const os = r.pick(OS_BY_FAMILY[family]);
  const ports = hostPorts(r, family);
  const name = hostName(r, family, index);
  const netbios = family === "windows" && r.chance(0.8) ? `${r.pick(["SRV", "APP", "SQL", "DC", "WS"])}${String(index).padStart(5, "0")}` : null;
  const s = cat.special;
  // Windows hosts are about 45% of all: this gives authRate of all hosts.
  const authFailed = family === "windows" && r.chance(authRate / 0.45);
  const findings = [];
  const ig = (e) => findings.push({ e, type: "Ig", port: null, protocol: null });
  if (r.chance(0.97)) ig(s.OS);
  if (r.chance(0.94)) ig(s.TCP_SERVICES);
  if (r.chance(0.9)) ig(s.DNS_NAME);
  ig(s.SCAN_TIME);
  if (authFailed) ig(s.WIN_AUTH_FAILED);
  else if (family !== "network" && r.chance(0.9)) ig(family === "windows" ? s.WIN_AUTH_OK : s.UNIX_AUTH_OK);
  if (r.chance(0.4)) ig(s.UDP_SERVICES);

  const total = Math.max(findings.length, Math.min(max, min + r.count(mean - min, max)));
  let nIg = 0;
  let nVuln = 0;
  let nPractice = 0;
  const pool = [["ig", weights.ig], ["vuln", family === "network" ? weights.vuln * 0.5 : weights.vuln], ["practice", weights.practice]];
  for (let k = findings.length; k < total; k++) {
    const kind = r.weighted(pool);
    if (kind === "ig") nIg++;
    else if (kind === "vuln") nVuln++;
    else nPractice++;
  }
  const nService = Math.min(nIg, r.int(0, 2));
  for (const e of r.sample(cat.services, nService)) ig(e);
  for (const e of r.sample(cat.ig, nIg - nService)) ig(e);
  const pick = (lists, n, type) => {
    const nOwn = Math.round(n * 0.7);
    for (const e of [...r.sample(lists[family], nOwn), ...r.sample(lists.any, n - nOwn)]) findings.push({ e, type, port: e.port, protocol: e.protocol });
  };
  const tls = ports.filter((p) => p === 443 || p === 8443 || p === 3389);
  // SSL/TLS findings: one QID on several ports of one host.
  let nSsl = tls.length > 0 && nVuln > 1 && r.chance(0.4) ? Math.min(nVuln - 1, r.int(1, 3)) : 0;
  for (const e of r.sample(cat.ssl, nSsl)) {
    for (const p of tls) {
      if (nSsl <= 0) break;
      if (p === 443 || r.chance(0.5)) {
        findings.push({ e, type: "Vuln", port: p, protocol: "tcp" });
        nSsl--;
        nVuln--;
      }
    }
  }
  pick(cat.vulns, nVuln, "Vuln");
  pick(cat.practices, nPractice, "Practice");
  findings.sort((a, b) => a.e.qid - b.e.qid || (a.port ?? 0) - (b.port ?? 0));
  return { family, os, ports, name, netbios, authFailed, findings };
}

/** Tab-separated RESULT text of a finding on a host, or null; now and then a long one (installed software lists). */
export function findingResult(f, host, r) {
  const res = resultText(f.e, host, f.port, r);
  if (f.type === "Ig" && res !== null && r.chance(0.02)) {
    const rows = ["Name\tVersion\tInstall Date\tPublisher"];
    const n = r.int(40, 400);
    for (let i = 0; i < n; i++) {
      rows.push(`${r.pick(["libssl", "python3-", "Microsoft Visual C++ 2015-2019 Redistributable (x64) ", "perl-", "lib", "Update for Windows \u2014 KB", "Überwachungsdienst ", "kernel-modules-"])}${r.int(1, 9999)}\t${r.int(0, 20)}.${r.int(0, 99)}.${r.int(0, 999)}\t${r.int(2015, 2024)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}\t${r.pick(["Microsoft Corporation", "Red Hat, Inc.", "\"Canonical\" Ltd.", "N/A", "C:\\Program Files\\Vendor"])}`);
    }
    return rows.join("\n");
  }
  return res === null ? null : res.text;
}

/** Per-host risk exactly as src/aggregate/risk.ts computes it ("average" method): unrounded. */
export function hostRiskValue(confirmedSeverities) {
  let count = 0;
  let sum = 0;
  for (const s of confirmedSeverities) {
    count++;
    sum += s;
  }
  return count === 0 ? 0 : sum / count;
}

/** Average of unrounded per-host values, rounded half up to one decimal once, or null with no host. */
export function averageRisk(sum, n) {
  return n === 0 ? null : Math.floor((sum / n) * 10 + 0.5 + 1e-9) / 10;
}

/** Text of a list of addresses: consecutive runs as `a-b`, singles as `a`. */
export class RunList {
  constructor(ipText) {
    this.ipText = ipText;
    this.parts = [];
    this.start = -1;
    this.end = -1;
    this.count = 0;
  }

  add(ip) {
    this.count++;
    if (this.start >= 0 && ip === this.end + 1) {
      this.end = ip;
      return;
    }
    this.close();
    this.start = ip;
    this.end = ip;
  }

  close() {
    if (this.start < 0) return;
    this.parts.push(this.start === this.end ? this.ipText(this.start) : `${this.ipText(this.start)}-${this.ipText(this.end)}`);
    this.start = -1;
  }

  text(separator) {
    this.close();
    return this.parts.join(separator);
  }
}

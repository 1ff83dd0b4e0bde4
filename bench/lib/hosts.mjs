/**
 * What the SCAN and ASSET_DATA_REPORT generators share about one host: OS family, OS text, name,
 * open ports, which QIDs it has (a "plan", decided by its own seeded stream so a header can be
 * computed in a pre-pass), and the RESULT text of a finding on it.
 */
import { rng } from "./prng.mjs";

export const OS_BY_FAMILY = {
  windows: [
    "Windows Server 2019 Standard 1809", "Windows Server 2016 Datacenter 1607", "Windows Server 2022 Standard 21H2",
    "Windows 10 Enterprise 22H2", "Windows Server 2012 R2 Standard", "Windows 11 Enterprise 23H2",
  ],
  linux: [
    "Red Hat Enterprise Linux Server 7.9", "Red Hat Enterprise Linux 8.8", "Ubuntu / Linux 20.04", "Ubuntu / Linux 22.04",
    "CentOS Linux 7.9.2009", "Debian Linux 11", "Amazon Linux 2", "SUSE Linux Enterprise Server 15 SP4", "Linux 3.10-4.18",
  ],
  network: ["Cisco IOS XE 17.3", "FortiOS 7.0", "Juniper Junos 21.2", "HP ProCurve Switch", "Palo Alto Networks PAN-OS 10.1"],
};

const PORT_INFO = {
  22: ["ssh", "SSH Remote Login Protocol", "ssh"],
  23: ["telnet", "Telnet", "telnet"],
  80: ["www", "World Wide Web HTTP", "http"],
  111: ["sunrpc", "SUN Remote Procedure Call", "rpc"],
  135: ["msrpc-epmap", "epmap DCE endpoint resolution", "msrpc"],
  139: ["netbios-ssn", "NETBIOS Session Service", "netbios ssn"],
  443: ["https", "http protocol over TLS/SSL", "http over ssl"],
  445: ["microsoft-ds", "Microsoft-DS", "microsoft-ds"],
  1433: ["ms-sql-s", "Microsoft-SQL-Server", "mssql"],
  3306: ["mysql", "MySQL", "mysql"],
  3389: ["ms-wbt-server", "MS WBT Server", "ms-rdp"],
  5432: ["postgresql", "PostgreSQL Database", "postgresql"],
  5985: ["wsman", "WBEM WS-Management HTTP", "http"],
  8080: ["http-alt", "HTTP Alternate (see port 80)", "http"],
  8443: ["pcsync-https", "PCsync HTTPS", "http over ssl"],
};

const UDP_INFO = [
  [123, "ntp", "Network Time Protocol", "ntp"],
  [137, "netbios-ns", "NETBIOS Name Service", "netbios ns"],
  [161, "snmp", "SNMP", "snmp"],
  [500, "isakmp", "isakmp", "isakmp"],
];

export function hostFamily(r) {
  return r.weighted([["windows", 45], ["linux", 45], ["network", 10]]);
}

export function hostPorts(r, family) {
  const ports = family === "windows" ? [135, 139, 445, 3389] : family === "linux" ? [22] : [22, 443];
  const extra = family === "windows" ? [80, 443, 5985, 1433, 8080] : family === "linux" ? [80, 443, 111, 3306, 5432, 8080, 8443] : [23, 80];
  for (const p of extra) if (r.chance(0.3)) ports.push(p);
  return ports.sort((a, b) => a - b);
}

export function hostName(r, family, index) {
  if (r.chance(0.08)) return null;
  const prefix = family === "windows" ? r.pick(["srv-w", "app", "dc", "ws", "sql"]) : family === "linux" ? r.pick(["lnx", "web", "db", "k8s-node", "build"]) : r.pick(["sw", "fw", "rtr"]);
  return `${prefix}${String(index).padStart(5, "0")}.${r.pick(["corp.example.com", "dmz.example.com", "lab.example.net", "eu-west-1.compute.internal"])}`;
}

/**
 * Which QIDs one host has. Returns { family, os, ports, authFailed, info: entry[], services: entry[],
 * vulns: [entry, port|null, protocol|null][], practices: same }. Keys (QID, port, protocol) are unique per kind.
 */
export function planHost(cat, seed, scale) {
  const r = rng(seed);
  const family = hostFamily(r);
  const os = r.pick(OS_BY_FAMILY[family]);
  const ports = hostPorts(r, family);
  const s = cat.special;
  const authFailed = family !== "network" && r.chance(0.03);
  const info = [];
  if (r.chance(0.97)) info.push(s.OS);
  if (r.chance(0.9)) info.push(s.DNS_NAME);
  info.push(s.SCAN_TIME);
  if (authFailed) info.push(family === "windows" ? s.WIN_AUTH_FAILED : s.UNIX_AUTH_FAILED);
  else if (family !== "network" && r.chance(0.9)) info.push(family === "windows" ? s.WIN_AUTH_OK : s.UNIX_AUTH_OK);
  info.push(...r.sample(cat.ig, r.count(scale.ig, 40)));
  const services = [];
  if (r.chance(0.93)) services.push(s.TCP_SERVICES);
  if (r.chance(0.45)) services.push(s.UDP_SERVICES);
  services.push(...r.sample(cat.services, r.count(scale.services, 8)));

  const pickFindings = (pool, mean, cap) => {
    const own = pool[family];
    const n = r.count(mean, cap);
    const nOwn = Math.round(n * 0.7);
    return [...r.sample(own, nOwn), ...r.sample(pool.any, n - nOwn)].map((e) => [e, e.port, e.protocol]);
  };
  const vulnMean = family === "network" ? scale.vulns * 0.4 : authFailed ? scale.vulns * 0.5 : scale.vulns;
  const vulns = pickFindings(cat.vulns, vulnMean, 120);
  const tls = ports.filter((p) => p === 443 || p === 8443 || p === 3389);
  if (tls.length > 0 && r.chance(0.4)) {
    for (const e of r.sample(cat.ssl, r.int(1, 4))) for (const p of tls) if (p === 443 || r.chance(0.5)) vulns.push([e, p, "tcp"]);
  }
  const practices = pickFindings(cat.practices, scale.practices, 40);
  return { family, os, ports, authFailed, info, services, vulns, practices };
}

/** Per-host risk in tenths as Qualys computes it: average severity of the confirmed vulnerabilities. */
export function riskTenths(severities) {
  let count = 0;
  let sum = 0;
  for (const s of severities) {
    count++;
    sum += s;
  }
  return count === 0 ? 0 : Math.floor((2 * sum * 10 + count) / (2 * count));
}

export function roundedAverage(sumTenths, n) {
  return n === 0 ? null : Math.floor((2 * sumTenths + n) / (2 * n)) / 10;
}

const GMT = (t) => new Date(t * 1000).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+)/, "$1, $3 $2 $4");

/** RESULT element (with its format attribute when tabular) for one finding on one host, or "". */
export function resultFor(e, host, port, r, indent) {
  const res = resultText(e, host, port, r);
  return res === null ? "" : `${indent}<RESULT${res.table ? ' format="table"' : ""}><![CDATA[${res.text}]]></RESULT>\n`;
}

/**
 * The RESULT of one finding on one host as text ({ table: tab-separated rows?, text }), or null when
 * the finding has none. Shared by the XML generators (CDATA) and the JSON / CSV ones (plain text).
 */
export function resultText(e, host, port, r) {
  const s = (table, text) => ({ table, text });
  switch (e.qid) {
    case 45017:
      return s(true, `Operating System\tTechnique\tID\n${host.os}\tTCP/IP Fingerprint\tU${r.int(1000, 9999)}:${host.ports[0]}` + (host.family === "windows" ? `\n${host.os}\tNTLMSSP\tOS: 10.0` : ""));
    case 6:
      return s(true, `IP address\tHost name\n${host.ip}\t${host.name ?? "No registered hostname"}`);
    case 45038: {
      const start = 1731969367 + r.int(0, 14000);
      const d = r.int(30, 2400);
      return s(false, `Scan duration: ${d} seconds\n\nStart time: ${GMT(start)}\n\nEnd time: ${GMT(start + d)}`);
    }
    case 70053:
      return s(true, `Instance\tAuth Method\tUsername\tDomain\tPort\nos\tNTLMv2\tsvc_qualys\tCORP\t445`);
    case 38307:
      return s(false, `Unix authentication method: ${r.pick(["Password", "RSA key", "Vault"])}\nAuthentication record: Linux servers\nUsername: svc_qualys\nPort: 22`);
    case 105015:
      return s(false, `Login failed for user CORP\\svc_qualys on port 445: NT_STATUS_LOGON_FAILURE.\nAuthentication record: Windows domain servers`);
    case 105053:
      return s(false, `Unix Authentication failed for user svc_qualys via SSH on port 22: Permission denied (publickey,password).`);
    case 82023:
      return s(true, "Port\tIANA Assigned Ports/Services\tDescription\tService Detected\tOS On Redirected Port\n" + host.ports.map((p) => `${p}\t${PORT_INFO[p].join("\t")}`).join("\n"));
    case 82004:
      return s(true, "Port\tIANA Assigned Ports/Services\tDescription\tService Detected\n" + UDP_INFO.filter(() => r.chance(0.5)).map((u) => u.join("\t")).join("\n"));
    default:
      break;
  }
  if (e.kind === "info") {
    if (r.chance(0.35)) return null;
    return r.chance(0.5)
      ? s(true, `Name\tValue\n${e.title}\t${r.int(1, 65535)}\nHost\t${host.ip}\nSource\t${r.pick(["WMI", "SSH", "SNMP", "Registry", "Banner"])}`)
      : s(false, `${e.title} (${host.ip}): ${r.pick(["enabled", "detected", "present", "collected"])} at ${r.int(1, 23)}:${String(r.int(0, 59)).padStart(2, "0")}`);
  }
  if (e.product === "SSL/TLS") {
    return s(false, `Certificate #0 CN=${host.name ?? host.ip} (CN=${host.name ?? host.ip}) ${r.pick(["self signed", "unable to get local issuer certificate", "certificate has expired"])}\nPort ${port}: TLSv1.2 ${r.pick(["ECDHE-RSA-AES128-SHA", "DES-CBC3-SHA", "AES256-SHA"])}`);
  }
  if (e.packageRow) {
    const rows = [`${e.product.toLowerCase().replace(/\W+/g, "-")}\t${e.installed}-${r.int(1, 30)}.el${r.int(7, 9)}\t${e.required}-1.el${r.int(7, 9)}`];
    for (let i = r.int(0, 3); i > 0; i--) rows.push(`${e.product.toLowerCase().replace(/\W+/g, "-")}-${r.pick(["libs", "devel", "common", "tools"])}\t${e.installed}-${r.int(1, 30)}\t${e.required}-1`);
    return s(true, `Package\tInstalled Version\tRequired Version\n${rows.join("\n")}`);
  }
  return port
    ? s(false, `${e.product} version ${e.installed} detected on port ${port} over ${e.protocol?.toUpperCase() ?? "TCP"}.\nServer banner: ${e.product}/${e.installed} (${host.family === "windows" ? "Win64" : "Unix"})`)
    : host.family === "windows"
      ? s(false, `%ProgramFiles%\\${e.product.replace(/\W+/g, "")}\\bin\\main.exe  Version is  ${e.installed}.${r.int(0, 999)}`)
      : s(false, `/usr/sbin/${e.product.toLowerCase().replace(/\W+/g, "")} -v: ${e.product} ${e.installed} (built ${r.int(2019, 2024)})`);
}

/**
 * A deterministic, Qualys-like QID knowledge base shared by the SCAN and ASSET_DATA_REPORT
 * generators: titles, severities, categories, ports, CVEs and the HTML-marked-up descriptive text
 * (DIAGNOSIS / CONSEQUENCE / SOLUTION, called THREAT / IMPACT / SOLUTION in the glossary).
 * The special QIDs the triage cares about (authentication, OS and services detection) carry their
 * real numbers and titles; generated titles are checked never to look like an authentication finding.
 */
import { rng } from "./prng.mjs";

export const CATALOG_VERSION = 1;

const PRODUCTS = [
  ["OpenSSL", "a general-purpose cryptography library and TLS toolkit", "linux"],
  ["OpenSSH", "a suite of secure networking utilities based on the Secure Shell protocol", "linux"],
  ["Apache HTTP Server", "an open-source HTTP server for modern operating systems", "any"],
  ["Apache Tomcat", "an open-source implementation of the Jakarta Servlet and JSP specifications", "any"],
  ["nginx", "a web server that can also be used as a reverse proxy and load balancer", "linux"],
  ["PHP", "a general-purpose scripting language geared toward web development", "any"],
  ["MySQL Server", "a relational database management system", "any"],
  ["PostgreSQL", "an object-relational database system", "linux"],
  ["Microsoft SQL Server", "a relational database management system developed by Microsoft", "windows"],
  ["Microsoft Exchange Server", "a mail server and calendaring server developed by Microsoft", "windows"],
  ["Microsoft .NET Framework", "a software framework developed by Microsoft", "windows"],
  ["Microsoft Office", "a family of client software and services", "windows"],
  ["Microsoft Edge", "a cross-platform web browser based on Chromium", "windows"],
  ["Google Chrome", "a cross-platform web browser", "any"],
  ["Mozilla Firefox", "a free and open-source web browser", "any"],
  ["Oracle Java SE", "a computing platform for application development and deployment", "any"],
  ["Adobe Acrobat Reader", "a PDF viewer", "windows"],
  ["VMware Tools", "a suite of utilities that enhances the performance of the guest operating system", "any"],
  ["Samba", "a free software re-implementation of the SMB networking protocol", "linux"],
  ["BIND", "an implementation of the Domain Name System protocols", "linux"],
  ["sudo", "a program that allows users to run programs with the security privileges of another user", "linux"],
  ["glibc", "the GNU C Library", "linux"],
  ["systemd", "a software suite that provides system components for Linux", "linux"],
  ["curl", "a command-line tool and library for transferring data with URLs", "linux"],
  ["Python", "an interpreted high-level programming language", "any"],
  ["Node.js", "a JavaScript runtime built on the V8 engine", "any"],
  ["Jenkins", "an open-source automation server", "any"],
  ["Elasticsearch", "a distributed search and analytics engine", "any"],
  ["Redis", "an in-memory data structure store", "linux"],
  ["Cisco IOS XE", "the network operating system of Cisco routers and switches", "network"],
  ["Fortinet FortiOS", "the operating system of FortiGate firewalls", "network"],
  ["Palo Alto Networks PAN-OS", "the operating system of Palo Alto Networks firewalls", "network"],
  ["Juniper Junos OS", "the operating system of Juniper Networks devices", "network"],
  ["Microsoft Windows", "an operating system developed by Microsoft", "windows"],
  ["Windows Remote Desktop Services", "the Microsoft remote desktop service", "windows"],
  ["Windows SMB Server", "the Microsoft implementation of the Server Message Block protocol", "windows"],
  ["Linux Kernel", "the core of the Linux operating system", "linux"],
  ["Microsoft Internet Information Services", "an extensible web server created by Microsoft", "windows"],
  ["Zoom Client", "a video conferencing client", "windows"],
  ["7-Zip", "a file archiver with a high compression ratio", "windows"],
];

const ISSUES = [
  "a heap-based buffer overflow",
  "a use-after-free vulnerability",
  "an out-of-bounds read",
  "an integer overflow",
  "a denial of service vulnerability",
  "a remote code execution vulnerability",
  "an information disclosure vulnerability",
  "a privilege escalation vulnerability",
  "a cross-site scripting (XSS) vulnerability",
  "an SQL injection vulnerability",
  "a security feature bypass",
  "a path traversal vulnerability",
  "a server-side request forgery vulnerability",
  "a NULL pointer dereference",
  "a race condition",
  "an improper input validation weakness",
  "a request smuggling vulnerability",
  "a certificate validation bypass",
];

const COMPONENTS = [
  "request parser", "TLS handshake", "X.509 certificate verification", "memory allocator", "session handler",
  "HTTP/2 implementation", "authentication module", "logging subsystem", "file upload handler", "XML parser",
  "DNS resolver", "kernel networking stack", "print spooler", "scripting engine", "compression routine",
];

const WEAKNESSES = [
  "bounds checking", "input sanitization", "reference counting", "error handling", "access control",
  "signature verification", "length validation", "state management", "encoding of user-supplied data",
];

const IMPACTS = [
  "execute arbitrary code with the privileges of the affected service",
  "cause a denial of service condition",
  "obtain sensitive information from process memory",
  "bypass security restrictions",
  "elevate privileges on the affected system",
  "conduct man-in-the-middle attacks",
  "read arbitrary files on the target host",
  "inject arbitrary web script or HTML",
  "take complete control of an affected system",
];

const DISTROS = [
  ["Red Hat", "RHSA", "RedHat", "https://access.redhat.com/errata/"],
  ["Ubuntu", "USN", "Ubuntu", "https://ubuntu.com/security/notices/"],
  ["Debian", "DSA", "Debian", "https://www.debian.org/security/"],
  ["Oracle Enterprise Linux", "ELSA", "OEL", "https://linux.oracle.com/errata/"],
  ["SUSE", "SUSE-SU", "SUSE", "https://www.suse.com/support/update/announcement/"],
  ["Amazon Linux", "ALAS", "Local", "https://alas.aws.amazon.com/"],
];

const PACKAGES = [
  "kernel", "openssl", "glibc", "sudo", "curl", "libxml2", "python3", "bind", "samba", "openssh", "nss", "expat",
  "libtiff", "git", "vim", "zlib", "systemd", "polkit", "krb5", "postgresql", "mariadb", "httpd", "nginx", "perl",
];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const CATEGORY_BY_FAMILY = {
  windows: ["Windows", "Local", "Office Application", "Internet Explorer", "General remote services", "SMB / NETBIOS"],
  linux: ["Local", "RedHat", "Ubuntu", "Debian", "OEL", "SUSE", "General remote services"],
  network: ["Hardware", "Firewall", "General remote services", "SNMP"],
  any: ["Web server", "Web Application", "Database", "General remote services", "CGI", "Security Policy"],
};

/** Remote services a finding can be on; null port = a local (authenticated) check. */
const PORTS = {
  "Web server": [[80, "tcp"], [443, "tcp"], [8080, "tcp"], [8443, "tcp"]],
  "Web Application": [[80, "tcp"], [443, "tcp"], [8443, "tcp"]],
  Database: [[1433, "tcp"], [3306, "tcp"], [5432, "tcp"], [1521, "tcp"]],
  CGI: [[80, "tcp"], [443, "tcp"]],
  "General remote services": [[22, "tcp"], [443, "tcp"], [3389, "tcp"], [445, "tcp"], [5985, "tcp"]],
  "SMB / NETBIOS": [[445, "tcp"], [139, "tcp"]],
  SNMP: [[161, "udp"]],
  Firewall: [[443, "tcp"], [4443, "tcp"]],
  Hardware: [[22, "tcp"], [23, "tcp"], [443, "tcp"]],
};

const SSL_TITLES = [
  ["SSL Certificate - Self-Signed Certificate", 2],
  ["SSL Certificate - Signature Verification Failed Vulnerability", 2],
  ["SSL Certificate - Subject Common Name Does Not Match Server FQDN", 2],
  ["SSL Certificate - Expired", 2],
  ["SSL/TLS use of weak RC4 cipher", 3],
  ["SSL Server Has SSLv3 Enabled Vulnerability", 3],
  ["TLS Protocol Session Renegotiation Security Vulnerability", 3],
  ["SSL/TLS Server supports TLSv1.0", 3],
  ["SSL/TLS Server supports TLSv1.1", 2],
  ["Birthday attacks against TLS ciphers with 64bit block size vulnerability (Sweet32)", 3],
  ["SSL Certificate - Will Expire Soon", 1],
  ["SSL Server Allows Anonymous Authentication Vulnerability", 4],
];

/** Information-gathered titles (QID kind INFO); none must look like an authentication finding. */
const IG_TITLES = [
  "Traceroute", "Host Names Found", "DNS Host Name", "Target Network Information", "Network Adapter MAC Address",
  "Installed Applications Enumerated From Windows Installer", "Windows Registry Key Access Denied",
  "Firewall Detected", "Degree of Randomness of TCP Initial Sequence Numbers", "IP ID Values Randomness",
  "TCP/IP: Internet Control Message Protocol (ICMP) Timestamp Request", "Open Ports List Detected",
  "Internet Service Provider", "Host Uptime Based on TCP TimeStamp Option", "Listening Ports Enumerated",
  "Installed Packages on Unix and Linux Operating Systems", "Linux Kernel Version Detected", "System Hostname Detected",
  "Windows Installed Hotfixes Enumerated via WMI", "BIOS Information Detected", "Default Gateway Detected",
  "HTTP Response Method and Header Information Collected", "SSL Certificate - Information", "SSH Banner Detected",
  "Web Server Version", "List of Web Directories", "Links Crawled", "HTTP Methods Returned by OPTIONS Request",
  "Scan Activity per Port", "Remote Access or Management Service Detected", "NetBIOS Host Name",
  "Microsoft Windows Defender Signature Version Detected", "Software Package Enumerated", "Running Services Enumerated",
];

const SERVICE_TITLES = [
  "DNS Server Detected", "SSH Server Detected", "Web Server Detected", "SMB Server Detected", "FTP Server Detected",
  "SNMP Service Detected", "RPC Portmapper Detected", "NTP Information Disclosure", "Remote Desktop Service Detected",
  "Database Service Detected", "LDAP Service Detected", "SMTP Service Detected", "WinRM Service Detected",
];

export const SPECIAL = {
  DNS_NAME: { qid: 6, title: "DNS Host Name", severity: 1, category: "Information gathering" },
  OS: { qid: 45017, title: "Operating System Detected", severity: 2, category: "Information gathering" },
  SCAN_TIME: { qid: 45038, title: "Host Scan Time", severity: 1, category: "Information gathering" },
  WIN_AUTH_OK: { qid: 70053, title: "Windows Authentication Method for User-Provided Credentials", severity: 1, category: "Windows" },
  UNIX_AUTH_OK: { qid: 38307, title: "Unix Authentication Method", severity: 1, category: "Local" },
  WIN_AUTH_FAILED: { qid: 105015, title: "Windows Authentication Failed", severity: 2, category: "Information gathering" },
  UNIX_AUTH_FAILED: { qid: 105053, title: "Unix Authentication Failed", severity: 2, category: "Information gathering" },
  TCP_SERVICES: { qid: 82023, title: "Open TCP Services List", severity: 1, category: "TCP/IP" },
  UDP_SERVICES: { qid: 82004, title: "Open UDP Services List", severity: 1, category: "TCP/IP" },
};

const AUTH_LOOKALIKE = /authentication\s+failed|insufficient\s+privilege|authentication\s+not\s+attempted/i;

function sentenceCase(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function date(r, yearFrom, yearTo) {
  const y = r.int(yearFrom, yearTo);
  const m = String(r.int(1, 12)).padStart(2, "0");
  const d = String(r.int(1, 28)).padStart(2, "0");
  const h = String(r.int(0, 23)).padStart(2, "0");
  const mi = String(r.int(0, 59)).padStart(2, "0");
  return `${y}-${m}-${d}T${h}:${mi}:${String(r.int(0, 59)).padStart(2, "0")}Z`;
}

function version(r) {
  return `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 40)}`;
}

function cves(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(`CVE-${r.int(2019, 2024)}-${r.int(1000, 49999)}`);
  return [...new Set(out)];
}

function diagnosisText(r, product, desc, issue, ver, fixed) {
  const parts = [
    `${product} is ${desc}.`,
    `${product} versions prior to ${fixed} are affected by ${issue} in the ${r.pick(COMPONENTS)} due to improper ${r.pick(WEAKNESSES)}.`,
  ];
  if (r.chance(0.6)) parts.push(`<P>Affected Versions:<BR>${product} ${ver} and earlier`);
  if (r.chance(0.5)) {
    parts.push(
      `<P>QID Detection Logic (${r.chance(0.5) ? "Authenticated" : "Unauthenticated"}):<BR>This QID checks the host&apos;s installed version of ${product} by querying the ${r.pick(["package manager", "registry", "service banner", "file version of the main executable"])}.`,
    );
  }
  if (r.chance(0.3)) parts.push(`<P>Note: The vendor marks this issue as <B>${r.pick(["Important", "Critical", "Moderate"])}</B>.`);
  return parts.join(" ");
}

function consequenceText(r) {
  const a = `Successful exploitation of this vulnerability could allow ${r.pick(["a remote", "a local", "a remote, unauthenticated", "an authenticated"])} attacker to ${r.pick(IMPACTS)}.`;
  return r.chance(0.4) ? `${a} ${sentenceCase(r.pick(IMPACTS))} may also be possible.` : a;
}

function solutionText(r, product, fixed, advisory, url) {
  return (
    `Customers are advised to upgrade to ${product} ${fixed} or later to remediate this vulnerability.` +
    `<P>Patch:<BR>Following are links for downloading patches to fix the vulnerabilities:<BR>` +
    `<A HREF="${url}" TARGET="_blank">${advisory}</A>` +
    (r.chance(0.3) ? `<P>Workaround:<BR>Restrict access to the affected service to trusted networks until the update is applied.` : "")
  );
}

function igText(r, title) {
  return {
    diagnosis: `${title}: this information was gathered during the scan.<P>It is reported for reference and does not indicate a vulnerability by itself. The data can help identify the role of the host&apos;s services.`,
    consequence: r.chance(0.5) ? "N/A" : "This information could be used by an attacker to plan further attacks against the host.",
    solution: "N/A",
  };
}

function makeEntry(r, qid, kind, fields) {
  if (AUTH_LOOKALIKE.test(fields.title) && !fields.special) throw new Error(`generated title looks like an auth finding: ${fields.title}`);
  return { qid, kind, ...fields };
}

/**
 * Build the catalog: { byQid: Map, vulns: {family: entry[]}, practices: {family: entry[]}, ig: entry[],
 * services: entry[], special: {name: entry} }.
 */
export function buildCatalog(seed = 20241118) {
  const r = rng(seed);
  const byQid = new Map();
  const add = (e) => {
    if (byQid.has(e.qid)) throw new Error(`duplicate QID ${e.qid}`);
    byQid.set(e.qid, e);
    return e;
  };
  const vulns = { windows: [], linux: [], network: [], any: [] };
  const practices = { windows: [], linux: [], network: [], any: [] };

  let next = 200000;
  const nextQid = () => (next += r.int(1, 37));

  const vulnEntry = (kind, family) => {
    const [product, desc] = r.pick(PRODUCTS.filter((p) => p[2] === family || (family === "any" && p[2] === "any")));
    let category = r.pick(CATEGORY_BY_FAMILY[family]);
    const severity = r.weighted([[1, 8], [2, 22], [3, 38], [4, 22], [5, 10]]);
    const ver = version(r);
    const [major, minor, patch] = ver.split(".").map(Number);
    const fixed = r.chance(0.5) ? `${major}.${minor}.${patch + r.int(1, 9)}` : `${major}.${minor + 1}.0`;
    const issue = r.pick(ISSUES);
    let title;
    let advisory;
    let url;
    if (category in { RedHat: 1, Ubuntu: 1, Debian: 1, OEL: 1, SUSE: 1 } || (family === "linux" && r.chance(0.5))) {
      const [distro, prefix, distroCategory, base] = r.pick(DISTROS);
      category = distroCategory;
      const pkg = r.pick(PACKAGES);
      advisory = `${prefix}-${r.int(2019, 2024)}:${r.int(1000, 9999)}`;
      url = `${base}${advisory}`;
      title = `${distro} Security Update for ${pkg} (${advisory})`;
    } else if (product === "Microsoft Windows" || (family === "windows" && r.chance(0.3))) {
      advisory = `KB${r.int(5000000, 5049999)}`;
      url = `https://support.microsoft.com/help/${advisory.slice(2)}`;
      title = `Microsoft ${r.chance(0.5) ? "Windows" : product.replace(/^Microsoft /, "")} Security Update for ${r.pick(MONTHS)} ${r.int(2019, 2024)}`;
    } else {
      advisory = `${product.split(" ")[0].toUpperCase()}-SA-${r.int(2019, 2024)}-${r.int(1, 99)}`;
      url = `https://security.example-vendor.com/advisories/${advisory.toLowerCase()}`;
      title = r.chance(0.25)
        ? `EOL/Obsolete Software: ${product} ${ver.split(".")[0]}.x Detected`
        : `${product} Prior to ${fixed} ${sentenceCase(issue.replace(/^an? /, ""))} (${advisory})`;
    }
    const portChoices = PORTS[category];
    const port = portChoices && r.chance(0.8) ? r.pick(portChoices) : null;
    const entry = makeEntry(r, nextQid(), kind, {
      title,
      severity: kind === "potential" ? Math.min(severity, 4) : severity,
      category,
      family,
      product,
      port: port ? port[0] : null,
      protocol: port ? port[1] : null,
      cvssBase: (severity * 2 - r.next()).toFixed(1),
      cvssTemporal: (severity * 1.8 - r.next()).toFixed(1),
      cvss3: Math.min(10, severity * 2 + r.next()).toFixed(1),
      pci: severity >= 3 ? 1 : 0,
      cves: cves(r, r.weighted([[0, 2], [1, 4], [2, 3], [4, 2], [8, 1]])),
      vendorRef: { id: advisory, url },
      lastUpdate: date(r, 2020, 2024),
      published: date(r, 2018, 2024),
      diagnosis: diagnosisText(r, product, desc, issue, ver, fixed),
      consequence: consequenceText(r),
      solution: solutionText(r, product, fixed, advisory, url),
      installed: ver,
      required: fixed,
      packageRow: r.chance(0.6),
    });
    return add(entry);
  };

  for (const [family, n] of [["windows", 700], ["linux", 900], ["network", 150], ["any", 650]]) {
    for (let i = 0; i < n; i++) vulns[family].push(vulnEntry("confirmed", family));
    for (let i = 0; i < n / 4; i++) practices[family].push(vulnEntry("potential", family));
  }

  // SSL/TLS findings: the same QID legitimately repeats on several ports of one host.
  const ssl = SSL_TITLES.map(([title, severity], i) =>
    add(
      makeEntry(r, 38100 + i * 37, "confirmed", {
        title,
        severity,
        category: "General remote services",
        family: "any",
        product: "SSL/TLS",
        port: 443,
        protocol: "tcp",
        cvssBase: (severity * 2 - 0.5).toFixed(1),
        cvssTemporal: (severity * 1.8 - 0.5).toFixed(1),
        cvss3: (severity * 2).toFixed(1),
        pci: severity >= 3 ? 1 : 0,
        cves: severity >= 3 ? cves(r, 1) : [],
        vendorRef: null,
        lastUpdate: date(r, 2020, 2024),
        published: date(r, 2010, 2020),
        diagnosis: `${title}.<P>The SSL/TLS service on this port presents a configuration that does not follow current best practice.<BR>See the RESULT section for the certificate or cipher details.`,
        consequence: "An attacker may be able to intercept or tamper with traffic between clients and this service.",
        solution: `Reconfigure the service to use a certificate signed by a trusted CA and TLS 1.2 or later.<P>See <A HREF="https://wiki.mozilla.org/Security/Server_Side_TLS" TARGET="_blank">Server Side TLS</A>.`,
        installed: null,
        required: null,
        packageRow: false,
      }),
    ),
  );

  const ig = [];
  let igQid = 45100;
  for (const base of IG_TITLES) {
    for (const suffix of ["", " (WMI)", " (SSH)", " via SNMP", " (Agent)", " on Port", " Information", " Enumeration", " Summary"]) {
      const title = `${base}${suffix}`;
      const t = igText(r, title);
      ig.push(
        add(
          makeEntry(r, (igQid += r.int(1, 9)), "info", {
            title, severity: r.weighted([[1, 6], [2, 3], [3, 1]]), category: "Information gathering", family: "any",
            port: null, protocol: null, pci: 0, cves: [], vendorRef: null, lastUpdate: date(r, 2018, 2024), published: date(r, 2005, 2018), ...t,
          }),
        ),
      );
    }
  }
  const services = [];
  let svcQid = 82100;
  for (const base of SERVICE_TITLES) {
    for (const suffix of ["", " on Non-Standard Port", " Version"]) {
      const title = `${base}${suffix}`;
      services.push(
        add(
          makeEntry(r, (svcQid += r.int(1, 5)), "info", {
            title, severity: 1, category: "TCP/IP", family: "any", port: null, protocol: null, pci: 0, cves: [],
            vendorRef: null, lastUpdate: date(r, 2018, 2024), published: date(r, 2005, 2018), ...igText(r, title),
          }),
        ),
      );
    }
  }

  const special = {};
  for (const [name, s] of Object.entries(SPECIAL)) {
    const kind = name === "TCP_SERVICES" || name === "UDP_SERVICES" ? "service" : "info";
    special[name] = add(
      makeEntry(r, s.qid, "info", {
        ...s, special: true, serviceItem: kind === "service", family: "any", port: null, protocol: null, pci: 0, cves: [],
        vendorRef: null, lastUpdate: date(r, 2018, 2024), published: date(r, 2005, 2018), ...igText(r, s.title),
      }),
    );
  }
  return { byQid, vulns, practices, ssl, ig, services, special };
}

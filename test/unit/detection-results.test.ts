/** QID 45017 and 82023 / 82004 result texts, as the real files write them and as damaged copies do. */
import { describe, expect, it } from "vitest";
import { parseOsResult, parseServicesResult } from "../../src/formats/qualys-xml/detection-results.js";
import { DetectedHosts } from "../../src/formats/qualys-xml/detected-hosts.js";
import { DetectedNames, HostDetection, MAX_SERVICES_PER_HOST } from "../../src/formats/qualys-xml/host-detection.js";

const T = "\t";

describe("parseOsResult", () => {
  it.each([
    ["the table of a real SCAN", `Operating System${T}Technique${T}ID\nSolaris 9-10${T}TCP/IP Fingerprint${T}U1364:7`, "Solaris 9-10"],
    [
      "the first row of several (a real asset report)",
      `Operating System${T}Technique${T}ID\nLinux 2.4-2.6 / Embedded Device / F5 Networks Big-IP / Linux 2.6${T}TCP/IP Fingerprint${T}M1141:5927::22\nx86 64 Linux/2.6.32-200.20.1.el5uek${T}NTP`,
      "Linux 2.4-2.6 / Embedded Device / F5 Networks Big-IP / Linux 2.6",
    ],
    ["CRLF line ends and blank lines", `\r\nOperating System${T}Technique${T}ID\r\n\r\nWindows 10${T}NTLMSSP${T}OS: 10.0\r\n`, "Windows 10"],
    ["a single line, no header", "Linux 5.x", "Linux 5.x"],
    ["a labelled line", "Operating System: FreeBSD 13", "FreeBSD 13"],
    ["tabs lost to runs of spaces", "Operating System   Technique   ID\nWindows Server 2019   TCP/IP Fingerprint   U1:1", "Windows Server 2019"],
    ["entities left in CDATA, runs of white space", `Operating System${T}Technique\nAT&amp;T   Unix\u00a0 V${T}x`, "AT&T Unix V"],
  ])("%s", (_what, text, os) => {
    expect(parseOsResult(text)).toBe(os);
  });

  it.each([
    ["empty", ""],
    ["a header only", `Operating System${T}Technique${T}ID\n`],
    ["rows with an empty first cell", `Operating System${T}Technique${T}ID\n${T}NTP`],
  ])("nothing from %s", (_what, text) => {
    expect(parseOsResult(text)).toBeNull();
  });

  it("cuts a name of absurd length", () => {
    expect(parseOsResult("x".repeat(10_000))?.length).toBe(200);
  });
});

describe("parseServicesResult", () => {
  const header = `Port${T}IANA Assigned Ports/Services${T}Description${T}Service Detected${T}OS On Redirected Port`;

  it("reads the detected service; the IANA name where none was detected; a UDP table's 'udp' suffix dropped", () => {
    const text = [header, `22${T}ssh${T}SSH Remote Login Protocol${T}ssh ${T} `, `111${T}sunrpc${T}SUN RPC${T}rpc udp`, `123${T}ntp${T}Network Time Protocol${T}unknown`, `1900${T}unknown${T}unknown${T}unknown`].join("\n");
    expect(parseServicesResult(text, 64)).toEqual([
      { port: 22, service: "ssh" },
      { port: 111, service: "rpc" },
      { port: 123, service: "ntp" },
      { port: 1900, service: "unknown" },
    ]);
  });

  it("finds the columns by the header's names, in any order", () => {
    expect(parseServicesResult(`Service Detected${T}Port\nhttp${T}8080`, 64)).toEqual([{ port: 8080, service: "http" }]);
  });

  it("reads rows without a header (port, IANA name)", () => {
    expect(parseServicesResult(`22${T}ssh\n443${T}https`, 64)).toEqual([
      { port: 22, service: "ssh" },
      { port: 443, service: "https" },
    ]);
  });

  it("skips what is not a port and stops at the cap", () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1}${T}x${T}y${T}svc${i}`);
    const text = [header, `abc${T}ssh`, `70000${T}big`, ...rows].join("\n");
    const parsed = parseServicesResult(text, 5);
    expect(parsed.map((r) => r.port)).toEqual([1, 2, 3, 4, 5]);
    expect(parseServicesResult("some output", 64)).toEqual([]);
  });
});

describe("HostDetection", () => {
  it("keeps a handful of OS names and a few dozen services a host, each once; the OS field only stands in for a 45017 without a readable result", () => {
    const names = new DetectedNames();
    const h = new HostDetection(names);
    expect(h.detected("Linux")).toBeUndefined();
    h.addResult(45017, null);
    expect(h.detected("Linux")).toEqual({ qids: 1, oses: ["Linux"], services: [] });
    for (let i = 0; i < 10; i++) h.addOs(`OS ${i % 6}`);
    expect(h.osNames).toEqual(["OS 0", "OS 1", "OS 2", "OS 3"]);
    expect(h.detected("Linux")?.oses).toEqual(["OS 0", "OS 1", "OS 2", "OS 3"]);
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1}${T}x${T}y${T}svc`).join("\n");
    h.addResult(82023, rows);
    h.addResult(82023, rows);
    expect(h.serviceCodes).toHaveLength(MAX_SERVICES_PER_HOST);
    expect(h.detected(null)?.services[0]).toEqual({ port: 1, protocol: "tcp", service: "svc" });
  });

  it("a host without 45017 never counts its OS field", () => {
    const h = new HostDetection(new DetectedNames());
    h.addResult(82004, `Port${T}IANA${T}Description${T}Service Detected\n53${T}domain${T}DNS${T}named udp`);
    expect(h.detected("Windows 10")).toEqual({ qids: 4, oses: [], services: [{ port: 53, protocol: "udp", service: "named" }] });
  });
});

describe("DetectedHosts (many hosts, by slot)", () => {
  const table = (ports: number[], service = "svc"): string => ["Port\tIANA Assigned Ports/Services\tDescription\tService Detected", ...ports.map((p) => `${p}\tx\ty\t${service}`)].join("\n");

  it("a host's services are a union over its results and observations, each once, sorted by port, the lowest 64 kept", () => {
    const store = new DetectedHosts();
    store.addResult(3, 82023, table([443, 22]));
    store.addResult(3, 82004, `53\tdomain\tDNS\tnamed udp`);
    store.add(3, { qids: 2, oses: [], services: [{ port: 22, protocol: "tcp", service: "svc" }, { port: 8080, protocol: "tcp", service: "http" }] });
    expect(store.detected(3, null)?.services).toEqual([
      { port: 22, protocol: "tcp", service: "svc" },
      { port: 53, protocol: "udp", service: "named" },
      { port: 443, protocol: "tcp", service: "svc" },
      { port: 8080, protocol: "tcp", service: "http" },
    ]);
    store.addResult(3, 82023, table(Array.from({ length: 100 }, (_, i) => 1000 + i)));
    const services = store.detected(3, null)?.services ?? [];
    expect(services).toHaveLength(MAX_SERVICES_PER_HOST);
    // 22, 53 and 443, then 1000 and up: 8080 is beyond the 64 lowest.
    expect(services.at(-1)?.port).toBe(1000 + MAX_SERVICES_PER_HOST - 4);
    expect(services.map((s) => s.port)).not.toContain(8080);
    expect(store.serviceGroups()).toHaveLength(1);
  });

  it("hosts with the same services share one set; OS names: a handful a host, the field only behind a 45017 without result", () => {
    const store = new DetectedHosts();
    for (let slot = 0; slot < 5; slot++) store.addResult(slot, 82023, table([22, 80]));
    expect(store.serviceGroups()).toEqual([{ keys: expect.any(Array), hosts: 5 }]);
    store.addResult(7, 45017, null);
    expect(store.detected(7, "Linux")?.oses).toEqual(["Linux"]);
    for (const os of ["A", "B", "A", "C", "D", "E"]) store.add(7, { qids: 1, oses: [os], services: [] });
    expect(store.detected(7, "Linux")?.oses).toEqual(["A", "B", "C", "D"]);
    expect(store.detected(6, "Linux")).toBeUndefined();
    expect(store.qids).toBe(3);
  });
});

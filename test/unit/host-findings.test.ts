/** HostFindings counts a finding once per (kind, QID, port, protocol), whatever shape the key takes. */
import { describe, expect, it } from "vitest";
import { HostFindings, type Finding } from "../../src/formats/qualys-xml/host-findings.js";

const base: Finding = { kind: "confirmed", qid: 38170, severity: 3, port: "443", protocol: "tcp", title: "SSL Certificate", fixed: false };

function counted(findings: readonly Partial<Finding>[]): number {
  const host = new HostFindings();
  for (const f of findings) host.add({ ...base, ...f });
  return host.counts.confirmed.reduce((a, b) => a + b, 0) + host.counts.potential.reduce((a, b) => a + b, 0) + host.counts.info.reduce((a, b) => a + b, 0);
}

describe("HostFindings de-duplication", () => {
  it("counts a repeated finding once, and each distinct port, protocol, kind or QID", () => {
    expect(counted([{}, {}, {}])).toBe(1);
    expect(counted([{}, { port: "80" }, { port: "" }, { port: "0" }, { port: "65535" }])).toBe(5);
    expect(counted([{}, { protocol: "udp" }, { protocol: "" }, { protocol: "icmp" }])).toBe(4);
    expect(counted([{}, { kind: "potential" }, { kind: "info" }, { qid: 38171 }])).toBe(4);
  });

  it("keeps the text of unusual keys apart, as written", () => {
    // Not a canonical port, an upper-case protocol, a port beyond 65535, a damaged QID: still one each.
    expect(counted([{ port: "080" }, { port: "80" }, { port: "080" }])).toBe(2);
    expect(counted([{ protocol: "TCP" }, { protocol: "tcp" }, { protocol: "TCP" }])).toBe(2);
    expect(counted([{ port: "70000" }, { port: "70000" }, { port: "4464" }])).toBe(2);
    expect(counted([{ port: "1+1" }, { port: "2" }, { port: " 2" }])).toBe(3);
    expect(counted([{ qid: 2 ** 31 }, { qid: 2 ** 31 }, { qid: 1.5 }, { qid: 1.5 }])).toBe(2);
  });

  it("never merges two findings whose numbers could meet (largest QID and port)", () => {
    const max = 0x7fffffff;
    expect(counted([{ qid: max, port: "65535", protocol: "icmp", kind: "info" }, { qid: max, port: "65534", protocol: "icmp", kind: "info" }, { qid: max - 1, port: "65535", protocol: "icmp", kind: "info" }])).toBe(3);
  });
});

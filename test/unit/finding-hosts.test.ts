/**
 * FindingHosts keeps hosts as columns (addresses as numbers, texts as bytes, counts in 16 bits
 * until one needs 32) and reports each once at the end: what it reports is what the rows said.
 */
import { describe, expect, it } from "vitest";
import { FindingHosts, type FindingRow } from "../../src/formats/qualys-findings/finding-hosts.js";
import type { ObservationSink } from "../../src/formats/reader.js";
import type { HostObservation } from "../../src/model/observation.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

function collect(): { hosts: HostObservation[]; skipped: number[]; sink: ObservationSink } {
  const hosts: HostObservation[] = [];
  const skipped: number[] = [];
  const sink: ObservationSink = {
    host: (o) => hosts.push(o),
    range: () => undefined,
    hostnameTarget: () => undefined,
    warn: () => undefined,
    detectionPage: () => undefined,
    statedAverageRisk: () => undefined,
    skip: (line) => skipped.push(line),
  };
  return { hosts, skipped, sink };
}

const row = (over: Partial<FindingRow>): FindingRow => ({
  ip: "10.0.0.1",
  hostname: null,
  os: null,
  qid: "38170",
  title: "a finding",
  type: "Vuln",
  severity: "3",
  vulnStatus: null,
  time: null,
  line: 1,
  ...over,
});

describe("FindingHosts", () => {
  it("reports each host once, in the order first seen, IPv4 and IPv6, with the first hostname and OS any row gave", () => {
    const { hosts, skipped, sink } = collect();
    const found = new FindingHosts({ path: "x.json", input: 2, taxonomy: new Taxonomy(), sink });
    found.add(row({ ip: "10.0.0.9", line: 3, time: 1000 }));
    found.add(row({ ip: "2001:DB8::1", hostname: "v6.example.com", line: 4 }));
    found.add(row({ ip: "10.0.0.9", hostname: "db01.example.com", os: "Linux 5.x", line: 5, time: 3000, severity: "5" }));
    found.add(row({ ip: "10.0.0.9", hostname: "other.example.com", os: "Windows", line: 6, time: 2000, type: "Ig" }));
    found.add(row({ ip: "0.0.0.0", hostname: "", line: 7 }));
    found.add(row({ ip: "not an ip", line: 8 }));
    expect(found.hostCount).toBe(3);
    expect([...found.scanned()].map((h) => [h.ip, h.name])).toEqual([
      ["10.0.0.9", "db01.example.com"],
      ["2001:db8::1", "v6.example.com"],
      ["0.0.0.0", ""],
    ]);
    found.finish();
    expect(skipped).toEqual([8]);
    expect(hosts.map((h) => [h.ip, h.address?.value, h.hostname, h.os, h.line, h.time, h.input])).toEqual([
      ["10.0.0.9", 167772169n, "db01.example.com", "Linux 5.x", 3, 3000, 2],
      ["2001:db8::1", 0x20010db8000000000000000000000001n, "v6.example.com", null, 4, null, 2],
      ["0.0.0.0", 0n, "", null, 7, null, 2],
    ]);
    expect(hosts[0]?.findings).toEqual({ confirmed: [0, 0, 1, 0, 1], potential: [0, 0, 0, 0, 0], info: [0, 0, 1, 0, 0] });
    // Reported and let go: nothing is held after.
    expect(found.hostCount).toBe(0);
  });

  it("counts beyond 16 bits exactly, for that host and the others", () => {
    const { hosts, sink } = collect();
    const found = new FindingHosts({ path: "x.json", input: 0, taxonomy: new Taxonomy(), sink });
    found.add(row({ ip: "10.0.0.1", severity: "1" }));
    for (let i = 0; i < 70_000; i++) found.add(row({ ip: "10.0.0.2", type: "Ig", severity: "2", line: i + 2 }));
    found.add(row({ ip: "10.0.0.3", type: "Practice", severity: "4" }));
    found.finish();
    expect(hosts.map((h) => h.findings)).toEqual([
      { confirmed: [1, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] },
      { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 70_000, 0, 0, 0] },
      { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 1, 0], info: [0, 0, 0, 0, 0] },
    ]);
  });

  it("keeps thousands of hosts across growth, each with its own texts and counts", () => {
    const { hosts, sink } = collect();
    const found = new FindingHosts({ path: "x.json", input: 0, taxonomy: new Taxonomy(), sink });
    const ip = (i: number) => `10.1.${i >> 8}.${i & 255}`;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) found.add(row({ ip: ip(i), hostname: round === 1 || i % 2 === 0 ? `h${i}.example.com` : null, os: `OS ${i % 7}`, severity: String((i % 5) + 1), line: round * 5000 + i + 1 }));
    }
    found.finish();
    expect(hosts).toHaveLength(5000);
    hosts.forEach((h, i) => {
      expect([h.ip, h.hostname, h.os, h.line]).toEqual([ip(i), `h${i}.example.com`, `OS ${i % 7}`, i + 1]);
      expect(h.findings?.confirmed[i % 5]).toBe(2);
    });
  });
});

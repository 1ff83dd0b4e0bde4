/** The compact per-IP store gives back exactly the records it was given, in address order. */
import { describe, expect, it } from "vitest";
import type { HostRecord } from "../../src/aggregate/host-record.js";
import { RecordStore } from "../../src/aggregate/record-store.js";
import { emptyFindingCounts, type FindingCounts } from "../../src/model/findings.js";
import { parseIp } from "../../src/net/ip.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const taxonomy = new Taxonomy();

function record(ip: string | null, over: Partial<HostRecord> = {}): HostRecord {
  const parsed = ip === null ? null : parseIp(ip);
  return {
    ip: parsed?.text ?? null,
    hostname: null,
    family: parsed?.family ?? null,
    value: parsed?.value ?? null,
    rawStatus: "NoAnswer",
    verdict: taxonomy.classify("NoAnswer"),
    detail: null,
    time: 1_700_000_000_000,
    evidence: "direct",
    input: 0,
    line: 2,
    os: null,
    findings: null,
    statedRisk: null,
    extra: null,
    collapsed: 0,
    decidedBy: "only",
    ...over,
  };
}

function keyOf(r: HostRecord): number | string {
  return r.family === 4 ? Number(r.value) : (r.ip ?? `name:${r.hostname}`);
}

/** Distinct counts per kind and level, so that a column mix-up shows. */
function counts(seed: number): FindingCounts {
  const row = (k: number) => [0, 1, 2, 3, 4].map((l) => (seed * 31 + k * 5 + l) % 97);
  return { confirmed: row(0), potential: row(1), info: row(2) };
}

describe("RecordStore", () => {
  const samples: HostRecord[] = [
    record("10.0.0.9"),
    record("10.0.0.1", { time: null, rawStatus: "Quarantined", verdict: taxonomy.classify("Quarantined"), collapsed: 2, decidedBy: "first-without-time", input: 3, line: 99 }),
    record("10.0.0.5", { hostname: "web01", detail: "kept", findings: emptyFindingCounts() }),
    record("2001:db8::1"),
    record(null, { hostname: "printer" }),
    record("255.255.255.255"),
  ];

  it("gives back each record unchanged, lean or not", () => {
    const store = new RecordStore();
    for (const r of samples) store.add(keyOf(r), r);
    samples.forEach((r, slot) => expect(store.at(slot)).toEqual(r));
    expect(store.find(keyOf(samples[1] as HostRecord))).toBe(1);
    expect(store.find(167772170)).toBe(-1);
  });

  it("put replaces a record, from columns to an object and back, leaving nothing of the old one", () => {
    const store = new RecordStore();
    const slot = store.add(167772161, record("10.0.0.1"));
    const rich = record("10.0.0.1", { detail: "Access denied", hostname: "db1", findings: counts(3), statedRisk: 4.5 });
    store.put(slot, rich);
    expect(store.at(slot)).toEqual(rich);
    const inferred = record("10.0.0.1", { evidence: "inferred", hostname: "db1" });
    store.put(slot, inferred);
    expect(store.at(slot)).toBe(inferred);
    expect(store.hasFindings(slot)).toBe(false);
    expect([...store.recordHostnames()]).toEqual(["db1"]);
    store.put(slot, record("10.0.0.1", { collapsed: 1, decidedBy: "newest" }));
    expect(store.at(slot)).toEqual(record("10.0.0.1", { collapsed: 1, decidedBy: "newest" }));
    expect([...store.recordHostnames()]).toEqual([]);
  });

  it("keeps finding counts, stated risk, hostname and detail of many IPv4 hosts across growth", () => {
    const store = new RecordStore();
    const made: HostRecord[] = [];
    for (let i = 0; i < 5000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      // The findings column appears only at the 3000th record, after the store has grown.
      const r = record(ip, {
        hostname: i % 3 === 0 ? `h${i}` : null,
        detail: i % 7 === 0 ? `detail ${i}` : null,
        findings: i >= 3000 && i % 2 === 0 ? counts(i) : null,
        statedRisk: i >= 3000 && i % 4 === 0 ? (i % 50) / 10 : null,
        time: i % 5 === 0 ? null : 1_700_000_000_000 + i,
      });
      made.push(r);
      store.add(keyOf(r), r);
    }
    made.forEach((r, slot) => expect(store.at(slot)).toEqual(r));
    expect(made.filter((_r, slot) => store.hasFindings(slot))).toEqual(made.filter((r) => r.findings !== null));
    expect(new Set(store.recordHostnames())).toEqual(new Set(made.flatMap((r) => (r.hostname ? [r.hostname] : []))));
  });

  it("keeps a count beyond 16 bits exactly, and the counts stored before it, lean or replaced", () => {
    const store = new RecordStore();
    const small = record("10.0.0.1", { findings: counts(1) });
    const big = record("10.0.0.2", { findings: { confirmed: [0, 65_535, 65_536, 0, 1], potential: [4_000_000_000, 0, 0, 0, 0], info: [0, 0, 0, 0, 7] } });
    const after = record("10.0.0.3", { findings: counts(3) });
    for (const r of [small, big, after]) store.add(keyOf(r), r);
    [small, big, after].forEach((r, slot) => expect(store.at(slot)).toEqual(r));
    const replaced = record("10.0.0.1", { findings: { confirmed: [70_000, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] } });
    store.put(0, replaced);
    expect(store.at(0)).toEqual(replaced);
    expect(store.at(1)).toEqual(big);
  });

  it("keeps OS and extra columns, whatever the header names", () => {
    const store = new RecordStore();
    const extra = Object.assign(Object.create(null) as Record<string, string>, { job: "7", ["__proto__"]: "x", constructor: "y" });
    const r = record("10.0.0.1", { os: "Windows Server 2019", extra });
    store.add(keyOf(r), r);
    const back = store.at(0);
    expect(back).toEqual(r);
    expect(Object.keys(back.extra ?? {})).toEqual(["job", "__proto__", "constructor"]);
    expect(Object.getPrototypeOf(back.extra)).toBeNull();
  });

  it("lists the records with findings in address order, objects and columns alike", () => {
    const store = new RecordStore();
    const rows = [
      record("10.0.0.9", { findings: counts(1) }),
      record("10.0.0.2"),
      record("2001:db8::5", { findings: counts(2) }),
      record("10.0.0.3", { findings: counts(3), os: "Linux" }),
    ];
    for (const r of rows) store.add(keyOf(r), r);
    expect([...store.sorted([]).withFindings()].map((r) => r.ip)).toEqual(["10.0.0.3", "10.0.0.9", "2001:db8::5"]);
  });

  it.each([["native packed sort", undefined], ["comparator fallback", 2]])("sorts IPv4, then IPv6, then hostnames (%s)", (_name, span) => {
    const store = new RecordStore(span);
    for (const r of samples) store.add(keyOf(r), r);
    const list = store.sorted([record(null, { hostname: "aardvark" })]);
    expect(list.length).toBe(7);
    expect([...list].map((r) => r.ip ?? r.hostname)).toEqual(["10.0.0.1", "10.0.0.5", "10.0.0.9", "255.255.255.255", "2001:db8::1", "aardvark", "printer"]);
    expect(list.at(0)).toEqual(samples[1]);
    expect(list.at(7)).toBeUndefined();
    expect(list.filter((r) => r.hostname !== null)).toHaveLength(3);
  });
});

/** The compact per-IP store gives back exactly the records it was given, in address order. */
import { describe, expect, it } from "vitest";
import type { HostRecord } from "../../src/aggregate/host-record.js";
import { RecordStore } from "../../src/aggregate/record-store.js";
import { emptyFindingCounts } from "../../src/model/findings.js";
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

  it("put replaces a record, turning a lean one into an object and back", () => {
    const store = new RecordStore();
    const slot = store.add(167772161, record("10.0.0.1"));
    const rich = record("10.0.0.1", { detail: "Access denied", rawStatus: "CredentialFailed", verdict: taxonomy.classify("CredentialFailed") });
    store.put(slot, rich);
    expect(store.at(slot)).toEqual(rich);
    store.put(slot, record("10.0.0.1", { collapsed: 1, decidedBy: "newest" }));
    expect(store.at(slot)).toEqual(record("10.0.0.1", { collapsed: 1, decidedBy: "newest" }));
    expect([...store.objectRecords()]).toEqual([]);
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

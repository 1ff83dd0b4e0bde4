/**
 * One record per IP, stored compactly. A big input holds hundreds of thousands of IPv4 hosts that
 * live for the whole run; as objects (with their finding counts as arrays) they cost about 550
 * bytes each, and V8's heap grows to twice what is live, so memory grew with the file. Here an
 * IPv4 record is a row of typed-array columns (status, time, line, finding counts, stated risk)
 * plus, when it has them, its texts (hostname, detail, OS, extra columns) as bytes in TextColumns:
 * about 100 bytes and its text. Only records the columns cannot hold (IPv6, hostname-only
 * targets, inferred evidence) stay HostRecord objects. Readers always get HostRecord objects,
 * made on demand.
 */
import { formatIpv4 } from "../net/ip.js";
import type { FindingCounts } from "../model/findings.js";
import type { MergeKey } from "../model/observation.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { compareText } from "./compare-text.js";
import { TextColumn } from "../lib/text-column.js";
import { grown, wider } from "../lib/typed-arrays.js";
import { U32Map } from "./u32-map.js";
import type { DecidedBy, HostRecord } from "./host-record.js";

const DECIDED: readonly DecidedBy[] = ["only", "direct-over-inferred", "newest", "first-on-equal-time", "first-without-time", "timed-over-untimed"];
const INITIAL = 1024;
const SLOT_SPAN = 2 ** 21;
/** Column indexes of statuses and verdicts are 16-bit; a table this full stops taking records. */
const MAX_TABLE = 0xffff;
/** Finding counts per record: three kinds by five severity levels. */
const LEVELS = 5;
const COUNTS = 3 * LEVELS;

/** Per-slot flags. */
const OBJECT = 1;
const HAS_FINDINGS = 2;

export type RecordKey = number | string;

/** The key of a record named by its hostname alone (no address): case does not matter. */
export function hostnameRecordKey(hostname: string): string {
  return `name:${hostname.toLowerCase()}`;
}

/** The key a record is stored under (see TriageBuilder.addHost). */
export function recordKeyOf(r: HostRecord): RecordKey {
  if (r.family === 4 && r.value !== null) return Number(r.value);
  return r.ip ?? hostnameRecordKey(r.hostname ?? "");
}

/** What few records carry beside the columns (merged rows read back from a map/reduce part). */
interface MergedFrom {
  readonly hostnameFrom?: MergeKey;
  readonly findingsFrom?: MergeKey;
  readonly otherHostnames?: readonly string[];
}

export function compareRecords(a: HostRecord, b: HostRecord): number {
  const fa = a.family ?? 9;
  const fb = b.family ?? 9;
  if (fa !== fb) return fa - fb;
  if (a.value !== null && b.value !== null) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return compareText(a.hostname ?? "", b.hostname ?? "");
}

function fitsUint16(counts: FindingCounts): boolean {
  for (const row of [counts.confirmed, counts.potential, counts.info]) for (const n of row) if (n > 0xffff) return false;
  return true;
}

/** A small string/verdict table: index in, value out. */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  id(value: T): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(value, i);
    }
    return i;
  }
  get full(): boolean {
    return this.values.length >= MAX_TABLE;
  }
}

export class RecordStore {
  /** slotSpan: how many slots the packed native sort handles (a parameter only for tests). */
  constructor(private readonly slotSpan = SLOT_SPAN) {}

  /** IPv4 keys (numbers) in a typed hash table; IPv6 and hostname keys (text) in a Map. */
  private readonly ipv4Slots = new U32Map();
  private readonly textSlots = new Map<string, number>();
  private size = 0;
  private capacity = INITIAL;
  /** The IPv4 address of every slot that has one (objects included), NaN otherwise. */
  private address = new Float64Array(INITIAL);
  private flags = new Uint8Array(INITIAL);
  private verdict = new Uint16Array(INITIAL);
  private raw = new Uint16Array(INITIAL);
  private time = new Float64Array(INITIAL);
  private input = new Uint16Array(INITIAL);
  private line = new Uint32Array(INITIAL);
  private collapsed = new Uint32Array(INITIAL);
  private decided = new Uint8Array(INITIAL);
  /** Made when the first record with findings comes (scan logs never have any); 16 bits a count until one needs 32. */
  private findings: Uint16Array | Uint32Array | null = null;
  /** Stated risk per slot, NaN for none; made with the findings column. */
  private statedRisk: Float64Array | null = null;
  /** Most Qualys hosts have a hostname; few scan-log records keep a detail (see TextColumn). */
  private readonly hostnames = new TextColumn();
  private readonly details = new TextColumn();
  /** OS and extra columns: only the `hosts` command keeps them (extra as JSON). */
  private readonly oses = new TextColumn();
  private readonly extras = new TextColumn();
  /** Per slot: 1 + the index of its source path in `sources`, 0 for none; made when the first comes. */
  private source: Uint16Array | null = null;
  private readonly sources = new Table<string>();
  /** Few records have these (see MergedFrom): by slot. */
  private readonly mergedFrom = new Map<number, MergedFrom>();
  /** The records the columns cannot hold. */
  private readonly objects = new Map<number, HostRecord>();
  private readonly verdicts = new Table<StatusVerdict>();
  private readonly raws = new Table<string>();

  get count(): number {
    return this.size;
  }

  /** The slot of a key, or -1. (One look-up per observation: the map is large.) */
  find(key: RecordKey): number {
    return typeof key === "number" ? this.ipv4Slots.get(key) : (this.textSlots.get(key) ?? -1);
  }

  /** A new key's record; returns its slot. */
  add(key: RecordKey, record: HostRecord): number {
    const slot = this.newSlot(key);
    this.put(slot, record);
    return slot;
  }

  /**
   * A new IPv4 key's record given by its plain fields, without making a HostRecord (a million-row
   * log would make a million). False when the store cannot take it so; then use add().
   */
  addLean(key: number, verdict: StatusVerdict, rawStatus: string, time: number | null, input: number, line: number): boolean {
    if (this.verdicts.full || this.raws.full || input > 0xffff) return false;
    const slot = this.newSlot(key);
    this.address[slot] = key;
    this.flags[slot] = 0;
    this.verdict[slot] = this.verdicts.id(verdict);
    this.raw[slot] = this.raws.id(rawStatus);
    this.time[slot] = time ?? Number.NaN;
    this.input[slot] = input;
    this.line[slot] = line;
    this.collapsed[slot] = 0;
    this.decided[slot] = 0;
    return true;
  }

  private newSlot(key: RecordKey): number {
    const slot = this.size++;
    if (slot === this.capacity) this.grow();
    if (typeof key === "number") this.ipv4Slots.add(key, slot);
    else this.textSlots.set(key, slot);
    return slot;
  }

  /** Replace the record in a slot. */
  put(slot: number, record: HostRecord): void {
    this.address[slot] = record.family === 4 && record.value !== null ? Number(record.value) : Number.NaN;
    if (!this.fitsColumns(record)) {
      this.hostnames.set(slot, null);
      this.details.set(slot, null);
      this.oses.set(slot, null);
      this.extras.set(slot, null);
      if (this.source !== null) this.source[slot] = 0;
      this.mergedFrom.delete(slot);
      this.flags[slot] = OBJECT;
      this.objects.set(slot, record);
      return;
    }
    this.objects.delete(slot);
    this.verdict[slot] = this.verdicts.id(record.verdict);
    this.raw[slot] = this.raws.id(record.rawStatus);
    this.time[slot] = record.time ?? Number.NaN;
    this.input[slot] = record.input;
    this.line[slot] = record.line;
    this.collapsed[slot] = record.collapsed;
    this.decided[slot] = DECIDED.indexOf(record.decidedBy);
    this.hostnames.set(slot, record.hostname);
    this.details.set(slot, record.detail);
    this.oses.set(slot, record.os);
    this.extras.set(slot, record.extra === null ? null : JSON.stringify(record.extra));
    this.putMergedFrom(slot, record);
    this.flags[slot] = 0;
    if (record.findings !== null || record.statedRisk !== null) this.putFindings(slot, record.findings, record.statedRisk);
    else if (this.statedRisk !== null) this.statedRisk[slot] = Number.NaN;
  }

  private putMergedFrom(slot: number, r: HostRecord): void {
    if (r.source !== undefined || this.source !== null) {
      this.source ??= new Uint16Array(this.capacity);
      this.source[slot] = r.source === undefined ? 0 : this.sources.id(r.source) + 1;
    }
    if (r.hostnameFrom === undefined && r.findingsFrom === undefined && r.otherHostnames === undefined) {
      if (this.mergedFrom.size > 0) this.mergedFrom.delete(slot);
      return;
    }
    const from: { -readonly [K in keyof MergedFrom]: MergedFrom[K] } = {};
    if (r.hostnameFrom !== undefined) from.hostnameFrom = r.hostnameFrom;
    if (r.findingsFrom !== undefined) from.findingsFrom = r.findingsFrom;
    if (r.otherHostnames !== undefined) from.otherHostnames = r.otherHostnames;
    this.mergedFrom.set(slot, from);
  }

  private putFindings(slot: number, counts: FindingCounts | null, statedRisk: number | null): void {
    if (this.findings === null || this.statedRisk === null) {
      this.findings = new Uint16Array(this.capacity * COUNTS);
      this.statedRisk = new Float64Array(this.capacity).fill(Number.NaN);
    }
    this.statedRisk[slot] = statedRisk ?? Number.NaN;
    if (counts === null) return;
    this.flags[slot] = HAS_FINDINGS;
    if (this.findings instanceof Uint16Array && !fitsUint16(counts)) this.findings = wider(this.findings);
    const base = slot * COUNTS;
    this.findings.set(counts.confirmed, base);
    this.findings.set(counts.potential, base + LEVELS);
    this.findings.set(counts.info, base + 2 * LEVELS);
  }

  /** The record in a slot (slots count from 0 in the order keys were first seen). */
  at(slot: number): HostRecord {
    const flags = this.flags[slot] as number;
    if (flags & OBJECT) return this.objects.get(slot) as HostRecord;
    const value = this.address[slot] as number;
    const time = this.time[slot] as number;
    const risk = this.statedRisk?.[slot] ?? Number.NaN;
    const source = this.source?.[slot] ?? 0;
    const record: HostRecord = {
      ip: formatIpv4(value),
      hostname: this.hostnames.get(slot),
      family: 4,
      value: BigInt(value),
      rawStatus: this.raws.values[this.raw[slot] as number] as string,
      verdict: this.verdicts.values[this.verdict[slot] as number] as StatusVerdict,
      detail: this.details.get(slot),
      time: Number.isNaN(time) ? null : time,
      evidence: "direct",
      input: this.input[slot] as number,
      line: this.line[slot] as number,
      os: this.oses.get(slot),
      findings: flags & HAS_FINDINGS ? this.countsAt(slot) : null,
      statedRisk: Number.isNaN(risk) ? null : risk,
      extra: this.extraAt(slot),
      collapsed: this.collapsed[slot] as number,
      decidedBy: DECIDED[this.decided[slot] as number] as DecidedBy,
      // Always the same shape (V8 keeps one hidden class): undefined when the input is the source.
      source: source === 0 ? undefined : this.sources.values[source - 1],
    };
    const from = this.mergedFrom.size > 0 ? this.mergedFrom.get(slot) : undefined;
    return from === undefined ? record : { ...record, ...from };
  }

  /** Extra columns come from untrusted headers ("__proto__"): parsed into an object without prototype. */
  private extraAt(slot: number): Record<string, string> | null {
    const json = this.extras.get(slot);
    return json === null ? null : (Object.assign(Object.create(null), JSON.parse(json)) as Record<string, string>);
  }

  private countsAt(slot: number): FindingCounts {
    const all = this.findings as Uint16Array | Uint32Array;
    const base = slot * COUNTS;
    const levels = (i: number) => [all[i] as number, all[i + 1] as number, all[i + 2] as number, all[i + 3] as number, all[i + 4] as number];
    return { confirmed: levels(base), potential: levels(base + LEVELS), info: levels(base + 2 * LEVELS) };
  }

  /** The verdict in a slot, without making the record. */
  verdictAt(slot: number): StatusVerdict {
    return (this.flags[slot] as number) & OBJECT
      ? (this.objects.get(slot) as HostRecord).verdict
      : (this.verdicts.values[this.verdict[slot] as number] as StatusVerdict);
  }

  /** Whether the record in a slot carries finding counts, without making it. */
  hasFindings(slot: number): boolean {
    const flags = this.flags[slot] as number;
    return flags & OBJECT ? (this.objects.get(slot) as HostRecord).findings !== null : (flags & HAS_FINDINGS) !== 0;
  }

  *values(): Generator<HostRecord> {
    for (let slot = 0; slot < this.size; slot++) yield this.at(slot);
  }

  /** Every hostname the records carry (their other hostnames too), in no particular order. */
  *recordHostnames(): Generator<string> {
    yield* this.hostnames.values();
    for (const from of this.mergedFrom.values()) yield* from.otherHostnames ?? [];
    for (const r of this.objects.values()) {
      if (r.hostname !== null) yield r.hostname;
      yield* r.otherHostnames ?? [];
    }
  }

  /**
   * All records in address order (IPv4, IPv6, then hostname-only), plus `extra` records merged in.
   * IPv4 keys are numbers and unique, so they sort natively as a Float64Array.
   */
  sorted(extra: readonly HostRecord[]): RecordList {
    const others: HostRecord[] = [...extra];
    for (const slot of this.textSlots.values()) others.push(this.at(slot));
    return new RecordList(this, others.sort(compareRecords));
  }

  get ipv4Count(): number {
    return this.ipv4Slots.size;
  }

  /** Every IPv4 slot, in slot order. */
  forEachIpv4Slot(f: (slot: number) => void): void {
    const address = this.address;
    for (let slot = 0; slot < this.size; slot++) if (!Number.isNaN(address[slot])) f(slot);
  }

  /** Whether the record in a slot was seen directly (not inferred from a range), without making it. */
  isDirect(slot: number): boolean {
    return (this.flags[slot] as number) & OBJECT ? (this.objects.get(slot) as HostRecord).evidence === "direct" : true;
  }

  /** The IPv4 address of a slot as a number (NaN when it has none). */
  ipv4At(slot: number): number {
    return this.address[slot] as number;
  }

  /**
   * The IPv4 slots that pass (all when no test), in address order. Address and slot are packed into
   * one exact float (2^32 * 2^21 < 2^53) and sorted natively; beyond 2^21 slots a comparator sorts.
   */
  ipv4SlotsInOrder(keep?: (slot: number) => boolean): Uint32Array {
    const chosen: number[] = [];
    this.forEachIpv4Slot((slot) => {
      if (!keep || keep(slot)) chosen.push(slot);
    });
    const order = Uint32Array.from(chosen);
    const address = this.address;
    if (this.size <= this.slotSpan) {
      const packed = new Float64Array(order.length);
      for (let i = 0; i < order.length; i++) packed[i] = (address[order[i] as number] as number) * this.slotSpan + (order[i] as number);
      packed.sort();
      for (let i = 0; i < order.length; i++) order[i] = (packed[i] as number) % this.slotSpan;
    } else {
      order.sort((a, b) => (address[a] as number) - (address[b] as number));
    }
    return order;
  }

  private fitsColumns(r: HostRecord): boolean {
    return (
      r.family === 4 &&
      r.value !== null &&
      r.evidence === "direct" &&
      r.input <= 0xffff &&
      !this.verdicts.full &&
      !this.raws.full &&
      (r.source === undefined || !this.sources.full)
    );
  }

  private grow(): void {
    const old = this.capacity;
    const n = (this.capacity *= 2);
    this.address = grown(this.address, n);
    this.flags = grown(this.flags, n);
    this.verdict = grown(this.verdict, n);
    this.raw = grown(this.raw, n);
    this.time = grown(this.time, n);
    this.input = grown(this.input, n);
    this.line = grown(this.line, n);
    this.collapsed = grown(this.collapsed, n);
    this.decided = grown(this.decided, n);
    if (this.source !== null) this.source = grown(this.source, n);
    if (this.findings !== null) this.findings = grown(this.findings, n * COUNTS);
    if (this.statedRisk !== null) {
      this.statedRisk = grown(this.statedRisk, n);
      this.statedRisk.fill(Number.NaN, old);
    }
  }
}

/**
 * The triage's records in order, made into objects one at a time as they are read. The address
 * order of IPv4 records is worked out only when something asks for it: a summary counts without.
 */
export class RecordList implements Iterable<HostRecord> {
  private orderCache: Uint32Array | null = null;

  constructor(
    private readonly store: RecordStore,
    /** IPv6 and hostname-only records (and hostname targets), already sorted. */
    private readonly rest: readonly HostRecord[],
  ) {}

  private get order(): Uint32Array {
    this.orderCache ??= this.store.ipv4SlotsInOrder();
    return this.orderCache;
  }

  get length(): number {
    return this.store.ipv4Count + this.rest.length;
  }

  /** The store slot of a record (what DetectedHosts is indexed by); -1 for a hostname target, which has none. */
  slotOf(r: HostRecord): number {
    if (r.ip === null && r.evidence === "inferred") return -1;
    return this.store.find(recordKeyOf(r));
  }

  at(i: number): HostRecord | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const order = this.order;
    return i < order.length ? this.store.at(order[i] as number) : this.rest[i - order.length];
  }

  *[Symbol.iterator](): Generator<HostRecord> {
    for (const slot of this.order) yield this.store.at(slot);
    yield* this.rest;
  }

  /** Every record with an address, in no order, without making the IPv4 ones into objects. */
  forEachAddress(f: (family: 4 | 6, value: bigint, direct: boolean) => void): void {
    const store = this.store;
    store.forEachIpv4Slot((slot) => f(4, BigInt(store.ipv4At(slot)), store.isDirect(slot)));
    for (const r of this.rest) if (r.family !== null && r.value !== null) f(r.family, r.value, r.evidence === "direct");
  }

  /** IPs per verdict, counted without making a record each, in no order (the summary). */
  countVerdicts(): Map<StatusVerdict, number> {
    const counts = new Map<StatusVerdict, number>();
    this.store.forEachIpv4Slot((slot) => {
      const v = this.store.verdictAt(slot);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    });
    for (const r of this.rest) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    return counts;
  }

  /** In order, the records whose verdict passes: only those are made, and only those sorted. */
  *where(keep: (v: StatusVerdict) => boolean): Generator<HostRecord> {
    const slots = this.orderCache ?? this.store.ipv4SlotsInOrder((slot) => keep(this.store.verdictAt(slot)));
    for (const slot of slots) if (keep(this.store.verdictAt(slot))) yield this.store.at(slot);
    for (const r of this.rest) if (keep(r.verdict)) yield r;
  }

  /** In order, the records that carry finding counts (Qualys hosts): only those are made. */
  *withFindings(): Generator<HostRecord> {
    const slots = this.orderCache ?? this.store.ipv4SlotsInOrder((slot) => this.store.hasFindings(slot));
    for (const slot of slots) if (this.store.hasFindings(slot)) yield this.store.at(slot);
    for (const r of this.rest) if (r.findings !== null) yield r;
  }

  filter(keep: (r: HostRecord) => boolean): HostRecord[] {
    const out: HostRecord[] = [];
    for (const r of this) if (keep(r)) out.push(r);
    return out;
  }

  map<T>(f: (r: HostRecord) => T): T[] {
    const out: T[] = [];
    for (const r of this) out.push(f(r));
    return out;
  }
}

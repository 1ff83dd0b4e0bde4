/**
 * One record per IP, stored compactly. Most records of a big scan log are "lean": an IPv4 address,
 * a status, a time, a line, nothing else kept (the summary commands drop messages). Those live in
 * typed-array columns instead of one object each: a million long-lived objects cost more in
 * garbage collection than reading the file. Everything else (findings, hostnames, messages, IPv6)
 * is kept as a HostRecord object. Readers of the store always get HostRecord objects, made on demand.
 */
import { formatIpv4 } from "../net/ip.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { compareText } from "./compare-text.js";
import { U32Map } from "./u32-map.js";
import type { DecidedBy, HostRecord } from "./host-record.js";

const DECIDED: readonly DecidedBy[] = ["only", "direct-over-inferred", "newest", "first-on-equal-time", "first-without-time", "timed-over-untimed"];
const INITIAL = 1024;
const SLOT_SPAN = 2 ** 21;
/** Lean column indexes are 16-bit; a table this full stops taking lean records. */
const MAX_TABLE = 0xffff;

export type RecordKey = number | string;

export function compareRecords(a: HostRecord, b: HostRecord): number {
  const fa = a.family ?? 9;
  const fb = b.family ?? 9;
  if (fa !== fb) return fa - fb;
  if (a.value !== null && b.value !== null) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return compareText(a.hostname ?? "", b.hostname ?? "");
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
  private address = new Float64Array(INITIAL);
  private verdict = new Uint16Array(INITIAL);
  private raw = new Uint16Array(INITIAL);
  private time = new Float64Array(INITIAL);
  private input = new Uint16Array(INITIAL);
  private line = new Uint32Array(INITIAL);
  private collapsed = new Uint32Array(INITIAL);
  private decided = new Uint8Array(INITIAL);
  /** The object of a record that is not lean; undefined for lean ones. */
  private readonly objects: (HostRecord | undefined)[] = [];
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
    const slot = this.size++;
    if (slot === this.capacity) this.grow();
    if (typeof key === "number") this.ipv4Slots.add(key, slot);
    else this.textSlots.set(key, slot);
    this.put(slot, record);
    return slot;
  }

  /**
   * A new key's record given by its lean fields, without making a HostRecord (a million-row log
   * would make a million). False when the store cannot take it lean; then use add().
   */
  addLean(key: number, verdict: StatusVerdict, rawStatus: string, time: number | null, input: number, line: number): boolean {
    if (this.verdicts.full || this.raws.full || input > 0xffff) return false;
    const slot = this.size++;
    if (slot === this.capacity) this.grow();
    this.ipv4Slots.add(key, slot);
    this.objects[slot] = undefined;
    this.address[slot] = key;
    this.verdict[slot] = this.verdicts.id(verdict);
    this.raw[slot] = this.raws.id(rawStatus);
    this.time[slot] = time ?? Number.NaN;
    this.input[slot] = input;
    this.line[slot] = line;
    this.collapsed[slot] = 0;
    this.decided[slot] = DECIDED.indexOf("only");
    return true;
  }

  /** Replace the record in a slot. */
  put(slot: number, record: HostRecord): void {
    if (this.isLean(record)) {
      this.objects[slot] = undefined;
      this.address[slot] = Number(record.value);
      this.verdict[slot] = this.verdicts.id(record.verdict);
      this.raw[slot] = this.raws.id(record.rawStatus);
      this.time[slot] = record.time ?? Number.NaN;
      this.input[slot] = record.input;
      this.line[slot] = record.line;
      this.collapsed[slot] = record.collapsed;
      this.decided[slot] = DECIDED.indexOf(record.decidedBy);
    } else {
      this.objects[slot] = record;
    }
  }

  /** The record in a slot (slots count from 0 in the order keys were first seen). */
  at(slot: number): HostRecord {
    const object = this.objects[slot];
    if (object !== undefined) return object;
    const value = this.address[slot] as number;
    const time = this.time[slot] as number;
    return {
      ip: formatIpv4(value),
      hostname: null,
      family: 4,
      value: BigInt(value),
      rawStatus: this.raws.values[this.raw[slot] as number] as string,
      verdict: this.verdicts.values[this.verdict[slot] as number] as StatusVerdict,
      detail: null,
      time: Number.isNaN(time) ? null : time,
      evidence: "direct",
      input: this.input[slot] as number,
      line: this.line[slot] as number,
      os: null,
      findings: null,
      statedRisk: null,
      extra: null,
      collapsed: this.collapsed[slot] as number,
      decidedBy: DECIDED[this.decided[slot] as number] as DecidedBy,
    };
  }

  /** The verdict in a slot, without making the record. */
  verdictAt(slot: number): StatusVerdict {
    return this.objects[slot]?.verdict ?? (this.verdicts.values[this.verdict[slot] as number] as StatusVerdict);
  }

  isObject(slot: number): boolean {
    return this.objects[slot] !== undefined;
  }

  *values(): Generator<HostRecord> {
    for (let slot = 0; slot < this.size; slot++) yield this.at(slot);
  }

  /** The records kept as objects (the only ones that can carry a hostname). */
  *objectRecords(): Generator<HostRecord> {
    for (const r of this.objects) if (r !== undefined) yield r;
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

  /** Every IPv4 slot, in no particular order. */
  forEachIpv4Slot(f: (slot: number) => void): void {
    this.ipv4Slots.forEach((_key, slot) => f(slot));
  }

  /**
   * The IPv4 slots that pass (all when no test), in address order. Address and slot are packed into
   * one exact float (2^32 * 2^21 < 2^53) and sorted natively; beyond 2^21 slots a comparator sorts.
   */
  ipv4SlotsInOrder(keep?: (slot: number) => boolean): Uint32Array {
    const chosen: number[] = [];
    this.ipv4Slots.forEach((_key, slot) => {
      if (!keep || keep(slot)) chosen.push(slot);
    });
    const order = Uint32Array.from(chosen);
    if (this.size <= this.slotSpan) {
      const packed = new Float64Array(order.length);
      order.forEach((slot, i) => (packed[i] = (this.slotKey(slot) ?? 0) * this.slotSpan + slot));
      packed.sort();
      packed.forEach((p, i) => (order[i] = p % this.slotSpan));
    } else {
      order.sort((a, b) => (this.slotKey(a) ?? 0) - (this.slotKey(b) ?? 0));
    }
    return order;
  }

  private slotKey(slot: number): number | null {
    const r = this.objects[slot];
    return r === undefined ? (this.address[slot] as number) : r.value === null ? null : Number(r.value);
  }

  private isLean(r: HostRecord): boolean {
    return (
      r.family === 4 &&
      r.hostname === null &&
      r.detail === null &&
      r.os === null &&
      r.findings === null &&
      r.statedRisk === null &&
      r.extra === null &&
      r.evidence === "direct" &&
      r.input <= 0xffff &&
      !this.verdicts.full &&
      !this.raws.full
    );
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <A extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    this.address = widen(this.address, (n) => new Float64Array(n));
    this.verdict = widen(this.verdict, (n) => new Uint16Array(n));
    this.raw = widen(this.raw, (n) => new Uint16Array(n));
    this.time = widen(this.time, (n) => new Float64Array(n));
    this.input = widen(this.input, (n) => new Uint16Array(n));
    this.line = widen(this.line, (n) => new Uint32Array(n));
    this.collapsed = widen(this.collapsed, (n) => new Uint32Array(n));
    this.decided = widen(this.decided, (n) => new Uint8Array(n));
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

  at(i: number): HostRecord | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const order = this.order;
    return i < order.length ? this.store.at(order[i] as number) : this.rest[i - order.length];
  }

  *[Symbol.iterator](): Generator<HostRecord> {
    for (const slot of this.order) yield this.store.at(slot);
    yield* this.rest;
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

  /** In order, the records kept as objects: the only ones that can carry findings or a hostname. */
  *objects(): Generator<HostRecord> {
    const slots = this.orderCache ?? this.store.ipv4SlotsInOrder((slot) => this.store.isObject(slot));
    for (const slot of slots) if (this.store.isObject(slot)) yield this.store.at(slot);
    yield* this.rest;
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

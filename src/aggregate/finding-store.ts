/**
 * Every finding key of one run (IP + QID + port + protocol) with its kind, severity and the status
 * the file states: what two runs are compared on, finding by finding. A 1 GB SCAN holds millions
 * of findings, so none is an object: IPs and port/protocol pairs are interned to indexes and a
 * finding is a row of four typed-array columns, 14 bytes (up to twice that while they grow).
 *
 * sorted() gives the keys in one canonical order, the same for every store (IPv4 by address, then
 * IPv6 by address, then QID, port, protocol), so that two runs merge-join in one pass without a
 * joint map. The order is a stable radix sort of an index permutation: a few linear passes.
 *
 * The same key twice in a run (one finding in two inputs of the run, a repeated row) is kept once:
 * present beats stated Fixed (present anywhere in the run is present), then the higher severity,
 * then confirmed over potential over info, then the first seen. The winner's stated status stands;
 * when it states none, the first status stated by a duplicate of the same presence is taken.
 */
import { emptyFindingCounts, severityLevel, VULN_STATUSES, type FindingCounts, type FindingKind, type VulnStatus } from "../model/findings.js";
import type { FindingObservation } from "../model/observation.js";
import { formatIpv4, type ParsedIp } from "../net/ip.js";
import { detach } from "../lib/retained-text.js";
import { widened } from "../lib/typed-arrays.js";
import { U32Map } from "./u32-map.js";

const INITIAL = 1024;
const KINDS: readonly FindingKind[] = ["confirmed", "potential", "info"];
const KIND_CODE: Readonly<Record<FindingKind, number>> = { confirmed: 0, potential: 1, info: 2 };
/** Stated status codes: 0 for none, then VULN_STATUSES in order from 1. */
const STATED_CODE: Readonly<Record<VulnStatus, number>> = { new: 1, active: 2, reopened: 3, fixed: 4 };

/** attrs bits: 0-1 kind code, 2-4 severity level (1-5), 5-7 stated status code, 8 present. */
const SEVERITY_SHIFT = 2;
const STATED_SHIFT = 5;
const PRESENT = 1 << 8;

/** One finding of a run, as read from a cursor. */
export interface StoredFinding {
  readonly ip: string;
  readonly qid: number;
  readonly port: string;
  readonly protocol: string;
  readonly kind: FindingKind;
  /** 1-5. */
  readonly severity: number;
  /** The status the file states, where it states one. */
  readonly stated: VulnStatus | null;
  /** False when the file marks it Fixed (then `stated` is "fixed"): a key known, not present. */
  readonly present: boolean;
}

const DIGITS = /^\d+$/;
const NO_VALUE = new Set(["", "-", "--"]);

/**
 * Port and protocol as key parts: trimmed, a spreadsheet guard's leading "'" dropped, "-" is none,
 * protocol in lower case, a port's leading zeros dropped, and port 0 without a protocol is none
 * (VMDR's "0" / "'-" for a finding on no port, where the other exports leave both empty): so that
 * every format keys the same finding the same way.
 */
export function normalPortProtocol(port: string, protocol: string): { port: string; protocol: string } {
  const clean = (text: string): string => {
    const t = text.trim();
    const v = t.startsWith("'") ? t.slice(1).trim() : t;
    return NO_VALUE.has(v) ? "" : v;
  };
  let p = clean(port);
  const proto = clean(protocol).toLowerCase();
  if (DIGITS.test(p)) p = p.replace(/^0+(?=\d)/, "");
  if (p === "0" && proto === "") p = "";
  return { port: p, protocol: proto };
}

/** Ports: none first, then numbers by value, then any other text by code point. */
export function comparePort(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "" || b === "") return a === "" ? -1 : 1;
  const na = DIGITS.test(a);
  const nb = DIGITS.test(b);
  if (na !== nb) return na ? -1 : 1;
  // Normal numeric ports have no leading zeros: the shorter is the smaller.
  if (na && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : 1;
}

function compareProtocol(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** The columns a cursor reads: a snapshot, valid however the store changes afterwards. */
interface Snapshot {
  readonly size: number;
  readonly host: Uint32Array;
  readonly qid: Uint32Array;
  readonly pair: Uint32Array;
  readonly attrs: Uint16Array;
  readonly hostV4: Uint32Array;
  readonly hostIsV6: Uint8Array;
  readonly v6: ReadonlyMap<number, ParsedIp>;
  readonly pairPort: readonly string[];
  readonly pairProtocol: readonly string[];
}

/**
 * The keys of a store in canonical order, read in place: `next()` moves to the next finding (false
 * at the end), the getters read the current one. `compareTo` orders two cursors of different
 * stores, for a merge-join:
 *
 *     const a = before.sorted(), b = after.sorted();
 *     let inA = a.next(), inB = b.next();
 *     while (inA || inB) { const c = !inA ? 1 : !inB ? -1 : a.compareTo(b); ... }
 */
export class FindingCursor {
  private i = -1;

  /** @internal: made by FindingStore.sorted(). */
  constructor(private readonly s: Snapshot) {}

  get size(): number {
    return this.s.size;
  }

  next(): boolean {
    if (this.i < this.s.size) this.i++;
    return this.i < this.s.size;
  }

  private get hostIndex(): number {
    return this.s.host[this.i] as number;
  }

  get family(): 4 | 6 {
    return this.s.hostIsV6[this.hostIndex] ? 6 : 4;
  }

  /** The normalised IP, as the host's record has it. */
  get ip(): string {
    const h = this.hostIndex;
    return this.s.hostIsV6[h] ? (this.s.v6.get(h) as ParsedIp).text : formatIpv4(this.s.hostV4[h] as number);
  }

  /** The address as a number (for walking a triage's spans alongside). */
  get value(): bigint {
    const h = this.hostIndex;
    return this.s.hostIsV6[h] ? (this.s.v6.get(h) as ParsedIp).value : BigInt(this.s.hostV4[h] as number);
  }

  get qid(): number {
    return this.s.qid[this.i] as number;
  }

  get port(): string {
    return this.s.pairPort[this.s.pair[this.i] as number] as string;
  }

  get protocol(): string {
    return this.s.pairProtocol[this.s.pair[this.i] as number] as string;
  }

  private get attrs(): number {
    return this.s.attrs[this.i] as number;
  }

  get kind(): FindingKind {
    return KINDS[this.attrs & 3] as FindingKind;
  }

  get severity(): number {
    return (this.attrs >>> SEVERITY_SHIFT) & 7;
  }

  get stated(): VulnStatus | null {
    const code = (this.attrs >>> STATED_SHIFT) & 7;
    return code === 0 ? null : (VULN_STATUSES[code - 1] as VulnStatus);
  }

  get present(): boolean {
    return (this.attrs & PRESENT) !== 0;
  }

  /** The current finding as an object (for output and tests; a merge-join needs none). */
  current(): StoredFinding {
    return { ip: this.ip, qid: this.qid, port: this.port, protocol: this.protocol, kind: this.kind, severity: this.severity, stated: this.stated, present: this.present };
  }

  /** The canonical order of the current keys of two cursors (of any stores): <0, 0 (same key) or >0. */
  compareTo(other: FindingCursor): number {
    const a = this.s;
    const b = other.s;
    const ha = this.hostIndex;
    const hb = other.hostIndex;
    const va = a.hostIsV6[ha] as number;
    const vb = b.hostIsV6[hb] as number;
    if (va !== vb) return va - vb;
    if (va === 0) {
      const x = a.hostV4[ha] as number;
      const y = b.hostV4[hb] as number;
      if (x !== y) return x < y ? -1 : 1;
    } else {
      const x = (a.v6.get(ha) as ParsedIp).value;
      const y = (b.v6.get(hb) as ParsedIp).value;
      if (x !== y) return x < y ? -1 : 1;
    }
    const qa = this.qid;
    const qb = other.qid;
    if (qa !== qb) return qa - qb;
    const pa = a.pair[this.i] as number;
    const pb = b.pair[other.i] as number;
    return comparePort(a.pairPort[pa] as string, b.pairPort[pb] as string) || compareProtocol(a.pairProtocol[pa] as string, b.pairProtocol[pb] as string);
  }
}

/**
 * A stable LSD radix sort of `order` by one 32-bit key per row (`column`, through `rank` when given),
 * 16 bits a pass, only as many passes as `max` needs. The keys are gathered once, beside the order,
 * so that the passes read them in sequence. Returns the sorted order (`order` or `spare`).
 */
function radixSortBy(
  order: Uint32Array,
  spare: Uint32Array,
  keys: Uint32Array,
  spareKeys: Uint32Array,
  column: Uint32Array,
  rank: Uint32Array | null,
  max: number,
): { order: Uint32Array; spare: Uint32Array } {
  if (max === 0) return { order, spare };
  const n = order.length;
  for (let i = 0; i < n; i++) {
    const k = column[order[i] as number] as number;
    keys[i] = rank === null ? k : (rank[k] as number);
  }
  const counts = new Uint32Array(0x10000);
  for (let shift = 0; shift < 32 && max >>> shift !== 0; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((keys[i] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      const d = (k >>> shift) & 0xffff;
      const at = counts[d] as number;
      counts[d] = at + 1;
      spare[at] = order[i] as number;
      spareKeys[at] = k;
    }
    [order, spare] = [spare, order];
    [keys, spareKeys] = [spareKeys, keys];
  }
  return { order, spare };
}

/** Which of two duplicates' attrs wins (see the top of the file): true when `a` beats `b`. */
function beats(a: number, b: number): boolean {
  const score = (x: number) => (x & PRESENT) * 64 + ((x >>> SEVERITY_SHIFT) & 7) * 4 + (3 - (x & 3));
  return score(a) > score(b);
}

export class FindingStore {
  private length = 0;
  private capacity = INITIAL;
  /** The first `sortedLength` rows are distinct and in canonical order; rows after them are not yet. */
  private sortedLength = 0;
  private host = new Uint32Array(INITIAL);
  private qid = new Uint32Array(INITIAL);
  private pair = new Uint32Array(INITIAL);
  private attrs = new Uint16Array(INITIAL);

  /** Hosts, numbered in the order first seen: IPv4 by address number, IPv6 by text. */
  private readonly v4Hosts = new U32Map();
  private readonly v6Hosts = new Map<string, number>();
  private readonly v6 = new Map<number, ParsedIp>();
  private hosts = 0;
  private hostV4 = new Uint32Array(INITIAL);
  private hostIsV6 = new Uint8Array(INITIAL);
  private lastAddress: ParsedIp | null = null;
  private lastHost = 0;

  /** Port/protocol pairs after normalPortProtocol(), and each spelling read to its pair. */
  private readonly pairPort: string[] = [];
  private readonly pairProtocol: string[] = [];
  private readonly pairIndex = new Map<string, number>();
  private readonly spellings = new Map<string, Map<string, number>>();
  private lastPort = "";
  private lastProtocol = "";
  private lastPair = -1;

  /** Distinct finding keys (present or stated Fixed). */
  get size(): number {
    this.compact();
    return this.length;
  }

  /** Distinct IPs with at least one finding key. */
  get hostCount(): number {
    return this.hosts;
  }

  add(o: FindingObservation): void {
    // Readers emit valid QIDs only (an invalid one is counted nowhere); anything else is ignored.
    if (!(Number.isInteger(o.qid) && o.qid >= 0 && o.qid <= 0xffffffff)) return;
    const n = this.length;
    if (n === this.capacity) this.grow();
    this.host[n] = this.hostOf(o.address);
    this.qid[n] = o.qid;
    this.pair[n] = this.pairOf(o.port, o.protocol);
    const stated = o.stated === null ? 0 : STATED_CODE[o.stated];
    this.attrs[n] = KIND_CODE[o.kind] | (severityLevel(o.severity) << SEVERITY_SHIFT) | (stated << STATED_SHIFT) | (o.fixed ? 0 : PRESENT);
    this.length = n + 1;
  }

  /** A cursor over every key in canonical order (see FindingCursor). */
  sorted(): FindingCursor {
    this.compact();
    return new FindingCursor({
      size: this.length,
      host: this.host,
      qid: this.qid,
      pair: this.pair,
      attrs: this.attrs,
      hostV4: this.hostV4,
      hostIsV6: this.hostIsV6,
      v6: this.v6,
      pairPort: this.pairPort,
      pairProtocol: this.pairProtocol,
    });
  }

  /** Every key in canonical order, as objects (small stores, tests). */
  *entries(): Generator<StoredFinding> {
    for (const c = this.sorted(); c.next(); ) yield c.current();
  }

  /** The present findings by kind and severity (as a summary counts them). */
  counts(): FindingCounts {
    this.compact();
    const counts = emptyFindingCounts();
    for (let i = 0; i < this.length; i++) {
      const a = this.attrs[i] as number;
      if ((a & PRESENT) === 0) continue;
      const row = counts[KINDS[a & 3] as FindingKind];
      const level = ((a >>> SEVERITY_SHIFT) & 7) - 1;
      row[level] = (row[level] ?? 0) + 1;
    }
    return counts;
  }

  private hostOf(address: ParsedIp): number {
    if (address === this.lastAddress) return this.lastHost;
    let host: number;
    if (address.family === 4) {
      const value = Number(address.value);
      host = this.v4Hosts.get(value);
      if (host < 0) {
        host = this.newHost(value);
        this.v4Hosts.add(value, host);
      }
    } else {
      host = this.v6Hosts.get(address.text) ?? -1;
      if (host < 0) {
        host = this.newHost(0);
        this.hostIsV6[host] = 1;
        this.v6Hosts.set(address.text, host);
        this.v6.set(host, address);
      }
    }
    this.lastAddress = address;
    this.lastHost = host;
    return host;
  }

  private newHost(v4: number): number {
    const host = this.hosts++;
    if (host === this.hostV4.length) {
      this.hostV4 = widened(this.hostV4, host * 2);
      this.hostIsV6 = widened(this.hostIsV6, host * 2);
    }
    this.hostV4[host] = v4;
    return host;
  }

  private pairOf(port: string, protocol: string): number {
    if (port === this.lastPort && protocol === this.lastProtocol && this.lastPair >= 0) return this.lastPair;
    // Texts kept are copies: a port read from a row may be a slice of a whole input chunk.
    let byProtocol = this.spellings.get(port);
    if (byProtocol === undefined) {
      byProtocol = new Map();
      this.spellings.set(detach(port), byProtocol);
    }
    let pair = byProtocol.get(protocol);
    if (pair === undefined) {
      const normal = normalPortProtocol(port, protocol);
      const key = `${normal.port}\u0000${normal.protocol}`;
      pair = this.pairIndex.get(key);
      if (pair === undefined) {
        pair = this.pairPort.push(detach(normal.port)) - 1;
        this.pairProtocol.push(detach(normal.protocol));
        this.pairIndex.set(detach(key), pair);
      }
      byProtocol.set(detach(protocol), pair);
    }
    this.lastPort = port;
    this.lastProtocol = protocol;
    this.lastPair = pair;
    return pair;
  }

  private grow(): void {
    const n = (this.capacity = Math.max(INITIAL, this.capacity * 2));
    this.host = widened(this.host, n);
    this.qid = widened(this.qid, n);
    this.pair = widened(this.pair, n);
    this.attrs = widened(this.attrs, n);
  }

  /** Hosts in address order: rank[host] is a host's position (IPv4 by number, then IPv6). */
  private hostRanks(): Uint32Array {
    const v4: number[] = [];
    const v6: number[] = [];
    for (let h = 0; h < this.hosts; h++) (this.hostIsV6[h] ? v6 : v4).push(h);
    const n = v4.length;
    const { order } = radixSortBy(Uint32Array.from(v4), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), this.hostV4, null, 0xffffffff);
    const value = (h: number) => (this.v6.get(h) as ParsedIp).value;
    v6.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0));
    const rank = new Uint32Array(this.hosts);
    order.forEach((h, i) => (rank[h] = i));
    v6.forEach((h, i) => (rank[h] = order.length + i));
    return rank;
  }

  private pairRanks(): Uint32Array {
    const order = this.pairPort.map((_, i) => i);
    order.sort((a, b) => comparePort(this.pairPort[a] as string, this.pairPort[b] as string) || compareProtocol(this.pairProtocol[a] as string, this.pairProtocol[b] as string));
    const rank = new Uint32Array(order.length);
    order.forEach((p, i) => (rank[p] = i));
    return rank;
  }

  /** Rows in canonical order, equal keys in the order added: least significant field first. */
  private sortOrder(): Uint32Array {
    const n = this.length;
    let sorting: { order: Uint32Array; spare: Uint32Array } = { order: new Uint32Array(n), spare: new Uint32Array(n) };
    for (let i = 0; i < n; i++) sorting.order[i] = i;
    const keys = new Uint32Array(n);
    const spareKeys = new Uint32Array(n);
    let maxQid = 0;
    for (let i = 0; i < n; i++) maxQid = Math.max(maxQid, this.qid[i] as number);
    const fields: [Uint32Array, Uint32Array | null, number][] = [
      [this.pair, this.pairRanks(), this.pairPort.length - 1],
      [this.qid, null, maxQid],
      [this.host, this.hostRanks(), this.hosts - 1],
    ];
    for (const [column, rank, max] of fields) sorting = radixSortBy(sorting.order, sorting.spare, keys, spareKeys, column, rank, max);
    return sorting.order;
  }

  /** Sort every row and keep one per key (see the top of the file), in exact-size columns. */
  private compact(): void {
    if (this.sortedLength === this.length) return;
    const order = this.sortOrder();
    const n = order.length;
    const { host, qid, pair, attrs } = this;
    const same = (x: number, y: number) => host[x] === host[y] && qid[x] === qid[y] && pair[x] === pair[y];
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || !same(order[i] as number, order[i - 1] as number)) distinct++;
    const size = Math.max(distinct, 1);
    const out = { host: new Uint32Array(size), qid: new Uint32Array(size), pair: new Uint32Array(size), attrs: new Uint16Array(size) };
    let w = 0;
    for (let start = 0; start < n; ) {
      const first = order[start] as number;
      let end = start + 1;
      let winner = first;
      while (end < n && same(order[end] as number, first)) {
        const o = order[end] as number;
        if (beats(attrs[o] as number, attrs[winner] as number)) winner = o;
        end++;
      }
      let a = attrs[winner] as number;
      if (((a >>> STATED_SHIFT) & 7) === 0) {
        for (let j = start; j < end; j++) {
          const other = attrs[order[j] as number] as number;
          if (((other >>> STATED_SHIFT) & 7) !== 0 && (other & PRESENT) === (a & PRESENT)) {
            a |= other & (7 << STATED_SHIFT);
            break;
          }
        }
      }
      out.host[w] = host[first] as number;
      out.qid[w] = qid[first] as number;
      out.pair[w] = pair[first] as number;
      out.attrs[w] = a;
      w++;
      start = end;
    }
    this.host = out.host;
    this.qid = out.qid;
    this.pair = out.pair;
    this.attrs = out.attrs;
    this.length = this.sortedLength = distinct;
    this.capacity = size;
  }
}

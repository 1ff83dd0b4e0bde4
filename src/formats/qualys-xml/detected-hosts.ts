/**
 * What QIDs 45017 and 82023 / 82004 say of many hosts, by slot: the hosts a reader holds until the
 * end of its input (asset report, finding exports) and the run's union over every observation of an
 * IP (the aggregate, by record slot: what any input detected was detected). Held for a long time,
 * so in typed arrays rather than an object per host (objects with two arrays apiece added about 28
 * MB to the peak memory of the 1 GB bench scan, 50,000 hosts). A host's first OS is a column, its
 * other OS names (rare) a small map; its services are one interned set, because hosts of one role
 * share the same services (that scan's 50,000 hosts have 2,235 distinct sets). The rules are
 * HostDetection's (one host while it is read): at most MAX_OSES_PER_HOST names and
 * MAX_SERVICES_PER_HOST services a host (the lowest ports), each once.
 */
import { grown } from "../../lib/typed-arrays.js";
import { DETECTED_OS, type DetectedService, type HostDetected } from "../../model/observation.js";
import { DetectedNames, MAX_OSES_PER_HOST, MAX_SERVICES_PER_HOST, readResult } from "./host-detection.js";

const INITIAL = 1024;

/** Hosts that have the same keys (OS names, services): counted together. */
export interface KeyGroup<K> {
  readonly keys: readonly K[];
  readonly hosts: number;
}
const NO_CODES: readonly number[] = [];

/** In order (strictly: and each once). */
function isAscending(codes: readonly number[], strictly = false): boolean {
  for (let i = 1; i < codes.length; i++) {
    const a = codes[i - 1] as number;
    const b = codes[i] as number;
    if (a > b || (strictly && a === b)) return false;
  }
  return true;
}

/** Sorted lists of service codes, each held once; id 0 is the empty set. */
class ServiceSets {
  private readonly members: (readonly number[])[] = [NO_CODES];
  /** Ids by a hash of their codes (a bucket per hash: collisions are compared). */
  private readonly byHash = new Map<number, number[]>();

  codes(id: number): readonly number[] {
    return this.members[id] ?? NO_CODES;
  }

  /** The set `id` with `more` added, as an id: sorted, each code once, at most MAX_SERVICES_PER_HOST. */
  union(id: number, more: number[]): number {
    if (more.length === 0) return id;
    // Tables list ports in order, so `more` is nearly always sorted already: merged in one pass,
    // or taken as it is for a host's first services.
    if (!isAscending(more)) more.sort((a, b) => a - b);
    const known = this.codes(id);
    if (known.length === 0 && more.length <= MAX_SERVICES_PER_HOST && isAscending(more, true)) return this.intern(more);
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while ((i < known.length || j < more.length) && merged.length < MAX_SERVICES_PER_HOST) {
      const a = known[i] ?? Infinity;
      const b = more[j] ?? Infinity;
      const next = a <= b ? a : b;
      if (a <= b) i++;
      if (b <= a) j++;
      if (merged[merged.length - 1] !== next) merged.push(next);
    }
    return this.intern(merged);
  }

  private intern(codes: number[]): number {
    let hash = codes.length;
    for (const code of codes) hash = (Math.imul(hash, 31) + (code % 0x7fffffff)) | 0;
    const bucket = this.byHash.get(hash);
    for (const id of bucket ?? []) {
      const known = this.members[id] as readonly number[];
      if (known.length === codes.length && known.every((c, i) => c === codes[i])) return id;
    }
    const id = this.members.push(codes) - 1;
    if (bucket) bucket.push(id);
    else this.byHash.set(hash, [id]);
    return id;
  }
}

export class DetectedHosts {
  /** DETECTED_* bits of the QIDs any host had. */
  qids = 0;
  private readonly names: DetectedNames;
  /** Per slot: DETECTED_* bits of its QIDs. */
  private qidsOf = new Uint8Array(0);
  /** Per slot: 1 + the id of its first OS name, 0 for none. */
  private firstOs = new Uint32Array(0);
  private readonly moreOses = new Map<number, number[]>();
  /** Per slot: the id of its set of services (0: none). */
  private servicesOf = new Uint32Array(0);
  private readonly sets = new ServiceSets();

  constructor(names: DetectedNames = new DetectedNames()) {
    this.names = names;
  }

  /** One finding of QID 45017, 82023 or 82004 of a host, with its result text (null where the format has none). */
  addResult(slot: number, qid: number, result: string | null): void {
    const read = readResult(this.names, qid, result);
    this.mark(slot, read.bit);
    if (read.os !== null) this.addOs(slot, read.os);
    this.addServices(slot, read.services.map((row) => this.names.serviceCode(row.port, read.protocol, row.service)));
  }

  /** Another observation of a host (the union). */
  add(slot: number, detected: HostDetected): void {
    this.mark(slot, detected.qids);
    for (const os of detected.oses) this.addOs(slot, os);
    this.addServices(slot, detected.services.map((s) => this.names.serviceCode(s.port, s.protocol, s.service)));
  }

  private mark(slot: number, bits: number): void {
    this.qids |= bits;
    if (slot >= this.qidsOf.length) {
      const length = Math.max(INITIAL, this.qidsOf.length * 2, slot + 1);
      this.qidsOf = grown(this.qidsOf, length);
      this.firstOs = grown(this.firstOs, length);
      this.servicesOf = grown(this.servicesOf, length);
    }
    this.qidsOf[slot] = (this.qidsOf[slot] ?? 0) | bits;
  }

  private addOs(slot: number, name: string): void {
    const id = this.names.osId(name);
    if (id < 0) return;
    const first = this.firstOs[slot] ?? 0;
    if (first === 0) {
      this.firstOs[slot] = id + 1;
      return;
    }
    if (first === id + 1) return;
    const more = this.moreOses.get(slot) ?? [];
    if (more.length + 1 >= MAX_OSES_PER_HOST || more.includes(id)) return;
    more.push(id);
    this.moreOses.set(slot, more);
  }

  private addServices(slot: number, codes: number[]): void {
    const known = codes.every((code) => code >= 0) ? codes : codes.filter((code) => code >= 0);
    if (known.length > 0) this.servicesOf[slot] = this.sets.union(this.servicesOf[slot] ?? 0, known);
  }

  private osNames(slot: number): string[] {
    const first = this.firstOs[slot] ?? 0;
    if (first === 0) return [];
    return [first - 1, ...(this.moreOses.get(slot) ?? [])].map((id) => this.names.osName(id));
  }

  /** What a host observation carries (see HostDetection.detected() for the OS field). */
  detected(slot: number, osField: string | null): HostDetected | undefined {
    const qids = this.qidsOf[slot] ?? 0;
    if (qids === 0) return undefined;
    const named = this.osNames(slot);
    const oses = named.length === 0 && (qids & DETECTED_OS) !== 0 && osField !== null ? [this.names.os(osField)] : named;
    return { qids, oses, services: this.sets.codes(this.servicesOf[slot] ?? 0).map((code) => this.names.service(code)) };
  }

  /** The hosts with an OS, as groups of hosts with the same OS names (most have one). */
  osGroups(): KeyGroup<string>[] {
    const groups: KeyGroup<string>[] = [];
    const alone = new Map<number, number>();
    this.firstOs.forEach((first, slot) => {
      if (first === 0) return;
      if (this.moreOses.has(slot)) groups.push({ keys: this.osNames(slot), hosts: 1 });
      else alone.set(first, (alone.get(first) ?? 0) + 1);
    });
    for (const [first, hosts] of alone) groups.push({ keys: [this.names.osName(first - 1)], hosts });
    return groups;
  }

  /** The hosts with services, as groups of hosts with the same services (numbers: see service()). */
  serviceGroups(): KeyGroup<number>[] {
    const hostsOf = new Map<number, number>();
    for (const id of this.servicesOf) if (id !== 0) hostsOf.set(id, (hostsOf.get(id) ?? 0) + 1);
    return [...hostsOf].map(([id, hosts]) => ({ keys: this.sets.codes(id), hosts }));
  }

  service(code: number): DetectedService {
    return this.names.service(code);
  }
}

/**
 * What QIDs 45017 and 82023 / 82004 say of many hosts, by slot: the hosts a reader holds until the
 * end of its input (asset report, finding exports) and the run's union over every observation of an
 * IP (the aggregate, by record slot: what any input detected was detected). Held for a long time,
 * so in typed arrays rather than an object per host: objects with two arrays apiece cost about 30
 * MB of peak memory for the 50,000 hosts of a 1 GB scan. A host's first OS is a column, its other
 * OS names (rare) a small map, its services a linked list of nodes in two columns. The rules are
 * HostDetection's (one host while it is read): at most MAX_OSES_PER_HOST names and
 * MAX_SERVICES_PER_HOST services a host, each once.
 */
import { widened } from "../../lib/typed-arrays.js";
import { DETECTED_OS, type DetectedService, type HostDetected } from "../../model/observation.js";
import { DetectedNames, MAX_OSES_PER_HOST, MAX_SERVICES_PER_HOST, readResult } from "./host-detection.js";

const INITIAL = 1024;

export class DetectedHosts {
  /** DETECTED_* bits of the QIDs any host had. */
  qids = 0;
  private readonly names: DetectedNames;
  /** Per slot: DETECTED_* bits of its QIDs. */
  private qidsOf = new Uint8Array(0);
  /** Per slot: 1 + the id of its first OS name, 0 for none. */
  private firstOs = new Uint32Array(0);
  private readonly moreOses = new Map<number, number[]>();
  /** Per slot: 1 + its first service node, 0 for none. */
  private head = new Uint32Array(0);
  /** Per node: 1 + the next node of the same host, 0 at the end; and the service (DetectedNames.serviceCode()). */
  private next = new Uint32Array(INITIAL);
  private code = new Float64Array(INITIAL);
  private nodes = 0;

  constructor(names: DetectedNames = new DetectedNames()) {
    this.names = names;
  }

  /** One finding of QID 45017, 82023 or 82004 of a host, with its result text (null where the format has none). */
  addResult(slot: number, qid: number, result: string | null): void {
    const read = readResult(this.names, qid, result, MAX_SERVICES_PER_HOST);
    this.mark(slot, read.bit);
    if (read.os !== null) this.addOs(slot, read.os);
    for (const row of read.services) this.addService(slot, row.port, read.protocol, row.service);
  }

  /** Another observation of a host (the union). */
  add(slot: number, detected: HostDetected): void {
    this.mark(slot, detected.qids);
    for (const os of detected.oses) this.addOs(slot, os);
    for (const s of detected.services) this.addService(slot, s.port, s.protocol, s.service);
  }

  private mark(slot: number, bits: number): void {
    this.qids |= bits;
    if (slot >= this.head.length) {
      const length = Math.max(INITIAL, this.head.length * 2, slot + 1);
      this.qidsOf = widened(this.qidsOf, length);
      this.firstOs = widened(this.firstOs, length);
      this.head = widened(this.head, length);
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

  private addService(slot: number, port: number, protocol: "tcp" | "udp", service: string): void {
    const code = this.names.serviceCode(port, protocol, service);
    if (code < 0) return;
    let count = 0;
    for (let n = this.head[slot] ?? 0; n !== 0; n = this.next[n - 1] ?? 0) {
      if (this.code[n - 1] === code || ++count >= MAX_SERVICES_PER_HOST) return;
    }
    const node = this.nodes++;
    if (node === this.code.length) {
      this.code = widened(this.code, node * 2);
      this.next = widened(this.next, node * 2);
    }
    this.code[node] = code;
    this.next[node] = this.head[slot] ?? 0;
    this.head[slot] = node + 1;
  }

  private osNames(slot: number): string[] {
    const first = this.firstOs[slot] ?? 0;
    if (first === 0) return [];
    return [first - 1, ...(this.moreOses.get(slot) ?? [])].map((id) => this.names.osName(id));
  }

  private serviceCodes(slot: number): number[] {
    const codes: number[] = [];
    for (let n = this.head[slot] ?? 0; n !== 0; n = this.next[n - 1] ?? 0) codes.push(this.code[n - 1] ?? 0);
    return codes;
  }

  /** What a host observation carries (see HostDetection.detected() for the OS field). */
  detected(slot: number, osField: string | null): HostDetected | undefined {
    const qids = this.qidsOf[slot] ?? 0;
    if (qids === 0) return undefined;
    const named = this.osNames(slot);
    const oses = named.length === 0 && (qids & DETECTED_OS) !== 0 && osField !== null ? [this.names.os(osField)] : named;
    return { qids, oses, services: this.serviceCodes(slot).map((code) => this.names.service(code)) };
  }

  /** Each host's OS names (hosts without one left out). */
  osLists(): string[][] {
    const lists: string[][] = [];
    for (let slot = 0; slot < this.firstOs.length; slot++) if (this.firstOs[slot] !== 0) lists.push(this.osNames(slot));
    return lists;
  }

  /** Each host's services as numbers (hosts without one left out): see service(). */
  serviceLists(): number[][] {
    const lists: number[][] = [];
    for (let slot = 0; slot < this.head.length; slot++) if (this.head[slot] !== 0) lists.push(this.serviceCodes(slot));
    return lists;
  }

  service(code: number): DetectedService {
    return this.names.service(code);
  }
}

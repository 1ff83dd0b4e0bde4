/**
 * What QIDs 45017 and 82023 / 82004 say about one host, gathered while its findings are read and,
 * in the aggregate, across every observation of one IP (a union: what any input detected was
 * detected). Small by construction: at most a handful of OS names and a few dozen services a host,
 * the names interned in a table shared by the hosts of a reader (or of the run), so that a name is
 * held once and never pins the input chunk it was cut from.
 */
import { Interner } from "../../lib/retained-text.js";
import { DETECTED_OS, DETECTED_TCP, DETECTED_UDP, type DetectedService, type HostDetected } from "../../model/observation.js";
import { OS_QID } from "./coverage-warnings.js";
import { parseOsResult, parseServicesResult } from "./detection-results.js";

/** Per host: more than this is a host answering on everything, or damage. */
export const MAX_OSES_PER_HOST = 4;
export const MAX_SERVICES_PER_HOST = 64;
/** Distinct service names a table holds; beyond, a new name is not counted (only hostile files get there). */
const MAX_SERVICE_NAMES = 100_000;

/** The DETECTED_* bit of a breakdown QID, or 0. */
export function detectedBit(qid: number): number {
  return qid === OS_QID ? DETECTED_OS : qid === 82023 ? DETECTED_TCP : qid === 82004 ? DETECTED_UDP : 0;
}

/** OS names interned; service names as small ids (a service is packed into one number, see pack()). */
export class DetectedNames {
  private readonly oses = new Interner();
  private readonly ids = new Map<string, number>();
  private readonly services: string[] = [];

  os(name: string): string {
    return this.oses.intern(name);
  }

  /** The id of a service name; -1 when the table is full. */
  private serviceId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.services.length >= MAX_SERVICE_NAMES) return -1;
      const kept = this.os(name);
      id = this.services.push(kept) - 1;
      this.ids.set(kept, id);
    }
    return id;
  }

  /** A service as one number: name id, protocol (0 tcp, 1 udp) and port; -1 when the table is full. */
  serviceCode(port: number, protocol: "tcp" | "udp", service: string): number {
    const id = this.serviceId(service);
    return id < 0 ? -1 : (id * 2 + (protocol === "udp" ? 1 : 0)) * 65536 + port;
  }

  service(code: number): DetectedService {
    const rest = Math.floor(code / 65536);
    return { port: code % 65536, protocol: rest % 2 === 1 ? "udp" : "tcp", service: this.services[Math.floor(rest / 2)] ?? "" };
  }
}

export class HostDetection {
  /** DETECTED_* bits of the QIDs seen. */
  qids = 0;
  private readonly oses: string[] = [];
  private readonly services: number[] = [];

  constructor(private readonly names: DetectedNames) {}

  /** One finding of QID 45017, 82023 or 82004 with its result text (null where the format has none). */
  addResult(qid: number, result: string | null): void {
    const bit = detectedBit(qid);
    this.qids |= bit;
    if (result === null || bit === 0) return;
    if (bit === DETECTED_OS) {
      const os = parseOsResult(result);
      if (os !== null) this.addOs(os);
      return;
    }
    const protocol = bit === DETECTED_UDP ? "udp" : "tcp";
    const room = MAX_SERVICES_PER_HOST - this.services.length;
    if (room > 0) for (const row of parseServicesResult(result, room)) this.addService(row.port, protocol, row.service);
  }

  addOs(name: string): void {
    if (this.oses.length >= MAX_OSES_PER_HOST || this.oses.includes(name)) return;
    this.oses.push(this.names.os(name));
  }

  addService(port: number, protocol: "tcp" | "udp", service: string): void {
    if (this.services.length >= MAX_SERVICES_PER_HOST) return;
    const code = this.names.serviceCode(port, protocol, service);
    if (code >= 0 && !this.services.includes(code)) this.services.push(code);
  }

  /** Another observation of the same host. */
  merge(other: HostDetected): void {
    this.qids |= other.qids;
    for (const os of other.oses) this.addOs(os);
    for (const s of other.services) this.addService(s.port, s.protocol, s.service);
  }

  get osNames(): readonly string[] {
    return this.oses;
  }

  /** The services as DetectedNames.serviceCode() numbers (equal services of hosts sharing the table, equal numbers). */
  get serviceCodes(): readonly number[] {
    return this.services;
  }

  /**
   * What the host observation carries. The breakdown counts 45017's result, never the format's
   * own OS field on its own: a host without 45017 counted under its OS field would make the
   * "no host has QID 45017" explanation false, and that field is the asset inventory's (agent,
   * earlier scans), not this scan's detection. Only a host that does have 45017 but whose result
   * names nothing (an export without the result column) falls back to the field, which Qualys
   * fills from that same detection.
   */
  detected(osField: string | null): HostDetected | undefined {
    if (this.qids === 0) return undefined;
    const oses = this.oses.length === 0 && (this.qids & DETECTED_OS) !== 0 && osField !== null ? [this.names.os(osField)] : this.oses;
    return { qids: this.qids, oses, services: this.services.map((code) => this.names.service(code)) };
  }
}

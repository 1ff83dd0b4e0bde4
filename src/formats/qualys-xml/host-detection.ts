/**
 * What QIDs 45017 and 82023 / 82004 say about a host: its result texts read, the names interned in
 * a table shared by the hosts of a reader or of the run, so that a name is held once and never pins
 * the input chunk it was cut from. Small by construction: at most a handful of OS names and a few
 * dozen services a host. HostDetection holds one host while it is read; detected-hosts.ts many
 * hosts, for long.
 */
import { BoundedMemo } from "../../lib/bounded-memo.js";
import { detach, Interner } from "../../lib/retained-text.js";
import { DETECTED_OS, DETECTED_TCP, DETECTED_UDP, type DetectedService, type HostDetected } from "../../model/observation.js";
import { OS_QID } from "./coverage-warnings.js";
import { parseOsResult, parseServicesResult, serviceName, type ServiceRow } from "./detection-results.js";

/** Per host: more than this is a host answering on everything, or damage. */
export const MAX_OSES_PER_HOST = 4;
export const MAX_SERVICES_PER_HOST = 64;
/** Distinct OS names, and distinct service names, a table holds. */
const MAX_NAMES = 100_000;
/** Room for a name id in a service code (> MAX_NAMES). */
const NAME_IDS = 1 << 17;

/** The DETECTED_* bit of a breakdown QID, or 0. */
export function detectedBit(qid: number): number {
  return qid === OS_QID ? DETECTED_OS : qid === 82023 ? DETECTED_TCP : qid === 82004 ? DETECTED_UDP : 0;
}

/**
 * The names of one reader's (or one run's) hosts: OS names interned, and as small ids for a store
 * that keeps them in typed arrays; service names as ids inside one number per service (see
 * serviceCode()). Capped: beyond MAX_NAMES distinct names a new one is not counted (only hostile
 * files get there).
 */
export class DetectedNames {
  /** The few service cells of a scan repeat on every host: each is cleaned once (and kept detached). */
  private readonly serviceNames = new BoundedMemo((cell: string) => detach(serviceName(cell)));
  private readonly osText = new Interner();
  private readonly osIds = new Map<string, number>();
  private readonly oses: string[] = [];
  private readonly serviceIds = new Map<string, number>();
  private readonly serviceTexts: string[] = [];

  os(name: string): string {
    return this.osText.intern(name);
  }

  /** The rows of a services table (at most MAX_SERVICES_PER_HOST). */
  serviceRows(result: string): ServiceRow[] {
    return parseServicesResult(result, MAX_SERVICES_PER_HOST, (cell) => this.serviceNames.get(cell));
  }

  /** The id of an OS name; -1 when the table is full. */
  osId(name: string): number {
    return idOf(name, this.osIds, this.oses, (n) => this.os(n));
  }

  osName(id: number): string {
    return this.oses[id] ?? "";
  }

  /**
   * A service as one number, ordered by port, then protocol (tcp first), then name id; -1 when the
   * table is full. Equal services of hosts sharing the table, equal numbers.
   */
  serviceCode(port: number, protocol: "tcp" | "udp", service: string): number {
    const id = idOf(service, this.serviceIds, this.serviceTexts, (n) => this.os(n));
    return id < 0 ? -1 : (port * 2 + (protocol === "udp" ? 1 : 0)) * NAME_IDS + id;
  }

  service(code: number): DetectedService {
    const rest = Math.floor(code / NAME_IDS);
    return { port: Math.floor(rest / 2), protocol: rest % 2 === 1 ? "udp" : "tcp", service: this.serviceTexts[code % NAME_IDS] ?? "" };
  }
}

function idOf(name: string, ids: Map<string, number>, names: string[], keep: (name: string) => string): number {
  let id = ids.get(name);
  if (id === undefined) {
    if (names.length >= MAX_NAMES) return -1;
    const kept = keep(name);
    id = names.push(kept) - 1;
    ids.set(kept, id);
  }
  return id;
}

/** What one result text says: the QID's DETECTED_* bit, and the OS or the services it names. */
export interface ReadResult {
  readonly bit: number;
  readonly os: string | null;
  readonly protocol: "tcp" | "udp";
  readonly services: readonly ServiceRow[];
}

const NOTHING: readonly ServiceRow[] = [];

/** The result of a breakdown QID (null where the format has none); the caller caps the services a host. */
export function readResult(names: DetectedNames, qid: number, result: string | null): ReadResult {
  const bit = detectedBit(qid);
  const protocol = bit === DETECTED_UDP ? "udp" : "tcp";
  if (result === null || bit === 0) return { bit, os: null, protocol, services: NOTHING };
  if (bit === DETECTED_OS) return { bit, os: parseOsResult(result), protocol, services: NOTHING };
  return { bit, os: null, protocol, services: names.serviceRows(result) };
}

/** One host while a reader reads it (SCAN, detection list); many hosts held for long are DetectedHosts. */
export class HostDetection {
  /** DETECTED_* bits of the QIDs seen. */
  qids = 0;
  private readonly oses: string[] = [];
  private readonly services: number[] = [];

  constructor(private readonly names: DetectedNames) {}

  /** One finding of QID 45017, 82023 or 82004 with its result text (null where the format has none). */
  addResult(qid: number, result: string | null): void {
    const read = readResult(this.names, qid, result);
    this.qids |= read.bit;
    if (read.os !== null) this.addOs(read.os);
    for (const row of read.services) this.addService(row.port, read.protocol, row.service);
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

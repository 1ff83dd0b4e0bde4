/**
 * The OS and services breakdowns (the Qualys console's "Operating Systems Detected" and "Services
 * Detected"): hosts per operating system named by QID 45017, hosts per service (port, protocol,
 * service) listed by QIDs 82023 / 82004. One entry per IP of the run, whatever the number of inputs
 * that saw it: the builder keeps the union of each IP's observations (detected-hosts.ts). An empty
 * breakdown says why, with a message code scripts can test.
 */
import { compareText } from "./compare-text.js";
import { formatMessage, message, type Message, type MessageCode } from "../messages/message.js";
import { DETECTED_OS, DETECTED_TCP, DETECTED_UDP, type DetectedService } from "../model/observation.js";
import type { DetectedHosts, KeyGroup } from "../formats/qualys-xml/detected-hosts.js";

export const OS_TOP = 10;
export const SERVICES_TOP = 15;
/** The entry that sums up the rest. */
export const OTHER = "Other";

export interface OsEntry {
  readonly name: string;
  readonly hosts: number;
}

/** The "Other" entry has port and protocol null. */
export interface ServiceEntry {
  readonly port: number | null;
  readonly protocol: "tcp" | "udp" | null;
  readonly service: string;
  readonly hosts: number;
}

export interface BreakdownMissing {
  readonly code: MessageCode;
  readonly message: string;
}

export interface Breakdown<E> {
  /** Hosts with at least one entry (an OS known, a service listed). */
  readonly hosts: number;
  /**
   * Most hosts first, the top N, then "Other": the hosts with at least one entry beyond the top N.
   * A host may count in several entries (several services; two inputs naming two OSes).
   */
  readonly entries: readonly E[];
  /** Why the breakdown is empty; null when it is not. */
  readonly missing: BreakdownMissing | null;
}

export interface Breakdowns {
  readonly os: Breakdown<OsEntry>;
  readonly services: Breakdown<ServiceEntry>;
}

interface Ranked<K> {
  readonly hosts: number;
  readonly top: readonly (readonly [K, number])[];
  /** Hosts with an entry beyond the top; null when there is none. */
  readonly other: number | null;
}

/** Hosts per key, the top N by hosts (ties broken by `compare`), and the hosts of the rest. */
function rank<K>(groups: readonly KeyGroup<K>[], top: number, compare: (a: K, b: K) => number): Ranked<K> {
  const counts = new Map<K, number>();
  let hosts = 0;
  for (const group of groups) {
    if (group.keys.length === 0) continue;
    hosts += group.hosts;
    for (const k of group.keys) counts.set(k, (counts.get(k) ?? 0) + group.hosts);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
  if (sorted.length <= top) return { hosts, top: sorted, other: null };
  const shown = sorted.slice(0, top);
  const kept = new Set(shown.map(([k]) => k));
  let other = 0;
  for (const group of groups) if (group.keys.some((k) => !kept.has(k))) other += group.hosts;
  return { hosts, top: shown, other };
}

function compareServices(a: DetectedService, b: DetectedService): number {
  return a.port - b.port || compareText(a.protocol, b.protocol) || compareText(a.service, b.service);
}

/** What the run was: whether any input carries findings, and how many hosts with findings it has. */
export interface BreakdownContext {
  readonly findingsInput: boolean;
  readonly hostsWithFindings: number;
}

const NO_FINDINGS = "the inputs carry no Qualys findings (scan logs and scan summaries record scan status only)";
const NO_SCANNED_HOST = "no host with Qualys findings was scanned";

function missing(m: Message): BreakdownMissing {
  return { code: m.code, message: formatMessage(m) };
}

/** Why a breakdown is empty: the inputs, then the option profile (the QID), then the exports (no result text). */
function whyEmpty(what: "OS" | "services", qidBits: number, noQid: MessageCode, noResult: MessageCode, context: BreakdownContext): BreakdownMissing {
  if (!context.findingsInput) return missing(message("triage.noBreakdownData", { what, why: NO_FINDINGS }));
  if (context.hostsWithFindings === 0) return missing(message("triage.noBreakdownData", { what, why: NO_SCANNED_HOST }));
  return missing(message(qidBits === 0 ? noQid : noResult));
}

/** Services of several parts as one key each (their codes are each part's own). */
function serviceGroups(parts: readonly DetectedHosts[]): { groups: KeyGroup<string>[]; services: Map<string, DetectedService> } {
  const services = new Map<string, DetectedService>();
  const groups: KeyGroup<string>[] = [];
  for (const part of parts) {
    for (const group of part.serviceGroups()) {
      const keys = group.keys.map((code) => {
        const service = part.service(code);
        const key = `${service.port}/${service.protocol}/${service.service}`;
        if (!services.has(key)) services.set(key, service);
        return key;
      });
      groups.push({ keys, hosts: group.hosts });
    }
  }
  return { groups, services };
}

/** The breakdowns of one run, or of several parts whose hosts are distinct (the groups of --group-by). */
export function summarizeBreakdowns(detected: DetectedHosts | readonly DetectedHosts[], context: BreakdownContext): Breakdowns {
  const parts = Array.isArray(detected) ? (detected as readonly DetectedHosts[]) : [detected as DetectedHosts];
  const qids = parts.reduce((bits, p) => bits | p.qids, 0);
  const os = rank(parts.flatMap((p) => p.osGroups()), OS_TOP, compareText);
  const osEntries: OsEntry[] = os.top.map(([name, hosts]) => ({ name, hosts }));
  if (os.other !== null) osEntries.push({ name: OTHER, hosts: os.other });

  const { groups, services: byKey } = serviceGroups(parts);
  const serviceOf = (key: string) => byKey.get(key) as DetectedService;
  const services = rank(groups, SERVICES_TOP, (a, b) => compareServices(serviceOf(a), serviceOf(b)));
  const serviceEntries: ServiceEntry[] = services.top.map(([key, hosts]) => ({ ...serviceOf(key), hosts }));
  if (services.other !== null) serviceEntries.push({ port: null, protocol: null, service: OTHER, hosts: services.other });

  return {
    os: {
      hosts: os.hosts,
      entries: osEntries,
      missing: os.hosts > 0 ? null : whyEmpty("OS", qids & DETECTED_OS, "qualys.noOsQid", "qualys.noOsResult", context),
    },
    services: {
      hosts: services.hosts,
      entries: serviceEntries,
      missing: services.hosts > 0 ? null : whyEmpty("services", qids & (DETECTED_TCP | DETECTED_UDP), "qualys.noServiceQids", "qualys.noServiceResult", context),
    },
  };
}

/**
 * Hosts built from a list of findings, one finding per row or object (the VM / VMDR / PCI report
 * CSVs, the scan results as JSON or CSV). Rows of one host may be anywhere in the file, so hosts are
 * gathered in a map and reported at the end: one small record per host, never one per finding
 * (rows are not de-duplicated: a report lists each finding once, and a key per finding would make
 * memory grow with the file).
 */
import { message, type Message } from "../../messages/message.js";
import { severityLevel, type FindingKind, type VulnStatus, type VulnStatusCounts } from "../../model/findings.js";
import { grown, release, wider } from "../../lib/typed-arrays.js";
import type { HostObservation } from "../../model/observation.js";
import { formatIpv4, parseIp, type ParsedIp } from "../../net/ip.js";
import { lookup } from "../../parse/lookup.js";
import { BoundedMemo } from "../../lib/bounded-memo.js";
import { detach } from "../../lib/retained-text.js";
import { TextColumn } from "../../lib/text-column.js";
import { U32Map } from "../../aggregate/u32-map.js";
import type { ReaderContext } from "../reader.js";
import { authDetail, authStatusOf, strongerEvidence, type AuthEvidence } from "../qualys-xml/auth-findings.js";
import { isCoverageQid, warnCoverage } from "../qualys-xml/coverage-warnings.js";
import { DetectedHosts } from "../qualys-xml/detected-hosts.js";
import { isQid } from "../qualys-xml/host-findings.js";

/** One finding as a row states it; text as found (trimmed), null where the row has no such field. */
export interface FindingRow {
  readonly ip: string | null;
  /** IPv6 address column (VMDR): used when the row has no IPv4 address. */
  readonly ipv6?: string | null;
  readonly hostname: string | null;
  readonly os: string | null;
  readonly qid: string | null;
  readonly title: string | null;
  readonly type: string | null;
  readonly severity: string | null;
  /** New / Active / Fixed / Re-Opened, where the export states it. */
  readonly vulnStatus: string | null;
  /** Read only when findings are kept (ReaderContext.keepFindings): part of a finding's key. */
  readonly port?: string | null;
  readonly protocol?: string | null;
  /** The result text, read only for the QIDs of the OS and services breakdowns (45017, 82023, 82004). */
  readonly results?: string | null;
  readonly time: number | null;
  readonly line: number;
}

export { VULN_STATUSES, type VulnStatus, type VulnStatusCounts } from "../../model/findings.js";

const VULN_STATUS_BY_KEY: Readonly<Record<string, VulnStatus>> = { new: "new", active: "active", reopened: "reopened", fixed: "fixed" };

/** Kind spellings of the exports (../shared/spec/qualys-exports.md, 6b), on a lower-case key without spaces. */
const KIND_BY_KEY: Readonly<Record<string, FindingKind>> = {
  vuln: "confirmed",
  vulnerability: "confirmed",
  confirmed: "confirmed",
  practice: "potential",
  potential: "potential",
  ig: "info",
  info: "info",
  informationgathered: "info",
};

function key(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}

/** A handful of spellings repeat on every row: each is normalised once. */
const kinds = new BoundedMemo((type: string) => lookup(KIND_BY_KEY, key(type)) ?? null);
const vulnStatuses = new BoundedMemo((text: string) => lookup(VULN_STATUS_BY_KEY, key(text)) ?? null);

export function findingKind(type: string | null): FindingKind | null {
  return type === null ? null : kinds.get(type);
}

export function vulnStatusOf(text: string | null): VulnStatus | null {
  return text === null ? null : vulnStatuses.get(text);
}

/** Finding counts per host: 3 kinds x 5 levels, in one typed column (slot * COUNTS). */
const COUNTS = 15;
const KIND_OFFSET: Readonly<Record<FindingKind, number>> = { confirmed: 0, potential: 5, info: 10 };
const INITIAL_HOSTS = 1024;

interface Tally {
  count: number;
  firstLine: number;
  example: string;
}

const tally = (): Tally => ({ count: 0, firstLine: 0, example: "" });

function note(t: Tally, line: number, example: string): void {
  if (t.count++ === 0) {
    t.firstLine = line;
    t.example = example;
  }
}

/**
 * The hosts of the rows, held until the end as columns (one slot per host), not as an object each:
 * a 1 GB export has 100,000 hosts, and objects with three count arrays cost four times as much.
 * Nor as strings: an address is a number (IPv6, rare, is kept parsed), the hostname and OS are
 * bytes in a TextColumn, so that what the hosts hold stays out of the garbage-collected heap,
 * which otherwise grows its young generation and keeps headroom above them.
 */
export class FindingHosts {
  private readonly v4Slots = new U32Map();
  private readonly v6Slots = new Map<string, number>();
  private hosts = 0;
  /** Per slot: the IPv4 address as a number, NaN for an IPv6 host (then in `v6`). */
  private addresses = new Float64Array(INITIAL_HOSTS);
  private readonly v6 = new Map<number, ParsedIp>();
  private readonly hostnames = new TextColumn();
  private readonly oses = new TextColumn();
  private lines = new Float64Array(INITIAL_HOSTS);
  /** Newest time of the host's rows; NaN for none. */
  private times = new Float64Array(INITIAL_HOSTS);
  /** 16 bits a count until one needs 32. */
  private counts: Uint16Array | Uint32Array = new Uint16Array(INITIAL_HOSTS * COUNTS);
  private readonly auth = new Map<number, AuthEvidence>();
  private readonly coverage = new Set<number>();
  /** Per slot, for the hosts with QID 45017, 82023 or 82004: what their results say. */
  private readonly detected = new DetectedHosts();
  /** Rows counted into a host, and rows reported as skipped (no usable address). */
  rows = 0;
  skippedRows = 0;
  readonly statuses: VulnStatusCounts = { new: 0, active: 0, reopened: 0, fixed: 0 };
  private readonly unknownKind = tally();
  private readonly badQid = tally();
  private readonly badSeverity = tally();
  private readonly otherStatus = tally();
  private statusStated = false;
  private last: { text: string; address: ParsedIp } | null = null;
  /** Every finding also goes to the sink (ReaderContext.keepFindings): rows are read once. */
  private readonly keep: boolean;

  constructor(private readonly ctx: ReaderContext) {
    this.keep = ctx.keepFindings === true && ctx.sink.finding !== undefined;
  }

  private slotOf(address: ParsedIp, row: FindingRow): number {
    const v4 = address.family === 4 ? Number(address.value) : -1;
    let slot = v4 >= 0 ? this.v4Slots.get(v4) : (this.v6Slots.get(address.text) ?? -1);
    if (slot < 0) {
      slot = this.hosts++;
      if (slot === this.addresses.length) this.grow();
      if (v4 >= 0) this.v4Slots.add(v4, slot);
      else {
        this.v6Slots.set(address.text, slot);
        this.v6.set(slot, address);
      }
      this.addresses[slot] = v4 >= 0 ? v4 : NaN;
      this.hostnames.set(slot, row.hostname);
      this.oses.set(slot, row.os);
      this.lines[slot] = row.line;
      this.times[slot] = row.time ?? NaN;
      return slot;
    }
    if (row.hostname !== null && !this.hostnames.has(slot)) this.hostnames.set(slot, row.hostname);
    if (row.os !== null && !this.oses.has(slot)) this.oses.set(slot, row.os);
    const time = this.times[slot] as number;
    if (row.time !== null && (Number.isNaN(time) || row.time > time)) this.times[slot] = row.time;
    return slot;
  }

  private grow(): void {
    const n = this.addresses.length * 2;
    this.addresses = grown(this.addresses, n);
    this.lines = grown(this.lines, n);
    this.times = grown(this.times, n);
    this.counts = grown(this.counts, n * COUNTS);
  }

  add(row: FindingRow): void {
    const address = this.addressOf(row);
    if (address === null) return;
    this.rows++;
    const slot = this.slotOf(address, row);
    const qid = row.qid === null ? NaN : Number(row.qid);
    if (!isQid(qid)) {
      note(this.badQid, row.line, row.qid ?? "");
      return;
    }
    if (isCoverageQid(qid)) this.coverage.add(qid);
    const status = this.vulnStatus(row);
    // A fixed finding is gone: its host was scanned, nothing of it counts.
    if (status === "fixed") {
      if (this.keep) this.keepFinding(address, qid, row, status);
      return;
    }
    if (isCoverageQid(qid)) this.detected.addResult(slot, qid, row.results ?? null);
    const kind = findingKind(row.type);
    if (kind === null) {
      note(this.unknownKind, row.line, row.type ?? "");
      return;
    }
    const auth = authStatusOf(qid, row.title);
    if (auth) this.auth.set(slot, strongerEvidence(this.auth.get(slot) ?? null, { status: auth, detail: detach(authDetail(qid, row.title)) }));
    const severity = row.severity === null ? NaN : Number(row.severity);
    if (!(severity >= 1 && severity <= 5)) note(this.badSeverity, row.line, row.severity ?? "");
    const at = slot * COUNTS + KIND_OFFSET[kind] + severityLevel(severity) - 1;
    const n = (this.counts[at] as number) + 1;
    if (n > 0xffff && this.counts instanceof Uint16Array) this.counts = wider(this.counts);
    this.counts[at] = n;
    if (this.keep) this.keepFinding(address, qid, row, status);
  }

  /** Every host found is reported (finish()), so its findings go to the sink as they are read. */
  private keepFinding(address: ParsedIp, qid: number, row: FindingRow, stated: VulnStatus | null): void {
    const kind = findingKind(row.type);
    // A Fixed row of a kind this tool does not know is a key it cannot compare: left out.
    if (kind === null) return;
    const severity = row.severity === null ? NaN : Number(row.severity);
    const fixed = stated === "fixed";
    this.ctx.sink.finding?.({ address, qid, port: row.port ?? "", protocol: row.protocol ?? "", kind, severity, fixed, stated });
  }

  private addressOf(row: FindingRow): ParsedIp | null {
    const text = row.ip ?? row.ipv6 ?? null;
    // The rows of one host usually follow each other: its address is parsed once.
    if (text !== null && text === this.last?.text) return this.last.address;
    if (text === null) {
      this.skippedRows++;
      this.ctx.sink.skip(row.line, message("finding.skip.noAddress"));
      return null;
    }
    const parsed = parseIp(text) ?? (row.ip !== null && row.ipv6 ? parseIp(row.ipv6) : null);
    if (parsed === null) {
      this.skippedRows++;
      this.ctx.sink.skip(row.line, message("finding.skip.badAddress", { text }));
    } else this.last = { text, address: parsed };
    return parsed;
  }

  private vulnStatus(row: FindingRow): VulnStatus | null {
    if (row.vulnStatus === null) return null;
    this.statusStated = true;
    const status = vulnStatusOf(row.vulnStatus);
    if (status === null) note(this.otherStatus, row.line, row.vulnStatus);
    else this.statuses[status]++;
    return status;
  }

  /** Whether any row stated a vulnerability status (the counts mean something). */
  get hasStatuses(): boolean {
    return this.statusStated;
  }

  get hostCount(): number {
    return this.hosts;
  }

  /** The address of a slot, made again (a host holds a number, not an object). */
  private addressAt(slot: number): ParsedIp {
    const v4 = this.addresses[slot] as number;
    return Number.isNaN(v4) ? (this.v6.get(slot) as ParsedIp) : { family: 4, text: formatIpv4(v4), value: BigInt(v4) };
  }

  /** The hosts read so far (the scan results check them against the target list). */
  *scanned(): Iterable<{ ip: string; address: ParsedIp; name: string | null }> {
    for (let slot = 0; slot < this.hosts; slot++) {
      const address = this.addressAt(slot);
      yield { ip: address.text, address, name: this.hostnames.get(slot) };
    }
  }

  /** Report every host, then what the rows had wrong, once per problem. */
  finish(): void {
    const { sink, input } = this.ctx;
    const hosts = this.hosts;
    for (let slot = 0; slot < hosts; slot++) sink.host(this.observation(slot, input));
    this.letGo();
    const warnings: Message[] = [];
    if (this.unknownKind.count > 0) warnings.push(message("finding.unknownKind", { ...this.unknownKind }));
    if (this.badQid.count > 0) warnings.push(message("finding.badQid", { ...this.badQid }));
    if (this.badSeverity.count > 0) warnings.push(message("finding.badSeverity", { ...this.badSeverity }));
    if (this.otherStatus.count > 0) warnings.push(message("finding.otherVulnStatus", { ...this.otherStatus }));
    for (const w of warnings) sink.warn(w);
    if (this.statusStated) sink.vulnStatuses?.(this.statuses);
    if (hosts > 0) warnCoverage(sink, this.coverage);
  }

  /**
   * Once reported, the hosts are dropped and their memory given back at once: the records made of
   * them are growing meanwhile, and both would otherwise add up until the next full collection.
   */
  private letGo(): void {
    this.hosts = 0;
    this.v4Slots.clear();
    this.v6Slots.clear();
    this.v6.clear();
    this.hostnames.clear();
    this.oses.clear();
    for (const column of [this.addresses, this.lines, this.times, this.counts]) release(column);
    this.addresses = new Float64Array(INITIAL_HOSTS);
    this.lines = new Float64Array(INITIAL_HOSTS);
    this.times = new Float64Array(INITIAL_HOSTS);
    this.counts = new Uint16Array(INITIAL_HOSTS * COUNTS);
    this.auth.clear();
  }

  private observation(slot: number, input: number): HostObservation {
    const auth = this.auth.get(slot) ?? null;
    const address = this.addressAt(slot);
    const time = this.times[slot] as number;
    const at = slot * COUNTS;
    const levels = (offset: number): number[] => Array.from(this.counts.subarray(at + offset, at + offset + 5));
    const os = this.oses.get(slot);
    return {
      ip: address.text,
      address,
      hostname: this.hostnames.get(slot),
      os,
      detected: this.detected.detected(slot, os),
      time: Number.isNaN(time) ? null : time,
      evidence: "direct",
      input,
      line: this.lines[slot] as number,
      rawStatus: auth ? auth.status : "Success",
      detail: auth ? auth.detail : null,
      findings: { confirmed: levels(0), potential: levels(5), info: levels(10) },
    };
  }
}

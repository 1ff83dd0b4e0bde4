/**
 * Hosts built from a list of findings, one finding per row or object (the VM / VMDR / PCI report
 * CSVs, the scan results as JSON or CSV). Rows of one host may be anywhere in the file, so hosts are
 * gathered in a map and reported at the end: one small record per host, never one per finding
 * (rows are not de-duplicated: a report lists each finding once, and a key per finding would make
 * memory grow with the file).
 */
import { message, type Message } from "../../messages/message.js";
import { severityLevel, type FindingKind, type VulnStatus, type VulnStatusCounts } from "../../model/findings.js";
import { widened } from "../../lib/typed-arrays.js";
import type { HostObservation } from "../../model/observation.js";
import { parseIp, type ParsedIp } from "../../net/ip.js";
import { lookup } from "../../parse/lookup.js";
import { BoundedMemo } from "../../lib/bounded-memo.js";
import { detach } from "../../lib/retained-text.js";
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
 */
export class FindingHosts {
  private readonly slots = new Map<string, number>();
  /** Each host's address as text (the map's key too); parsed again when reported, not held as an object. */
  private readonly addresses: string[] = [];
  private readonly hostnames: (string | null)[] = [];
  private readonly oses: (string | null)[] = [];
  private readonly lines: number[] = [];
  /** Newest time of the host's rows; NaN for none. */
  private readonly times: number[] = [];
  private counts = new Uint32Array(INITIAL_HOSTS * COUNTS);
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
    let slot = this.slots.get(address.text);
    if (slot === undefined) {
      slot = this.addresses.length;
      this.slots.set(address.text, slot);
      this.addresses.push(address.text);
      // Text kept per host is copied: a cell is a slice of a whole input chunk, which it would keep alive.
      this.hostnames.push(detach(row.hostname));
      this.oses.push(detach(row.os));
      this.lines.push(row.line);
      this.times.push(row.time ?? NaN);
      if ((slot + 1) * COUNTS > this.counts.length) this.counts = widened(this.counts, this.counts.length * 2);
      return slot;
    }
    if (this.hostnames[slot] === null) this.hostnames[slot] = detach(row.hostname);
    if (this.oses[slot] === null) this.oses[slot] = detach(row.os);
    const time = this.times[slot] as number;
    if (row.time !== null && (Number.isNaN(time) || row.time > time)) this.times[slot] = row.time;
    return slot;
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
    this.counts[at] = (this.counts[at] ?? 0) + 1;
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
    return this.addresses.length;
  }

  /** The hosts read so far (the scan results check them against the target list). */
  *scanned(): Iterable<{ ip: string; address: ParsedIp; name: string | null }> {
    for (const [i, text] of this.addresses.entries()) {
      const address = parseIp(text) as ParsedIp;
      yield { ip: text, address, name: this.hostnames[i] ?? null };
    }
  }

  /** Report every host, then what the rows had wrong, once per problem. */
  finish(): void {
    const { sink, input } = this.ctx;
    const hosts = this.addresses.length;
    for (let slot = 0; slot < hosts; slot++) sink.host(this.observation(slot, input));
    const warnings: Message[] = [];
    if (this.unknownKind.count > 0) warnings.push(message("finding.unknownKind", { ...this.unknownKind }));
    if (this.badQid.count > 0) warnings.push(message("finding.badQid", { ...this.badQid }));
    if (this.badSeverity.count > 0) warnings.push(message("finding.badSeverity", { ...this.badSeverity }));
    if (this.otherStatus.count > 0) warnings.push(message("finding.otherVulnStatus", { ...this.otherStatus }));
    for (const w of warnings) sink.warn(w);
    if (this.statusStated) sink.vulnStatuses?.(this.statuses);
    if (hosts > 0) warnCoverage(sink, this.coverage);
  }

  private observation(slot: number, input: number): HostObservation {
    const auth = this.auth.get(slot) ?? null;
    const address = parseIp(this.addresses[slot] as string) as ParsedIp;
    const time = this.times[slot] as number;
    const at = slot * COUNTS;
    const levels = (offset: number): number[] => Array.from(this.counts.subarray(at + offset, at + offset + 5));
    const os = this.oses[slot] ?? null;
    return {
      ip: address.text,
      address,
      hostname: this.hostnames[slot] ?? null,
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

/**
 * Collects observations from every input and merges them into one record per IP. Only this small
 * state grows with the input: one record per distinct IP, plus the inferred ranges as ranges.
 */
import type { AcceptList } from "../accept/accept-list.js";
import { message, type Message } from "../messages/message.js";
import type { HostObservation, HostnameTargetObservation, MergeKey, RangeObservation } from "../model/observation.js";
import type { FindingCounts } from "../model/findings.js";
import { formatIp, formatIpv4, parseIp } from "../net/ip.js";
import type { LazyText, ObservationSink } from "../formats/reader.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import type { DecidedBy, HostRecord } from "./host-record.js";
import { newInputReport, reportSink, type InputReport } from "./input-report.js";
import { FindingStore } from "./finding-store.js";
import { challengerWins, outranks } from "./merge-observations.js";
import { hostnameRecordKey, RecordStore } from "./record-store.js";
import { compareText } from "./compare-text.js";
import { detach, Interner } from "../lib/retained-text.js";
import { AUTH_FAILURE_STATUSES } from "../taxonomy/statuses.js";
import { finishTriage, type Triage } from "./triage.js";
import { DetectedHosts } from "../formats/qualys-xml/detected-hosts.js";

function detachValues(extra: Readonly<Record<string, string>>): Record<string, string> {
  const copy = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(extra)) copy[key] = detach(extra[key] as string);
  return copy;
}

const MAX_RANGE_SIZE = 1n << 32n;

/** Other hostnames kept per IP (the first in sorted order): beyond this many, only hostile inputs. */
const MAX_OTHER_HOSTNAMES = 32;

/** What merging an observation into a record decides beside the winner (see merge-observations.ts). */
interface MergedValues {
  readonly hostname: string | null;
  readonly hostnameFrom: MergeKey | undefined;
  readonly findings: FindingCounts | null;
  readonly findingsFrom: MergeKey | undefined;
  readonly otherHostnames: readonly string[] | undefined;
}

/**
 * The hostname and finding counts of the best-ranked observation that has them, with that
 * observation's rank when it is not the winner's, and the other hostnames seen. `existing` is
 * null for the first observation of an IP. Called for every row of a large log: it makes no
 * object but its result in the common case (records and observations are ranks themselves).
 */
function mergedValues(existing: HostRecord | null, o: HostObservation, challengerWon: boolean): MergedValues {
  const oHost = o.hostnameFrom ?? o;
  const oFind = o.findingsFrom ?? o;
  const oFindings = o.findings ?? null;
  if (existing === null) {
    return {
      hostname: o.hostname,
      hostnameFrom: o.hostname === null ? undefined : rankBeside(oHost, o),
      findings: oFindings,
      findingsFrom: oFindings === null ? undefined : rankBeside(oFind, o),
      otherHostnames: o.otherHostnames === undefined ? undefined : otherNames(o.hostname, o.otherHostnames),
    };
  }
  const winner: MergeKey = challengerWon ? o : existing;
  const eHost = existing.hostnameFrom ?? existing;
  const eFind = existing.findingsFrom ?? existing;
  const takeHost = laterIsBetter(existing.hostname, eHost, o.hostname, oHost);
  const takeFind = laterIsBetter(existing.findings, eFind, oFindings, oFind);
  const hostname = takeHost ? o.hostname : existing.hostname;
  const findings = takeFind ? oFindings : existing.findings;
  const known = existing.hostname;
  // Nearly always one name or none: no list to make.
  const single = existing.otherHostnames === undefined && o.otherHostnames === undefined && (known === null || o.hostname === null || known === o.hostname);
  return {
    hostname,
    hostnameFrom: hostname === null ? undefined : rankBeside(takeHost ? oHost : eHost, winner),
    findings,
    findingsFrom: findings === null ? undefined : rankBeside(takeFind ? oFind : eFind, winner),
    otherHostnames: single ? undefined : otherNames(hostname, [known, ...(existing.otherHostnames ?? []), o.hostname, ...(o.otherHostnames ?? [])]),
  };
}

/** Whether the value read later is the one to keep: the better-ranked of two values; the first on a tie. */
function laterIsBetter(first: unknown, firstRank: MergeKey, then: unknown, thenRank: MergeKey): boolean {
  if (then === null) return false;
  return first === null || outranks(thenRank, firstRank);
}

/** The rank to keep beside a value, copied (never the observation itself); none when it is the winner's. */
function rankBeside(rank: MergeKey, winner: MergeKey): MergeKey | undefined {
  return rank.evidence === winner.evidence && rank.time === winner.time ? undefined : { evidence: rank.evidence, time: rank.time };
}

/**
 * The names beside `hostname`, in lower case (names are compared ignoring case), each once and
 * sorted, so that the list is the same whatever order the observations came in; undefined for none.
 */
function otherNames(hostname: string | null, names: readonly (string | null | undefined)[]): string[] | undefined {
  const own = hostname?.toLowerCase();
  const others = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    const key = name.toLowerCase();
    if (key !== own) others.add(key);
  }
  if (others.size === 0) return undefined;
  return [...others].sort(compareText).slice(0, MAX_OTHER_HOSTNAMES).map((name) => detach(name));
}

/** Pages of one detection list must follow each other: say when a successor page is missing. */
function missingDetectionPages(inputs: readonly InputReport[]): Message[] {
  const warnings: Message[] = [];
  for (const input of inputs) {
    const next = input.detectionPage?.nextIdMin;
    if (next === undefined || next === null) continue;
    const found = inputs.some((other) => {
      const first = other.detectionPage?.firstId;
      return first !== undefined && first !== null && first >= next;
    });
    if (!found) warnings.push(message("qualys.pageMissing", { path: input.path, next }));
  }
  return warnings;
}

export class TriageBuilder {
  readonly inputs: InputReport[] = [];
  /** One record per IP: IPv4 keyed by number (hashing a million fresh strings is slow), others by text. */
  readonly records = new RecordStore();
  /** IPs that more than one observation was about. */
  private ipsWithDuplicates = 0;
  readonly ranges: RangeObservation[] = [];
  readonly hostnameTargets: HostnameTargetObservation[] = [];
  readonly decisions = new Map<DecidedBy, number>();

  private readonly statuses = new Interner();
  private readonly sources = new Interner();

  /**
   * Every finding key of the run, when findings are kept. A union: an IP observed twice keeps the
   * findings of both observations, whichever wins its status (its status says how it was scanned;
   * a finding reported by any input of the run was found in the run). The store keeps one per key.
   */
  readonly findings: FindingStore | null;

  /**
   * What QIDs 45017 and 82023 / 82004 said of each IP, by record slot: the union over its
   * observations, like the findings (an IP in two inputs is one host of the breakdowns).
   */
  readonly detected = new DetectedHosts();

  /**
   * keepDetails: keep every row's message, OS and extra columns (the `hosts` command prints them).
   * Without it only what the summary shows is kept (the detail of authentication failures), which
   * keeps a million-row log small in memory. keepFindings: keep every finding (runs compared).
   */
  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly keepDetails = true,
    readonly accept: AcceptList | null = null,
    keepFindings = false,
  ) {
    this.findings = keepFindings ? new FindingStore() : null;
  }

  /** Register an input and get the sink its reader reports to. */
  sinkFor(path: string): { index: number; sink: ObservationSink; report: InputReport } {
    const report = newInputReport(path);
    const index = this.inputs.push(report) - 1;
    const sink: ObservationSink = {
      host: (o) => {
        report.classified++;
        this.addHost(o);
      },
      leanHost: (ipv4, rawStatus, detail, time, line) => {
        report.classified++;
        this.addLeanHost(ipv4, rawStatus, detail, time, index, line);
      },
      range: (o) => {
        // Beyond 2^32 addresses (an IPv6 /96 or wider) counts stop being exact and a row per
        // address is absurd: say so instead of pretending.
        if (o.end - o.start >= MAX_RANGE_SIZE) {
          report.warnings.push(message("triage.rangeTooLarge", { from: formatIp(o.family, o.start), to: formatIp(o.family, o.end), status: o.rawStatus }));
          return;
        }
        this.ranges.push(o);
      },
      hostnameTarget: (o) => {
        this.hostnameTargets.push(o);
      },
      ...reportSink(report),
    };
    // Readers report findings only of hosts they report (with an IP): each is accepted as it comes.
    const findings = this.findings;
    if (findings !== null) sink.finding = (o) => findings.add(o);
    return { index, sink, report };
  }

  private addHost(o: HostObservation): void {
    const parsed = o.address ?? (o.ip === null ? null : parseIp(o.ip));
    const key = parsed ? (parsed.family === 4 ? Number(parsed.value) : parsed.text) : hostnameRecordKey(o.hostname ?? "");
    const slot = this.records.find(key);
    if (slot < 0) {
      const added = this.records.add(key, this.toRecord(o, parsed, 0, "only", mergedValues(null, o, true)));
      if (o.detected) this.detected.add(added, o.detected);
      return;
    }
    if (o.detected) this.detected.add(slot, o.detected);
    const existing = this.records.at(slot);
    const { wins, reason } = challengerWins(existing, o);
    this.decisions.set(reason, (this.decisions.get(reason) ?? 0) + 1);
    if (existing.collapsed === 0) this.ipsWithDuplicates++;
    // The winner decides the status. What the loser knew and the winner does not is kept: the
    // hostname (a rescan row may leave it empty) and Qualys findings (a newer scan-log row says
    // nothing about vulnerabilities, so the host's security risk still stands).
    const values = mergedValues(existing, o, wins);
    if (wins) {
      const merged = { ...o, statedRisk: o.statedRisk ?? existing.statedRisk ?? undefined };
      this.records.put(slot, this.toRecord(merged, parsed, existing.collapsed + 1, reason, values));
    } else {
      // Field by field, in one literal: spreading `existing` and adding fields it lacks made every
      // rescan row of a large log several times slower.
      const e = existing;
      this.records.put(slot, {
        ip: e.ip,
        hostname: detach(values.hostname),
        family: e.family,
        value: e.value,
        rawStatus: e.rawStatus,
        verdict: e.verdict,
        detail: e.detail,
        time: e.time,
        evidence: e.evidence,
        input: e.input,
        line: e.line,
        os: e.os,
        findings: values.findings,
        statedRisk: e.statedRisk ?? o.statedRisk ?? null,
        extra: e.extra,
        collapsed: e.collapsed + 1,
        decidedBy: reason,
        source: e.source,
        hostnameFrom: values.hostnameFrom,
        findingsFrom: values.findingsFrom,
        otherHostnames: values.otherHostnames,
        priority: e.priority,
      });
    }
  }

  /** The scan-log fast path (see ObservationSink.leanHost): straight into the store when it can. */
  private addLeanHost(ipv4: number, rawStatus: string, lazyDetail: LazyText, time: number | null, input: number, line: number): void {
    let detail: string | null | undefined;
    if (this.records.find(ipv4) < 0 && !this.keepDetails) {
      const verdict = this.taxonomy.classify(rawStatus);
      // Only an authentication failure keeps its message (the proof the summary shows).
      if (AUTH_FAILURE_STATUSES.has(verdict.status)) detail = lazyDetail.read();
      if (!detail && this.records.addLean(ipv4, verdict, this.statuses.intern(rawStatus), time, input, line)) return;
    }
    const text = formatIpv4(ipv4);
    const address = { family: 4 as const, text, value: BigInt(ipv4) };
    detail = detail === undefined ? lazyDetail.read() : detail;
    this.addHost({ ip: text, address, hostname: null, rawStatus, detail, time, evidence: "direct", input, line, os: null });
  }

  private toRecord(
    o: HostObservation,
    parsed: ReturnType<typeof parseIp>,
    collapsed: number,
    decidedBy: DecidedBy,
    values: MergedValues,
  ): HostRecord {
    const verdict = this.taxonomy.classify(o.rawStatus);
    const keep = this.keepDetails;
    return {
      ip: parsed ? parsed.text : null,
      hostname: detach(values.hostname),
      family: parsed ? parsed.family : null,
      value: parsed ? parsed.value : null,
      rawStatus: this.statuses.intern(o.rawStatus),
      verdict,
      detail: keep || AUTH_FAILURE_STATUSES.has(verdict.status) ? detach(o.detail) : null,
      time: o.time,
      evidence: o.evidence,
      input: o.input,
      line: o.line,
      os: keep ? detach(o.os ?? null) : null,
      findings: values.findings,
      statedRisk: o.statedRisk ?? null,
      extra: keep && o.extra ? detachValues(o.extra) : null,
      collapsed,
      decidedBy,
      source: o.source === undefined ? undefined : this.sources.intern(o.source),
      hostnameFrom: values.hostnameFrom,
      findingsFrom: values.findingsFrom,
      otherHostnames: values.otherHostnames,
    };
  }

  /** Resolve ranges and hostname targets against the direct observations. */
  finish(globalWarnings: Message[] = []): Triage {
    const collapsedRows = [...this.decisions.values()].reduce((a, b) => a + b, 0);
    if (collapsedRows > 0) {
      globalWarnings.push(
        message("triage.duplicatesCollapsed", {
          rows: collapsedRows,
          ips: this.ipsWithDuplicates,
          newest: this.decisions.get("newest") ?? 0,
          firstWithoutTime: this.decisions.get("first-without-time") ?? 0,
          firstOnEqualTime: this.decisions.get("first-on-equal-time") ?? 0,
          timedOverUntimed: this.decisions.get("timed-over-untimed") ?? 0,
          directOverInferred: this.decisions.get("direct-over-inferred") ?? 0,
        }),
      );
    }
    globalWarnings.push(...missingDetectionPages(this.inputs));
    // An empty input beside others that hold something would hide in the totals; when every input
    // is empty, the summary's "nothing to triage" says it once.
    const empty = this.inputs.filter(
      (report, i) => report.classified === 0 && report.skippedCount === 0 && !this.ranges.some((r) => r.input === i) && !this.hostnameTargets.some((t) => t.input === i),
    );
    // An empty map/reduce part has said so already (parts.empty).
    if (empty.length < this.inputs.length) for (const report of empty) if (!report.warnings.some((w) => w.code === "parts.empty")) report.warnings.push(message("triage.inputHoldsNothing"));
    return finishTriage(this, globalWarnings);
  }

  classify(raw: string): HostRecord["verdict"] {
    return this.taxonomy.classify(raw);
  }
}

/**
 * Per finding, what happened between two runs (../shared/spec/iterations.md, "Per finding"): the
 * two runs' finding stores are merge-joined in their canonical order, and the later run's host
 * status is read from its spans walked alongside (same address order), so nothing is looked up.
 *
 * A finding absent from the later run is Fixed only when its host was scanned then (Success); an
 * information-gathered one is Removed, never Fixed; on a host not scanned or not authenticated it
 * is Not re-tested. Re-Opened: present again after a run where it was Fixed.
 */
import type { FindingCursor, StoredFinding } from "../aggregate/finding-store.js";
import type { Triage } from "../aggregate/triage.js";
import type { FindingKind, VulnStatus } from "../model/findings.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";
import { addressSpans, type IpSpan } from "./ip-spans.js";

export const FINDING_CHANGES = ["new", "active", "fixed", "reopened", "removedIg", "notRetested"] as const;
export type FindingChange = (typeof FINDING_CHANGES)[number];

/** A finding's key and attributes, and what happened to it; `stated` is the later file's status (the earlier one's for a finding gone from it). */
export interface FindingDelta extends Omit<StoredFinding, "present"> {
  readonly change: FindingChange;
}

/** Finding keys (ip|qid|port|protocol) Fixed in an earlier step of a trend: present again is Re-Opened. */
export type FixedKeys = Set<string>;

export function findingKey(ip: string, qid: number, port: string, protocol: string): string {
  return `${ip}|${qid}|${port}|${protocol}`;
}

/** The later run's verdict at increasing addresses, from its spans. */
class SpanWalk {
  private readonly spans: Iterator<IpSpan>;
  private span: IpSpan | undefined;

  constructor(triage: Triage) {
    this.spans = addressSpans(triage)[Symbol.iterator]();
    this.span = this.spans.next().value as IpSpan | undefined;
  }

  at(family: 4 | 6, value: bigint): StatusVerdict | null {
    while (this.span && (this.span.family < family || (this.span.family === family && this.span.end < value))) {
      this.span = this.spans.next().value as IpSpan | undefined;
    }
    const s = this.span;
    return s && s.family === family && s.start <= value ? s.verdict : null;
  }
}

interface Side {
  readonly cursor: FindingCursor;
  more: boolean;
}

function side(triage: Triage): Side | null {
  if (!triage.findings) return null;
  const cursor = triage.findings.sorted();
  return { cursor, more: cursor.next() };
}

/** Every finding key of either run that is present in one of them, with what happened to it. */
export function* compareFindings(before: Triage, after: Triage, fixedEarlier: FixedKeys | null = null): Generator<FindingDelta> {
  const b = side(before);
  const a = side(after);
  const hosts = new SpanWalk(after);
  const delta = (c: FindingCursor, change: FindingChange, stated: VulnStatus | null): FindingDelta => ({
    change,
    ip: c.ip,
    qid: c.qid,
    port: c.port,
    protocol: c.protocol,
    kind: c.kind,
    severity: c.severity,
    stated,
  });
  while ((b?.more ?? false) || (a?.more ?? false)) {
    const order = !b?.more ? 1 : !a?.more ? -1 : b.cursor.compareTo(a.cursor);
    if (order < 0 && b) {
      // Only in the earlier run.
      const c = b.cursor;
      if (c.present) yield delta(c, goneChange(c, hosts.at(c.family, c.value)), c.stated);
      b.more = c.next();
      continue;
    }
    const c = (a as Side).cursor;
    const was = order === 0 && b ? b.cursor : null;
    const presentBefore = was?.present === true;
    if (c.present) {
      const reopened = (was !== null && !was.present) || (fixedEarlier?.has(findingKey(c.ip, c.qid, c.port, c.protocol)) ?? false);
      yield delta(c, presentBefore ? "active" : reopened ? "reopened" : "new", c.stated);
    } else if (presentBefore && was) {
      // The later file itself says Fixed: gone, judged like any finding that is gone.
      yield delta(was, goneChange(was, hosts.at(c.family, c.value)), c.stated);
    }
    (a as Side).more = c.next();
    if (was && b) b.more = was.next();
  }
}

function goneChange(c: FindingCursor, host: StatusVerdict | null): FindingChange {
  // Absent from the later run, or there without being scanned / authenticated: unknown.
  if (host === null || host.status !== "Success") return "notRetested";
  return c.kind === "info" ? "removedIg" : "fixed";
}

type Levels = [number, number, number, number, number];
const levels = (): Levels => [0, 0, 0, 0, 0];

/** Counts per change, by kind and severity; the later file's own statuses where they contradict the comparison. */
export class FindingTally {
  readonly counts: Record<FindingChange, number> = Object.fromEntries(FINDING_CHANGES.map((c) => [c, 0])) as Record<FindingChange, number>;
  readonly bySeverity: Record<FindingChange, Record<FindingKind, Levels>> = Object.fromEntries(
    FINDING_CHANGES.map((c) => [c, { confirmed: levels(), potential: levels(), info: levels() }]),
  ) as Record<FindingChange, Record<FindingKind, Levels>>;
  contradictions = 0;
  firstContradiction: FindingDelta | null = null;

  add(d: FindingDelta): void {
    this.counts[d.change]++;
    const row = this.bySeverity[d.change][d.kind];
    row[d.severity - 1] = (row[d.severity - 1] ?? 0) + 1;
    // The file says New but the finding was there before, or Active but it was not.
    const contradicts = (d.stated === "new" && d.change === "active") || (d.stated === "active" && (d.change === "new" || d.change === "reopened"));
    if (contradicts) {
      this.contradictions++;
      this.firstContradiction ??= d;
    }
  }

  /** New or re-opened confirmed findings at or above a severity (the --max-new-findings gate). */
  newConfirmed(minSeverity: number): number {
    let n = 0;
    for (const change of ["new", "reopened"] as const) {
      this.bySeverity[change].confirmed.forEach((count, i) => {
        if (i + 1 >= minSeverity) n += count;
      });
    }
    return n;
  }
}

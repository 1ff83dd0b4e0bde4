/**
 * The accept list: known exceptions (a device that is off for good, a segment the customer will not
 * open), each with a reason and an optional expiry date. An accepted IP keeps its status; it is
 * marked, counted apart and left out of the gates. An expired entry is not applied and warns, so a
 * forgotten exception cannot hide a problem for ever.
 */
import { message, type Message } from "../messages/message.js";
import { parseTargetList, type AddressRange } from "../net/target-list.js";

/** One entry as written in the config file. */
export interface AcceptEntry {
  /** An IP, a CIDR block, a range (10.0.0.1-10.0.0.20) or a hostname. */
  readonly target: string;
  /** Only IPs with one of these statuses (canonical names, case-insensitive); all when absent. */
  readonly statuses?: readonly string[];
  readonly reason: string;
  /** Last day the entry applies (YYYY-MM-DD); open-ended when absent. */
  readonly until?: string;
}

/** What a host row shows for an accepted IP. */
export interface Acceptance {
  readonly reason: string;
  readonly until: string | null;
}

/** A stretch of addresses some entries accept (see AcceptList.acceptedParts). */
export interface AcceptedPart extends AddressRange {
  readonly entries: readonly ActiveEntry[];
}

interface ActiveEntry {
  readonly entry: AcceptEntry;
  readonly acceptance: Acceptance;
  readonly ranges: readonly AddressRange[];
  readonly hostnames: ReadonlySet<string>;
  readonly statuses: ReadonlySet<string> | null;
  used: boolean;
}

/** Why a target or date is unusable, or null when it is fine (for config validation). */
export function acceptTargetProblem(target: string): string | null {
  const parsed = parseTargetList(target);
  if (parsed.invalid.length > 0) return `"${parsed.invalid[0]}" is neither an IP, a CIDR block, a range nor a hostname`;
  if (parsed.ranges.length + parsed.hostnames.length !== 1) return "give one IP, CIDR block, range or hostname per entry";
  return null;
}

export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** Today as YYYY-MM-DD (UTC), the day expiry dates are compared with. */
export function todayIso(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

export class AcceptList {
  private readonly active: ActiveEntry[] = [];
  private readonly expiredWarnings: Message[] = [];

  /** Entries are expected to be validated (config loading does it). */
  constructor(entries: readonly AcceptEntry[], today: string) {
    for (const entry of entries) {
      if (entry.until !== undefined && entry.until < today) {
        this.expiredWarnings.push(message("accept.expired", { target: entry.target, until: entry.until, reason: entry.reason }));
        continue;
      }
      const parsed = parseTargetList(entry.target);
      this.active.push({
        entry,
        acceptance: { reason: entry.reason, until: entry.until ?? null },
        ranges: parsed.ranges,
        hostnames: new Set(parsed.hostnames.map((h) => h.toLowerCase())),
        statuses: entry.statuses ? new Set(entry.statuses.map((s) => s.toLowerCase())) : null,
        used: false,
      });
    }
  }

  get isEmpty(): boolean {
    return this.active.length === 0;
  }

  private fits(e: ActiveEntry, status: string): boolean {
    return e.statuses === null || e.statuses.has(status.toLowerCase());
  }

  /** The first entry that accepts this IP (or hostname-only target) with this status. */
  match(family: 4 | 6 | null, value: bigint | null, hostname: string | null, status: string): Acceptance | null {
    for (const e of this.active) {
      if (!this.fits(e, status)) continue;
      const byAddress = family !== null && value !== null && e.ranges.some((r) => r.family === family && r.start <= value && value <= r.end);
      const byName = !byAddress && hostname !== null && e.hostnames.has(hostname.toLowerCase());
      if (byAddress || byName) {
        e.used = true;
        return e.acceptance;
      }
    }
    return null;
  }

  /**
   * The parts of [start, end] that some entry accepts for this status, as disjoint sorted ranges
   * with the entries behind each: inferred segments (a /16 target nobody answered in) are counted
   * without visiting each address. The caller marks the entries of a part that accepted an address.
   */
  acceptedParts(family: 4 | 6, start: bigint, end: bigint, status: string): AcceptedPart[] {
    const parts: AcceptedPart[] = [];
    for (const e of this.active) {
      if (!this.fits(e, status)) continue;
      for (const r of e.ranges) {
        if (r.family !== family || r.end < start || r.start > end) continue;
        parts.push({ family, start: r.start > start ? r.start : start, end: r.end < end ? r.end : end, entries: [e] });
      }
    }
    parts.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const merged: AcceptedPart[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (last && p.start <= last.end + 1n) merged[merged.length - 1] = { ...last, end: p.end > last.end ? p.end : last.end, entries: [...last.entries, ...p.entries] };
      else merged.push(p);
    }
    return merged;
  }

  /**
   * Where acceptance may change inside start..end (exclusive of start): the first address of each
   * entry's range and the one after its end. A table block is split there, so each block is
   * either wholly accepted, by one entry, or not at all.
   */
  splitPoints(family: 4 | 6, start: bigint, end: bigint, status: string): bigint[] {
    const points = new Set<bigint>();
    for (const e of this.active) {
      if (!this.fits(e, status)) continue;
      for (const r of e.ranges) {
        if (r.family !== family) continue;
        if (r.start > start && r.start <= end) points.add(r.start);
        if (r.end >= start && r.end < end) points.add(r.end + 1n);
      }
    }
    return [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The part accepted at least one address: its entries are in use. */
  markUsed(part: AcceptedPart): void {
    for (const e of part.entries) e.used = true;
  }

  /** Expired entries, and (after the run has matched) entries that matched nothing. */
  warnings(): Message[] {
    const unused = this.active.filter((e) => !e.used).map((e) => message("accept.unused", { target: e.entry.target }));
    return [...this.expiredWarnings, ...unused];
  }
}

/**
 * Findings of one host while its element is being read: counts by kind and severity, de-duplicated
 * on (kind, QID, port, protocol) because one QID legitimately repeats on several ports, and the
 * strongest authentication evidence. When findings are kept, each one counted (and each Fixed one)
 * also goes to a listener.
 */
import { addFinding, emptyFindingCounts, type FindingCounts, type FindingKind, type VulnStatus } from "../../model/findings.js";
import { authDetail, authStatusOf, strongerEvidence, type AuthEvidence } from "./auth-findings.js";
import { isCoverageQid } from "./coverage-warnings.js";
import { HostDetection, type DetectedNames } from "./host-detection.js";

export interface Finding {
  readonly kind: FindingKind;
  readonly qid: number;
  readonly severity: number;
  readonly port: string;
  readonly protocol: string;
  readonly title: string | null;
  /** Fixed findings are no longer present: they do not count. */
  readonly fixed: boolean;
  /** The status the file states (detection lists), read only when findings are kept. */
  readonly stated?: VulnStatus | null;
  /** The result text, read only for the QIDs of the OS and services breakdowns (45017, 82023, 82004). */
  readonly result?: string | null;
}

/** A QID as Qualys numbers them: a whole number; anything else in a file is damage, not a finding. */
export function isQid(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0x7fffffff;
}


export class HostFindings {
  /**
   * onFinding: given every finding counted and every Fixed one with a valid QID (keepFindings only).
   * names: where the OS and services of the breakdowns are interned (none: they are not gathered).
   */
  constructor(
    private readonly onFinding: ((f: Finding) => void) | null = null,
    private readonly names: DetectedNames | null = null,
  ) {}

  readonly counts: FindingCounts = emptyFindingCounts();
  auth: AuthEvidence | null = null;
  /** Keys of the findings counted, while the host element is open (dropped by seal()). */
  private seen: Set<string> | null = new Set<string>();
  /** QIDs that matter for coverage warnings (OS and services detection). */
  readonly coverageQids = new Set<number>();
  /** What 45017 and 82023 / 82004 say of the host (present findings only); made at the first of them. */
  detection: HostDetection | null = null;

  add(f: Finding): void {
    if (isCoverageQid(f.qid)) {
      this.coverageQids.add(f.qid);
      if (!f.fixed && this.names !== null) (this.detection ??= new HostDetection(this.names)).addResult(f.qid, f.result ?? null);
    }
    if (f.fixed) {
      if (this.onFinding !== null && isQid(f.qid)) this.onFinding(f);
      return;
    }
    const key = `${f.kind}|${f.qid}|${f.port}|${f.protocol}`;
    if (this.seen === null) throw new Error("HostFindings.add after seal()");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.count(f.kind, f.qid, f.severity, f.title);
    if (this.onFinding !== null && isQid(f.qid)) this.onFinding(f);
  }

  /** Count a finding already known to be present and distinct (see add() for the checks). */
  count(kind: FindingKind, qid: number, severity: number, title: string | null): void {
    const status = authStatusOf(qid, title);
    if (status) this.auth = strongerEvidence(this.auth, { status, detail: authDetail(qid, title) });
    addFinding(this.counts, kind, severity);
  }

  /**
   * The host element has closed: forget the de-duplication keys. A reader that holds hosts until
   * the document ends (SCAN, whose header may come last) would otherwise keep a string per finding
   * of every host: memory growing with the file instead of staying flat.
   */
  seal(): this {
    this.seen = null;
    return this;
  }
}

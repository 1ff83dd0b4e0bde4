/**
 * Findings of one host while its element is being read: counts by kind and severity, de-duplicated
 * on (kind, QID, port, protocol) because one QID legitimately repeats on several ports, and the
 * strongest authentication evidence. When findings are kept, each one counted (and each Fixed one)
 * also goes to a listener.
 */
import { addFinding, emptyFindingCounts, type FindingCounts, type FindingKind, type VulnStatus } from "../../model/findings.js";
import { authDetail, authStatusOf, strongerEvidence, type AuthEvidence, type AuthStatus } from "./auth-findings.js";
import { isCoverageQid } from "./coverage-warnings.js";
import { HostDetection, type DetectedNames } from "./host-detection.js";

export interface Finding {
  readonly kind: FindingKind;
  readonly qid: number;
  readonly severity: number;
  readonly port: string;
  readonly protocol: string;
  readonly title: string | null;
  /** What the title says of authentication, when the reader has it already (one match per distinct title). */
  readonly titleAuth?: AuthStatus | null;
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

const KIND_INDEX: Record<FindingKind, number> = { confirmed: 0, potential: 1, info: 2 };
const PROTOCOL_INDEX: ReadonlyMap<string, number> = new Map([["", 0], ["tcp", 1], ["udp", 2], ["icmp", 3]]);

/** A port as written in canonical decimal ("80", not "080"), plus one; 0 for none; -1 for anything else. */
function portIndex(port: string): number {
  if (port === "") return 0;
  const n = port.length;
  if (n > 5 || (n > 1 && port.charCodeAt(0) === 0x30)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = port.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 65535 ? v + 1 : -1;
}

/**
 * The de-duplication key of a finding: one number for the usual shapes (a QID, a port, a known
 * protocol: below 2^53, so exact), which costs no string per finding; the text key otherwise.
 */
function findingKey(f: Finding): number | string {
  const port = portIndex(f.port);
  const protocol = PROTOCOL_INDEX.get(f.protocol);
  if (port >= 0 && protocol !== undefined && isQid(f.qid)) return ((f.qid * 65537 + port) * 4 + protocol) * 4 + KIND_INDEX[f.kind];
  return `${f.kind}|${f.qid}|${f.port}|${f.protocol}`;
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
  private seen: Set<number | string> | null = new Set<number | string>();
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
    const key = findingKey(f);
    if (this.seen === null) throw new Error("HostFindings.add after seal()");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.count(f.kind, f.qid, f.severity, f.title, f.titleAuth);
    if (this.onFinding !== null && isQid(f.qid)) this.onFinding(f);
  }

  /** Count a finding already known to be present and distinct (see add() for the checks). */
  count(kind: FindingKind, qid: number, severity: number, title: string | null, titleAuth?: AuthStatus | null): void {
    const status = authStatusOf(qid, title, titleAuth);
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

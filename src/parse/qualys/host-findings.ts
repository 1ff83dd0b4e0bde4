/**
 * Findings of one host while its element is being read: counts by kind and severity, de-duplicated
 * on (kind, QID, port, protocol) because one QID legitimately repeats on several ports, and the
 * strongest authentication evidence.
 */
import { addFinding, emptyFindingCounts, type FindingCounts, type FindingKind } from "../../model/findings.js";
import { authDetail, authStatusOf, strongerEvidence, type AuthEvidence } from "./auth-findings.js";

export interface Finding {
  readonly kind: FindingKind;
  readonly qid: number;
  readonly severity: number;
  readonly port: string;
  readonly protocol: string;
  readonly title: string | null;
  /** Fixed findings are no longer present: they do not count. */
  readonly fixed: boolean;
}

export class HostFindings {
  readonly counts: FindingCounts = emptyFindingCounts();
  auth: AuthEvidence | null = null;
  private readonly seen = new Set<string>();
  /** QIDs that matter for coverage warnings (OS and services detection). */
  readonly coverageQids = new Set<number>();

  add(f: Finding): void {
    if (f.qid === 45017 || f.qid === 82023 || f.qid === 82004) this.coverageQids.add(f.qid);
    const status = authStatusOf(f.qid, f.title);
    if (status && !f.fixed) this.auth = strongerEvidence(this.auth, { status, detail: authDetail(f.qid, f.title) });
    if (f.fixed) return;
    const key = `${f.kind}|${f.qid}|${f.port}|${f.protocol}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    addFinding(this.counts, f.kind, f.severity);
  }
}

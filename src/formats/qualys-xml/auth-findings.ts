/**
 * Which Qualys findings prove an authentication problem, and which status they mean
 * (../shared/spec/status-taxonomy.md). QID numbers come from secondary sources, so titles are
 * matched as well; when several apply, CredentialFailed beats InsufficientPrivilege beats NoCredential.
 */
import { BoundedMemo } from "../../lib/bounded-memo.js";

export type AuthStatus = "CredentialFailed" | "InsufficientPrivilege" | "NoCredential";

/** The QIDs known to prove an authentication problem, with their titles for inputs that carry none (detection lists). */
const BY_QID: ReadonlyMap<number, { status: AuthStatus; title: string }> = new Map([
  [105015, { status: "CredentialFailed", title: "Windows Authentication Failed" }],
  [105053, { status: "CredentialFailed", title: "Unix Authentication Failed" }],
  [115263, { status: "CredentialFailed", title: "Unix Authentication Timeout Occurred" }],
  [105296, { status: "NoCredential", title: "Unix Authentication Not Attempted" }], // older QID
  [105297, { status: "NoCredential", title: "Unix Authentication Not Attempted" }],
]);

const BY_TITLE: readonly [RegExp, AuthStatus][] = [
  [/authentication\s+failed/i, "CredentialFailed"],
  [/insufficient\s+privilege/i, "InsufficientPrivilege"],
  [/authentication\s+not\s+attempted/i, "NoCredential"],
];

const RANK: Record<AuthStatus, number> = { CredentialFailed: 3, InsufficientPrivilege: 2, NoCredential: 1 };

/**
 * Whether a title may say anything of authentication: every title BY_TITLE matches names one of
 * these words, and letters are ASCII to a case-insensitive match without the u flag; an entity
 * (`&#97;`) could spell one, so text with `&` may too. Most titles are settled without a memo.
 */
const MAY_MATCH = /authentication|privilege|&/i;

/** The title, as raw text before cleaning, cannot change what authStatusOf() finds for its finding. */
export function titleIrrelevant(qid: number, raw: string): boolean {
  return !BY_QID.has(qid) && !MAY_MATCH.test(raw);
}

export function authStatusOfTitle(title: string): AuthStatus | null {
  let byTitle: AuthStatus | null = null;
  for (const [re, status] of BY_TITLE) if (re.test(title)) byTitle = strongerAuth(byTitle, status).status;
  return byTitle;
}

/** Titles repeat on every host that has the finding: each is matched once. */
const titleStatus = new BoundedMemo(authStatusOfTitle);

/** `byTitle`: what the title says, when the caller already knows (see scan-reader.ts). */
export function authStatusOf(qid: number, title: string | null, byTitle = title ? titleStatus.get(title) : null): AuthStatus | null {
  const byQid = BY_QID.get(qid)?.status ?? null;
  return byQid === null ? byTitle : byTitle === null ? byQid : strongerAuth(byQid, byTitle).status;
}

export interface AuthEvidence {
  readonly status: AuthStatus;
  readonly detail: string;
}

function strongerAuth(a: AuthStatus | null, b: AuthStatus | null): { status: AuthStatus | null } {
  if (a === null) return { status: b };
  if (b === null) return { status: a };
  return { status: RANK[b] > RANK[a] ? b : a };
}

/** Keep the strongest evidence seen on a host. */
export function strongerEvidence(current: AuthEvidence | null, next: AuthEvidence): AuthEvidence {
  if (current === null || RANK[next.status] > RANK[current.status]) return next;
  return current;
}

/** "QID 105015: Windows Authentication Failed": the file's title, else the known one, else the number alone. */
export function authDetail(qid: number, title: string | null): string {
  const name = title ?? BY_QID.get(qid)?.title ?? null;
  return name ? `QID ${qid}: ${name}` : `QID ${qid}`;
}


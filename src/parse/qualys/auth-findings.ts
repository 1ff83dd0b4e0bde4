/**
 * Which Qualys findings prove an authentication problem, and which status they mean
 * (../shared/spec/status-taxonomy.md). QID numbers come from secondary sources, so titles are
 * matched as well; when several apply, CredentialFailed beats InsufficientPrivilege beats NoCredential.
 */

export type AuthStatus = "CredentialFailed" | "InsufficientPrivilege" | "NoCredential";

const BY_QID: ReadonlyMap<number, AuthStatus> = new Map([
  [105015, "CredentialFailed"], // Windows Authentication Failed
  [105053, "CredentialFailed"], // Unix Authentication Failed
  [115263, "CredentialFailed"], // Unix Authentication Timeout Occurred
  [105296, "NoCredential"], // Unix Authentication Not Attempted (older QID)
  [105297, "NoCredential"], // Unix Authentication Not Attempted
]);

const BY_TITLE: readonly [RegExp, AuthStatus][] = [
  [/authentication\s+failed/i, "CredentialFailed"],
  [/insufficient\s+privilege/i, "InsufficientPrivilege"],
  [/authentication\s+not\s+attempted/i, "NoCredential"],
];

const RANK: Record<AuthStatus, number> = { CredentialFailed: 3, InsufficientPrivilege: 2, NoCredential: 1 };

export function authStatusOf(qid: number, title: string | null): AuthStatus | null {
  const byQid = BY_QID.get(qid) ?? null;
  let byTitle: AuthStatus | null = null;
  if (title) for (const [re, status] of BY_TITLE) if (re.test(title)) byTitle = strongerAuth(byTitle, status).status;
  return strongerAuth(byQid, byTitle).status;
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

export function authDetail(qid: number, title: string | null): string {
  return title ? `QID ${qid}: ${title}` : `QID ${qid}`;
}

/** QIDs whose absence makes an OS or services breakdown impossible. */
export const OS_QID = 45017;
export const SERVICE_QIDS: readonly number[] = [82023, 82004];

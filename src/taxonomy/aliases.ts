/**
 * Raw status text -> canonical status. Real exports vary in case, spacing and spelling, so text is
 * compared on a normalised key (lower case, letters and digits only) and looked up here.
 */
import { KNOWN_STATUSES, type KnownStatus } from "./statuses.js";

/** Lower-case and keep only letters and digits: "No Connection" and "no_connection" give "noconnection". */
export function statusKey(raw: string): string {
  return raw.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Spellings seen in real data beyond the canonical names (whose own keys are added below). */
const EXTRA_ALIASES: Readonly<Record<string, KnownStatus>> = {
  // The vendor's documentation misspells this one; its UI code does not. Accept both, plus plurals.
  InsufficientPriviliege: "InsufficientPrivilege",
  InsufficientPrivileges: "InsufficientPrivilege",
  InsufficientPriviliges: "InsufficientPrivilege",
  CredentialNoLongerWorks: "CredentialNoLongerWork",
  CredentialsNoLongerWork: "CredentialNoLongerWork",
  CredentialsFailed: "CredentialFailed",
  NoCredentials: "NoCredential",
  SkippedAsWorkstation: "SkippedAsWorkStation",
  SkippedAsBetterMethodExists: "SkippedAsBetterMethodExist",
  NoResults: "NoResult",
  Successful: "Success",
  AccountLocked: "LockedAccount",
};

function buildAliasTable(): Map<string, KnownStatus> {
  const table = new Map<string, KnownStatus>();
  for (const name of Object.keys(KNOWN_STATUSES) as KnownStatus[]) table.set(statusKey(name), name);
  for (const [alias, name] of Object.entries(EXTRA_ALIASES)) table.set(statusKey(alias), name);
  return table;
}

export const BUILTIN_ALIASES: ReadonlyMap<string, KnownStatus> = buildAliasTable();

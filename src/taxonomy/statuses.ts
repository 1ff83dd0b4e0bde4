/**
 * The status taxonomy: one typed table (../shared/spec/status-taxonomy.md).
 * Every status a reader can produce is a key here, so a missing entry fails to compile.
 */

export const CATEGORIES = ["Scanned", "Not Scanned", "Skipped"] as const;
export type Category = (typeof CATEGORIES)[number];

export const RESPONSIBLES = ["Customer", "ServiceProvider", "None"] as const;
export type Responsible = (typeof RESPONSIBLES)[number];

export interface StatusInfo {
  readonly category: Category;
  readonly responsible: Responsible;
  readonly action: string;
  readonly description: string;
}

/** The 18 statuses of the discovery product's scan-log remediation table. */
export const CORE_STATUSES = {
  Success: { category: "Scanned", responsible: "None", action: "None", description: "Scanned successfully" },
  NoConnection: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check firewall ports",
    description: "System is pingable, but has none of the required port(s) allowing to connect to it",
  },
  CredentialFailed: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Credentials",
    description: "Authentication failure",
  },
  InsufficientPrivilege: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Credentials",
    description: "Credentials do not allow to execute the commands required to generate a unique and durable CI identifier",
  },
  ScanFailure: {
    category: "Not Scanned",
    responsible: "ServiceProvider",
    action: "Check Logs",
    description: "Unrecoverable or unexpected errors, untrustable Ids, missing key CIs, or timeouts / aborted target scan",
  },
  SkippedAsSameAs: {
    category: "Skipped",
    responsible: "None",
    action: "None",
    description: "Target has already been scanned in same Scan Job via a different IP; result already sent",
  },
  ConnectionFailed: {
    category: "Not Scanned",
    responsible: "ServiceProvider",
    action: "Check Logs",
    description: "Unexpected error during connection, other than InsufficientPrivilege or CredentialFailed",
  },
  UnusableConnection: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check firewalls and/or target system health",
    description: "Connected, but some services (like RPC) are missing on the target, preventing a successful scan",
  },
  NoAnswer: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Scope, Firewalls, is device turned on?",
    description: "Target unreachable",
  },
  NoCredential: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Credentials",
    description: "Target and its type identified, but no corresponding credential in the scan job",
  },
  Unknown: { category: "Not Scanned", responsible: "ServiceProvider", action: "Check Logs", description: "Unexpected condition" },
  PartialScan: {
    category: "Not Scanned",
    responsible: "ServiceProvider",
    action: "Check Logs",
    description: "Connected with enough privilege and a trustable identifier, but some data was not collected",
  },
  SkippedAsWorkStation: {
    category: "Skipped",
    responsible: "None",
    action: "None",
    description: "Target is a workstation and the job skips workstations",
  },
  SkippedAsExcluded: {
    category: "Skipped",
    responsible: "None",
    action: "None",
    description: "Target is in the list of excluded IPs",
  },
  Aborted: {
    category: "Not Scanned",
    responsible: "ServiceProvider",
    action: "Check Logs",
    description: "The target scan was aborted (for example the job hit its maximum duration)",
  },
  NoResult: { category: "Not Scanned", responsible: "ServiceProvider", action: "Check Logs", description: "No scan result received" },
  CredentialNoLongerWork: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Credentials",
    description: "A credential that used to work no longer works",
  },
  LockedAccount: {
    category: "Not Scanned",
    responsible: "Customer",
    // The vendor table leaves this action empty; this is the project's choice.
    action: "Unlock the account, then Check Credentials",
    description: "Connection not established: too many authentication failures locked the account",
  },
} as const satisfies Record<string, StatusInfo>;

/** Statuses seen in real vendor data beyond the 18: recognised and reported under their own name. */
export const EXTRA_STATUSES = {
  SystemDetected: {
    category: "Not Scanned",
    responsible: "Customer",
    action: "Check Credentials",
    description: "System detected, but not scanned",
  },
  SkippedAsBetterMethodExist: {
    category: "Skipped",
    responsible: "None",
    action: "None",
    description: "Skipped because a better discovery method exists for the target",
  },
  Warning: {
    category: "Scanned",
    responsible: "ServiceProvider",
    action: "Check Logs",
    description: "Scanned, with warnings",
  },
  Missing: { category: "Not Scanned", responsible: "ServiceProvider", action: "Check Logs", description: "Scan result missing" },
} as const satisfies Record<string, StatusInfo>;

export const KNOWN_STATUSES = { ...CORE_STATUSES, ...EXTRA_STATUSES } as const;
export type CoreStatus = keyof typeof CORE_STATUSES;
export type KnownStatus = keyof typeof KNOWN_STATUSES;

/** How an unrecognised or empty status is classified: kept raw, flagged, and sent to the logs. */
export const UNRECOGNIZED_STATUS_INFO: StatusInfo = {
  category: "Not Scanned",
  responsible: "ServiceProvider",
  action: "Check Logs",
  description: "Status not in the taxonomy",
};

/** Final statuses that put an IP on the authentication-failure list. */
export const AUTH_FAILURE_STATUSES: ReadonlySet<string> = new Set<KnownStatus>([
  "CredentialFailed",
  "InsufficientPrivilege",
  "NoCredential",
  "CredentialNoLongerWork",
  "LockedAccount",
]);

export function isKnownStatus(name: string): name is KnownStatus {
  return Object.hasOwn(KNOWN_STATUSES, name);
}

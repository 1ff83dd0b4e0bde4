/**
 * What readers emit: observations about targets. The aggregate merges them into one record per IP.
 *
 * A *direct* observation comes from a row or host element that names the target itself (a scan-log
 * row, a Qualys host with results). An *inferred* one is derived from a list (a TARGET range with no
 * host element, an EXCLUDED_TARGET entry, a NO_RESULTS appendix range). Direct beats inferred.
 */
import type { ParsedIp } from "../net/ip.js";
import type { FindingCounts, FindingKind, VulnStatus } from "./findings.js";

export type Evidence = "direct" | "inferred";

/**
 * What ranks one observation of an IP against another (see aggregate/merge-observations.ts): a
 * merged row (a scantriage-hosts part) names it for values that came from an observation other
 * than the one that decided the status.
 */
export interface MergeKey {
  readonly evidence: Evidence;
  readonly time: number | null;
}

export interface HostObservation {
  /** Normalised IP address, or null when the target is a hostname that did not resolve to one. */
  readonly ip: string | null;
  readonly hostname: string | null;
  /** The parsed form of `ip`, when the reader has it already (the CSV reader: saves a parse per row). */
  readonly address?: ParsedIp;
  /** Status text as the input gave it (CSV) or the canonical status a Qualys reader derived. */
  readonly rawStatus: string;
  /** Why: the log message, or the QID and title that prove an authentication failure. */
  readonly detail: string | null;
  /** Milliseconds since the epoch, when the input says when this was seen. */
  readonly time: number | null;
  readonly evidence: Evidence;
  /** Index of the input in the command line. */
  readonly input: number;
  /** 1-based line in the input where the row or host element starts. */
  readonly line: number;
  /** The OS field or column of the format (SCAN `<OS>`, JSON `os`, CSV `OS`), as given. */
  readonly os?: string | null;
  /** What the host's QIDs 45017 and 82023 / 82004 say: present when it has any of them. */
  readonly detected?: HostDetected;
  /** Present for hosts with Qualys findings. */
  readonly findings?: FindingCounts;
  /** The security risk the file states itself for this host (asset reports), to check against. */
  readonly statedRisk?: number;
  /** Columns the reader did not recognise, passed through to JSON output. */
  readonly extra?: Readonly<Record<string, string>>;
  /** The value of the --group-by column in this row (ReaderContext.groupColumn); absent without one. */
  readonly group?: string;
  /**
   * The rest is set only by a reader of merged rows (a scantriage-hosts part), so that merging its
   * rows gives what merging the original observations gave. `source`: the input the row came from
   * (a part names the original file of each row; `line` is that file's line).
   */
  readonly source?: string;
  /** The hostname came from another observation of the IP than the one that decided its status: its rank. */
  readonly hostnameFrom?: MergeKey;
  /** Likewise for the finding counts. */
  readonly findingsFrom?: MergeKey;
  /** Hostnames the IP's other observations gave (a hostname target they name is answered). */
  readonly otherHostnames?: readonly string[];
}

/**
 * One finding of a host a reader reports, emitted only when the caller asked for findings
 * (ReaderContext.keepFindings): the key IP + QID + port + protocol, and what the file says of it.
 * Findings of hosts without an IP, of hosts down or not scanned, and with an invalid QID are not
 * emitted (none of them is counted either).
 */
export interface FindingObservation {
  /** The host's address; its text is the key of the host observation. */
  readonly address: ParsedIp;
  readonly qid: number;
  /** As the file gives them; "" where the format or the finding has none. */
  readonly port: string;
  readonly protocol: string;
  readonly kind: FindingKind;
  /** As read; counted at severityLevel() (1-5). */
  readonly severity: number;
  /** The file marks it Fixed: no longer present (not counted), but its stated status is kept. */
  readonly fixed: boolean;
  /** The vulnerability status the file states for it, where the format states one. */
  readonly stated: VulnStatus | null;
}

/** An open port and the service on it, from a row of QID 82023 (TCP) or 82004 (UDP). */
export interface DetectedService {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  readonly service: string;
}

/** Bits of HostDetected.qids: which of the breakdown QIDs a host has, whatever their result says. */
export const DETECTED_OS = 1;
export const DETECTED_TCP = 2;
export const DETECTED_UDP = 4;

/** The OS and services breakdowns' view of one host (see formats/qualys-xml/host-detection.ts). */
export interface HostDetected {
  /** DETECTED_* bits of the QIDs the host has. */
  readonly qids: number;
  /** Operating systems named by QID 45017's result (a handful at most). */
  readonly oses: readonly string[];
  /** Services listed by 82023 / 82004 (a few dozen at most). */
  readonly services: readonly DetectedService[];
}

/** A contiguous block of addresses sharing one inferred status. */
export interface RangeObservation {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly rawStatus: string;
  readonly detail: string | null;
  readonly time: number | null;
  /** Among inferred observations of one input: higher wins (excluded > appendix > target). */
  readonly priority: number;
  readonly input: number;
  readonly line: number;
  /** Warn when a direct observation lands inside this range (a NO_RESULTS appendix conflict). */
  readonly conflictsWithDirect: boolean;
  /** The original input, when the range was read back from a scantriage-hosts part. */
  readonly source?: string;
}

/** A hostname named as a target that no scanned host answered to. Resolved after all inputs are read. */
export interface HostnameTargetObservation {
  readonly hostname: string;
  readonly rawStatus: string;
  readonly detail: string | null;
  readonly time: number | null;
  readonly priority: number;
  readonly input: number;
  readonly line: number;
  /** The original input, when the target was read back from a scantriage-hosts part. */
  readonly source?: string;
}

/** Where one page of a paged detection list starts and ends, and where the next one should start. */
export interface DetectionPage {
  readonly firstId: number | null;
  readonly lastId: number | null;
  /** The `id_min` of the next page when this file says there is one. */
  readonly nextIdMin: number | null;
}

/** One IP (or unresolved hostname target) after merging every observation about it. */
import type { FindingCounts } from "../model/findings.js";
import type { Evidence, MergeKey } from "../model/observation.js";
import type { StatusVerdict } from "../taxonomy/taxonomy.js";

/** Why the winning observation won, when there was more than one. */
export type DecidedBy = "only" | "direct-over-inferred" | "newest" | "first-on-equal-time" | "first-without-time" | "timed-over-untimed";

export interface HostRecord {
  readonly ip: string | null;
  readonly hostname: string | null;
  readonly family: 4 | 6 | null;
  /** The address as a number for sorting and range checks (null for hostnames). */
  readonly value: bigint | null;
  readonly rawStatus: string;
  readonly verdict: StatusVerdict;
  readonly detail: string | null;
  readonly time: number | null;
  readonly evidence: Evidence;
  readonly input: number;
  readonly line: number;
  readonly os: string | null;
  readonly findings: FindingCounts | null;
  readonly statedRisk: number | null;
  readonly extra: Readonly<Record<string, string>> | null;
  /** Observations about this IP beyond the winner (rescans, other inputs). */
  readonly collapsed: number;
  readonly decidedBy: DecidedBy;
  /** The input path, when it is not that of `input` (rows read back from a scantriage-hosts part). */
  readonly source?: string;
  /** The rank of the observation the hostname came from, when not the winner (see merge-observations.ts). */
  readonly hostnameFrom?: MergeKey;
  /** The rank of the observation the finding counts came from, when not the winner. */
  readonly findingsFrom?: MergeKey;
  /** Hostnames other observations of the IP gave, beside `hostname` (each once, case ignored). */
  readonly otherHostnames?: readonly string[];
  /** A hostname target's precedence among inferred observations (see RangeObservation.priority). */
  readonly priority?: number;
}

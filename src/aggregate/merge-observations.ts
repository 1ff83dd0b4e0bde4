/**
 * Which of two observations of the same IP decides its status. Direct observations beat inferred
 * ones; then the newest by time; an observation with a time beats one without; without times the
 * first one read wins, because discovery exports list the newest scan first (so it does on a tie).
 *
 * What the winner does not say (a rescan row without the hostname, a scan-log row without Qualys
 * findings) is taken from the best-ranked other observation that says it, by the same order. That
 * makes merging associative: merging the merged rows of two halves of the inputs (a map/reduce's
 * parts) gives what merging every observation at once gives, as long as each kept value carries
 * the rank of the observation it came from (a MergeKey, see aggregate/triage-builder.ts).
 */
import type { DecidedBy } from "./host-record.js";

interface Comparable {
  readonly evidence: "direct" | "inferred";
  readonly time: number | null;
}

/** True when the challenger replaces the current winner, and the reason either way (see outranks). */
export function challengerWins(current: Comparable, challenger: Comparable): { wins: boolean; reason: DecidedBy } {
  if (current.evidence !== challenger.evidence) {
    return { wins: challenger.evidence === "direct", reason: "direct-over-inferred" };
  }
  if (current.time !== null && challenger.time !== null) {
    if (challenger.time === current.time) return { wins: false, reason: "first-on-equal-time" };
    return { wins: challenger.time > current.time, reason: "newest" };
  }
  if (current.time === null && challenger.time === null) return { wins: false, reason: "first-without-time" };
  return { wins: challenger.time !== null, reason: "timed-over-untimed" };
}

/** Whether `challenger` ranks above `current` (challengerWins without the reason, making nothing). */
export function outranks(challenger: Comparable, current: Comparable): boolean {
  if (current.evidence !== challenger.evidence) return challenger.evidence === "direct";
  if (current.time !== null && challenger.time !== null) return challenger.time > current.time;
  return current.time === null && challenger.time !== null;
}

/**
 * Which of two observations of the same IP decides its status. Direct observations beat inferred
 * ones; then the newest by time; an observation with a time beats one without; without times the
 * first one read wins, because discovery exports list the newest scan first (so it does on a tie).
 *
 * What the winner does not say (a rescan row without the hostname, a scan-log row without Qualys
 * findings) is taken from the best-ranked other observation that says it, by the same order. That
 * makes merging associative: merging the merged rows of two halves of the inputs (a map/reduce's
 * parts) gives what merging every observation at once gives, as long as each kept value carries
 * the rank of the observation it came from (MergeKey).
 */
import type { MergeKey } from "../model/observation.js";
import type { DecidedBy } from "./host-record.js";

interface Comparable {
  readonly evidence: "direct" | "inferred";
  readonly time: number | null;
}

/** True when the challenger replaces the current winner, and the reason either way. */
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

export function mergeKeyOf(o: Comparable): MergeKey {
  return { evidence: o.evidence, time: o.time };
}

export function sameMergeKey(a: MergeKey, b: MergeKey): boolean {
  return a.evidence === b.evidence && a.time === b.time;
}

/** A value some observation gave, with the rank of that observation. */
export interface Ranked<T> {
  readonly value: T | null;
  readonly key: MergeKey;
}

/** The value of the better-ranked observation that has one; the one read first on a tie. */
export function betterValue<T>(first: Ranked<T>, then: Ranked<T>): Ranked<T> {
  if (first.value === null) return then;
  if (then.value === null) return first;
  return challengerWins(first.key, then.key).wins ? then : first;
}

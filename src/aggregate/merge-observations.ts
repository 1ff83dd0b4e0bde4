/**
 * Which of two observations of the same IP decides its status. Direct observations beat inferred
 * ones; then the newest by time; an observation with a time beats one without; without times the
 * first one read wins, because discovery exports list the newest scan first (so it does on a tie).
 */
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

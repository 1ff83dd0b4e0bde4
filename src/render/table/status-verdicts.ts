/**
 * Category, responsible party and action of each status that occurs, for the status table. They
 * are read from the triage rather than the built-in table, so a `--status-map` file's own statuses
 * show with the classification it gave them.
 */
import type { Triage } from "../../aggregate/triage.js";
import { KNOWN_STATUSES, UNRECOGNIZED_STATUS_INFO, isKnownStatus } from "../../taxonomy/statuses.js";
import type { StatusVerdict } from "../../taxonomy/taxonomy.js";

export function statusVerdicts(parts: readonly Triage[]): Map<string, StatusVerdict> {
  const verdicts = new Map<string, StatusVerdict>();
  for (const triage of parts) {
    for (const v of triage.records.countVerdicts().keys()) if (!verdicts.has(v.status)) verdicts.set(v.status, v);
    for (const s of triage.segments) if (!verdicts.has(s.verdict.status)) verdicts.set(s.verdict.status, s.verdict);
  }
  return verdicts;
}

/** The verdict of a status, falling back to the built-in table (or the unrecognised rule). */
export function verdictOf(status: string, verdicts: ReadonlyMap<string, StatusVerdict>): StatusVerdict {
  const seen = verdicts.get(status);
  if (seen) return seen;
  const info = isKnownStatus(status) ? KNOWN_STATUSES[status] : UNRECOGNIZED_STATUS_INFO;
  return { status, category: info.category, responsible: info.responsible, action: info.action, recognized: isKnownStatus(status) };
}

/** A status as shown to people: unrecognised ones are marked. */
export function statusLabel(status: string, recognized: boolean): string {
  return recognized ? status : `${status} (unrecognised)`;
}

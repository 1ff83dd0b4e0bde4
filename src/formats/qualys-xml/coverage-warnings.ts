/** The OS and services breakdowns need QIDs 45017, 82023 / 82004: say so when none had them. */
import { message } from "../../messages/message.js";
import type { ObservationSink } from "../reader.js";

/** QIDs whose absence makes an OS or services breakdown impossible. */
export const OS_QID = 45017;
export const SERVICE_QIDS: readonly number[] = [82023, 82004];

export function isCoverageQid(qid: number): boolean {
  return qid === OS_QID || SERVICE_QIDS.includes(qid);
}

export function warnCoverage(sink: ObservationSink, seen: ReadonlySet<number>): void {
  if (!seen.has(OS_QID)) sink.warn(message("qualys.noOsQid"));
  if (!SERVICE_QIDS.some((q) => seen.has(q))) sink.warn(message("qualys.noServiceQids"));
}

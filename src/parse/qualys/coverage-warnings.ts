/** The OS and services breakdowns need QIDs 45017, 82023 / 82004: say so when none had them. */
import { message } from "../../messages/message.js";
import type { ObservationSink } from "../reader.js";
import { OS_QID, SERVICE_QIDS } from "./auth-findings.js";

export function warnCoverage(sink: ObservationSink, seen: ReadonlySet<number>): void {
  if (!seen.has(OS_QID)) sink.warn(message("qualys.noOsQid"));
  if (!SERVICE_QIDS.some((q) => seen.has(q))) sink.warn(message("qualys.noServiceQids"));
}

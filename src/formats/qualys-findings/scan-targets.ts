/**
 * What a scan says about the targets it has no results for, the same for SCAN XML and the scan
 * results as JSON or CSV: every target is NoAnswer (Aborted when the scan did not finish) unless a
 * host has results (direct beats inferred), an appendix gives the reason, or it was excluded.
 */
import { message } from "../../messages/message.js";
import { parseTargetList, type TargetList } from "../../net/target-list.js";
import type { ObservationSink } from "../reader.js";

/** Inferred-status priorities within one scan: an exclusion beats an appendix beats the target list. */
export const PRIORITY_TARGET = 1;
export const PRIORITY_APPENDIX = 2;
export const PRIORITY_EXCLUDED = 3;

/** Scan status values after which a target without results really did not answer. */
const FINISHED = new Set(["FINISHED", "NOHOSTALIVE"]);

export function isFinished(status: string): boolean {
  return status === "" || FINISHED.has(status.toUpperCase());
}

export interface ScanTargets {
  readonly targets: TargetList;
  readonly excluded: TargetList;
}

export function parseScanTargets(targets: string, excluded: string): ScanTargets {
  return { targets: parseTargetList(targets), excluded: parseTargetList(excluded) };
}

export interface Where {
  readonly input: number;
  readonly line: number;
  readonly time: number | null;
}

/** One list of addresses and names with one status, as inferred observations. */
export function emitList(sink: ObservationSink, list: TargetList, rawStatus: string, detail: string, priority: number, where: Where): void {
  const { input, line, time } = where;
  // Literal objects of one shape: spreading made each range a slow, large dictionary object.
  for (const r of list.ranges) sink.range({ family: r.family, start: r.start, end: r.end, rawStatus, detail, time, priority, input, line, conflictsWithDirect: false });
  for (const hostname of list.hostnames) sink.hostnameTarget({ hostname, rawStatus, detail, time, priority, input, line });
  for (const bad of list.invalid) sink.warn(message("qualys.badTarget", { token: bad }));
}

/** The target list and the exclusions; `status` is the scan's own (empty when it states none). */
export function emitScanTargets(sink: ObservationSink, scan: ScanTargets, status: string, where: Where, names = { targets: "TARGET", excluded: "EXCLUDED_TARGET" }): void {
  const finished = isFinished(status);
  const notScanned = finished ? "NoAnswer" : "Aborted";
  const detail = finished ? `in ${names.targets}, no results in the scan` : `in ${names.targets}; scan status ${status}`;
  emitList(sink, scan.targets, notScanned, detail, PRIORITY_TARGET, where);
  emitList(sink, scan.excluded, "SkippedAsExcluded", `in ${names.excluded}`, PRIORITY_EXCLUDED, where);
}

/** What one input contributed, for the summary's `inputs` list. */
import type { Message } from "../messages/message.js";
import type { DetectionPage } from "../model/observation.js";
import { inputFormat, type InputFormat } from "../formats/input-formats.js";
import type { VulnStatusCounts } from "../formats/qualys-findings/finding-hosts.js";
import type { ObservationSink } from "../formats/reader.js";

export interface SkippedRow {
  readonly line: number;
  readonly reason: Message;
}

export interface InputReport {
  readonly path: string;
  format: InputFormat | null;
  /** Rows or host elements the reader read (its own count). */
  records: number;
  /** Observations it reported: every record is either classified or skipped. */
  classified: number;
  skippedCount: number;
  /** The first skipped rows (all are counted in skippedCount). */
  readonly skipped: SkippedRow[];
  readonly warnings: Message[];
  statedAverageRisk: number | null;
  detectionPage: DetectionPage | null;
  /** Findings by the file's own vulnerability status, when it states them. */
  vulnStatuses: VulnStatusCounts | null;
  /** Whether the input carries vulnerability findings, where its reader says (ReadResult.findings); null: its format says. */
  findings: boolean | null;
}

/**
 * The input carries vulnerability findings (a Qualys export, not a scan log or a scan summary), so
 * that risk and the breakdowns can be computed from it. A map/reduce part says so of its rows.
 */
export function carriesFindings(report: InputReport): boolean {
  if (report.findings !== null) return report.findings;
  return report.format !== null && inputFormat(report.format).findings;
}

export const MAX_SKIPPED_KEPT = 50;

export function newInputReport(path: string): InputReport {
  return { path, format: null, records: 0, classified: 0, skippedCount: 0, skipped: [], warnings: [], statedAverageRisk: null, detectionPage: null, vulnStatuses: null, findings: null };
}

/** What a reader says of its input as a whole, written into the input's report (the sink's file-level half). */
export function reportSink(report: InputReport): Pick<ObservationSink, "warn" | "detectionPage" | "statedAverageRisk" | "vulnStatuses" | "skip"> {
  return {
    warn: (m: Message) => {
      report.warnings.push(m);
    },
    detectionPage: (page) => {
      report.detectionPage = page;
    },
    statedAverageRisk: (value) => {
      report.statedAverageRisk = value;
    },
    vulnStatuses: (counts) => {
      report.vulnStatuses = { ...counts };
    },
    skip: (line, reason) => {
      report.skippedCount++;
      if (report.skipped.length < MAX_SKIPPED_KEPT) report.skipped.push({ line, reason });
    },
  };
}

/**
 * One reader per input format behind this interface (the list is formats/input-formats.ts). A reader
 * consumes the bytes of one input and reports observations to a sink; it never touches the terminal
 * or process.
 */
import type { Message } from "../messages/message.js";
import type { DetectionPage, FindingObservation, HostObservation, HostnameTargetObservation, RangeObservation } from "../model/observation.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import type { InputFormat } from "./input-formats.js";
import type { VulnStatusCounts } from "../model/findings.js";

export interface ObservationSink {
  host(o: HostObservation): void;
  range(o: RangeObservation): void;
  hostnameTarget(o: HostnameTargetObservation): void;
  /**
   * One finding of a host this reader reports (before or after its host observation), present only
   * when findings are kept: readers call it only when ReaderContext.keepFindings is set.
   */
  finding?(o: FindingObservation): void;
  /** Something the user should know about this input. */
  warn(m: Message): void;
  /** This input is one page of a paged detection list (checked against the other inputs). */
  detectionPage(page: DetectionPage): void;
  /** The average security risk the file states itself (checked against the computed one). */
  statedAverageRisk(value: number): void;
  /** Findings by the vulnerability status the file states (New / Active / Re-Opened / Fixed), where it states one. */
  vulnStatuses?(counts: VulnStatusCounts): void;
  /**
   * Optional fast path for the common scan-log row (a bare IPv4 address, a status; no hostname),
   * offered only when details are not kept: the same observation as host(), without building it.
   * The detail (the row's message) is read only if the sink keeps it: most are dropped.
   */
  leanHost?(ipv4: number, rawStatus: string, detail: LazyText, time: number | null, line: number): void;
  /** An input row or host that is not counted, with the reason. Nothing is lost silently. */
  skip(line: number, reason: Message): void;
}

/** A text made only when asked for, during the call it is passed to. */
export interface LazyText {
  read(): string | null;
}

export interface ReaderContext {
  /** Path as the user gave it ("-" for standard input): used in messages. */
  readonly path: string;
  /** Index of the input on the command line; goes into every observation. */
  readonly input: number;
  readonly taxonomy: Taxonomy;
  readonly sink: ObservationSink;
  /** False when the command prints no per-row details (all but `hosts`): readers may skip them. */
  readonly keepDetails?: boolean;
  /**
   * True when the caller compares runs finding by finding: report every finding to sink.finding.
   * False or absent (summarize, hosts): readers build nothing per finding beyond their counts.
   */
  readonly keepFindings?: boolean;
  /**
   * --group-by column:NAME: the column whose value goes into each host observation's `group`.
   * Readers of formats with named columns (scan logs) honour it and say so in ReadResult.
   */
  readonly groupColumn?: string;
}

/** A readable input: chunks of bytes, already gunzipped. */
export type ByteChunks = AsyncIterable<Buffer>;

/** What the caller sees of an input's bytes going by (a progress line; a worker's pacing). */
export interface ReadWatch {
  /** The chunks this thread reads, passed through. */
  chunks(size: number | null, chunks: ByteChunks): ByteChunks;
  /** Bytes of the input that other threads read (the parts of a split file replayed here). */
  elsewhere?(bytes: number): void;
}

export const UNWATCHED: ReadWatch = { chunks: (_size, chunks) => chunks };

export interface ReadResult {
  /** The format actually read (XML readers decide between the three Qualys formats by root element). */
  readonly format: InputFormat;
  /** Rows or host elements read. */
  readonly records: number;
  /**
   * Records counted into the hosts reported, when that is not one host per record (a finding
   * export has many rows per host); records = classified + skipped either way.
   */
  readonly classified?: number;
  /**
   * Whether the input carries vulnerability findings, for a format that cannot say it once for all
   * its files (a scantriage-hosts part says whether its map step read any); absent: the format's.
   */
  readonly findings?: boolean;
  /** The input has the column ReaderContext.groupColumn named. */
  readonly groupColumnFound?: boolean;
}

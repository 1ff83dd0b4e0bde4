/**
 * A reader's observations, recorded on a worker thread and replayed on the main thread into the
 * real sink, in the order they were made: the builder then sees exactly what it would have seen
 * reading the input itself, so `--jobs N` answers byte for byte as `--jobs 1`. Observations go
 * over in batches (structured clone); the scan log's lean rows, the bulk of a big log, as columns
 * of typed arrays whose buffers are transferred, not copied.
 */
import type { LazyText, ObservationSink } from "../formats/reader.js";
import type { Message } from "../messages/message.js";
import type { DetectionPage, FindingObservation, HostObservation, HostnameTargetObservation, RangeObservation } from "../model/observation.js";
import type { VulnStatusCounts } from "../model/findings.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { AUTH_FAILURE_STATUSES } from "../taxonomy/statuses.js";

/** A run of lean scan-log rows (ObservationSink.leanHost), column by column. */
export interface LeanRun {
  readonly t: "lean";
  readonly n: number;
  readonly ipv4: Uint32Array;
  /** NaN: no time. */
  readonly time: Float64Array;
  readonly line: Uint32Array;
  /** Index into `statuses`. */
  readonly status: Uint32Array;
  readonly statuses: readonly string[];
  /** The details that matter (authentication failures'), by row index in the run. */
  readonly details: readonly (readonly [number, string])[];
}

export type Op =
  | { readonly t: "host"; readonly o: HostObservation }
  | LeanRun
  | { readonly t: "range"; readonly o: RangeObservation }
  | { readonly t: "target"; readonly o: HostnameTargetObservation }
  | { readonly t: "finding"; readonly o: FindingObservation }
  | { readonly t: "warn"; readonly m: Message }
  | { readonly t: "page"; readonly page: DetectionPage }
  | { readonly t: "risk"; readonly value: number }
  | { readonly t: "vuln"; readonly counts: VulnStatusCounts }
  | { readonly t: "skip"; readonly line: number; readonly reason: Message };

const LEAN_RUN = 16384;

function moveLines(op: Op, by: number): Op {
  switch (op.t) {
    case "host":
    case "range":
    case "target":
      return { ...op, o: { ...op.o, line: op.o.line + by } } as Op;
    case "skip":
      return { ...op, line: op.line + by };
    default:
      return op;
  }
}

/** Collects lean rows until the run is full or another observation comes. */
class LeanRunBuilder {
  n = 0;
  private ipv4 = new Uint32Array(LEAN_RUN);
  private time = new Float64Array(LEAN_RUN);
  private line = new Uint32Array(LEAN_RUN);
  private status = new Uint32Array(LEAN_RUN);
  private statuses: string[] = [];
  private statusIndex = new Map<string, number>();
  /** By status index: whether rows of that status keep their detail (asked once a status a run). */
  private keeps: boolean[] = [];
  private details: [number, string][] = [];

  constructor(private readonly keepsDetail: (rawStatus: string) => boolean) {}

  add(ipv4: number, rawStatus: string, detail: LazyText, time: number | null, line: number): void {
    const i = this.n++;
    let s = this.statusIndex.get(rawStatus);
    if (s === undefined) {
      s = this.statuses.push(rawStatus) - 1;
      this.statusIndex.set(rawStatus, s);
      this.keeps.push(this.keepsDetail(rawStatus));
    }
    this.ipv4[i] = ipv4;
    this.time[i] = time ?? Number.NaN;
    this.line[i] = line;
    this.status[i] = s;
    if (this.keeps[s] === true) {
      const text = detail.read();
      if (text !== null) this.details.push([i, text]);
    }
  }

  get full(): boolean {
    return this.n === LEAN_RUN;
  }

  take(): LeanRun {
    const n = this.n;
    const run: LeanRun = {
      t: "lean",
      n,
      ipv4: this.ipv4.slice(0, n),
      time: this.time.slice(0, n),
      line: this.line.slice(0, n),
      status: this.status.slice(0, n),
      statuses: this.statuses,
      details: this.details,
    };
    this.n = 0;
    this.statuses = [];
    this.statusIndex = new Map();
    this.keeps = [];
    this.details = [];
    return run;
  }
}

/**
 * The sink a reader on a worker writes to. `lean`: offer the scan log's fast path (only when the
 * main thread's sink has it). The detail of a lean row is read only where the builder would keep
 * it: for an authentication failure (the proof the summary shows).
 */
export class RecordingSink implements ObservationSink {
  private ops: Op[] = [];
  private readonly run: LeanRunBuilder;
  readonly leanHost?: ObservationSink["leanHost"];

  constructor(
    private readonly taxonomy: Taxonomy,
    lean: boolean,
    /** Takes each batch of operations (and the buffers to transfer), in order. */
    private readonly send: (ops: Op[], transfer: ArrayBuffer[]) => void,
    private readonly batchSize = 4096,
  ) {
    this.run = new LeanRunBuilder((rawStatus) => AUTH_FAILURE_STATUSES.has(this.taxonomy.classify(rawStatus).status));
    if (lean) {
      this.leanHost = (ipv4: number, rawStatus: string, detail: LazyText, time: number | null, line: number) => {
        this.run.add(ipv4, rawStatus, detail, time, line);
        if (this.run.full) this.closeRun();
      };
    }
  }

  private push(op: Op): void {
    if (this.run.n > 0) this.closeRun();
    this.ops.push(op);
    if (this.ops.length >= this.batchSize) this.flush();
  }

  private closeRun(): void {
    this.ops.push(this.run.take());
    this.flush();
  }

  /** Sends what is recorded so far (at the end, and between chunks of the input). */
  flush(): void {
    if (this.run.n > 0) this.ops.push(this.run.take());
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    const transfer: ArrayBuffer[] = [];
    for (const op of ops) if (op.t === "lean") transfer.push(op.ipv4.buffer as ArrayBuffer, op.time.buffer as ArrayBuffer, op.line.buffer as ArrayBuffer, op.status.buffer as ArrayBuffer);
    this.send(ops, transfer);
  }

  host(o: HostObservation): void {
    this.push({ t: "host", o });
  }
  range(o: RangeObservation): void {
    this.push({ t: "range", o });
  }
  hostnameTarget(o: HostnameTargetObservation): void {
    this.push({ t: "target", o });
  }
  finding(o: FindingObservation): void {
    this.push({ t: "finding", o });
  }
  warn(m: Message): void {
    this.push({ t: "warn", m });
  }
  detectionPage(page: DetectionPage): void {
    this.push({ t: "page", page });
  }
  statedAverageRisk(value: number): void {
    this.push({ t: "risk", value });
  }
  vulnStatuses(counts: VulnStatusCounts): void {
    this.push({ t: "vuln", counts });
  }
  skip(line: number, reason: Message): void {
    this.push({ t: "skip", line, reason });
  }
}

/**
 * The recorded operations, made again on the real sink (the worker read with its input index).
 * `lineOffset`: a part of a split file counted its lines from its own start.
 */
export function replay(ops: readonly Op[], sink: ObservationSink, lineOffset = 0): void {
  const lazy = { text: null as string | null, read: () => lazy.text };
  for (const recorded of ops) {
    // Lean runs, the bulk, take the offset as they are replayed rather than in a copy.
    const op = lineOffset === 0 || recorded.t === "lean" ? recorded : moveLines(recorded, lineOffset);
    switch (op.t) {
      case "host":
        sink.host(op.o);
        break;
      case "lean": {
        const leanHost = sink.leanHost as NonNullable<ObservationSink["leanHost"]>;
        let d = 0;
        for (let i = 0; i < op.n; i++) {
          const detail = op.details[d];
          if (detail !== undefined && detail[0] === i) {
            lazy.text = detail[1];
            d++;
          } else lazy.text = null;
          const time = op.time[i] as number;
          leanHost(op.ipv4[i] as number, op.statuses[op.status[i] as number] as string, lazy, Number.isNaN(time) ? null : time, (op.line[i] as number) + lineOffset);
        }
        break;
      }
      case "range":
        sink.range(op.o);
        break;
      case "target":
        sink.hostnameTarget(op.o);
        break;
      case "finding":
        sink.finding?.(op.o);
        break;
      case "warn":
        sink.warn(op.m);
        break;
      case "page":
        sink.detectionPage(op.page);
        break;
      case "risk":
        sink.statedAverageRisk(op.value);
        break;
      case "vuln":
        sink.vulnStatuses?.(op.counts);
        break;
      case "skip":
        sink.skip(op.line, op.reason);
        break;
    }
  }
}

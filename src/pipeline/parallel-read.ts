/**
 * --jobs: inputs read on worker threads. Each worker runs the same reader as the main thread into a
 * RecordingSink; the main thread replays the recorded observations into the builder input by input,
 * in command-line order, so the answer does not depend on which worker finished first. A worker
 * that runs ahead of the replay waits (at most MAX_UNREPLAYED observations in flight per worker):
 * memory stays flat however large the inputs are.
 */
import { Worker, parentPort, workerData } from "node:worker_threads";
import { InputError } from "../errors.js";
import type { ObservationSink, ReaderContext, ReadResult } from "../formats/reader.js";
import { Taxonomy, type StatusMap } from "../taxonomy/taxonomy.js";
import { readInput, type ReadSettings } from "./read-input.js";
import { CLAIMED_ELSEWHERE, claimPart, type FragmentOutcome, type FragmentRunner, type FragmentSpec, type PartClaim } from "../formats/split-parts.js";
import { parsePart } from "../formats/input-formats.js";
import { RecordingSink, replay, type Op } from "./recorded-sink.js";

/** Observations a worker may send before the main thread has replayed them (a lean run counts one per LEAN_WEIGHT rows). */
const MAX_UNREPLAYED = 32 * 4096;
const LEAN_WEIGHT = 16;
/**
 * Jobs a worker holds at once: the next one waits on the worker, so that finishing a job does not
 * leave it idle until the main thread (busy reading an input of its own) gets round to sending another.
 */
const JOBS_AHEAD = 2;

export interface ReadJob {
  readonly id: number;
  readonly path: string;
  readonly input: number;
  readonly settings: ReadSettings;
  /** The main thread's sink takes the scan log's lean rows. */
  readonly lean: boolean;
  /** A part of one large file (split-parts.ts) rather than a whole input. */
  readonly fragment?: FragmentSpec;
  /** A whole input that the main thread may take over until the worker begins it (part-schedule.ts). */
  readonly claim?: PartClaim;
}

/** `ack`: a batch of this weight (batchWeight) has been replayed or is held for the replay. */
type ToWorker = { readonly kind: "job"; readonly job: ReadJob } | { readonly kind: "ack"; readonly weight: number };

/** What a batch counts against MAX_UNREPLAYED. */
function batchWeight(ops: readonly Op[]): number {
  let weight = 0;
  for (const op of ops) weight += op.t === "lean" ? Math.ceil(op.n / LEAN_WEIGHT) : 1;
  return weight;
}

type FromWorker =
  | { readonly id: number; readonly kind: "ops"; readonly ops: Op[] }
  | { readonly id: number; readonly kind: "done"; readonly result: ReadResult }
  | { readonly id: number; readonly kind: "fragment"; readonly state: unknown; readonly newlines: number }
  | { readonly id: number; readonly kind: "invalid" }
  | { readonly id: number; readonly kind: "taken" }
  | { readonly id: number; readonly kind: "error"; readonly file: string; readonly reason: string; readonly line: number | undefined }
  | { readonly id: number; readonly kind: "bug"; readonly message: string };

/** An input read ahead of its turn (ReadPool.readHere). */
export interface HeldRead {
  /** Its observations into the sink it was meant for; its result. */
  replay(sink: ObservationSink): ReadResult;
}

/** Messages of one job, in order, waited for one at a time. */
class JobMessages {
  private readonly queue: FromWorker[] = [];
  private waiting: ((m: FromWorker) => void) | null = null;
  worker: Worker | null = null;
  /** Settles when the worker is through with the job: true when it read it, false when it found it taken. */
  readonly finished: Promise<boolean>;
  private finish: (read: boolean) => void = () => undefined;

  constructor() {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  push(m: FromWorker): void {
    if (m.kind !== "ops") this.finish(m.kind !== "taken");
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting(m);
    } else this.queue.push(m);
  }

  next(): Promise<FromWorker> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export interface WorkerSettings {
  /** The worker's script: it calls runReadWorker() (bin/read-worker.cjs loads the bundle). */
  readonly script: string | URL;
  readonly statusMap: StatusMap | undefined;
}

/** A fixed number of workers taking jobs in the order they are given. */
export class ReadPool implements FragmentRunner {
  private readonly jobs = new Map<number, JobMessages>();
  private readonly pending: ReadJob[] = [];
  /** Jobs given to each worker and not finished. */
  private readonly held = new Map<Worker, number>();
  private readonly workerList: Worker[] = [];
  private failure: Error | null = null;
  private nextFragment = -1;
  private readonly settings: ReadSettings;
  private readonly taxonomy: Taxonomy;

  constructor(
    size: number,
    settings: WorkerSettings & { readonly read: ReadSettings },
  ) {
    this.settings = settings.read;
    this.taxonomy = new Taxonomy(settings.statusMap);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(settings.script, { workerData: { statusMap: settings.statusMap }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      worker.on("message", (m: FromWorker) => {
        this.jobs.get(m.id)?.push(m);
        if (m.kind !== "ops") this.release(worker);
      });
      // A worker that dies (out of memory, a bug in loading) fails the jobs it holds, not the wait.
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a reading worker stopped (exit code ${code})`));
      });
      this.workerList.push(worker);
      this.held.set(worker, 0);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of this.jobs.values()) job.push({ id: -1, kind: "bug", message: err.message });
  }

  private release(worker: Worker): void {
    this.held.set(worker, (this.held.get(worker) ?? 1) - 1);
    this.dispatch();
  }

  /** Jobs go to the worker holding the fewest (an idle one first), up to JOBS_AHEAD each. */
  private dispatch(): void {
    while (this.pending.length > 0) {
      let worker: Worker | null = null;
      let least = JOBS_AHEAD;
      for (const [w, n] of this.held) {
        if (n < least) {
          worker = w;
          least = n;
        }
      }
      if (worker === null) return;
      this.held.set(worker, least + 1);
      const job = this.pending.shift() as ReadJob;
      (this.jobs.get(job.id) as JobMessages).worker = worker;
      worker.postMessage({ kind: "job", job } satisfies ToWorker);
    }
  }

  /**
   * A whole input for a worker, which reads it only if it claims it first: whether it did, once
   * it is through; its observations wait until `replayJob` takes them.
   */
  start(job: ReadJob & { readonly claim: PartClaim }): Promise<boolean> {
    this.submit(job);
    const messages = this.jobs.get(job.id) as JobMessages;
    return messages.finished.then((read) => {
      if (!read) this.jobs.delete(job.id);
      return read;
    });
  }

  /** Queue a job; its messages wait until `replayJob` takes them. */
  submit(job: ReadJob): void {
    this.jobs.set(job.id, new JobMessages());
    if (this.failure) {
      this.jobs.get(job.id)?.push({ id: job.id, kind: "bug", message: this.failure.message });
      return;
    }
    this.pending.push(job);
    this.dispatch();
  }

  /** Replays a job's observations into `sink` as they come; its result, or its InputError thrown. */
  async replayJob(id: number, sink: ObservationSink): Promise<ReadResult> {
    const messages = this.jobs.get(id);
    if (messages === undefined) throw new Error(`no read job ${id}`);
    try {
      for (;;) {
        const m = await messages.next();
        switch (m.kind) {
          case "ops":
            replay(m.ops, sink);
            messages.worker?.postMessage({ kind: "ack", weight: batchWeight(m.ops) } satisfies ToWorker);
            break;
          case "done":
            return m.result;
          case "fragment":
          case "invalid":
            throw new Error("a whole file answered as a part of a file");
          case "taken":
            throw new Error("a whole file replayed that the main thread had taken");
          case "error":
            throw new InputError(m.file, m.reason, m.line);
          case "bug":
            throw new Error(m.message);
        }
      }
    } finally {
      this.jobs.delete(id);
    }
  }

  get workers(): number {
    return this.workerList.length;
  }

  /**
   * A part of a split file: its observations are held until it has parsed to its end (only then
   * is it known to be usable), then handed over with their replay.
   */
  async runFragment(spec: FragmentSpec, input: number, lean = false): Promise<FragmentOutcome> {
    const id = this.nextFragment--;
    this.submit({ id, path: spec.path, input, settings: this.settings, lean, fragment: spec });
    const messages = this.jobs.get(id) as JobMessages;
    const held: Op[][] = [];
    try {
      for (;;) {
        const m = await messages.next();
        switch (m.kind) {
          case "ops":
            held.push(m.ops);
            messages.worker?.postMessage({ kind: "ack", weight: batchWeight(m.ops) } satisfies ToWorker);
            break;
          case "fragment":
            return { valid: true, state: m.state, newlines: m.newlines, replay: (sink, lineOffset) => held.forEach((ops) => replay(ops, sink, lineOffset)) };
          case "invalid":
          case "taken":
            return { valid: false };
          case "error":
            throw new InputError(m.file, m.reason, m.line);
          case "bug":
            throw new Error(m.message);
          case "done":
            throw new Error("a part of a file answered as a whole file");
        }
      }
    } finally {
      this.jobs.delete(id);
    }
  }

  /**
   * A whole input read on this thread ahead of its turn, as a worker reads it: its observations
   * held until the replay (small inputs only: nothing holds a reader back here).
   */
  async readHere(path: string, input: number, lean: boolean): Promise<HeldRead> {
    const held: Op[][] = [];
    const sink = new RecordingSink(this.taxonomy, lean, (ops) => held.push(ops));
    const result = await readInput(path, input, sink, this.settings, this.taxonomy);
    sink.flush();
    return {
      replay: (target) => {
        for (const ops of held) replay(ops, target);
        return result;
      },
    };
  }

  async runHere(spec: FragmentSpec, input: number, lean = false): Promise<FragmentOutcome> {
    const held: Op[][] = [];
    const sink = new RecordingSink(this.taxonomy, lean, (ops) => held.push(ops));
    const parsed = await parsePart(spec, partContext(spec, input, this.settings, this.taxonomy, sink));
    if (parsed === null) return { valid: false };
    sink.flush();
    return { valid: true, state: parsed.state, newlines: parsed.newlines, replay: (s, lineOffset) => held.forEach((ops) => replay(ops, s, lineOffset)) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workerList.map((w) => w.terminate()));
  }
}

/** What a reader of one part of a split file is given, on a worker or on this thread. */
function partContext(spec: FragmentSpec, input: number, settings: ReadSettings, taxonomy: Taxonomy, sink: RecordingSink): ReaderContext {
  const { keepDetails, keepFindings, groupColumn } = settings;
  return { path: spec.path, input, taxonomy, sink, keepDetails, keepFindings, ...(groupColumn === null ? {} : { groupColumn }) };
}

/** The worker's side: read each job's input into a RecordingSink and send the batches. */
export function runReadWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error("runReadWorker runs on a worker thread");
  const taxonomy = new Taxonomy((workerData as { statusMap: StatusMap | undefined }).statusMap);
  let unreplayed = 0;
  let wake: (() => void) | null = null;
  const queue: ReadJob[] = [];
  let busy = false;

  // Between chunks of the input: send what was recorded, and wait while the main thread is behind.
  async function* paced(chunks: AsyncIterable<Buffer>, sink: RecordingSink): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      yield chunk;
      sink.flush();
      while (unreplayed >= MAX_UNREPLAYED) await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  async function run(job: ReadJob): Promise<void> {
    const send = (ops: Op[], transfer: ArrayBuffer[]) => {
      unreplayed += batchWeight(ops);
      port?.postMessage({ id: job.id, kind: "ops", ops } satisfies FromWorker, transfer);
    };
    const sink = new RecordingSink(taxonomy, job.lean, send);
    if (job.fragment !== undefined) {
      await runFragment(job, job.fragment, sink);
      return;
    }
    // The main thread got to the input first.
    if (job.claim !== undefined && !claimPart(job.claim, CLAIMED_ELSEWHERE)) {
      port?.postMessage({ id: job.id, kind: "taken" } satisfies FromWorker);
      return;
    }
    try {
      const result = await readInput(job.path, job.input, sink, job.settings, taxonomy, { chunks: (_size, chunks) => paced(chunks, sink) });
      sink.flush();
      port?.postMessage({ id: job.id, kind: "done", result } satisfies FromWorker);
    } catch (err) {
      if (err instanceof InputError) port?.postMessage({ id: job.id, kind: "error", file: err.file, reason: err.reason, line: err.line } satisfies FromWorker);
      else port?.postMessage({ id: job.id, kind: "bug", message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } satisfies FromWorker);
    }
  }

  async function runFragment(job: ReadJob, spec: FragmentSpec, sink: RecordingSink): Promise<void> {
    const ctx = partContext(spec, job.input, job.settings, taxonomy, sink);
    try {
      // This thread got to the part after the reader of the whole file had taken it over.
      if (spec.claim !== undefined && !claimPart(spec.claim, CLAIMED_ELSEWHERE)) {
        port?.postMessage({ id: job.id, kind: "taken" } satisfies FromWorker);
        return;
      }
      const parsed = await parsePart(spec, ctx);
      if (parsed === null) {
        port?.postMessage({ id: job.id, kind: "invalid" } satisfies FromWorker);
        return;
      }
      sink.flush();
      port?.postMessage({ id: job.id, kind: "fragment", state: parsed.state, newlines: parsed.newlines } satisfies FromWorker);
    } catch (err) {
      port?.postMessage({ id: job.id, kind: "bug", message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } satisfies FromWorker);
    }
  }

  async function drain(): Promise<void> {
    busy = true;
    // `unreplayed` spans jobs: a finished job's batches may wait for the replay while the next one reads.
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) await run(job);
    busy = false;
  }

  port.on("message", (m: ToWorker) => {
    if (m.kind === "ack") {
      unreplayed -= m.weight;
      if (unreplayed < MAX_UNREPLAYED && wake !== null) {
        const w = wake;
        wake = null;
        w();
      }
      return;
    }
    queue.push(m.job);
    if (!busy) void drain();
  });
}

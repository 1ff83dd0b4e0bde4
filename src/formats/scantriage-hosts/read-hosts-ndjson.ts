/**
 * The tool's own `hosts --format ndjson` output as an input (format `scantriage-hosts`): the parts
 * of a map/reduce, where the map step is `hosts --format ndjson` per input and the reduce step reads
 * the parts as if they were the inputs themselves (docs/fleets.md). Each row becomes the
 * observation that merges as the observations behind it did: a host row a host observation (with
 * its time, findings, detected OS and services, and the rank of what the winner lacked), an inferred
 * row one address of a range (consecutive ones of the same range are one range again, so a /16
 * target read back is one range, not 65,536 hosts), a hostname row without an IP a hostname target.
 * Streams line by line: memory holds one line.
 */
import { InputError } from "../../errors.js";
import { message, type Message } from "../../messages/message.js";
import { VULN_STATUSES } from "../../model/findings.js";
import type { ParsedIp } from "../../net/ip.js";
import { LineTooLongError, NdjsonLines } from "../../parse/json/ndjson-lines.js";
import type { ByteChunks, ReaderContext, ReadResult } from "../reader.js";
import { BadValue, looksLikeHostsRow, MissingField, readHostsRow, type Common, type JsonObject, type RunFacts } from "./hosts-row.js";

/** A row holds a host's texts and a few dozen services: anything this long is damage. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const WHAT = "scantriage hosts output (`hosts --format ndjson`)";

function describe(v: unknown): string {
  if (typeof v !== "object" || v === null) return v === null ? "null" : `a ${typeof v}`;
  if (Array.isArray(v)) return "an array";
  const keys = Object.keys(v);
  return keys.length === 0 ? "an empty object" : `an object with keys ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", ..." : ""}`;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether the first line of an input is a hosts row (detection; the head may end inside that line). */
export function isHostsNdjsonHead(text: string, complete: boolean): boolean {
  const body = text.trimStart();
  const end = body.indexOf("\n");
  const first = end < 0 ? body : body.slice(0, end);
  try {
    const v: unknown = JSON.parse(first);
    return isObject(v) && looksLikeHostsRow(v);
  } catch {
    // A first line longer than the head: its start, as the tool writes it (with --group-by, the group first).
    return !complete && end < 0 && /^\{(?:"group":(?:null|"(?:[^"\\]|\\.)*"),)?"ip":(?:null|")/.test(first);
  }
}

/** One address range being gathered from consecutive inferred rows. */
interface PendingRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  end: bigint;
  readonly common: Common;
  readonly priority: number;
}

function sameRange(r: PendingRange, common: Common, priority: number): boolean {
  const c = r.common;
  return (
    r.priority === priority &&
    c.rawStatus === common.rawStatus &&
    c.detail === common.detail &&
    c.time === common.time &&
    c.line === common.line &&
    c.source === common.source
  );
}

function sameRun(a: RunFacts, b: RunFacts): boolean {
  if (a.findingsInput !== b.findingsInput) return false;
  const x = a.vulnStatuses;
  const y = b.vulnStatuses;
  if (x === null || y === null) return x === y;
  return VULN_STATUSES.every((s) => x[s] === y[s]);
}

class HostsRows {
  records = 0;
  classified = 0;
  /** The run facts of the first row; a row that says otherwise comes from another map run. */
  private run: RunFacts | null = null;
  private mixedRuns = false;
  private rows = 0;
  private pending: PendingRange | null = null;

  constructor(private readonly ctx: ReaderContext) {}

  read(text: string, line: number, terminated: boolean): void {
    this.records++;
    if (text.trim() === "") {
      this.skip(line, message("parts.skip.emptyLine"));
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      if (!terminated) throw new InputError(this.ctx.path, "cut off in the middle of a row (the last line is not complete JSON): did the map step stop early?", line);
      if (this.rows === 0) throw new InputError(this.ctx.path, `not ${WHAT}: the first line is not JSON`, line);
      this.skip(line, message("parts.skip.notJson", { why: err instanceof Error ? err.message.slice(0, 80) : "" }));
      return;
    }
    if (!isObject(v) || !looksLikeHostsRow(v)) {
      if (this.rows === 0) throw new InputError(this.ctx.path, `not ${WHAT}: the first line is JSON but not a hosts row (${describe(v)})`, line);
      this.skip(line, message("parts.skip.notARow", { what: describe(v) }));
      return;
    }
    this.rows++;
    try {
      this.emit(v);
      this.classified++;
    } catch (err) {
      if (err instanceof MissingField) {
        throw new InputError(this.ctx.path, `a hosts row without "${err.field}": written by another version of scantriage? (run the map step again with this one)`, line);
      }
      if (!(err instanceof BadValue)) throw err;
      this.skip(line, message("parts.skip.badValue", { field: err.field, why: err.why }));
    }
  }

  private emit(v: JsonObject): void {
    const { ctx } = this;
    const row = readHostsRow(v, ctx.keepDetails !== false);
    const c = row.common;
    this.noteRun(c.run);
    if (row.kind === "inferred") {
      this.addToRange(row.address, c, row.priority);
      return;
    }
    const at = { input: ctx.input, line: c.line, source: c.source };
    if (row.kind === "target") {
      ctx.sink.hostnameTarget({ hostname: row.hostname, rawStatus: c.rawStatus, detail: c.detail, time: c.time, priority: row.priority, ...at });
      return;
    }
    ctx.sink.host({
      ip: row.address?.text ?? null,
      ...(row.address ? { address: row.address } : {}),
      hostname: row.hostname,
      rawStatus: c.rawStatus,
      detail: c.detail,
      time: c.time,
      evidence: "direct",
      ...at,
      os: row.os,
      ...(row.detected ? { detected: row.detected } : {}),
      ...(row.findings ? { findings: row.findings } : {}),
      ...(row.extra ? { extra: row.extra } : {}),
      ...(row.hostnameFrom ? { hostnameFrom: row.hostnameFrom } : {}),
      ...(row.findingsFrom ? { findingsFrom: row.findingsFrom } : {}),
      ...(row.otherHostnames ? { otherHostnames: row.otherHostnames } : {}),
    });
  }

  /** Consecutive addresses of one range (same status, detail, time, priority, source and line) are one range. */
  private addToRange(address: ParsedIp, common: Common, priority: number): void {
    const p = this.pending;
    if (p !== null && p.family === address.family && p.end + 1n === address.value && sameRange(p, common, priority)) {
      p.end = address.value;
      return;
    }
    this.flush();
    this.pending = { family: address.family, start: address.value, end: address.value, common, priority };
  }

  private flush(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    const c = p.common;
    this.ctx.sink.range({
      family: p.family,
      start: p.start,
      end: p.end,
      rawStatus: c.rawStatus,
      detail: c.detail,
      time: c.time,
      priority: p.priority,
      input: this.ctx.input,
      line: c.line,
      // Whether the range was a "no results" appendix is not in the row: that warning is the map step's.
      conflictsWithDirect: false,
      source: c.source,
    });
  }

  private noteRun(facts: RunFacts): void {
    if (this.run === null) this.run = facts;
    else if (!this.mixedRuns && !sameRun(facts, this.run)) {
      this.mixedRuns = true;
      this.ctx.sink.warn(message("parts.mixedRuns"));
    }
  }

  private skip(line: number, reason: Message): void {
    this.ctx.sink.skip(line, reason);
  }

  finish(): ReadResult {
    this.flush();
    const run = this.run;
    if (run?.vulnStatuses) this.ctx.sink.vulnStatuses?.(run.vulnStatuses);
    return { format: "scantriage-hosts", records: this.records, classified: this.classified, findings: run?.findingsInput ?? false };
  }
}

export async function readHostsNdjson(chunks: ByteChunks, ctx: ReaderContext): Promise<ReadResult> {
  const rows = new HostsRows(ctx);
  const lines = new NdjsonLines((text, line, terminated) => rows.read(text, line, terminated), MAX_LINE_BYTES);
  try {
    for await (const chunk of chunks) lines.write(chunk);
    lines.end();
  } catch (err) {
    if (err instanceof LineTooLongError) throw new InputError(ctx.path, `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not ${WHAT}`, err.line);
    throw err;
  }
  return rows.finish();
}

/** An empty input read as a part: a map step over an input without hosts prints nothing. */
export async function readEmptyPart(_chunks: ByteChunks, ctx: ReaderContext): Promise<ReadResult> {
  ctx.sink.warn(message("parts.empty"));
  return { format: "scantriage-hosts", records: 0, classified: 0, findings: false };
}

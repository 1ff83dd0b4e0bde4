/**
 * Triages for the reporter tests, built through the real aggregate (TriageBuilder -> summarize)
 * so that the reporters see exactly what the CLI hands them.
 */
import { iterateRowBlocks, iterateRows, recordToRow, type HostRow } from "../../src/aggregate/host-row.js";
import { summarize } from "../../src/aggregate/summarize.js";
import { TriageBuilder } from "../../src/aggregate/triage-builder.js";
import type { Triage } from "../../src/aggregate/triage.js";
import { message } from "../../src/messages/message.js";
import { emptyFindingCounts, type FindingCounts } from "../../src/model/findings.js";
import type { HostObservation } from "../../src/model/observation.js";
import type { ObservationSink } from "../../src/formats/reader.js";
import type { CommandName, RenderContext, Renderer } from "../../src/render/renderer.js";
import { AUTH_FAILURE_STATUSES } from "../../src/taxonomy/statuses.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

export const EVIL_HOSTNAME = "evil\x1b[31mred\x9bhost";

export function host(input: number, ip: string | null, rawStatus: string, more: Partial<HostObservation> = {}): HostObservation {
  return { ip, hostname: null, rawStatus, detail: null, time: null, evidence: "direct", input, line: 2, ...more };
}

export function findings(confirmed: number[], potential: number[] = [0, 0, 0, 0, 0], info: number[] = [0, 0, 0, 0, 0]): FindingCounts {
  return { ...emptyFindingCounts(), confirmed, potential, info };
}

/** Two inputs: a scan log (various statuses, an escape-laden hostname, a skipped row) and a Qualys scan (findings, an inferred range). */
export function sampleTriage(): Triage {
  const builder = new TriageBuilder(new Taxonomy());
  const log = builder.sinkFor("logs/scan-log.csv");
  log.report.format = "scan-log-csv";
  const s: ObservationSink = log.sink;
  s.host(host(0, "10.0.0.1", "Success", { hostname: "web01", line: 2 }));
  s.host(host(0, "10.0.0.5", "CredentialFailed", { hostname: EVIL_HOSTNAME, detail: "Access denied | wrong password", line: 3 }));
  s.host(host(0, "10.0.0.6", "No Connection", { hostname: "db01", line: 4 }));
  s.host(host(0, "10.0.0.7", "NoConnection", { line: 5 }));
  s.host(host(0, "10.0.0.8", "Frobnicated", { line: 6 }));
  s.host(host(0, "10.0.0.9", "SkippedAsWorkStation", { line: 7 }));
  s.host(host(0, "10.0.0.10", "LockedAccount", { line: 8 }));
  for (let line = 20; line < 28; line++) s.skip(line, message("csv.skip.badTarget", { text: `bad${line}` }));
  s.warn(message("csv.encodingWindows1252"));
  log.report.records = 15; // what the reader would report: 7 classified + 8 skipped

  const scan = builder.sinkFor("qualys/scan.xml");
  scan.report.format = "qualys-scan";
  scan.sink.host(host(1, "10.0.1.1", "Success", { hostname: "app01", findings: findings([1, 0, 2, 0, 1], [0, 1, 0, 0, 0], [3, 0, 0, 0, 0]), line: 40 }));
  scan.sink.host(host(1, "10.0.1.2", "Success", { hostname: "app02", findings: findings([0, 0, 0, 0, 0]), line: 60 }));
  scan.report.records = 2;
  scan.sink.range({ family: 4, start: ip4(10, 0, 1, 0), end: ip4(10, 0, 1, 255), rawStatus: "NoAnswer", detail: "no answer to discovery", time: null, priority: 0, input: 1, line: 5, conflictsWithDirect: false });
  return builder.finish();
}

export function ip4(a: number, b: number, c: number, d: number): bigint {
  return BigInt(((a * 256 + b) * 256 + c) * 256 + d);
}

/** A triage from one scan-log input holding the given observations. */
export function triageOf(observations: readonly Omit<HostObservation, "input">[], format: "scan-log-csv" | "qualys-scan" = "scan-log-csv"): Triage {
  const builder = new TriageBuilder(new Taxonomy());
  const { sink, report } = builder.sinkFor("input.csv");
  report.format = format;
  for (const o of observations) sink.host({ ...o, input: 0 });
  return builder.finish();
}

function rowsFor(command: CommandName, triage: Triage): () => Iterable<HostRow> {
  if (command === "auth") return () => triage.records.filter((r) => AUTH_FAILURE_STATUSES.has(r.verdict.status)).map((r) => recordToRow(r, triage, "average"));
  if (command === "risk") return () => triage.records.filter((r) => r.findings !== null).map((r) => recordToRow(r, triage, "average"));
  return () => iterateRows(triage, "average");
}

export function contextFor(command: CommandName, triage: Triage, options: { color?: boolean; width?: number | null } = {}): RenderContext {
  return {
    command,
    summary: summarize(triage, "average"),
    triage,
    parts: [triage],
    riskMethod: "average",
    rows: rowsFor(command, triage),
    blocks: () => iterateRowBlocks(triage, "average"),
    filtered: false,
    color: options.color ?? false,
    width: options.width ?? null,
  };
}

export function renderText(renderer: Renderer, ctx: RenderContext): string {
  return [...renderer.render(ctx)].join("");
}

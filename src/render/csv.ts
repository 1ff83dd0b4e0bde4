/**
 * `--format csv`, for spreadsheets: one value per cell, never JSON. Row commands print the
 * objects of JSON / NDJSON (one row per IP, ranges expanded) with their nested parts spread over
 * columns of their own; `summarize` prints a flat `section,key,value` table. Every cell goes
 * through csvCell (formulas neutralised, controls escaped, RFC 4180 quoting). Lines end in "\n",
 * not RFC 4180's CRLF: like every other format here, output is for pipes and scripts on any
 * platform, and spreadsheets read LF files without trouble.
 */
import type { HostRow } from "../aggregate/host-row.js";
import type { Summary } from "../aggregate/summarize.js";
import type { Triage } from "../aggregate/triage.js";
import { RESPONSIBLES } from "../taxonomy/statuses.js";
import { ROW_OBJECT, type RowObject } from "./columns.js";
import type { RenderContext, Renderer } from "./renderer.js";
import { csvCell } from "./sanitize.js";

type RowCommand = keyof typeof ROW_OBJECT;

/** What a cell may hold. */
export type CsvValue = string | number | boolean | null;

interface CsvColumn {
  readonly name: string;
  readonly value: (object: RowObject) => unknown;
}

/**
 * A row with every optional part present (findings, extra, accepted). The columns follow the keys
 * of its row object, so they follow columns.ts without a second list to keep in sync.
 */
const FULL_ROW: HostRow = {
  ip: "",
  hostname: "",
  status: "",
  rawStatus: "",
  category: "Scanned",
  responsible: "None",
  action: "",
  recognized: true,
  securityRisk: 0,
  source: "",
  line: 0,
  detail: "",
  os: "",
  evidence: "direct",
  findings: { confirmed: 0, potential: 0, info: 0, bySeverity: { confirmed: [], potential: [], info: [] } },
  duplicates: 0,
  decidedBy: "",
  extra: {},
  accepted: { reason: "", until: "" },
  time: 0,
  priority: 0,
  detected: { qids: 0, oses: [], services: [] },
  hostnameFrom: { evidence: "direct", time: 0 },
  findingsFrom: { evidence: "direct", time: 0 },
  otherHostnames: [],
  run: { findingsInput: true, vulnStatuses: { new: 0, active: 0, reopened: 0, fixed: 0 } },
};

const LEVELS = [1, 2, 3, 4, 5] as const;
/** Arrays named so are counts by severity level: `confirmedBySeverity` -> confirmed_sev1..5. */
const BY_SEVERITY = /BySeverity$/;

function field(object: RowObject, key: string): unknown {
  return object[key];
}

/** A list (other hostnames, detected OS names and services) as one text: `a; b`, a service as `22/tcp ssh`. */
function listCell(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value
    .map((item: unknown) => {
      if (typeof item !== "object" || item === null) return String(item);
      const s = item as { port?: unknown; protocol?: unknown; service?: unknown };
      return `${String(s.port)}/${String(s.protocol)} ${String(s.service)}`;
    })
    .join("; ");
}

/**
 * The columns of one key of the row object: a single value as itself; severity levels as
 * `<kind>_sev1`..`_sev5`; any other list as one cell (listCell); `extra` (the scan log's other
 * columns) as one column per input column, named after it; any other object as `<key>_<part>`
 * columns (nested objects likewise: `run_vulnStatuses_new`).
 */
function columnsOf(key: string, sample: unknown, extraNames: readonly string[], get: (o: RowObject) => unknown = (o) => field(o, key)): CsvColumn[] {
  if (key === "extra") {
    return extraNames.map((name) => ({ name, value: (o) => (get(o) as Record<string, unknown> | undefined)?.[name] }));
  }
  if (Array.isArray(sample) && BY_SEVERITY.test(key)) {
    const kind = key.replace(BY_SEVERITY, "");
    return LEVELS.map((level) => ({ name: `${kind}_sev${level}`, value: (o) => (get(o) as unknown[] | null | undefined)?.[level - 1] }));
  }
  if (Array.isArray(sample)) return [{ name: key, value: (o) => listCell(get(o)) }];
  if (typeof sample === "object" && sample !== null) {
    const parts = sample as Record<string, unknown>;
    return Object.keys(parts).flatMap((part) =>
      columnsOf(`${key}_${part}`, parts[part], [], (o) => (get(o) as Record<string, unknown> | null | undefined)?.[part]),
    );
  }
  return [{ name: key, value: get }];
}

/** An extra column named like one of ours (a log's own "hostname" column) is told apart. */
function extraColumnNames(names: readonly string[], own: ReadonlySet<string>): Map<string, string> {
  return new Map(names.map((name) => [name, own.has(name.toLowerCase()) ? `extra_${name}` : name]));
}

/**
 * Row keys that only a map/reduce part needs to merge again (the scantriage-hosts format reads the
 * NDJSON): ranks and run-wide facts, not for a spreadsheet.
 */
const MERGE_ONLY: ReadonlySet<string> = new Set(["priority", "hostnameFrom", "findingsFrom", "run"]);

function rowColumns(command: RowCommand, extraNames: readonly string[]): CsvColumn[] {
  const sample = Object.entries(ROW_OBJECT[command](FULL_ROW)).filter(([key]) => !MERGE_ONLY.has(key));
  const own = new Set(sample.flatMap(([key, value]) => (key === "extra" ? [] : columnsOf(key, value, []).map((c) => c.name.toLowerCase()))));
  const renamed = extraColumnNames(extraNames, own);
  return sample.flatMap(([key, value]) =>
    columnsOf(key, value, extraNames).map((c) => (key === "extra" ? { ...c, name: renamed.get(c.name) ?? c.name } : c)),
  );
}

/** The header of a row command; `extraNames`: the scan-log columns that hold a value (hosts only). */
export function csvColumns(command: RowCommand, extraNames: readonly string[] = []): string[] {
  return rowColumns(command, extraNames).map((c) => c.name);
}

/**
 * The scan-log columns beyond those scantriage reads, in the order first seen. Only `hosts` keeps
 * them, on explicit records (inferred ranges have none), and only with a value, so they are
 * collected in one pass over the records before the first line is written.
 */
export function extraColumnsOf(parts: readonly Triage[]): string[] {
  const names = new Set<string>();
  for (const triage of parts) {
    for (const record of triage.records) {
      if (record.extra === null) continue;
      for (const name of Object.keys(record.extra)) names.add(name);
    }
  }
  return [...names];
}

/** One value per cell: anything else is a bug in the row shape, not something to print as JSON. */
function cellValue(value: unknown, column: string): CsvValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new Error(`CSV column ${column} holds more than one value`);
}

export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(",")}\n`;
}

function* rowLines(command: RowCommand, rows: Iterable<HostRow>, extraNames: readonly string[], grouped: boolean): Generator<string> {
  // --group-by: the group first, as in the row objects.
  const columns = [...(grouped ? [{ name: "group", value: (o: RowObject) => o.group }] : []), ...rowColumns(command, extraNames)];
  const toObject = ROW_OBJECT[command];
  yield csvLine(columns.map((c) => c.name));
  for (const row of rows) {
    const object = toObject(row);
    yield csvLine(columns.map((c) => cellValue(c.value(object), c.name)));
  }
}

const SEVERITY_KINDS = ["confirmed", "potential", "info"] as const;

/**
 * The OS and services breakdowns: each entry as (os, name, hosts) or (service, "22/tcp ssh", hosts),
 * and per breakdown its host count and, when it is empty, why (code and message).
 */
function* breakdownTriples(b: Summary["breakdowns"]): Generator<readonly [string, string, CsvValue]> {
  const parts = [
    ["os", b.os, b.os.entries.map((e) => [e.name, e.hosts] as const)],
    ["services", b.services, b.services.entries.map((e) => [e.port === null ? e.service : `${e.port}/${e.protocol ?? ""} ${e.service}`, e.hosts] as const)],
  ] as const;
  for (const [name, breakdown, entries] of parts) {
    yield ["breakdown", `${name}.hosts`, breakdown.hosts];
    if (breakdown.missing) {
      yield ["breakdown", `${name}.missing`, breakdown.missing.code];
      yield ["breakdown", `${name}.missingReason`, breakdown.missing.message];
    }
    for (const [key, hosts] of entries) yield [name === "os" ? "os" : "service", key, hosts];
  }
}

/** The summary as (section, key, value) triples, in the order of the table format. */
export function* summaryTriples(s: Summary): Generator<readonly [string, string, CsvValue]> {
  yield ["total", "ips", s.totals.ips];
  for (const [k, n] of Object.entries(s.totals.byCategory)) yield ["category", k, n];
  for (const [k, n] of Object.entries(s.totals.byResponsible)) yield ["responsible", k, n];
  for (const r of RESPONSIBLES) for (const a of s.actions[r]) yield ["action", `${r}: ${a.action}`, a.ips];
  for (const [k, n] of Object.entries(s.totals.byStatus)) yield ["status", k, n];
  yield ["accepted", "ips", s.totals.accepted.ips];
  yield ["risk", "method", s.risk.method];
  yield ["risk", "averageSecurityRisk", s.risk.averageSecurityRisk];
  yield ["risk", "activeHosts", s.risk.activeHosts];
  for (const kind of SEVERITY_KINDS) {
    for (const [i, n] of s.risk.severities[kind].entries()) yield ["risk", `${kind}_sev${i + 1}`, n];
  }
  if (s.risk.vulnStatuses) for (const [k, n] of Object.entries(s.risk.vulnStatuses)) yield ["vulnStatus", k, n];
  yield ["authFailures", "count", s.authFailures.count];
  for (const a of s.authFailures.top) yield ["authFailures", a.ip ?? a.hostname ?? "", a.status];
  yield* breakdownTriples(s.breakdowns);
  for (const [k, n] of Object.entries(s.unrecognizedStatuses)) yield ["unrecognized", k, n];
  for (const i of s.inputs) {
    yield ["input", i.path, i.records];
    yield ["classified", i.path, i.classified];
    yield ["skipped", i.path, i.skipped];
  }
  for (const g of s.gates) {
    yield ["gate", `${g.name}.limit`, g.limit];
    yield ["gate", `${g.name}.value`, g.value];
    yield ["gate", `${g.name}.passed`, g.passed];
  }
  for (const i of s.inputs) for (const w of i.warnings) yield ["warning", i.path, w];
  for (const w of s.warnings) yield ["warning", "", w];
}

function* renderCsv(ctx: RenderContext): Generator<string> {
  if (ctx.command !== "summarize") {
    yield* rowLines(ctx.command, ctx.rows(), ctx.command === "hosts" ? extraColumnsOf(ctx.parts) : [], ctx.summary.groups !== undefined);
    return;
  }
  yield csvLine(["section", "key", "value"]);
  for (const triple of summaryTriples(ctx.summary)) yield csvLine(triple);
}

export const csvRenderer: Renderer = {
  name: "csv",
  description: "CSV for spreadsheets (formulas neutralised); summarize as section,key,value",
  commands: ["summarize", "hosts", "auth", "risk"],
  render: renderCsv,
};

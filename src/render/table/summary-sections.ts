/** The lower sections of the summary: breakdowns, authentication failures, unrecognised statuses, inputs, warnings. */
import type { Diagnostic, InputSummary, Summary } from "../../aggregate/summarize.js";
import { formatCount, formatPercent, plural } from "../../lib/format-number.js";
import { cell, dropInOrder, type Block, type Cell, type Column, type Tone } from "./report-model.js";
import { OS_TOP, SERVICES_TOP, type Breakdown, type Breakdowns } from "../../aggregate/breakdowns.js";

/** Skipped rows listed per input; the rest are counted. */
const SKIPPED_SHOWN = 5;

export const NO_IP = "(no IP)";

const AUTH_HOSTNAME: Column = { title: "Hostname", maxWidth: 40, minWidth: 20 };
const AUTH_ACTION: Column = { title: "Action", maxWidth: 44, minWidth: 16 };
// As in `auth`: the detail says why; the action is nearly always "Check Credentials".
const AUTH_COLUMNS = dropInOrder(
  [{ title: "IP" }, AUTH_HOSTNAME, { title: "Status" }, { title: "Detail", maxWidth: 60, minWidth: 20 }, AUTH_ACTION],
  [AUTH_ACTION, AUTH_HOSTNAME],
);

export function authBlocks(auth: Summary["authFailures"]): Block[] {
  const heading: Block = { kind: "heading", text: "Authentication failures" };
  if (auth.count === 0) return [heading, { kind: "line", text: "No authentication failures." }];
  const rows = auth.top.map((a) => [cell(a.ip ?? NO_IP), cell(a.hostname ?? ""), cell(a.status, "bad"), cell(a.detail ?? ""), cell(a.action)]);
  const blocks: Block[] = [
    heading,
    { kind: "line", text: `${plural(auth.count, "IP")} failed authentication` },
    { kind: "grid", grid: { columns: AUTH_COLUMNS, rows } },
  ];
  if (auth.count > auth.top.length) {
    blocks.push({ kind: "line", text: `Showing ${formatCount(auth.top.length)} of ${formatCount(auth.count)}: see \`scantriage auth\` for the full list.`, tone: "muted" });
  }
  return blocks;
}

const HOSTS: Column = { title: "Hosts", align: "right" };
const SHARE: Column = { title: "Share", align: "right" };
const OS_COLUMN: Column = { title: "Operating system", maxWidth: 50, minWidth: 16 };
const SERVICE_COLUMNS: readonly Column[] = [{ title: "Port" }, { title: "Service", maxWidth: 40, minWidth: 12 }];

/**
 * A breakdown as a grid of entries with their host counts (the "Other" entry, after the top ones,
 * muted), or the line that says why it is empty.
 */
function breakdownBlocks<E extends { readonly hosts: number }>(
  heading: string,
  b: Breakdown<E>,
  top: number,
  intro: string,
  columns: readonly Column[],
  cells: (e: E, tone: Tone | undefined) => Cell[],
): Block[] {
  const head: Block = { kind: "heading", text: heading };
  if (b.missing !== null) return [head, { kind: "line", text: b.missing.message, tone: "muted" }];
  const rows = b.entries.map((e, i) => [...cells(e, i === top ? "muted" : undefined), cell(formatCount(e.hosts)), cell(formatPercent(e.hosts, b.hosts))]);
  return [head, { kind: "line", text: `${plural(b.hosts, "host")} ${intro}` }, { kind: "grid", grid: { columns: [...columns, HOSTS, SHARE], rows } }];
}

/** Operating systems (QID 45017) and services (QIDs 82023 / 82004) with their host counts. */
export function detectedBlocks(breakdowns: Breakdowns): Block[] {
  const os = breakdownBlocks("Operating systems detected", breakdowns.os, OS_TOP, "with an operating system detected (QID 45017)", [OS_COLUMN], (e, tone) => [cell(e.name, tone)]);
  const services = breakdownBlocks("Services detected", breakdowns.services, SERVICES_TOP, "with open services listed (QIDs 82023 / 82004)", SERVICE_COLUMNS, (e, tone) => [
    cell(e.port === null ? "" : `${e.port}/${e.protocol ?? ""}`, tone),
    cell(e.service, tone),
  ]);
  return [...os, ...services];
}

export function unrecognizedBlocks(unrecognized: Summary["unrecognizedStatuses"]): Block[] {
  const entries = Object.entries(unrecognized);
  if (entries.length === 0) return [];
  return [
    { kind: "heading", text: "Unrecognised statuses" },
    { kind: "line", text: "Counted as Not Scanned / ServiceProvider / Check Logs; map them with --status-map." },
    { kind: "grid", grid: { columns: [{ title: "Status", maxWidth: 60, minWidth: 16 }, { title: "IPs", align: "right" }], rows: entries.map(([s, n]) => [cell(s, "warn"), cell(formatCount(n))]) } },
  ];
}

function skippedList(input: InputSummary): Block[] {
  if (input.skipped === 0) return [];
  const items = input.skippedRows.slice(0, SKIPPED_SHOWN).map((s) => `line ${s.line}: ${s.reason}`);
  const more = input.skipped - items.length;
  if (more > 0) items.push(`… and ${formatCount(more)} more`);
  return [{ kind: "line", text: `${input.path}: ${plural(input.skipped, "skipped row")}` }, { kind: "list", items }];
}

export function inputBlocks(inputs: readonly InputSummary[]): Block[] {
  const format: Column = { title: "Format" };
  const classified: Column = { title: "Classified", align: "right" };
  const columns = dropInOrder(
    [{ title: "Path", maxWidth: 60, minWidth: 16 }, format, { title: "Read", align: "right" }, classified, { title: "Skipped", align: "right" }],
    [classified, format],
  );
  // Read = classified + skipped: every row or host of an input is accounted for.
  const rows = inputs.map((i) => [
    cell(i.path),
    cell(i.format ?? "unknown"),
    cell(formatCount(i.records)),
    cell(formatCount(i.classified)),
    cell(formatCount(i.skipped), i.skipped > 0 ? "warn" : undefined),
  ]);
  return [{ kind: "heading", text: "Inputs" }, { kind: "grid", grid: { columns, rows } }, ...inputs.flatMap(skippedList)];
}

/** IPs on the accept list: counted above under their own status, left out of every gate. */
export function acceptedBlocks(summary: Summary): Block[] {
  const accepted = summary.totals.accepted;
  if (accepted.ips === 0) return [];
  const rows = Object.entries(accepted.byStatus).map(([status, n]) => [cell(status), cell(formatCount(n))]);
  return [
    { kind: "heading", text: "Accepted exceptions" },
    { kind: "line", text: `${plural(accepted.ips, "IP")} on the accept list: counted above under their status, left out of the gates.` },
    { kind: "grid", grid: { columns: [{ title: "Status" }, { title: "IPs", align: "right" }], rows } },
  ];
}

export function gateBlocks(summary: Summary): Block[] {
  if (summary.gates.length === 0) return [];
  const from: Column = { title: "Limit from", maxWidth: 40, minWidth: 12 };
  const columns = dropInOrder([{ title: "Gate" }, { title: "Limit", align: "right" }, { title: "Value", align: "right" }, { title: "Result" }, from], [from]);
  const rows = summary.gates.map((g) => [
    cell(g.flag),
    cell(String(g.limit)),
    cell(g.value === null ? "none" : String(g.value)),
    g.passed ? cell("passed", "good") : cell("FAILED", "bad"),
    cell(g.from ?? (g.name === "strict" ? "" : "command line")),
  ]);
  return [{ kind: "heading", text: "Gates" }, { kind: "grid", grid: { columns, rows } }];
}

/** Warnings (which --strict fails on) apart from notes (which it does not). */
export function diagnosticBlocks(summary: Summary): Block[] {
  const text = (d: Diagnostic) => (d.input ? `${d.input}: ${d.message}` : d.message);
  const blocks: Block[] = [];
  for (const [severity, heading] of [
    ["warning", "Warnings"],
    ["note", "Notes"],
  ] as const) {
    const items = summary.diagnostics.filter((d) => d.severity === severity).map(text);
    if (items.length > 0) blocks.push({ kind: "heading", text: heading }, { kind: "list", items });
  }
  return blocks;
}

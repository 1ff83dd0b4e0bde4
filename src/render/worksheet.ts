/**
 * The worksheet: for one responsible party, what to do, grouped by action, with every IP (a
 * stretch of a not-scanned range as one entry) and the proof (the QID and title, or the log
 * message). The same groups feed the HTML report and `scantriage worksheet` (CSV, Markdown, HTML).
 */
import { iterateRowBlocks, type RowBlock } from "../aggregate/host-row.js";
import type { RiskMethod } from "../aggregate/risk.js";
import type { Triage } from "../aggregate/triage.js";
import { formatCount, plural } from "../lib/format-number.js";
import type { Responsible } from "../taxonomy/statuses.js";
import { csvLine } from "./csv.js";
import { markdownBlocks } from "./markdown.js";
import { cell, type Block } from "./table/report-model.js";

export type Party = Exclude<Responsible, "None">;
export const PARTIES: readonly Party[] = ["Customer", "ServiceProvider"];

export interface WorksheetGroup {
  readonly action: string;
  /** IPs in the group (a range counts all its addresses). */
  readonly ips: number;
  readonly entries: readonly RowBlock[];
}

/** Groups of one party, the action with the most IPs first. */
export function worksheetGroups(blocks: Iterable<RowBlock>, party: Party): WorksheetGroup[] {
  const byAction = new Map<string, RowBlock[]>();
  for (const b of blocks) {
    if (b.first.responsible !== party) continue;
    const list = byAction.get(b.first.action);
    if (list) list.push(b);
    else byAction.set(b.first.action, [b]);
  }
  return [...byAction]
    .map(([action, entries]) => ({ action, entries, ips: entries.reduce((n, b) => n + b.count, 0) }))
    .sort((a, b) => b.ips - a.ips || a.action.localeCompare(b.action));
}

/** "10.0.0.6 - 10.0.0.11 (6 IPs)", one address, or "(no IP)" for a hostname-only target. */
export function entryWhere(b: RowBlock): string {
  return b.count > 1 ? `${b.first.ip ?? ""} - ${b.lastIp} (${formatCount(b.count)} IPs)` : (b.first.ip ?? "(no IP)");
}

export const PARTY_TITLE: Readonly<Record<Party, string>> = { Customer: "For the customer", ServiceProvider: "For the service provider" };

const CSV_COLUMNS = ["responsible", "action", "ip", "last_ip", "ips", "hostname", "status", "proof"] as const;

export function* worksheetCsv(triage: Triage, method: RiskMethod, party: Party): Generator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for (const g of worksheetGroups(iterateRowBlocks(triage, method), party)) {
    for (const b of g.entries) {
      yield csvLine([party, g.action, b.first.ip, b.count > 1 ? b.lastIp : null, b.count, b.first.hostname, b.first.status, b.first.detail]);
    }
  }
}

export function worksheetReportBlocks(triage: Triage, method: RiskMethod, party: Party): Block[] {
  const groups = worksheetGroups(iterateRowBlocks(triage, method), party);
  const total = groups.reduce((n, g) => n + g.ips, 0);
  const blocks: Block[] = [{ kind: "title", text: `Worksheet: ${PARTY_TITLE[party].toLowerCase()}` }];
  if (groups.length === 0) return [...blocks, { kind: "line", text: "Nothing to do." }];
  blocks.push({ kind: "line", text: `${plural(total, "IP")} to act on, in ${plural(groups.length, "action")}.` });
  for (const g of groups) {
    blocks.push({ kind: "heading", text: `${g.action} (${plural(g.ips, "IP")})` });
    blocks.push({
      kind: "grid",
      grid: {
        columns: [{ title: "IP" }, { title: "Hostname" }, { title: "Status" }, { title: "Proof" }],
        rows: g.entries.map((b) => [cell(entryWhere(b)), cell(b.first.hostname ?? ""), cell(b.first.status), cell(b.first.detail ?? "")]),
      },
    });
  }
  return blocks;
}

export function worksheetMarkdown(triage: Triage, method: RiskMethod, party: Party): Iterable<string> {
  return markdownBlocks(worksheetReportBlocks(triage, method, party));
}

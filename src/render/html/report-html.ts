/**
 * The HTML report (../shared/spec/report.md): one self-contained file from the same summary model
 * as `--format json`. Sections: what was read, key figures, charts, the worksheet per responsible
 * party, authentication failures, every host (filterable, paginated by the page's own script),
 * warnings. A Content-Security-Policy admits only the page's own style and script (by hash).
 */
import { createHash } from "node:crypto";
import { iterateRowBlocks, type RowBlock } from "../../aggregate/host-row.js";
import type { RiskMethod } from "../../aggregate/risk.js";
import type { Summary } from "../../aggregate/summarize.js";
import type { Breakdown } from "../../aggregate/breakdowns.js";
import type { Triage } from "../../aggregate/triage.js";
import { formatCount, formatPercent, formatRisk, plural } from "../../lib/format-number.js";
import { AUTH_FAILURE_STATUSES, RESPONSIBLES } from "../../taxonomy/statuses.js";
import { entryWhere, PARTIES, PARTY_TITLE, worksheetGroups, type Party } from "../worksheet.js";
import { barChart, groupedColumns, type Bar } from "./charts.js";
import { esc, scriptJson } from "./html-text.js";
import type { Block } from "../table/report-model.js";
import { REPORT_SCRIPT, REPORT_STYLE } from "./report-assets.js";

export interface ReportInput {
  readonly summary: Summary;
  readonly triage: Triage;
  readonly riskMethod: RiskMethod;
  /** When the report was made (ISO 8601), and by which version. */
  readonly generatedAt: string;
  readonly version: string;
  /** The newest time the inputs state (ISO 8601), or null. */
  readonly scanDate: string | null;
  /** `diff --format html`: what changed since the earlier run, as report blocks. */
  readonly changes?: readonly Block[];
}

/** Report blocks (the table and Markdown layouts' model) as HTML, under a section heading of level 2. */
export function blocksHtml(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "title":
          return `<p><strong>${esc(b.text)}</strong></p>`;
        case "heading":
          return `<h3>${esc(b.text)}</h3>`;
        case "line":
          return `<p${b.tone ? ` class="${esc(b.tone)}"` : ""}>${esc(b.text)}</p>`;
        case "list":
          return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
        case "grid": {
          const head = b.grid.columns.map((c) => `<th scope="col"${c.align === "right" ? ' class="num"' : ""}>${esc(c.title)}</th>`).join("");
          const rows = b.grid.rows.map((r) => `<tr>${r.map((c, i) => `<td${b.grid.columns[i]?.align === "right" ? ' class="num"' : ""}>${esc(c.text)}</td>`).join("")}</tr>`).join("");
          return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
        }
      }
    })
    .join("");
}

function hash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

const CSP_STYLE = hash(REPORT_STYLE);
const CSP_SCRIPT = hash(REPORT_SCRIPT);

function figure(name: string, value: number | null, what: string, shown: string, tone = ""): string {
  return `<div class="figure ${tone}" data-figure="${name}" data-value="${value === null ? "" : value}"><span class="value">${esc(shown)}</span><span class="what">${esc(what)}</span></div>`;
}

function keyFigures(s: Summary): string {
  const t = s.totals;
  const risk = s.risk.averageSecurityRisk;
  return (
    `<section aria-labelledby="h-figures"><h2 id="h-figures">Key figures</h2><div class="figures">` +
    figure("ips", t.ips, "IPs in scope", formatCount(t.ips)) +
    figure("scanned", t.byCategory.Scanned, `scanned (${formatPercent(t.byCategory.Scanned, t.ips)})`, formatCount(t.byCategory.Scanned), "good") +
    figure("notScanned", t.byCategory["Not Scanned"], "not scanned", formatCount(t.byCategory["Not Scanned"]), t.byCategory["Not Scanned"] > 0 ? "bad" : "") +
    figure("skipped", t.byCategory.Skipped, "skipped on purpose", formatCount(t.byCategory.Skipped)) +
    figure("customer", t.byResponsible.Customer, "IPs needing the customer", formatCount(t.byResponsible.Customer), t.byResponsible.Customer > 0 ? "warn" : "") +
    figure("serviceProvider", t.byResponsible.ServiceProvider, "IPs needing the service provider", formatCount(t.byResponsible.ServiceProvider), t.byResponsible.ServiceProvider > 0 ? "warn" : "") +
    figure("averageSecurityRisk", risk, `average security risk (${s.risk.method}, ${plural(s.risk.activeHosts, "active host")})`, risk === null ? "none" : formatRisk(risk)) +
    figure("authFailures", s.authFailures.count, "authentication failures", formatCount(s.authFailures.count), s.authFailures.count > 0 ? "bad" : "") +
    `</div></section>`
  );
}

function inputsSection(input: ReportInput): string {
  const rows = input.summary.inputs
    .map((i) => `<tr><td class="mono">${esc(i.path)}</td><td>${esc(i.format ?? "unknown")}</td><td class="num">${esc(formatCount(i.records))}</td><td class="num">${esc(formatCount(i.skipped))}</td></tr>`)
    .join("");
  return (
    `<section aria-labelledby="h-read"><h2 id="h-read">What was read</h2>` +
    `<p>Scan date: ${esc(input.scanDate ?? "not stated by the inputs")}. Report made ${esc(input.generatedAt)} by scantriage ${esc(input.version)}.</p>` +
    `<table><thead><tr><th scope="col">Input</th><th scope="col">Format</th><th scope="col" class="num">Records read</th><th scope="col" class="num">Skipped</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

const CATEGORY_TONE: Readonly<Record<string, string>> = { Scanned: "good", "Not Scanned": "bad", Skipped: "muted" };
const RESPONSIBLE_TONE: Readonly<Record<string, string>> = { Customer: "warn", ServiceProvider: "info", None: "muted" };

/** Operating Systems / Services Detected: a chart from the summary's breakdown, or the seed's explanation of why it is empty. */
function breakdownChart<E>(id: string, title: string, b: Breakdown<E>, label: (e: E) => string, hosts: (e: E) => number): string {
  if (b.missing !== null || b.entries.length === 0) {
    return `<div class="chart"><h3>${esc(title)}</h3><p class="explain">${esc(b.missing?.message ?? "nothing detected")}</p></div>`;
  }
  const bars: Bar[] = b.entries.map((e) => ({ label: label(e), value: hosts(e), tone: "info" }));
  return `<div>${barChart(id, `${title} (hosts; ${formatCount(b.hosts)} with one)`, bars)}</div>`;
}

function charts(s: Summary, hostRisks: readonly number[]): string {
  const t = s.totals;
  const categories: Bar[] = Object.entries(t.byCategory).map(([k, v]) => ({ label: k, value: v, tone: CATEGORY_TONE[k] ?? "", note: formatPercent(v, t.ips) }));
  const parties: Bar[] = RESPONSIBLES.map((r) => ({ label: r, value: t.byResponsible[r], tone: RESPONSIBLE_TONE[r] ?? "" }));
  const statuses: Bar[] = Object.entries(t.byStatus).slice(0, 14).map(([k, v]) => ({ label: k, value: v }));
  const buckets = ["0", "0.1-1", "1.1-2", "2.1-3", "3.1-4", "4.1-5"];
  const dist = buckets.map(() => 0);
  for (const r of hostRisks) dist[r === 0 ? 0 : Math.min(5, Math.ceil(r))] = (dist[r === 0 ? 0 : Math.min(5, Math.ceil(r))] ?? 0) + 1;
  const top = (r: "Customer" | "ServiceProvider") =>
    s.actions[r].length === 0 ? "" : `<h3>Top actions: ${esc(r)}</h3><ul>${s.actions[r].slice(0, 5).map((a) => `<li>${esc(a.action)}: ${esc(plural(a.ips, "IP"))}</li>`).join("")}</ul>`;
  const sev = s.risk.severities;
  return (
    `<section aria-labelledby="h-charts"><h2 id="h-charts">Charts</h2><div class="charts">` +
    `<div>${barChart("chart-categories", "IPs by category", categories)}</div>` +
    `<div>${barChart("chart-parties", "IPs by responsible party", parties)}${top("Customer")}${top("ServiceProvider")}</div>` +
    `<div>${barChart("chart-statuses", "IPs by status", statuses)}</div>` +
    (s.risk.activeHosts > 0
      ? `<div>${barChart("chart-risk", "Hosts by security risk", buckets.map((b, i) => ({ label: `risk ${b}`, value: dist[i] ?? 0, tone: i >= 4 ? "bad" : i >= 3 ? "warn" : "info" })))}</div>` +
        `<div>${groupedColumns("chart-severities", "Findings by severity", ["Sev 1", "Sev 2", "Sev 3", "Sev 4", "Sev 5"], [
          { name: "Confirmed", tone: "bad", values: sev.confirmed },
          { name: "Potential", tone: "warn", values: sev.potential },
          { name: "Information gathered", tone: "info", values: sev.info },
        ])}</div>`
      : `<div class="chart"><h3>Security risk</h3><p class="explain">${esc("No host with findings: no security risk (scan logs record scan status only).")}</p></div>`) +
    breakdownChart("chart-os", "Operating Systems Detected", s.breakdowns.os, (e) => e.name, (e) => e.hosts) +
    breakdownChart("chart-services", "Services Detected", s.breakdowns.services, (e) => (e.port === null ? e.service : `${e.port}/${e.protocol ?? ""} ${e.service}`), (e) => e.hosts) +
    `</div></section>`
  );
}

/**
 * Entries of one action (or authentication failures) drawn in the report: beyond this the table
 * would make the page slow to open and to print; the rest are in the host table and the worksheet
 * command, which has no limit.
 */
const REPORT_ROWS = 500;

function moreRow(shown: number, total: number, columns: number): string {
  if (total <= shown) return "";
  return `<tr><td colspan="${columns}" class="note">… and ${esc(formatCount(total - shown))} more: every one is in the host table below, or in <code>scantriage worksheet --format csv</code>.</td></tr>`;
}

/** One party's worksheet, grouped by action: what gets sent to whoever must act. */
export function worksheetSection(blocks: Iterable<RowBlock>, party: Party, heading = "h3", limit = Infinity): string {
  const groups = worksheetGroups(blocks, party);
  let html = `<${heading}>${esc(PARTY_TITLE[party])}</${heading}>`;
  if (groups.length === 0) return `${html}<p class="note">Nothing to do.</p>`;
  const sub = heading === "h2" ? "h3" : "h4";
  for (const g of groups) {
    html += `<${sub}>${esc(g.action)} (${esc(plural(g.ips, "IP"))})</${sub}><table><thead><tr><th scope="col">IP</th><th scope="col">Hostname</th><th scope="col">Status</th><th scope="col">Proof</th></tr></thead><tbody>`;
    html += g.entries
      .slice(0, limit)
      .map((b) => `<tr data-ip="${esc(b.first.ip ?? "")}"><td class="mono">${esc(entryWhere(b))}</td><td>${esc(b.first.hostname)}</td><td>${esc(b.first.status)}</td><td>${esc(b.first.detail ?? "")}</td></tr>`)
      .join("");
    html += `${moreRow(Math.min(limit, g.entries.length), g.entries.length, 4)}</tbody></table>`;
  }
  return html;
}

function worksheet(blocks: readonly RowBlock[]): string {
  return `<section aria-labelledby="h-worksheet"><h2 id="h-worksheet">Worksheet</h2>${PARTIES.map((p) => worksheetSection(blocks, p, "h3", REPORT_ROWS)).join("")}</section>`;
}

function authSection(blocks: readonly RowBlock[]): string {
  const auth = blocks.filter((b) => AUTH_FAILURE_STATUSES.has(b.first.status));
  const body =
    auth.length === 0
      ? `<p class="note">No authentication failures.</p>`
      : `<table><thead><tr><th scope="col">IP</th><th scope="col">Hostname</th><th scope="col">Status</th><th scope="col">Proof</th><th scope="col">Action</th></tr></thead><tbody>${auth
          .slice(0, REPORT_ROWS)
          .map((b) => `<tr data-ip="${esc(b.first.ip ?? "")}"><td class="mono">${esc(entryWhere(b))}</td><td>${esc(b.first.hostname)}</td><td>${esc(b.first.status)}</td><td>${esc(b.first.detail ?? "")}</td><td>${esc(b.first.action)}</td></tr>`)
          .join("")}${moreRow(Math.min(REPORT_ROWS, auth.length), auth.length, 5)}</tbody></table>`;
  return `<section aria-labelledby="h-auth"><h2 id="h-auth">Authentication failures</h2>${body}</section>`;
}

/** Every host, as compact rows for the page's script: [ip, last ip, count, hostname, status index, risk, detail]. */
function hostData(blocks: readonly RowBlock[]): { statuses: string[][]; rows: unknown[][] } {
  const index = new Map<string, number>();
  const statuses: string[][] = [];
  const rows = blocks.map((b) => {
    const r = b.first;
    let i = index.get(r.status);
    if (i === undefined) {
      i = statuses.length;
      index.set(r.status, i);
      statuses.push([r.status, r.category, r.responsible, r.action]);
    }
    return [r.ip ?? "", b.count > 1 ? b.lastIp : "", b.count, r.hostname ?? "", i, r.securityRisk, r.detail ?? ""];
  });
  return { statuses, rows };
}

function hostsSection(blocks: readonly RowBlock[]): string {
  const columns = ["IP", "Hostname", "Status", "Category", "Responsible", "Action", "Risk", "Detail"];
  const head = columns.map((c, i) => `<th scope="col"${c === "Risk" ? ' class="num"' : ""}><button type="button" data-key="${i}">${esc(c)}</button></th>`).join("");
  return (
    `<section aria-labelledby="h-hosts"><h2 id="h-hosts">Every host</h2>` +
    `<div class="controls" id="hosts-controls" hidden>` +
    `<label>Search<input id="f-text" type="search" placeholder="IP, hostname, status, action, detail"></label>` +
    `<label>Category<select id="f-category"><option value="">all</option></select></label>` +
    `<label>Responsible<select id="f-responsible"><option value="">all</option></select></label>` +
    `<label>Status<select id="f-status"><option value="">all</option></select></label></div>` +
    `<noscript><p class="note">The host table needs JavaScript; every host is also in the worksheet above or in <code>scantriage hosts --format csv</code>.</p></noscript>` +
    `<div class="pager"><button type="button" id="p-prev">Previous</button><button type="button" id="p-next">Next</button><span id="hosts-info" role="status"></span></div>` +
    `<table id="hosts"><thead><tr>${head}</tr></thead><tbody id="hosts-body"></tbody></table>` +
    `<script type="application/json" id="hosts-data">${scriptJson(hostData(blocks))}</script></section>`
  );
}

function warningsSection(s: Summary): string {
  const items = s.diagnostics.map((d) => `<li><span class="tag">${esc(d.severity)}</span> ${esc(d.input ? `${d.input}: ` : "")}${esc(d.message)}</li>`).join("");
  return `<section aria-labelledby="h-warnings"><h2 id="h-warnings">Warnings and notes</h2>${items ? `<ul class="warnings">${items}</ul>` : `<p class="note">None.</p>`}</section>`;
}

/** The document around a page's sections: CSP (the page's own style, and script when it has one), header. */
export function pageHead(title: string, subtitle: string, withScript: boolean): string {
  const csp = `default-src 'none'; style-src ${CSP_STYLE}; script-src ${withScript ? CSP_SCRIPT : "'none'"}; img-src data:; base-uri 'none'; form-action 'none'`;
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${REPORT_STYLE}</style></head><body>` +
    `<header class="page"><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></header><main>`
  );
}

/** `worksheet --format html`: one party's worksheet as a page of its own (no script). */
export function* renderWorksheetHtml(input: ReportInput, party: Party): Generator<string> {
  const blocks = iterateRowBlocks(input.triage, input.riskMethod);
  yield pageHead(`Worksheet: ${PARTY_TITLE[party].toLowerCase()}`, `From ${input.summary.inputs.map((i) => i.path).join(", ")}; scan date ${input.scanDate ?? "not stated"}; made ${input.generatedAt}`, false);
  yield `<section>${worksheetSection(blocks, party, "h2")}</section></main></body></html>\n`;
}

export function* renderHtmlReport(input: ReportInput): Generator<string> {
  const { summary, triage, riskMethod } = input;
  const blocks = [...iterateRowBlocks(triage, riskMethod)];
  const hostRisks = blocks.flatMap((b) => (b.first.securityRisk === null ? [] : [b.first.securityRisk]));
  const t = summary.totals;
  yield pageHead("Scan triage report", `${formatCount(t.ips)} IPs: ${formatCount(t.byCategory.Scanned)} scanned (${formatPercent(t.byCategory.Scanned, t.ips)}), ${formatCount(t.byCategory["Not Scanned"])} not scanned, ${formatCount(t.byCategory.Skipped)} skipped`, true);
  yield inputsSection(input);
  yield keyFigures(summary);
  if (input.changes) yield `<section aria-labelledby="h-changes"><h2 id="h-changes">What changed</h2>${blocksHtml(input.changes)}</section>`;
  yield charts(summary, hostRisks);
  yield worksheet(blocks);
  yield authSection(blocks);
  yield hostsSection(blocks);
  yield warningsSection(summary);
  yield `</main><script>${REPORT_SCRIPT}</script></body></html>\n`;
}

/**
 * A benchmark of a wrong answer is worthless: compare scantriage's JSON summary with the baseline's
 * counts and with the counts the generator wrote next to the file. Each check returns a list of
 * mismatch descriptions (empty when everything agrees).
 */

function canonical(value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function sum(list) {
  return list.reduce((a, b) => a + b, 0);
}

function checker() {
  const problems = [];
  return {
    problems,
    same(what, left, leftValue, right, rightValue) {
      if (canonical(leftValue) !== canonical(rightValue)) {
        problems.push(`${what}: ${left} says ${canonical(leftValue)}, ${right} says ${canonical(rightValue)}`);
      }
    },
  };
}

function commonQualys(c, st, expected) {
  const input = st.inputs?.[0] ?? {};
  c.same("format", "scantriage", input.format, "generator", expected.format);
  c.same("IPs in total", "scantriage", st.totals?.ips, "generator", expected.ips);
  c.same("IPs by status", "scantriage", st.totals?.byStatus, "generator", expected.byStatus);
  c.same("findings by severity", "scantriage", st.risk?.severities, "generator", expected.severities);
  c.same("authentication failures", "scantriage", st.authFailures?.count, "generator", expected.authFailures);
  c.same("average security risk", "scantriage", st.risk?.averageSecurityRisk, "generator", expected.averageSecurityRisk);
}

/** SCAN: hosts and VULN elements, against the ElementTree baseline and the generator. */
export function checkScan(st, base, expected) {
  const c = checker();
  const records = st.inputs?.[0]?.records;
  const confirmed = sum(st.risk?.severities?.confirmed ?? []);
  c.same("scanned hosts", "scantriage", records, "baseline", base.hosts);
  c.same("scanned hosts", "baseline", base.hosts, "generator", expected.records);
  c.same("confirmed findings", "scantriage", confirmed, "baseline", base.confirmed);
  c.same("confirmed findings", "baseline", base.confirmed, "generator", expected.confirmed);
  commonQualys(c, st, expected);
  return c.problems;
}

/** ASSET_DATA_REPORT: hosts and not-fixed TYPE Vuln findings. */
export function checkAsset(st, base, expected) {
  const c = checker();
  const records = st.inputs?.[0]?.records;
  const confirmed = sum(st.risk?.severities?.confirmed ?? []);
  c.same("hosts", "scantriage", records, "baseline", base.hosts);
  c.same("hosts", "baseline", base.hosts, "generator", expected.records);
  c.same("confirmed findings (not Fixed)", "scantriage", confirmed, "baseline", base.confirmedActive);
  c.same("confirmed findings (not Fixed)", "baseline", base.confirmedActive, "generator", expected.confirmed);
  commonQualys(c, st, expected);
  return c.problems;
}

/** Scan-log CSV: rows read, rows per raw status, distinct IPs and the newest status of each. */
export function checkCsv(st, base, expected) {
  const c = checker();
  const input = st.inputs?.[0] ?? {};
  c.same("format", "scantriage", input.format, "generator", expected.format);
  c.same("rows", "scantriage", input.records, "baseline", base.rows);
  c.same("rows", "baseline", base.rows, "generator", expected.records);
  c.same("rows per raw status", "baseline", base.byStatus, "generator", expected.rawStatusRows);
  c.same("distinct IPs", "scantriage", st.totals?.ips, "generator", expected.ips);
  c.same("IPs by status (newest row wins)", "scantriage", st.totals?.byStatus, "generator", expected.byStatus);
  return c.problems;
}

function kindTotals(severities) {
  return { Vuln: sum(severities?.confirmed ?? []), Practice: sum(severities?.potential ?? []), Ig: sum(severities?.info ?? []) };
}

/**
 * Scan results as JSON: hosts with results (risk.activeHosts: every host with a finding object),
 * findings by type and confirmed findings by severity against json.load and the generator; the
 * target arithmetic (appendices, exclusions, NoAnswer) against the generator.
 */
export function checkScanJson(st, base, expected) {
  const c = checker();
  c.same("hosts with results", "scantriage", st.risk?.activeHosts, "baseline", base.hosts);
  c.same("hosts with results", "baseline", base.hosts, "generator", expected.hostsWithResults);
  c.same("findings by type", "scantriage", kindTotals(st.risk?.severities), "baseline", base.byType);
  c.same("findings by type", "baseline", base.byType, "generator", expected.findingsByType);
  c.same("confirmed findings by severity", "scantriage", st.risk?.severities?.confirmed, "baseline", base.confirmed);
  c.same("confirmed findings by severity", "baseline", base.confirmed, "generator", expected.severities.confirmed);
  commonQualys(c, st, expected);
  return c.problems;
}

const VULN_STATUS_KEYS = { New: "new", Active: "active", "Re-Opened": "reopened", Fixed: "fixed" };

/** VM report CSV: rows, distinct IPs, not-Fixed confirmed findings by severity and Vuln Status counts. */
export function checkFindingCsv(st, base, expected) {
  const c = checker();
  const input = st.inputs?.[0] ?? {};
  const baseStatuses = { new: 0, active: 0, reopened: 0, fixed: 0 };
  for (const [k, n] of Object.entries(base.vulnStatuses ?? {})) {
    const key = VULN_STATUS_KEYS[k] ?? k;
    baseStatuses[key] = (baseStatuses[key] ?? 0) + n;
  }
  c.same("rows", "scantriage", input.records, "baseline", base.rows);
  c.same("rows", "baseline", base.rows, "generator", expected.records);
  c.same("distinct IPs", "scantriage", st.totals?.ips, "baseline", base.ips);
  c.same("confirmed findings (not Fixed) by severity", "scantriage", st.risk?.severities?.confirmed, "baseline", base.confirmed);
  c.same("confirmed findings (not Fixed) by severity", "baseline", base.confirmed, "generator", expected.severities.confirmed);
  c.same("Vuln Status counts", "scantriage", st.risk?.vulnStatuses, "baseline", baseStatuses);
  c.same("Vuln Status counts", "baseline", baseStatuses, "generator", expected.vulnStatuses);
  commonQualys(c, st, expected);
  return c.problems;
}

const FINDING_CHANGES = ["new", "active", "fixed", "reopened", "removedIg", "notRetested"];

/**
 * `diff ROUND1 ROUND2 --format json` against what the round-2 generator wrote (`expected.diff`):
 * the runs in date order, IPs per change, findings per change, risk before and after, each run's
 * statuses; and the `summarize --format json ROUND1` measured beside it against round 1's counts.
 */
export function checkDiff(diff, summary, before, after) {
  const c = checker();
  const want = after.diff;
  const runs = diff.runs ?? [];
  c.same("run dates (earliest first)", "scantriage diff", runs.map((r) => r.date), "generator", want.dates);
  c.same("IPs per change", "scantriage diff", diff.ips, "generator", want.ips);
  c.same("new IPs not scanned", "scantriage diff", diff.newNotScanned, "generator", want.newNotScanned);
  const findings = diff.findings ? Object.fromEntries(FINDING_CHANGES.map((k) => [k, diff.findings[k]])) : null;
  c.same("findings per change", "scantriage diff", findings, "generator", want.findings);
  c.same("average security risk before / after", "scantriage diff", diff.risk, "generator", want.risk);
  for (const [which, run, expected] of [
    ["earlier run", runs[0], before],
    ["later run", runs[1], after],
  ]) {
    c.same(`IPs in total (${which})`, "scantriage diff", run?.totals?.ips, "generator", expected.ips);
    c.same(`IPs by status (${which})`, "scantriage diff", run?.totals?.byStatus, "generator", expected.byStatus);
  }
  c.same("summarize: scanned hosts", "scantriage summarize", summary.inputs?.[0]?.records, "generator", before.records);
  c.same("summarize: confirmed findings", "scantriage summarize", sum(summary.risk?.severities?.confirmed ?? []), "generator", before.confirmed);
  commonQualys(c, summary, before);
  return c.problems;
}

/**
 * What the written report says, read from the file (no browser needed): the key figures
 * (`data-figure` / `data-value` of each element) and the host table's embedded data
 * (`<script type="application/json" id="hosts-data">`: { statuses: [status, category, responsible,
 * action][], rows: [ip, last ip, count, hostname, status index, risk, detail][] }).
 */
export function readReport(html) {
  const figures = {};
  for (const [tag] of html.matchAll(/<[^>]*\sdata-figure="[^"]*"[^>]*>/g)) {
    const name = /\sdata-figure="([^"]*)"/.exec(tag)[1];
    const value = /\sdata-value="([^"]*)"/.exec(tag)?.[1];
    figures[name] = value === undefined ? undefined : value === "" ? null : Number(value);
  }
  const m = /<script type="application\/json" id="hosts-data">([\s\S]*?)<\/script>/.exec(html);
  let data = null;
  try {
    data = m ? JSON.parse(m[1]) : null;
  } catch {
    data = null;
  }
  return { figures, data };
}

const CATEGORIES = ["Scanned", "Not Scanned", "Skipped"];

/**
 * `report`: the key figures in the file equal `summarize --format json` of the same input; the
 * summary equals the generator's counts (IPs, statuses); the host table's data covers every IP once
 * (its rows' IP counts add up to the total and to each category's); for a scan log, whose IPs are
 * all explicit records, one row per distinct IP.
 */
export function checkReport(report, summary, expected) {
  const c = checker();
  const t = summary.totals ?? {};
  const want = {
    ips: t.ips,
    scanned: t.byCategory?.Scanned,
    notScanned: t.byCategory?.["Not Scanned"],
    skipped: t.byCategory?.Skipped,
    customer: t.byResponsible?.Customer,
    serviceProvider: t.byResponsible?.ServiceProvider,
    averageSecurityRisk: summary.risk?.averageSecurityRisk,
    authFailures: summary.authFailures?.count,
  };
  c.same("key figures (data-figure / data-value)", "the report", report.figures, "summarize --format json", want);
  c.same("IPs in total", "summarize", t.ips, "generator", expected.ips);
  c.same("IPs by status", "summarize", t.byStatus, "generator", expected.byStatus);
  const d = report.data;
  if (!d || !Array.isArray(d.rows) || !Array.isArray(d.statuses)) {
    c.problems.push("the report has no readable host data (<script id=\"hosts-data\">)");
    return c.problems;
  }
  const byCategory = Object.fromEntries(CATEGORIES.map((k) => [k, 0]));
  let ips = 0;
  for (const r of d.rows) {
    ips += r[2];
    const cat = d.statuses[r[4]]?.[1];
    byCategory[cat] = (byCategory[cat] ?? 0) + r[2];
  }
  c.same("IPs in the host table (rows' counts added up)", "the report", ips, "summarize", t.ips);
  c.same("IPs in the host table by category", "the report", byCategory, "summarize", t.byCategory);
  if (expected.format === "scan-log-csv") c.same("host table rows (one per distinct IP of a scan log)", "the report", d.rows.length, "generator", expected.ips);
  return c.problems;
}

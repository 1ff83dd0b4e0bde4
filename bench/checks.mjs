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

/** IPs by status without the statuses no IP has (a group may have no authentication failure at all). */
function nonZero(byStatus) {
  return byStatus ? Object.fromEntries(Object.entries(byStatus).filter(([, n]) => n !== 0)) : byStatus;
}

/** A summary's (or a group's) counts in the generator's terms, for comparing with its expected counts. */
function counted(st) {
  return {
    ips: st?.totals?.ips,
    byStatus: nonZero(st?.totals?.byStatus),
    severities: st?.risk?.severities,
    authFailures: st?.authFailures?.count,
    averageSecurityRisk: st?.risk?.averageSecurityRisk,
  };
}

function expectedCounts(e) {
  return { ips: e.ips, byStatus: nonZero(e.byStatus), severities: e.severities, authFailures: e.authFailures, averageSecurityRisk: e.averageSecurityRisk };
}

/** At most this many per-group mismatches are listed (then how many more). */
const GROUP_PROBLEMS_LISTED = 5;

/**
 * The fleet part: 200 customers' SCAN files (generate-scan-fleet.mjs) summarized (a) with the
 * default --jobs, (b) with --jobs 1 and (c) with --group-by dir; (d) the 1 GB-class SCAN beside them;
 * (e) ElementTree over the 200 files. (a), (b) and (c) must each find the fleet's sums (hosts,
 * confirmed findings, IPs and IPs by status, findings by severity, authentication failures, average
 * risk); (b) must print what (a) prints, byte for byte (the spec's --jobs promise); (c) must have one
 * group per customer folder, each with that customer's counts, adding up to (a)'s totals; (d) must
 * find the 1 GB file's counts and (e) the fleet's hosts and confirmed findings.
 * `files`: [{ file (as given on the command line), expected }], in command-line order.
 */
export function checkFleet(out, fleet, files, bigExpected) {
  const c = checker();
  const e = fleet.expected;
  const whole = (who, st) => {
    const inputs = st.inputs ?? [];
    c.same(`${who}: inputs in the summary`, who, inputs.length, "generator", files.length);
    c.same(`${who}: input paths in order`, who, inputs.map((i) => i.path), "command line", files.map((f) => f.file));
    c.same(`${who}: formats`, who, [...new Set(inputs.map((i) => i.format))], "generator", [e.format]);
    c.same(`${who}: scanned hosts (records of every input)`, who, sum(inputs.map((i) => i.records ?? 0)), "generator", e.records);
    c.same(`${who}: hosts with results`, who, st.risk?.activeHosts, "generator", e.records);
    c.same(`${who}: confirmed findings`, who, sum(st.risk?.severities?.confirmed ?? []), "generator", e.confirmed);
    c.same(`${who}: fleet counts`, who, counted(st), "generator (sums of the customers)", expectedCounts(e));
  };
  whole("summarize (default --jobs)", out.all);
  whole("summarize --jobs 1", out.jobs1);
  whole("summarize --group-by dir", out.byDir);
  if (out.allText !== out.jobs1Text) {
    const a = out.allText.split("\n");
    const b = out.jobs1Text.split("\n");
    const at = a.findIndex((line, i) => line !== b[i]);
    c.problems.push(`--jobs 1 and the default --jobs print different JSON (the spec: identical byte for byte); first difference at line ${at + 1}: ${JSON.stringify(a[at])} vs ${JSON.stringify(b[at])}`);
  }
  c.same("fleet totals", "--group-by dir", out.byDir.totals, "summarize", out.all.totals);
  c.same("fleet risk", "--group-by dir", out.byDir.risk, "summarize", out.all.risk);
  c.same("fleet authentication failures", "--group-by dir", out.byDir.authFailures?.count, "summarize", out.all.authFailures?.count);

  const groups = out.byDir.groups ?? [];
  const folder = (file) => file.slice(0, file.lastIndexOf("/"));
  const byKey = new Map(files.map((f) => [folder(f.file), f]));
  c.same("groups (one per customer folder)", "--group-by dir", groups.length, "generator", files.length);
  c.same("group keys", "--group-by dir", groups.map((g) => g.key).sort(), "customer folders", [...byKey.keys()].sort());
  const groupProblems = [];
  const added = { ips: 0, byStatus: {}, severities: { confirmed: [0, 0, 0, 0, 0], potential: [0, 0, 0, 0, 0], info: [0, 0, 0, 0, 0] }, authFailures: 0 };
  for (const g of groups) {
    const f = byKey.get(g.key);
    const got = counted(g);
    if (f) {
      const want = expectedCounts(f.expected);
      if (canonical(got) !== canonical(want)) groupProblems.push(`group ${g.key}: scantriage says ${canonical(got)}, generator says ${canonical(want)}`);
      if (canonical(g.inputs) !== canonical([f.file])) groupProblems.push(`group ${g.key}: inputs ${canonical(g.inputs)}, expected ${canonical([f.file])}`);
    }
    added.ips += got.ips ?? 0;
    for (const [k, n] of Object.entries(g.totals?.byStatus ?? {})) added.byStatus[k] = (added.byStatus[k] ?? 0) + n;
    for (const kind of Object.keys(added.severities)) (got.severities?.[kind] ?? []).forEach((n, i) => (added.severities[kind][i] += n));
    added.authFailures += got.authFailures ?? 0;
  }
  c.problems.push(...groupProblems.slice(0, GROUP_PROBLEMS_LISTED));
  if (groupProblems.length > GROUP_PROBLEMS_LISTED) c.problems.push(`... and ${groupProblems.length - GROUP_PROBLEMS_LISTED} more group mismatches`);
  const fleetTotals = { ips: out.byDir.totals?.ips, byStatus: nonZero(out.byDir.totals?.byStatus), severities: out.byDir.risk?.severities, authFailures: out.byDir.authFailures?.count };
  c.same("groups added up", "--group-by dir groups", { ...added, byStatus: nonZero(added.byStatus) }, "--group-by dir fleet total", fleetTotals);

  c.same("1 GB SCAN: scanned hosts", "scantriage summarize", out.big.inputs?.[0]?.records, "generator", bigExpected.records);
  c.same("1 GB SCAN: confirmed findings", "scantriage summarize", sum(out.big.risk?.severities?.confirmed ?? []), "generator", bigExpected.confirmed);
  commonQualys(c, out.big, bigExpected);

  c.same("fleet: scanned hosts", "ElementTree", out.base.hosts, "generator", e.records);
  c.same("fleet: confirmed findings", "ElementTree", out.base.confirmed, "generator", e.confirmed);
  return c.problems;
}

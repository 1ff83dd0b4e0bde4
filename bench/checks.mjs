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

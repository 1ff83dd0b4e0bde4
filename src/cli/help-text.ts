/** Examples shown after each command's --help. */
import type { DiffCommand } from "../render/diff/diff-registry.js";
import type { CommandName } from "../render/renderer.js";

const EXAMPLES: Readonly<Record<CommandName | DiffCommand | "report" | "worksheet" | "program", string>> = {
  program: `
Examples:
  $ scantriage summarize results.xml
  $ scantriage hosts scanlog.csv qualys-scan.xml --format csv > hosts.csv
  $ scantriage auth results.xml
  $ scantriage summarize results.xml --max-customer-actions 10 --json > triage.json
  $ scantriage diff last-month.xml this-month.xml

Exit codes: 0 ran and no gate failed; 1 a gate threshold was exceeded; 2 usage error or unreadable input.`,
  summarize: `
Examples:
  $ scantriage summarize results.xml
  $ scantriage summarize page1.xml page2.xml page3.xml      (all pages of a detection list)
  $ scantriage summarize scanlog.csv --json
  $ scantriage summarize results.xml --max-customer-actions 10 --max-average-risk 3.5   (CI gate)`,
  hosts: `
Examples:
  $ scantriage hosts results.xml
  $ scantriage hosts scanlog.csv --format csv > hosts.csv
  $ scantriage hosts big-report.xml.gz --format ndjson | grep NoAnswer
Ranges of targets that were not scanned print as one row in table and markdown output; json, ndjson
and csv print one row per IP.`,
  auth: `
Examples:
  $ scantriage auth results.xml
  $ scantriage auth scanlog.csv --format csv > auth-failures.csv
  $ scantriage auth results.xml --max-auth-failures 0        (fail CI on any authentication failure)`,
  report: `
Examples:
  $ scantriage report results.xml -o report.html
  $ scantriage report round2/*.csv qualys-scan.xml -o customer-report.html --max-not-scanned 0
The file opens offline in any browser and prints on A4.`,
  worksheet: `
Examples:
  $ scantriage worksheet results.xml --responsible Customer -o customer-todo.md
  $ scantriage worksheet scanlog.csv --responsible ServiceProvider --format csv -o our-todo.csv
  $ scantriage worksheet results.xml --responsible Customer --format html -o customer-todo.html`,
  diff: `
Examples:
  $ scantriage diff scan-2026-11.xml scan-2026-12.xml
  $ scantriage diff round1/ round2/            (a directory is one run: all its files together)
  $ scantriage diff before.csv after.csv --format ndjson | grep regressed
  $ scantriage diff before.xml after.xml --max-regressed 0 --max-new-not-scanned 0   (CI gate)
Runs are ordered by the dates they state; the summarize gates apply to the later run.`,
  trend: `
Examples:
  $ scantriage trend round1/ round2/ round3/
  $ scantriage trend scan-*.xml --json
Each run is compared with the one before it; the verdict and the gates are those of the last two.`,
  risk: `
Examples:
  $ scantriage risk report.xml
  $ scantriage risk report.xml --risk-method highest
  $ scantriage risk detections-*.xml --json`,
};

export function commandHelp(name: CommandName | DiffCommand | "report" | "worksheet" | "program"): string {
  return EXAMPLES[name];
}

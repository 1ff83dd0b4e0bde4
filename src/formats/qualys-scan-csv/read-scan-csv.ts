/**
 * Qualys scan results as CSV (VM > Scans > Download). Built from the JSON export's shape and user
 * reports, as no public sample has the whole file (../shared/spec/qualys-exports.md, section 2):
 * title and account lines, a header block (a row of labels, "Launch Date", "Status", "IPs"...,
 * then a row of values), the findings table, and optional appendix rows ("Hosts Not Scanned, Host
 * not alive (IP)", then the IPs in the next cell or on the next row). Blank lines may separate them.
 */
import { parseIp } from "../../net/ip.js";
import { parseTargetList } from "../../net/target-list.js";
import { cleanCell } from "../../parse/csv/cells.js";
import { ScanResults, type ScanHeader } from "../qualys-findings/scan-results.js";
import { SCAN_FINDING_COLUMNS } from "../qualys-finding-csv/finding-columns.js";
import { readFindingCsv, type TableExtras } from "../qualys-finding-csv/read-finding-csv.js";
import { headerKey } from "../scan-log-csv/find-header.js";
import type { ByteChunks, ReaderContext, ReadResult } from "../reader.js";
import { sampleLines, splitLine, CANDIDATE_DELIMITERS } from "../../parse/csv/sniff-delimiter.js";

/** A row of the header block's labels: it names the launch date, or the reference and the status. */
function isHeaderBlockLabels(keys: readonly string[]): boolean {
  return keys.includes("launchdate") || (keys.includes("reference") && keys.includes("status"));
}

/** For detection: one of the first lines is the header block's label row. */
export function scanCsvHeaderBlockIn(text: string, complete: boolean): boolean {
  if (!/launch\s*date|reference/i.test(text)) return false;
  const lines = sampleLines(text, complete);
  return CANDIDATE_DELIMITERS.some((d) => lines.some((l) => isHeaderBlockLabels(splitLine(l, d).map((c) => headerKey(cleanCell(c))))));
}

class ScanCsvParts implements TableExtras {
  private labels: readonly string[] | null = null;
  /** An appendix label whose IPs are on the next row. */
  private pending: { label: string; line: number } | null = null;

  constructor(private readonly scan: ScanResults) {}

  preamble(cells: string[], line: number): void {
    const keys = cells.map((c) => headerKey(cleanCell(c)));
    if (this.labels === null) {
      if (isHeaderBlockLabels(keys)) this.labels = keys;
      return;
    }
    const labels = this.labels;
    this.labels = null;
    const value = (key: string): string | null => {
      const i = labels.indexOf(key);
      const v = i < 0 ? "" : cleanCell(cells[i]);
      return v === "" ? null : v;
    };
    const header: ScanHeader = { status: value("status"), launchDate: value("launchdate"), ips: value("ips"), excludedIps: value("excludedips"), activeHosts: value("activehosts") };
    this.scan.setHeader(header, line);
  }

  other(cells: string[], line: number): boolean {
    const filled = cells.map(cleanCell).filter((c) => c !== "");
    const first = filled[0] ?? "";
    if (this.pending !== null) {
      const joined = filled.join(",");
      const list = parseTargetList(joined);
      const { label } = this.pending;
      this.pending = null;
      if (list.invalid.length === 0 && (list.ranges.length > 0 || list.hostnames.length > 0)) {
        this.scan.addAppendix(label, joined, line);
        return true;
      }
      this.scan.addAppendix(label, "", line);
    }
    // A row that starts with an address is a host row without a QID: the table's to count.
    if (first === "" || parseIp(first) !== null) return false;
    const rest = filled.slice(1).join(",");
    if (rest === "") this.pending = { label: first, line };
    else this.scan.addAppendix(first, rest, line);
    return true;
  }

  time(): number | null {
    return this.scan.time;
  }

  /** An appendix label on the last row, with no IPs after it. */
  end(): void {
    if (this.pending !== null) this.scan.addAppendix(this.pending.label, "", this.pending.line);
    this.pending = null;
  }
}

export async function readScanCsv(chunks: ByteChunks, ctx: ReaderContext): Promise<ReadResult> {
  const scan = new ScanResults(ctx, { targets: "IPs", excluded: "Excluded IPs" });
  const parts = new ScanCsvParts(scan);
  const result = await readFindingCsv(chunks, ctx, { format: "qualys-scan-csv", label: "Qualys scan results CSV", columns: SCAN_FINDING_COLUMNS, monthFirst: true }, parts, scan.hosts);
  parts.end();
  scan.finish();
  return result;
}

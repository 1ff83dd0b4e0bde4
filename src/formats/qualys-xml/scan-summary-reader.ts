/**
 * Qualys SCAN_SUMMARY_OUTPUT (/api/2.0/fo/scan/summary/, /api/2.0/fo/scan/vm/summary/): per scan,
 * the hosts not scanned and why. Each HOST_SUMMARY names a category and lists IPs, ranges, CIDR
 * blocks or names; it is reported as inferred evidence once its SCAN_SUMMARY (whose SCAN_DATE is
 * its time) has closed, so a scanned host in the same scan's results always wins over it.
 */
import { message } from "../../messages/message.js";
import { parseTargetList } from "../../net/target-list.js";
import { statusKey } from "../../taxonomy/aliases.js";
import type { KnownStatus } from "../../taxonomy/statuses.js";
import { cleanText, parseQualysTime } from "./clean-text.js";
import { QualysHandler } from "./qualys-handler.js";
// Priority of an appendix: above a SCAN's TARGET, so the summary's reason replaces the bare "in
// TARGET, no results" of the same scan (same launch time); below its EXCLUDED_TARGET.
import { emitList, PRIORITY_APPENDIX } from "../qualys-findings/scan-targets.js";

/** Category -> status (status-taxonomy.md), keyed like statuses: "Exceeded-Scan Duration" matches. */
const CATEGORY_STATUSES: ReadonlyMap<string, KnownStatus> = new Map([
  ["dead", "NoAnswer"],
  ["unresolved", "NoAnswer"],
  ["excluded", "SkippedAsExcluded"],
  ["duplicate", "SkippedAsSameAs"],
  ["cancelled", "Aborted"],
  ["canceled", "Aborted"],
  ["aborted", "Aborted"],
  ["exceededscanduration", "Aborted"],
  ["blocked", "NoConnection"],
  ["failedslice", "ScanFailure"],
  ["notvuln", "Success"],
  ["notvulnerable", "Success"],
  ["scanned", "Success"],
]);

interface HostSummary {
  readonly category: string;
  readonly line: number;
  text: string;
}

interface OpenScan {
  ref: string | null;
  date: string | null;
  readonly entries: HostSummary[];
}

export class ScanSummaryReader extends QualysHandler {
  private scan: OpenScan | null = null;
  private entry: HostSummary | null = null;
  /** HOST_SUMMARY elements reported (the others are skipped): records = classified + skipped. */
  override classified = 0;

  protected open(name: string, attrs: Record<string, string>, line: number): boolean {
    const parent = this.at(1);
    if (name === "SCAN_SUMMARY" && parent === "SCAN_SUMMARY_LIST") {
      this.scan = { ref: null, date: null, entries: [] };
      return false;
    }
    if (!this.scan || parent !== "SCAN_SUMMARY") return false;
    if (name === "HOST_SUMMARY") {
      this.entry = { category: (attrs.category ?? "").trim(), line, text: "" };
      return true;
    }
    return name === "SCAN_REF" || name === "SCAN_DATE";
  }

  protected text(name: string, text: string): void {
    if (!this.scan) return;
    if (name === "HOST_SUMMARY" && this.entry) this.entry.text = text;
    else if (name === "SCAN_REF") this.scan.ref = cleanText(text);
    else if (name === "SCAN_DATE") this.scan.date = text;
  }

  protected close(name: string): void {
    if (name === "HOST_SUMMARY" && this.entry && this.scan) {
      this.records++;
      this.scan.entries.push(this.entry);
      this.entry = null;
    } else if (name === "SCAN_SUMMARY" && this.scan && this.at(1) === "SCAN_SUMMARY_LIST") {
      this.report(this.scan);
      this.scan = null;
    }
  }

  /** One scan's entries, with its SCAN_DATE (elements may come in any order inside SCAN_SUMMARY). */
  private report(scan: OpenScan): void {
    const { sink, input } = this.ctx;
    const time = parseQualysTime(scan.date);
    const ref = scan.ref ? ` (${scan.ref})` : "";
    for (const { category, line, text } of scan.entries) {
      const list = parseTargetList(text);
      if (list.ranges.length === 0 && list.hostnames.length === 0) {
        sink.skip(line, message("qualys.hostWithoutAddress", { value: cleanText(text) ?? "" }));
        continue;
      }
      this.classified++;
      // An unknown category stays as written: the taxonomy lists it as unrecognised.
      const rawStatus = CATEGORY_STATUSES.get(statusKey(category)) ?? category;
      emitList(sink, list, rawStatus, `scan summary: category "${category}"${ref}`, PRIORITY_APPENDIX, { input, line, time });
    }
  }

  finish(): void {
    // Every SCAN_SUMMARY closed before the document did: nothing is held back.
  }
}

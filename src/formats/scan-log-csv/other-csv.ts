/**
 * CSV files that are recognisably something other than a scan log, refused with what they are
 * and what to use instead rather than "not a scan log". The finding exports with an IP column are
 * read by their own formats (formats/input-formats.ts); these are the rest.
 */
import { cleanCell } from "../../parse/csv/cells.js";
import { headerKey } from "./find-header.js";

interface OtherCsv {
  /** The header row's keys (headerKey of each cell) name this document. */
  readonly test: (keys: ReadonlySet<string>) => boolean;
  readonly what: string;
}

const OTHER_CSV: readonly OtherCsv[] = [
  {
    // QIDs with their descriptions and no host: the KnowledgeBase, not a scan.
    test: (k) => k.has("qid") && !k.has("ip") && ["diagnosis", "consequence", "vendorreference", "bugtraqid", "patchable"].some((t) => k.has(t)) && !k.has("assetipv4"),
    what: "a Qualys KnowledgeBase export (vulnerability descriptions, no hosts), not scan results: download the scan results (XML, JSON or CSV) or a VM report instead",
  },
  {
    // QID and title columns: its RESULT or Status column describes a finding, never a scan status.
    test: (k) => k.has("qid") && ["title", "vulntitle", "vulnerabilitytitle", "vulnerability", "vulnerabilityname"].some((t) => k.has(t)),
    what:
      "a Qualys finding export (its header names QID and title columns), but with no IP column this tool knows " +
      "(IP, Asset IPV4, Asset IPV6): export the report with the IP column, or use the scan results (XML, JSON or CSV)",
  },
  {
    test: (k) => k.has("action") && k.has("module") && (k.has("username") || k.has("userrole")),
    what: "a Qualys activity log (who did what in the subscription), not scan results: download the scan results (XML, JSON or CSV) instead",
  },
];

/** What a header row is, when it is one of the known other documents. */
export function otherCsv(cells: readonly string[]): string | null {
  const keys = new Set(cells.map((c) => headerKey(cleanCell(c))));
  return OTHER_CSV.find((o) => o.test(keys))?.what ?? null;
}

/**
 * The header of each Qualys finding CSV (../shared/spec/qualys-exports.md, sections 2-5): which
 * column holds which field, compared on header keys (case, spaces and `_ - . ( )` ignored). A header row is
 * the format's when it names every required field; detection and the reader use the same test.
 */
import { headerKey } from "../scan-log-csv/find-header.js";
import { cleanCell } from "../../parse/csv/cells.js";
import { sampleLines, sniffDelimiter } from "../../parse/csv/sniff-delimiter.js";

export const FINDING_FIELDS = ["ip", "ipv6", "hostname", "os", "qid", "title", "type", "severity", "vulnStatus", "time", "port", "protocol", "results"] as const;
export type FindingField = (typeof FINDING_FIELDS)[number];

export interface FindingColumns {
  /** Column names per field, in order of preference (hostname: the first non-empty of DNS, NetBIOS...). */
  readonly keys: Readonly<Partial<Record<FindingField, readonly string[]>>>;
  /** Each entry: at least one of these fields must have a column. */
  readonly required: readonly (readonly FindingField[])[];
}

/** Where each field is: column indexes in order of preference. */
export type FindingLayout = Readonly<Partial<Record<FindingField, readonly number[]>>> & { readonly width: number };

export const REPORT_COLUMNS = {
  keys: {
    ip: ["IP"],
    hostname: ["DNS", "NetBIOS", "FQDN"],
    os: ["OS"],
    qid: ["QID"],
    title: ["Title"],
    type: ["Type"],
    severity: ["Severity"],
    vulnStatus: ["Vuln Status"],
    time: ["Last Detected"],
    port: ["Port"],
    protocol: ["Protocol"],
    results: ["Results", "Result"],
  },
  required: [["ip"], ["qid"], ["title"]],
} as const satisfies FindingColumns;

export const VMDR_COLUMNS = {
  keys: {
    ip: ["Asset IPV4"],
    ipv6: ["Asset IPV6"],
    hostname: ["Asset Name"],
    os: ["Operating System"],
    qid: ["QID"],
    title: ["Title"],
    type: ["Type Detected"],
    severity: ["Severity"],
    vulnStatus: ["Status"],
    time: ["Last Detected"],
    port: ["Port"],
    protocol: ["Protocol"],
    results: ["Results", "Result"],
  },
  required: [["ip", "ipv6"], ["qid"], ["title"]],
} as const satisfies FindingColumns;

/** TYPE is a kind; SEVERITY a word (Low, Medium...), the level is Q_SEVERITY; RESULT is evidence (read for the breakdown QIDs only). */
export const PCI_COLUMNS = {
  keys: {
    ip: ["IP"],
    hostname: ["HOSTNAME"],
    os: ["Operating System"],
    qid: ["QID"],
    title: ["VULN TITLE"],
    type: ["Type"],
    severity: ["Q_SEVERITY"],
    time: ["LAST SCAN"],
    port: ["PORT"],
    protocol: ["PROTOCOL"],
    results: ["RESULT", "RESULTS"],
  },
  required: [["ip"], ["qid"], ["title"]],
} as const satisfies FindingColumns;

/** The findings table of the scan results CSV: the VM report's columns without a status or time (its time is the header block's launch date). */
const { vulnStatus: _vulnStatus, time: _time, ...SCAN_KEYS } = REPORT_COLUMNS.keys;
export const SCAN_FINDING_COLUMNS = { keys: SCAN_KEYS, required: REPORT_COLUMNS.required } as const satisfies FindingColumns;

/** The layout, when these cells are a header row naming every required field. */
export function matchFindingHeader(cells: readonly string[], columns: FindingColumns): FindingLayout | null {
  const positions = new Map<string, number>();
  cells.forEach((c, i) => {
    const k = headerKey(cleanCell(c));
    if (!positions.has(k)) positions.set(k, i);
  });
  const layout: Partial<Record<FindingField, number[]>> = {};
  for (const field of FINDING_FIELDS) {
    const found = (columns.keys[field] ?? []).flatMap((name) => {
      const at = positions.get(headerKey(name));
      return at === undefined ? [] : [at];
    });
    if (found.length > 0) layout[field] = found;
  }
  if (!columns.required.every((anyOf) => anyOf.some((f) => layout[f] !== undefined))) return null;
  return { ...layout, width: cells.length };
}

/** For delimiter sniffing: how many fields the header names, or null when it is not this format's. */
export function findingHeaderScore(columns: FindingColumns): (cells: readonly string[]) => number | null {
  return (cells) => {
    const layout = matchFindingHeader(cells, columns);
    return layout ? FINDING_FIELDS.filter((f) => layout[f] !== undefined).length : null;
  };
}

/** Whether one of the first lines of a CSV text is this format's header (for detection). */
export function findingHeaderIn(text: string, complete: boolean, columns: FindingColumns): boolean {
  // Every finding export names a QID column: without one, no need to split a line (a scan log).
  if (!/qid/i.test(text)) return false;
  return sniffDelimiter(sampleLines(text, complete), findingHeaderScore(columns)) !== null;
}

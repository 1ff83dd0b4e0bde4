/**
 * Columns are found by header synonyms (../shared/spec/scan-log-csv.md), compared on a key that
 * ignores case, spaces, `_ - . ( )` and a stray byte order mark.
 */
import { cleanCell } from "../../parse/csv/cells.js";

export const CSV_FIELDS = [
  "target",
  "status",
  "hostname",
  "os",
  "time",
  "duration",
  "job",
  "appliance",
  "credential",
  "message",
  "openPorts",
  "category",
  "responsible",
  "action",
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export const HEADER_SYNONYMS = {
  target: ["ip", "ip address", "ipaddress", "target ip", "target", "address", "endpoint", "host ip", "device ip", "source"],
  status: ["status", "scan status", "scanstatus", "result", "scan result", "state"],
  hostname: ["host name", "hostname", "name", "device name", "computer name", "dns name", "fqdn"],
  os: ["guessed os", "os", "operating system", "device type"],
  time: ["time", "start time", "started", "last scanned", "scan date", "timestamp"],
  duration: ["duration", "scan duration", "elapsed"],
  job: ["job name", "scan job", "job"],
  appliance: ["appliance", "appliance name", "scanner"],
  credential: ["credential", "credential used", "keychain"],
  message: ["scan info", "log description", "message", "error", "details", "additional info"],
  openPorts: ["target ip open ports", "open ports", "ports"],
  category: ["category"],
  responsible: ["action required by"],
  action: ["action"],
} as const satisfies Record<CsvField, readonly string[]>;

export function headerKey(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.()\uFEFF]+/g, "");
}

const FIELD_BY_KEY: ReadonlyMap<string, CsvField> = new Map(
  CSV_FIELDS.flatMap((field) => HEADER_SYNONYMS[field].map((synonym) => [headerKey(synonym), field] as const)),
);

export function fieldForHeader(text: string): CsvField | null {
  return FIELD_BY_KEY.get(headerKey(text)) ?? null;
}

/** Where each field is, and what the other columns are called (for the observation's `extra`). */
export interface HeaderLayout {
  /** Column index of each recognised field (the first such column when a field repeats). */
  readonly fields: Readonly<Partial<Record<CsvField, number>>>;
  /** For every column: the key it goes under in `extra`, or null when it is a field read otherwise. */
  readonly extraKeys: readonly (string | null)[];
  readonly width: number;
}

/** Fields that are not read into their own property of the observation, but kept in `extra`. */
const EXTRA_FIELDS: ReadonlySet<CsvField> = new Set(["job", "appliance", "credential", "duration", "openPorts"]);

/** The layout, if these cells are a header row (they name a target and a status column). */
export function matchHeader(cells: readonly string[]): HeaderLayout | null {
  const fields: Partial<Record<CsvField, number>> = {};
  const extraKeys: (string | null)[] = [];
  const used = new Set<string>();
  cells.forEach((raw, index) => {
    const name = cleanCell(raw);
    const field = fieldForHeader(name);
    if (field !== null && fields[field] === undefined) {
      fields[field] = index;
      extraKeys.push(EXTRA_FIELDS.has(field) ? field : null);
    } else {
      // Unrecognised (or a repeated field): pass through under the header text, made unique.
      let key = name === "" ? `column ${index + 1}` : name;
      if (used.has(key)) key = `${key} (column ${index + 1})`;
      extraKeys.push(key);
    }
    const last = extraKeys[extraKeys.length - 1];
    if (last) used.add(last);
  });
  if (fields.target === undefined || fields.status === undefined) return null;
  return { fields, extraKeys, width: cells.length };
}

/** For delimiter sniffing: how many fields a scan-log header names, or null when the cells are not one. */
export function scanLogHeaderScore(cells: readonly string[]): number | null {
  const layout = matchHeader(cells);
  return layout ? Object.keys(layout.fields).length : null;
}

/** The key for a cell beyond the header's width. */
export function overflowKey(index: number): string {
  return `column ${index + 1}`;
}

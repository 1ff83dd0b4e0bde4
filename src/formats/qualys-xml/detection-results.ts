/**
 * The result text of QID 45017 (Operating System Detected) and QIDs 82023 / 82004 (Open TCP / UDP
 * Services List), as every Qualys format carries it (XML RESULT / RESULTS, JSON `results`, CSV
 * `Results` / `RESULT`): a tab-separated table whose first row is a header, e.g.
 *
 *     Operating System	Technique	ID
 *     Windows Server 2019 Standard 1809	TCP/IP Fingerprint	U3847:3389
 *
 *     Port	IANA Assigned Ports/Services	Description	Service Detected	OS On Redirected Port
 *     22	ssh	SSH Remote Login Protocol	ssh
 *
 * Read leniently: a single line with no header, tabs lost to runs of spaces, CR line ends, blank
 * lines, entities left in CDATA. Anything that is not such a table gives nothing, never an error.
 * Every host of a scan has these texts, so they are walked by index and only the cells wanted are
 * cut out: splitting each into lines and cells made reading the 1 GB bench scan results JSON about
 * a fifth slower.
 */
import { decodeEntitiesAgain } from "./clean-text.js";

/** Beyond these lengths a name is damage or hostile: cut (a breakdown label, not evidence). */
const MAX_OS_LENGTH = 200;
const MAX_SERVICE_LENGTH = 64;

export interface ServiceRow {
  readonly port: number;
  readonly service: string;
}

const CR = 13;
const SPACE = 32;

/** Calls `line(start, end)` for each line of the text that is not blank, CR line ends dropped; stops when it returns false. */
function eachLine(text: string, line: (start: number, end: number) => boolean): void {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf("\n", from);
    if (end < 0) end = text.length;
    const start = from;
    from = end + 1;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    let i = start;
    while (i < end && text.charCodeAt(i) <= SPACE) i++;
    if (i < end && !line(start, end)) return;
  }
}

/** Where the cell after the tab at or after `from` ends: the next tab before `end`, else `end`. */
function cellEnd(text: string, from: number, end: number): number {
  const tab = text.indexOf("\t", from);
  return tab < 0 || tab > end ? end : tab;
}

/** A cell of a row with no tab: tabs lost in a copy leave runs of 2+ spaces between cells. */
function spacedCell(line: string, index: number): string {
  return line.trim().split(/ {2,}/)[index] ?? "";
}

/** Cut to `max` characters without ending on half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** White space other than single spaces: collapsed by clean(). */
const ODD_SPACE = /\s\s|[^\S ]/;

function clean(cell: string, max: number): string {
  const t = decodeEntitiesAgain(cell.trim());
  return cut(ODD_SPACE.test(t) ? t.replace(/\s+/g, " ").trim() : t, max);
}

const OS_HEADER = /^operating\s*system(\s|$)/i;
const OS_LABEL = /^operating\s*system\s*[:=]\s*(.+)$/i;

/**
 * The operating system of QID 45017's result: the first cell of its first row (later rows are other
 * techniques' opinions, often less precise). Null when the text names none.
 */
export function parseOsResult(text: string): string | null {
  let os: string | null = null;
  let first = true;
  eachLine(text, (start, end) => {
    const isFirst = first;
    first = false;
    let i = start;
    while (text.charCodeAt(i) <= SPACE) i++;
    // A header or a label starts with "O" (saves the regular expressions on every row).
    if ((text.charCodeAt(i) | 0x20) === 0x6f) {
      const line = text.slice(i, end).trim();
      const labelled = OS_LABEL.exec(line);
      if (labelled) {
        os = clean(labelled[1] ?? "", MAX_OS_LENGTH) || null;
        return false;
      }
      if (isFirst && OS_HEADER.test(line)) return true;
    }
    const tab = text.indexOf("\t", start);
    const cell = tab >= 0 && tab < end ? text.slice(start, tab) : spacedCell(text.slice(start, end), 0);
    const name = clean(cell, MAX_OS_LENGTH);
    if (name !== "") os = name;
    return os === null;
  });
  return os;
}

const UNKNOWN = /^(unknown|-+|n\/?a)?$/i;
/** The UDP table says "echo udp", "rpc udp": the protocol is known already. */
const PROTOCOL_SUFFIX = /\s+(tcp|udp)$/i;

/** A service cell as a name: cleaned, a protocol suffix dropped; "" for none ("unknown", "-", empty). */
export function serviceName(cell: string): string {
  const name = clean(cell, MAX_SERVICE_LENGTH).replace(PROTOCOL_SUFFIX, "");
  return UNKNOWN.test(name) ? "" : name;
}

/** The port a row starts with (blanks around it allowed), or -1. */
function portAt(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  let port = 0;
  let digits = 0;
  for (; i < end; i++, digits++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    port = port * 10 + d;
  }
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return digits > 0 && digits <= 5 && i === end && port <= 65535 ? port : -1;
}

interface ServiceColumns {
  readonly port: number;
  readonly iana: number;
  readonly detected: number;
}

/** Port, IANA Assigned Ports/Services, Description, Service Detected: the order Qualys writes. */
const USUAL_COLUMNS: ServiceColumns = { port: 0, iana: 1, detected: 3 };
const USUAL_HEADER = "Port\tIANA Assigned Ports/Services\tDescription\tService Detected";

/** Where the columns are, from a header row; the usual order for what it does not name. */
function serviceColumns(header: string): ServiceColumns {
  if (header.startsWith(USUAL_HEADER)) return USUAL_COLUMNS;
  const names = header.includes("\t") ? header.split("\t") : header.trim().split(/ {2,}/);
  const find = (re: RegExp, fallback: number): number => {
    const at = names.findIndex((c) => re.test(c.trim()));
    return at < 0 ? fallback : at;
  };
  const found = { port: find(/^port$/i, 0), iana: find(/iana|assigned/i, 1), detected: find(/detected/i, 3) };
  return found.port === 0 && found.iana === 1 && found.detected === 3 ? USUAL_COLUMNS : found;
}

/** The cells of a row that the columns name: [port, iana, detected] as text. */
function rowCells(text: string, start: number, end: number, at: ServiceColumns): [number, string, string] | null {
  const wanted = Math.max(at.port, at.iana, at.detected);
  const cells: string[] = [];
  const line = text.slice(start, end);
  if (line.indexOf("\t") < 0) {
    const spaced = line.trim().split(/ {2,}/);
    for (let i = 0; i <= wanted; i++) cells.push(spaced[i] ?? "");
  } else {
    let from = start;
    for (let i = 0; i <= wanted; i++) {
      if (from > end) cells.push("");
      else {
        const stop = cellEnd(text, from, end);
        cells.push(text.slice(from, stop));
        from = stop + 1;
      }
    }
  }
  const portText = cells[at.port] ?? "";
  const port = portAt(portText, 0, portText.length);
  return port < 0 ? null : [port, cells[at.iana] ?? "", cells[at.detected] ?? ""];
}

/**
 * The rows of an 82023 / 82004 table, at most `max`, in table order (Qualys lists ports in
 * ascending order, so a cap keeps the well-known ones). The service is what the scanner detected;
 * where it detected none ("unknown", empty), the IANA name of the port; else "unknown". `name` is
 * serviceName() or a memo of it: the same few cells repeat on every host.
 */
export function parseServicesResult(text: string, max: number, name: (cell: string) => string = serviceName): ServiceRow[] {
  const rows: ServiceRow[] = [];
  let at: ServiceColumns | null = null;
  eachLine(text, (start, end) => {
    if (at === null) {
      const tabbed = text.slice(start, cellEnd(text, start, end));
      const firstCell = tabbed.includes("  ") ? spacedCell(tabbed, 0) : tabbed;
      const header = portAt(firstCell, 0, firstCell.length) < 0;
      at = header ? serviceColumns(text.slice(start, end)) : USUAL_COLUMNS;
      if (header) return true;
    }
    let row: ServiceRow | null = null;
    const tab = text.indexOf("\t", start);
    if (at === USUAL_COLUMNS && tab >= 0 && tab < end) {
      // The usual layout: port, IANA name, description, detected service (the common case, by index).
      const port = portAt(text, start, tab);
      if (port >= 0) {
        const ianaEnd = cellEnd(text, tab + 1, end);
        const descriptionEnd = ianaEnd < end ? cellEnd(text, ianaEnd + 1, end) : end;
        const detected = descriptionEnd < end ? name(text.slice(descriptionEnd + 1, cellEnd(text, descriptionEnd + 1, end))) : "";
        row = { port, service: detected || name(text.slice(tab + 1, ianaEnd)) || "unknown" };
      }
    } else {
      const cells = rowCells(text, start, end, at);
      if (cells !== null) row = { port: cells[0], service: name(cells[2]) || name(cells[1]) || "unknown" };
    }
    if (row !== null) rows.push(row);
    return rows.length < max;
  });
  return rows;
}

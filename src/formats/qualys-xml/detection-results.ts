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
 */
import { decodeEntitiesAgain } from "./clean-text.js";

/** Beyond these lengths a name is damage or hostile: cut (a breakdown label, not evidence). */
const MAX_OS_LENGTH = 200;
const MAX_SERVICE_LENGTH = 64;

export interface ServiceRow {
  readonly port: number;
  readonly service: string;
}

/** The non-blank lines of a text, without splitting it all at once (result texts can be long). */
function* lines(text: string): Generator<string> {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf("\n", from);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(from, end - 1) : text.slice(from, end);
    from = end + 1;
    if (line.trim() !== "") yield line;
  }
}

/** Cells of a table row: tab-separated, or (tabs lost in a copy) separated by runs of 2+ spaces. */
function cells(line: string): string[] {
  return line.includes("\t") ? line.split("\t") : line.trim().split(/ {2,}/);
}

/** Cut to `max` characters without ending on half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** White space other than single spaces: collapsed by clean(). */
const ODD_SPACE = /\s\s|[^\S ]/;

function clean(cell: string | undefined, max: number): string {
  const t = decodeEntitiesAgain((cell ?? "").trim());
  return cut(ODD_SPACE.test(t) ? t.replace(/\s+/g, " ").trim() : t, max);
}

const OS_HEADER = /^operating\s*system(\s|$)/i;
const OS_LABEL = /^operating\s*system\s*[:=]\s*(.+)$/i;

/**
 * The operating system of QID 45017's result: the first cell of its first row (later rows are other
 * techniques' opinions, often less precise). Null when the text names none.
 */
export function parseOsResult(text: string): string | null {
  let first = true;
  for (const line of lines(text)) {
    const trimmed = line.trim();
    const labelled = OS_LABEL.exec(trimmed);
    if (labelled) return clean(labelled[1], MAX_OS_LENGTH) || null;
    if (first && OS_HEADER.test(trimmed)) {
      first = false;
      continue;
    }
    first = false;
    const os = clean(cells(line)[0], MAX_OS_LENGTH);
    if (os !== "") return os;
  }
  return null;
}

const PORT = /^\d{1,5}$/;
const UNKNOWN = /^(unknown|-+|n\/?a)?$/i;
/** The UDP table says "echo udp", "rpc udp": the protocol is known already. */
const PROTOCOL_SUFFIX = /\s+(tcp|udp)$/i;

interface ServiceColumns {
  readonly port: number;
  readonly iana: number;
  readonly detected: number;
}

/** Port, IANA Assigned Ports/Services, Description, Service Detected: the order Qualys writes. */
const USUAL_COLUMNS: ServiceColumns = { port: 0, iana: 1, detected: 3 };

/** Where the columns are: from the header row when there is one, else the usual order. */
function serviceColumns(header: readonly string[] | null): ServiceColumns {
  const find = (re: RegExp, fallback: number): number => {
    const at = header?.findIndex((c) => re.test(c.trim())) ?? -1;
    return at < 0 ? fallback : at;
  };
  const found = { port: find(/^port$/i, 0), iana: find(/iana|assigned/i, 1), detected: find(/detected/i, 3) };
  return found.port === 0 && found.iana === 1 && found.detected === 3 ? USUAL_COLUMNS : found;
}

/** One row of a services table; null when it names no port. */
function serviceRow(line: string, at: ServiceColumns): ServiceRow | null {
  const row = cells(line);
  const portText = (row[at.port] ?? "").trim();
  const port = PORT.test(portText) ? Number(portText) : NaN;
  if (!(port <= 65535)) return null;
  const detected = clean(row[at.detected], MAX_SERVICE_LENGTH).replace(PROTOCOL_SUFFIX, "");
  const iana = clean(row[at.iana], MAX_SERVICE_LENGTH);
  return { port, service: !UNKNOWN.test(detected) ? detected : !UNKNOWN.test(iana) ? iana : "unknown" };
}

/** A row of a table in the usual column order: what ServiceRowMemo remembers (rows repeat from host to host). */
export function usualServiceRow(line: string): ServiceRow | null {
  return serviceRow(line, USUAL_COLUMNS);
}

/** Remembers usualServiceRow() of the lines it has seen (lib/bounded-memo.ts). */
export interface ServiceRowMemo {
  get(line: string): ServiceRow | null;
}

/**
 * The rows of an 82023 / 82004 table, at most `max`, in table order (Qualys lists ports in
 * ascending order, so a cap keeps the well-known ones). The service is what the scanner detected;
 * where it detected none ("unknown", empty), the IANA name of the port; else "unknown".
 */
export function parseServicesResult(text: string, max: number, memo?: ServiceRowMemo): ServiceRow[] {
  const rows: ServiceRow[] = [];
  let at: ServiceColumns | null = null;
  for (const line of lines(text)) {
    if (rows.length >= max) break;
    if (at === null) {
      const first = cells(line);
      const isHeader = !PORT.test((first[0] ?? "").trim());
      at = serviceColumns(isHeader ? first : null);
      if (isHeader) continue;
    }
    const row = at === USUAL_COLUMNS && memo ? memo.get(line) : serviceRow(line, at);
    if (row !== null) rows.push(row);
  }
  return rows;
}

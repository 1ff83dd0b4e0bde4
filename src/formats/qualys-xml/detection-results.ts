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

function lines(text: string): string[] {
  return text.split(/\r\n?|\n/).filter((l) => l.trim() !== "");
}

/** Cells of a table row: tab-separated, or (tabs lost in a copy) separated by runs of 2+ spaces. */
function cells(line: string): string[] {
  return (line.includes("\t") ? line.split("\t") : line.trim().split(/ {2,}/)).map((c) => c.trim());
}

/** Cut to `max` characters without ending on half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function clean(cell: string | undefined, max: number): string {
  return cut(decodeEntitiesAgain(cell ?? "").replace(/\s+/g, " ").trim(), max);
}

const OS_HEADER = /^operating\s*system(\s|$)/i;
const OS_LABEL = /^operating\s*system\s*[:=]\s*(.+)$/i;

/**
 * The operating system of QID 45017's result: the first cell of its first row (later rows are other
 * techniques' opinions, often less precise). Null when the text names none.
 */
export function parseOsResult(text: string): string | null {
  for (const [i, line] of lines(text).entries()) {
    const labelled = OS_LABEL.exec(line.trim());
    if (labelled) return clean(labelled[1], MAX_OS_LENGTH) || null;
    if (i === 0 && OS_HEADER.test(line.trim())) continue;
    const os = clean(cells(line)[0], MAX_OS_LENGTH);
    if (os !== "") return os;
  }
  return null;
}

const PORT = /^\d{1,5}$/;
const UNKNOWN = /^(unknown|-+|n\/?a)?$/i;
/** The UDP table says "echo udp", "rpc udp": the protocol is known already. */
const PROTOCOL_SUFFIX = /\s+(tcp|udp)$/i;

/** Where the columns are: from the header row when there is one, else the documented order. */
function serviceColumns(header: readonly string[] | null): { port: number; iana: number; detected: number } {
  const find = (re: RegExp, fallback: number): number => {
    const at = header?.findIndex((c) => re.test(c)) ?? -1;
    return at < 0 ? fallback : at;
  };
  return { port: find(/^port$/i, 0), iana: find(/iana|assigned/i, 1), detected: find(/detected/i, 3) };
}

/**
 * The rows of an 82023 / 82004 table, at most `max`, in table order (Qualys lists ports in
 * ascending order, so a cap keeps the well-known ones). The service is what the scanner detected;
 * where it detected none ("unknown", empty), the IANA name of the port; else "unknown".
 */
export function parseServicesResult(text: string, max: number): ServiceRow[] {
  const all = lines(text);
  const first = all[0] === undefined ? null : cells(all[0]);
  const header = first !== null && !PORT.test(first[0] ?? "") ? first : null;
  const at = serviceColumns(header);
  const rows: ServiceRow[] = [];
  for (const line of header ? all.slice(1) : all) {
    if (rows.length >= max) break;
    const row = cells(line);
    const portText = row[at.port] ?? "";
    const port = PORT.test(portText) ? Number(portText) : NaN;
    if (!(port <= 65535)) continue;
    const detected = clean(row[at.detected], MAX_SERVICE_LENGTH).replace(PROTOCOL_SUFFIX, "");
    const iana = clean(row[at.iana], MAX_SERVICE_LENGTH);
    const service = !UNKNOWN.test(detected) ? detected : !UNKNOWN.test(iana) ? iana : "unknown";
    rows.push({ port, service });
  }
  return rows;
}

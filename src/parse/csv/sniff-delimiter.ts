/**
 * Which delimiter a scan log uses. An Excel `sep=X` first line says so outright; otherwise the
 * delimiter is the one that splits some early line into a recognisable header. Counting delimiter
 * characters alone is fooled by free-text messages full of commas, and by title lines.
 */
import { isFindingExportHeader, matchHeader } from "../../formats/scan-log-csv/find-header.js";

export const CANDIDATE_DELIMITERS = [",", ";", "\t", "|"] as const;

/** How far down the header may be: the first 50 non-empty rows. */
export const HEADER_SEARCH_ROWS = 50;

export interface SepLine {
  readonly delimiter: string;
  /** Characters to drop from the text, line break included. */
  readonly length: number;
}

const SEP_LINE = /^"?sep=([^\r\n])"?[ \t]*(\r\n|\r|\n|$)/i;

/** An Excel `sep=;` line at the very start of the text (which must hold the whole first line). */
export function readSepLine(text: string): SepLine | null {
  const m = SEP_LINE.exec(text);
  if (!m?.[1]) return null;
  return { delimiter: m[1], length: m[0].length };
}

/** Split one physical line, honouring double quotes (enough to recognise a header). */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The first non-empty lines of a text sample; a last line cut off by the sample's end is left out. */
export function sampleLines(sample: string, complete: boolean): string[] {
  const lines = sample.split(/\r\n|\r|\n/);
  if (!complete) lines.pop();
  return lines.filter((l) => l.trim() !== "").slice(0, HEADER_SEARCH_ROWS);
}

/**
 * The delimiter under which one of the lines is a header. When several qualify, the one that
 * recognises more columns wins, then the earlier header line, then the order of the candidates.
 */
export function sniffDelimiter(lines: readonly string[]): string | null {
  let best: { delimiter: string; recognised: number; line: number } | null = null;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    for (let i = 0; i < lines.length; i++) {
      const layout = matchHeader(splitLine(lines[i] ?? "", delimiter));
      if (!layout) continue;
      const recognised = Object.keys(layout.fields).length;
      if (!best || recognised > best.recognised || (recognised === best.recognised && i < best.line)) {
        best = { delimiter, recognised, line: i };
      }
      break;
    }
  }
  return best?.delimiter ?? null;
}

/** Whether one of the lines, under some delimiter, is the header of a Qualys finding export. */
export function hasFindingExportHeader(lines: readonly string[]): boolean {
  return CANDIDATE_DELIMITERS.some((delimiter) => lines.some((line) => isFindingExportHeader(splitLine(line, delimiter))));
}

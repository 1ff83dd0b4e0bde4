/**
 * Which delimiter a CSV export uses. An Excel `sep=X` first line says so outright; otherwise the
 * delimiter is the one that splits some early line into a header the format recognises. Counting
 * delimiter characters alone is fooled by free-text messages full of commas, and by title lines.
 * The formats say what a header is (a `HeaderScore`); this file knows nothing of their columns.
 */

/** How many columns of these cells a format recognises as its header, or null when they are not one. */
export type HeaderScore = (cells: readonly string[]) => number | null;

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
export function sniffDelimiter(lines: readonly string[], score: HeaderScore): string | null {
  let best: { delimiter: string; recognised: number; line: number } | null = null;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    for (let i = 0; i < lines.length; i++) {
      const recognised = score(splitLine(lines[i] ?? "", delimiter));
      if (recognised === null) continue;
      if (!best || recognised > best.recognised || (recognised === best.recognised && i < best.line)) {
        best = { delimiter, recognised, line: i };
      }
      break;
    }
  }
  return best?.delimiter ?? null;
}

/**
 * Text from input files is untrusted. Control characters (C0, DEL, C1) would let a hostile
 * hostname or banner move the cursor, recolour the terminal or hide rows; they are shown as
 * visible escapes instead. Spreadsheets run cells that start with = + - @ (and tab / CR) as
 * formulas; CSV cells that do are prefixed with an apostrophe.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f]/g;

function escapeChar(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** C0 but tab and LF, DEL, C1: what safeText escapes. */
function isControl(c: number): boolean {
  return c <= 0x08 || (c >= 0x0b && c <= 0x1f) || (c >= 0x7f && c <= 0x9f);
}

/**
 * Whether a text holds anything to escape (`newlines` too: tab, LF). A loop rather than the regular
 * expression alone: nearly every cell is clean, and `hosts` of a million rows has 20 million cells.
 */
function needsEscape(text: string, newlines: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (newlines || isControl(c)) return true;
    }
  }
  return false;
}

/** For one-line cells (tables): every control character, newlines and tabs included, made visible. */
export function safeCell(text: string): string {
  if (!needsEscape(text, true)) return text;
  return text.replace(CONTROL_OR_NEWLINE, (c) => (c === "\n" || c === "\r" || c === "\t" ? " " : escapeChar(c)));
}

/** For multi-line text: keeps newlines and tabs, escapes the rest. */
export function safeText(text: string): string {
  return needsEscape(text, false) ? text.replace(CONTROL, escapeChar) : text;
}

/** JSON.stringify leaves DEL and C1 controls raw (U+009B is a terminal CSI); escape them too. */
export function safeJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: a cell with a quote, a comma or a line break is quoted. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/** One CSV cell: formula neutralised, controls escaped, quoted when needed (RFC 4180). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  text = safeText(text);
  return needsQuotes(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

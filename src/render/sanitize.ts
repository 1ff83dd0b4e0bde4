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

/** For one-line cells (tables): every control character, newlines and tabs included, made visible. */
export function safeCell(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, (c) => (c === "\n" || c === "\r" || c === "\t" ? " " : escapeChar(c)));
}

/** For multi-line text: keeps newlines and tabs, escapes the rest. */
export function safeText(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/** JSON.stringify leaves DEL and C1 controls raw (U+009B is a terminal CSI); escape them too. */
export function safeJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula neutralised, controls escaped, quoted when needed (RFC 4180). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  text = safeText(text);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text into HTML. Everything from the inputs is untrusted: markup characters become entities, and
 * control characters (which could reach a terminal when the file is `cat`ed) are made visible
 * first by safeCell. Data for the page's script is JSON that cannot end its <script> element.
 */
import { safeCell } from "../sanitize.js";

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** For element text and attribute values (always double-quoted). */
export function esc(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return "";
  return safeCell(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** JSON inside <script type="application/json">: no "</script>", "<!--" or line separators can end or confuse it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

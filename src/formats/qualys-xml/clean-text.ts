/**
 * Qualys text needs a second look: CDATA that still carries entities (`host&apos;s`) and runs of
 * white space around CDATA. Applied to the few short fields we keep (titles, names, OS).
 */
const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

export function decodeEntitiesAgain(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|apos|quot);/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

export function cleanText(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  const t = decodeEntitiesAgain(text.trim()).replace(/\s+/g, " ");
  return t === "" ? null : t;
}

/** Parse a Qualys date-time ("2024-11-18T22:36:07Z"); null when absent or unreadable. */
export function parseQualysTime(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : t;
}

/** Hostnames Qualys prints when it has none. */
export function realHostname(name: string | null | undefined): string | null {
  const n = cleanText(name);
  if (n === null) return null;
  return /^no registered hostname$/i.test(n) || /^n\/?a$/i.test(n) ? null : n;
}

/**
 * IP address parsing and normalisation. IPv4 in dotted decimal (leading zeros are decimal, not
 * octal), IPv6 in any RFC 4291 form printed in RFC 5952 canonical form. A `:port` suffix, brackets
 * and a `%zone` are dropped. Addresses also convert to bigint for range arithmetic.
 */

export interface ParsedIp {
  readonly family: 4 | 6;
  /** Canonical text. */
  readonly text: string;
  readonly value: bigint;
}

/** Dotted decimal, 1-3 digits per octet, by hand: called once per row of a big scan log. */
export function parseIpv4(text: string, start = 0, end = text.length): number | null {
  const n = end - start;
  if (n < 7 || n > 15) return null;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return null;
      octet = octet * 10 + (c - 0x30);
    } else if (c === 0x2e) {
      if (digits === 0 || octet > 255 || ++dots > 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return null;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** Parse the 8 groups of an IPv6 address; an embedded IPv4 tail is allowed. */
export function parseIpv6(text: string): bigint | null {
  if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = head.lastIndexOf(":");
  if (head.includes(".")) {
    const v4 = parseIpv4(head.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    head = head.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const parts = head.split("::");
  if (parts.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === "") return [];
    const groups: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const left = parseGroups(parts[0] ?? "");
  const right = parts.length === 2 ? parseGroups(parts[1] ?? "") : [];
  if (!left || !right) return null;
  const explicit = left.length + right.length + tail.length;
  let groups: number[];
  if (parts.length === 2) {
    if (explicit > 7) return null;
    groups = [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...left, ...tail];
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups compressed to "::". */
export function formatIpv6(value: bigint): string {
  // IPv4-mapped addresses keep the dotted tail (RFC 5952 section 5).
  if (value >> 32n === 0xffffn) return `::ffff:${formatIpv4(Number(value & 0xffffffffn))}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Strip what surrounds an address in real exports: brackets, a `:port` suffix, a `%zone`. */
function stripDecorations(raw: string): string {
  let s = raw.trim();
  // The common case, a bare address, needs none of the regular expressions below: only brackets,
  // a zone, or an IPv4 address with one colon (a port) do.
  const colon = s.indexOf(":");
  const ipv4WithPort = colon >= 0 && colon === s.lastIndexOf(":") && s.includes(".");
  if (s.charCodeAt(0) !== 0x5b && !s.includes("%") && !ipv4WithPort) return s;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1] ?? s;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  const zone = s.indexOf("%");
  if (zone > 0) s = s.slice(0, zone);
  return s;
}

export function parseIp(raw: string): ParsedIp | null {
  const s = stripDecorations(raw);
  const v4 = parseIpv4(s);
  if (v4 !== null) return { family: 4, text: formatIpv4(v4), value: BigInt(v4) };
  if (!s.includes(":")) return null;
  const v6 = parseIpv6(s);
  if (v6 === null) return null;
  return { family: 6, text: formatIpv6(v6), value: v6 };
}

export function formatIp(family: 4 | 6, value: bigint): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6(value);
}

/**
 * A plausible DNS or NetBIOS name (not an address): letters, digits, hyphens, dots, underscores,
 * with at least one letter or underscore, so that a malformed range like "10.0.0.1-300" is not a name.
 */
export function looksLikeHostname(raw: string): boolean {
  const s = raw.trim();
  return s.length > 0 && s.length <= 253 && /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/.test(s) && /[A-Za-z_]/.test(s);
}

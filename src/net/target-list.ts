/**
 * Parses a Qualys target specification ("10.1.10.1-10.1.10.20, 10.2.0.0/24, host.example.com")
 * into address ranges and hostnames. Ranges stay ranges: a /8 is one entry, never 16.7 million.
 */
import { looksLikeHostname, parseIp, parseIpv4 } from "./ip.js";

export interface AddressRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

export interface TargetList {
  readonly ranges: AddressRange[];
  readonly hostnames: string[];
  /** Tokens that are neither address, range, block nor hostname. */
  readonly invalid: string[];
}

const NONE = new Set(["", "n/a", "na", "none", "-"]);

function parseCidr(token: string): AddressRange | null {
  const slash = token.indexOf("/");
  const base = parseIp(token.slice(0, slash));
  const bitsText = token.slice(slash + 1);
  if (!base || !/^\d{1,3}$/.test(bitsText)) return null;
  const width = base.family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > width) return null;
  const hostBits = BigInt(width - bits);
  const start = (base.value >> hostBits) << hostBits;
  return { family: base.family, start, end: start + (1n << hostBits) - 1n };
}

function parseRange(token: string): AddressRange | null {
  const dash = token.indexOf("-");
  const first = parseIp(token.slice(0, dash));
  const lastText = token.slice(dash + 1).trim();
  if (!first) return null;
  let last = parseIp(lastText);
  // Short form "10.0.0.1-20": the last octet only.
  if (!last && first.family === 4 && /^\d{1,3}$/.test(lastText) && Number(lastText) <= 255) {
    const prefix = token.slice(0, dash).trim().split(".").slice(0, 3).join(".");
    const v = parseIpv4(`${prefix}.${lastText}`);
    if (v !== null) last = { family: 4, text: "", value: BigInt(v) };
  }
  if (!last || last.family !== first.family) return null;
  const [start, end] = first.value <= last.value ? [first.value, last.value] : [last.value, first.value];
  return { family: first.family, start, end };
}

export function parseTargetList(text: string): TargetList {
  const result: TargetList = { ranges: [], hostnames: [], invalid: [] };
  // Commas and white space separate entries; " - " around a range dash is joined first.
  const tokens = text.replace(/\s*-\s*/g, "-").split(/[\s,;]+/);
  for (const raw of tokens) {
    const token = raw.trim();
    if (NONE.has(token.toLowerCase())) continue;
    const ip = parseIp(token);
    if (ip) {
      result.ranges.push({ family: ip.family, start: ip.value, end: ip.value });
      continue;
    }
    const range = token.includes("/") ? parseCidr(token) : token.includes("-") && /^[\d.:a-fA-F]+-/.test(token) ? parseRange(token) : null;
    if (range) result.ranges.push(range);
    else if (looksLikeHostname(token)) result.hostnames.push(token);
    else result.invalid.push(token);
  }
  return result;
}

export function rangeSize(r: AddressRange): bigint {
  return r.end - r.start + 1n;
}

/** Is the address inside any of the ranges? (Linear: for one look-up; see rangeIndex for many.) */
export function rangesContain(ranges: readonly AddressRange[], family: 4 | 6, value: bigint): boolean {
  return ranges.some((r) => r.family === family && r.start <= value && value <= r.end);
}

/**
 * Membership test for many look-ups: ranges sorted and merged once, then a binary search. A TARGET
 * key can list thousands of single addresses, checked against every scanned host.
 */
export function rangeIndex(ranges: readonly AddressRange[]): (family: 4 | 6, value: bigint) => boolean {
  const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: AddressRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.family === r.family && r.start <= last.end + 1n) merged[merged.length - 1] = { ...last, end: r.end > last.end ? r.end : last.end };
    else merged.push(r);
  }
  return (family, value) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = merged[mid] as AddressRange;
      if (r.family < family || (r.family === family && r.end < value)) lo = mid + 1;
      else if (r.family > family || r.start > value) hi = mid - 1;
      else return true;
    }
    return false;
  };
}

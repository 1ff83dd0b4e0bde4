/**
 * The per-IP comparison of two runs: the span walk against a brute-force comparison address by
 * address, and the spec's transition table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyChange, compareSpans, IpChangeTally } from "../../src/iterate/compare-ips.js";
import type { IpSpan } from "../../src/iterate/ip-spans.js";
import { Taxonomy } from "../../src/taxonomy/taxonomy.js";

const taxonomy = new Taxonomy();
const v = (status: string) => taxonomy.classify(status);
const STATUSES = ["Success", "NoAnswer", "CredentialFailed", "SkippedAsExcluded", "NoConnection"];

/** Disjoint sorted spans over a small IPv4 space from (gap, length, status) triples. */
function spans(parts: readonly [number, number, number][], family: 4 | 6 = 4): IpSpan[] {
  const out: IpSpan[] = [];
  let at = 0n;
  for (const [gap, len, s] of parts) {
    const start = at + BigInt(gap);
    const end = start + BigInt(len);
    out.push({ family, start, end, verdict: v(STATUSES[s % STATUSES.length] as string), record: null });
    at = end + 1n;
  }
  return out;
}

function expand(list: readonly IpSpan[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of list) for (let x = s.start; x <= s.end; x++) m.set(`${s.family}:${x}`, s.verdict.status);
  return m;
}

const part = fc.tuple(fc.nat(6), fc.nat(8), fc.nat(4));

describe("compareSpans", () => {
  it("property: the same change for every address as a brute-force comparison", () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.array(part, { maxLength: 8 }), fc.array(part, { maxLength: 3 }), (bp, ap, v6) => {
        const before = [...spans(bp), ...spans(v6, 6)];
        const after = spans(ap);
        const b = expand(before);
        const a = expand(after);
        const expected = new Map<string, string>();
        for (const k of new Set([...b.keys(), ...a.keys()])) {
          const bs = b.get(k);
          const as = a.get(k);
          expected.set(k, classifyChange(bs ? v(bs) : null, as ? v(as) : null));
        }
        const got = new Map<string, string>();
        let total = 0;
        for (const d of compareSpans(before, after)) {
          total += d.count;
          const family = d.first.includes(":") ? 6 : 4;
          const first = family === 4 ? BigInt(d.first.split(".").reduce((n, o) => n * 256 + Number(o), 0)) : BigInt(`0x${d.first.replace(/:/g, "") || "0"}`);
          for (let i = 0n; i < BigInt(d.count); i++) got.set(`${family}:${first + i}`, d.change);
        }
        expect(total).toBe(expected.size);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("a /8 against a /8 is a few pieces, not 16 million", () => {
    const big = (status: string): IpSpan[] => [{ family: 4, start: 0x0a000000n, end: 0x0affffffn, verdict: v(status), record: null }];
    const pieces = [...compareSpans(big("NoAnswer"), [...big("NoAnswer").map((s) => ({ ...s, end: 0x0a7fffffn })), { family: 4 as const, start: 0x0a800000n, end: 0x0affffffn, verdict: v("Success"), record: null }])];
    expect(pieces.map((p) => [p.change, p.first, p.last, p.count])).toEqual([
      ["stillOpen", "10.0.0.0", "10.127.255.255", 8388608],
      ["resolved", "10.128.0.0", "10.255.255.255", 8388608],
    ]);
  });
});

describe("the spec's transition table", () => {
  it.each([
    ["NoAnswer", "Success", "resolved"],
    ["Success", "NoAnswer", "regressed"],
    ["NoAnswer", "NoAnswer", "stillOpen"],
    ["NoAnswer", "CredentialFailed", "changed"],
    [null, "NoAnswer", "new"],
    ["Success", null, "gone"],
    ["NoAnswer", "SkippedAsExcluded", "changed"],
    ["SkippedAsExcluded", "Success", "changed"],
    ["Success", "Success", "unchanged"],
  ])("%s -> %s: %s", (b, a, change) => {
    expect(classifyChange(b === null ? null : v(b), a === null ? null : v(a))).toBe(change);
  });

  it("per party: an IP gone from the scope is neither resolved nor open; a new Not Scanned IP is new work", () => {
    const tally = new IpChangeTally();
    const d = (b: string | null, a: string | null, count = 1) => ({
      change: classifyChange(b ? v(b) : null, a ? v(a) : null),
      first: "x",
      last: "x",
      count,
      family: null,
      start: null,
      end: null,
      before: b ? v(b) : null,
      after: a ? v(a) : null,
      beforeRecord: null,
      afterRecord: null,
    });
    tally.add(d("NoAnswer", "Success", 3)); // customer work done
    tally.add(d("NoAnswer", null)); // gone: not done
    tally.add(d(null, "NoConnection", 2)); // new customer work
    tally.add(d("NoAnswer", "NoAnswer", 4)); // still open
    tally.add(d("NoAnswer", "ScanFailure")); // customer's done, provider's new
    expect(tally.parties.Customer).toEqual({ resolved: 4, stillOpen: 4, new: 2 });
    expect(tally.parties.ServiceProvider).toEqual({ resolved: 0, stillOpen: 0, new: 1 });
    expect(tally.counts).toMatchObject({ resolved: 3, gone: 1, new: 2, stillOpen: 4, changed: 1 });
  });
});

/**
 * The event sequence, lines included, must not depend on where the input is split: tags, references,
 * CDATA and comment terminators, byte order marks and multi-byte characters all cross chunk borders.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chunked, ourEvents, prng, randomChunks } from "../fixtures/xml/harness.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/xml");
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".xml"));

describe("chunk-boundary independence", () => {
  it.each(fixtures)("%s in 1-, 3-, 4096-byte and random chunks", (file) => {
    const bytes = readFileSync(join(FIXTURES, file));
    const whole = ourEvents([bytes], { lines: true });
    expect(whole.length).toBeGreaterThan(2);
    for (const size of [1, 2, 3, 4096]) expect(ourEvents(chunked(bytes, size), { lines: true })).toEqual(whole);
    const random = prng(bytes.length);
    for (let n = 0; n < 20; n++) expect(ourEvents(randomChunks(bytes, random, 8), { lines: true })).toEqual(whole);
  });

  it.each(fixtures)("%s with text captured only for some elements", (file) => {
    const bytes = readFileSync(join(FIXTURES, file));
    const capture = (name: string): boolean => name.length % 2 === 0;
    const whole = ourEvents([bytes], { lines: true, capture });
    expect(ourEvents(chunked(bytes, 1), { lines: true, capture })).toEqual(whole);
  });

  it("joins tokens longer than the carry-over head (4 KiB) across large chunks", () => {
    const long = (n: number): string => "abcdefghi\n".repeat(n);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE R [ <!ENTITY e "${long(900)}"> ]>\n<R a="${long(2000).replace(/\n/g, "&#10;")}">
${long(3000)}&amp;<!--${long(1500)}--><![CDATA[${long(2500)}]]><?pi ${long(800)}?><X b='${"é".repeat(5000)}'>${"😀".repeat(3000)}</X></R>`;
    const bytes = Buffer.from(xml);
    const whole = ourEvents([bytes], { lines: true });
    for (const size of [4095, 4096, 4097, 5000, 10_000, 65_536]) {
      expect(ourEvents(chunked(bytes, size), { lines: true })).toEqual(whole);
    }
    const random = prng(7);
    for (let n = 0; n < 30; n++) expect(ourEvents(randomChunks(bytes, random, 20_000), { lines: true })).toEqual(whole);
  });

  it("splits a truncated capture at the same character boundary", () => {
    const bytes = Buffer.from(`<R><T>${"é".repeat(20)}😀${"a".repeat(10)}</T></R>`);
    for (const max of [1, 2, 3, 39, 40, 41, 42, 43, 44, 45]) {
      const whole = ourEvents([bytes], { maxTextBytes: max });
      expect(ourEvents(chunked(bytes, 1), { maxTextBytes: max })).toEqual(whole);
    }
  });
});

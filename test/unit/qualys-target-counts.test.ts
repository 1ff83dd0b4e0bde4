/** Exact counts of possibly overlapping target ranges, as the NBHOST_TOTAL check needs them. */
import { describe, expect, it } from "vitest";
import { parseTargetList } from "../../src/net/target-list.js";
import { countAddresses, countCommonAddresses } from "../../src/formats/qualys-xml/target-counts.js";

const ranges = (text: string) => parseTargetList(text).ranges;

describe("countAddresses", () => {
  it.each([
    ["", 0n],
    ["10.0.0.1", 1n],
    ["10.0.0.0/30, 10.0.0.2", 4n],
    ["10.0.0.1-10.0.0.10, 10.0.0.5-10.0.0.20", 20n],
    ["10.0.0.1-10.0.0.10, 10.0.0.11-10.0.0.20", 20n],
    ["10.0.0.1, 10.0.0.1", 1n],
    ["10.0.0.0/8, 10.1.0.0/16", 16_777_216n],
    ["10.0.0.1, 2001:db8::/126", 5n],
    ["0.0.0.0/0", 4_294_967_296n],
  ])("%s -> %s", (text, n) => {
    expect(countAddresses(ranges(text))).toBe(n);
  });
});

describe("countCommonAddresses", () => {
  it.each([
    ["10.10.8.0/29", "10.10.8.3, 10.10.8.6-10.10.8.7", 3n],
    ["10.10.8.0/29", "10.10.9.1", 0n],
    ["10.0.0.1-10.0.0.5, 10.0.0.20-10.0.0.30", "10.0.0.4-10.0.0.25", 8n],
    ["10.0.0.0/8", "10.0.0.5, 10.0.0.5, 192.168.0.1", 1n],
    ["2001:db8::/126, 10.0.0.1", "2001:db8::2, 10.0.0.1", 2n],
    ["", "10.0.0.1", 0n],
  ])("%s and %s share %s", (a, b, n) => {
    expect(countCommonAddresses(ranges(a), ranges(b))).toBe(n);
    expect(countCommonAddresses(ranges(b), ranges(a))).toBe(n);
  });
});

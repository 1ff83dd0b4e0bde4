import { describe, expect, it } from "vitest";
import { parseIp } from "../../src/net/ip.js";
import { parseTargetList, rangeSize, rangesContain, type AddressRange } from "../../src/net/target-list.js";

function v4(text: string): bigint {
  const ip = parseIp(text);
  if (!ip || ip.family !== 4) throw new Error(`not IPv4: ${text}`);
  return ip.value;
}

function v6(text: string): bigint {
  const ip = parseIp(text);
  if (!ip || ip.family !== 6) throw new Error(`not IPv6: ${text}`);
  return ip.value;
}

function r4(first: string, last: string): AddressRange {
  return { family: 4, start: v4(first), end: v4(last) };
}

describe("parseTargetList: single addresses", () => {
  it.each([
    ["10.0.0.1", [r4("10.0.0.1", "10.0.0.1")]],
    ["010.000.000.001", [r4("10.0.0.1", "10.0.0.1")]],
    ["192.0.2.1:443", [r4("192.0.2.1", "192.0.2.1")]],
    ["2001:db8::1", [{ family: 6, start: v6("2001:db8::1"), end: v6("2001:db8::1") }]],
    ["[2001:db8::1]:443", [{ family: 6, start: v6("2001:db8::1"), end: v6("2001:db8::1") }]],
  ] as const)("%j", (text, ranges) => {
    expect(parseTargetList(text)).toEqual({ ranges, hostnames: [], invalid: [] });
  });
});

describe("parseTargetList: a-b ranges", () => {
  it.each([
    ["10.1.10.1-10.1.10.20", r4("10.1.10.1", "10.1.10.20")],
    ["10.1.10.1 - 10.1.10.20", r4("10.1.10.1", "10.1.10.20")],
    ["10.1.10.1  -\t10.1.10.20", r4("10.1.10.1", "10.1.10.20")],
    ["10.0.0.255-10.0.1.0", r4("10.0.0.255", "10.0.1.0")],
    ["10.0.0.7-10.0.0.7", r4("10.0.0.7", "10.0.0.7")],
    // Reversed: the same range
    ["10.1.10.20-10.1.10.1", r4("10.1.10.1", "10.1.10.20")],
    // Short form: the last octet only
    ["10.0.0.1-20", r4("10.0.0.1", "10.0.0.20")],
    ["10.0.0.1 - 20", r4("10.0.0.1", "10.0.0.20")],
    ["10.0.0.0-255", r4("10.0.0.0", "10.0.0.255")],
    ["10.0.0.20-1", r4("10.0.0.1", "10.0.0.20")],
    ["0.0.0.0-255.255.255.255", r4("0.0.0.0", "255.255.255.255")],
  ])("%j", (text, range) => {
    expect(parseTargetList(text)).toEqual({ ranges: [range], hostnames: [], invalid: [] });
  });

  it("an IPv6 range", () => {
    expect(parseTargetList("2001:db8::1-2001:db8::ff").ranges).toEqual([
      { family: 6, start: v6("2001:db8::1"), end: v6("2001:db8::ff") },
    ]);
  });
});

describe("parseTargetList: CIDR blocks, never expanded", () => {
  it.each([
    ["10.2.0.0/24", r4("10.2.0.0", "10.2.0.255"), 256n],
    ["10.2.0.77/24", r4("10.2.0.0", "10.2.0.255"), 256n],
    ["10.2.0.77/32", r4("10.2.0.77", "10.2.0.77"), 1n],
    ["10.0.0.0/8", r4("10.0.0.0", "10.255.255.255"), 16_777_216n],
    ["10.20.30.40/8", r4("10.0.0.0", "10.255.255.255"), 16_777_216n],
    ["192.168.0.0/16", r4("192.168.0.0", "192.168.255.255"), 65_536n],
    ["172.16.0.0/12", r4("172.16.0.0", "172.31.255.255"), 1_048_576n],
    ["10.0.0.0/31", r4("10.0.0.0", "10.0.0.1"), 2n],
    ["0.0.0.0/0", r4("0.0.0.0", "255.255.255.255"), 4_294_967_296n],
  ])("%j", (text, range, size) => {
    const list = parseTargetList(text);
    expect(list).toEqual({ ranges: [range], hostnames: [], invalid: [] });
    expect(rangeSize(range)).toBe(size);
  });

  it("a /8 is one range of 16,777,216 addresses", () => {
    const { ranges } = parseTargetList("10.0.0.0/8");
    expect(ranges).toHaveLength(1);
    expect(rangeSize(ranges[0] as AddressRange)).toBe(16_777_216n);
  });

  it.each([
    ["2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 1n << 96n],
    ["2001:db8:0:1::5/64", "2001:db8:0:1::", "2001:db8:0:1:ffff:ffff:ffff:ffff", 1n << 64n],
    ["2001:db8::1/128", "2001:db8::1", "2001:db8::1", 1n],
    ["::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1n << 128n],
  ])("IPv6 %j", (text, first, last, size) => {
    const { ranges, invalid } = parseTargetList(text);
    expect(invalid).toEqual([]);
    expect(ranges).toEqual([{ family: 6, start: v6(first), end: v6(last) }]);
    expect(rangeSize(ranges[0] as AddressRange)).toBe(size);
  });
});

describe("parseTargetList: hostnames, N/A, separators", () => {
  it.each([
    ["host.example.com", ["host.example.com"]],
    ["db-server.corp.local", ["db-server.corp.local"]],
    ["FILESRV01", ["FILESRV01"]],
    ["web-01, web-02", ["web-01", "web-02"]],
  ])("%j", (text, hostnames) => {
    expect(parseTargetList(text)).toEqual({ ranges: [], hostnames, invalid: [] });
  });

  it.each(["", "   ", "N/A", "n/a", "NA", "None", "-", " , ,, "])("%j is an empty list", (text) => {
    expect(parseTargetList(text)).toEqual({ ranges: [], hostnames: [], invalid: [] });
  });

  it("mixes commas, spaces, tabs, new lines and semicolons", () => {
    const list = parseTargetList(
      "10.1.10.1-10.1.10.20, 10.2.0.0/24 host.example.com,192.0.2.5\t2001:db8::/126;\nN/A , 10.3.0.1 - 10.3.0.4",
    );
    expect(list).toEqual({
      ranges: [
        r4("10.1.10.1", "10.1.10.20"),
        r4("10.2.0.0", "10.2.0.255"),
        r4("192.0.2.5", "192.0.2.5"),
        { family: 6, start: v6("2001:db8::"), end: v6("2001:db8::3") },
        r4("10.3.0.1", "10.3.0.4"),
      ],
      hostnames: ["host.example.com"],
      invalid: [],
    });
  });
});

describe("parseTargetList: invalid tokens", () => {
  it.each([
    "999.1.1.1",
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/",
    "/24",
    "10.0.0.0/abc",
    "10.0.0.0/24/8",
    "10.0.0.1-",
    "-10.0.0.1",
    "10.0.0.1-2001:db8::1",
    "2001:db8::1-ff",
    "1::2::3",
    "host/24",
    "bad!host",
  ])("%j", (token) => {
    expect(parseTargetList(token)).toEqual({ ranges: [], hostnames: [], invalid: [token] });
  });

  // A range with a bad end is a typo in a range, not a name to look for in the results.
  it.each(["10.0.0.1-300", "10.0.0.1-10.0.0.300", "10.0.0.1-256", "1.2.3.4-1.2.3.999"])(
    "malformed range %j is invalid, not a hostname",
    (token) => {
      expect(parseTargetList(token)).toEqual({ ranges: [], hostnames: [], invalid: [token] });
    },
  );

  it("keeps the valid entries around an invalid one", () => {
    expect(parseTargetList("10.0.0.1, 300.0.0.1, host.example.com")).toEqual({
      ranges: [r4("10.0.0.1", "10.0.0.1")],
      hostnames: ["host.example.com"],
      invalid: ["300.0.0.1"],
    });
  });
});

describe("rangeSize / rangesContain", () => {
  const ranges: AddressRange[] = [r4("10.0.0.0", "10.0.0.255"), { family: 6, start: 1n, end: 10n }];
  it.each([
    [4, "10.0.0.0", true],
    [4, "10.0.0.255", true],
    [4, "10.0.1.0", false],
    [4, "9.255.255.255", false],
  ] as const)("IPv4 %s in %s -> %s", (family, ip, inside) => {
    expect(rangesContain(ranges, family, v4(ip))).toBe(inside);
  });

  it("checks the family", () => {
    expect(rangesContain(ranges, 6, 5n)).toBe(true);
    expect(rangesContain(ranges, 4, 5n)).toBe(false);
    expect(rangesContain(ranges, 6, v4("10.0.0.1"))).toBe(false);
    expect(rangesContain([], 4, 0n)).toBe(false);
  });

  it("counts both ends", () => {
    expect(rangeSize({ family: 4, start: 5n, end: 5n })).toBe(1n);
    expect(rangeSize(r4("10.0.0.1", "10.0.0.20"))).toBe(20n);
  });
});

describe("rangeIndex agrees with rangesContain", () => {
  it("on overlapping, adjacent and mixed-family ranges", async () => {
    const { rangeIndex, rangesContain, parseTargetList } = await import("../../src/net/target-list.js");
    const { ranges } = parseTargetList("10.0.0.1-10.0.0.5, 10.0.0.4-10.0.0.9, 10.0.0.10, 10.0.1.0/30, 2001:db8::1-2001:db8::3, 192.168.0.7");
    const contains = rangeIndex(ranges);
    for (let v = 0x0a000000n - 2n; v <= 0x0a000110n; v++) expect(contains(4, v), String(v)).toBe(rangesContain(ranges, 4, v));
    expect(contains(4, 0xc0a80007n)).toBe(true);
    expect(contains(6, 0x20010db8000000000000000000000002n)).toBe(true);
    expect(contains(6, 0x20010db8000000000000000000000004n)).toBe(false);
    expect(contains(6, 0x0a000001n)).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIp, formatIpv4, formatIpv6, looksLikeHostname, parseIp, parseIpv4, parseIpv6 } from "../../src/net/ip.js";

describe("parseIp: IPv4", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1", 0xc0000201n],
    ["0.0.0.0", "0.0.0.0", 0n],
    ["255.255.255.255", "255.255.255.255", 0xffffffffn],
    ["10.0.0.1", "10.0.0.1", 167772161n],
    // Leading zeros are decimal, not octal: 010 is ten, not eight.
    ["010.000.000.001", "10.0.0.1", 167772161n],
    ["192.168.001.010", "192.168.1.10", 0xc0a8010an],
    ["000.000.000.000", "0.0.0.0", 0n],
    ["08.09.00.07", "8.9.0.7", 0x08090007n],
    // A :port suffix and surrounding white space are dropped.
    ["192.0.2.1:8080", "192.0.2.1", 0xc0000201n],
    ["192.0.2.1:0", "192.0.2.1", 0xc0000201n],
    ["  192.0.2.1\t", "192.0.2.1", 0xc0000201n],
  ])("%j -> %s", (raw, text, value) => {
    expect(parseIp(raw)).toEqual({ family: 4, text, value });
  });

  it.each([
    "256.0.0.1",
    "1.2.3.256",
    "1.2.300.4",
    "999.999.999.999",
    "1.2.3",
    "1.2.3.4.5",
    "1..2.3",
    "1.2.3.-1",
    "a.b.c.d",
    "1.2.3.4:",
    "1.2.3.4:http",
    "1.2.3.4:80:90",
    "1.2.3.4 5",
    "",
    "   ",
    "10.0.0.0/24",
  ])("%j is not an address", (raw) => {
    expect(parseIp(raw)).toBeNull();
  });
});

describe("parseIpv4 / formatIpv4", () => {
  it.each([
    ["0.0.0.0", 0],
    ["0.0.0.255", 255],
    ["0.0.1.0", 256],
    ["1.0.0.0", 16777216],
    ["255.255.255.255", 4294967295],
    ["172.16.254.3", 2886794755],
  ])("%s <-> %d", (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it("does not accept decorations itself", () => {
    expect(parseIpv4("1.2.3.4:80")).toBeNull();
    expect(parseIpv4(" 1.2.3.4")).toBeNull();
  });
});

describe("parseIp: IPv6 in RFC 4291 forms, printed in RFC 5952 canonical form", () => {
  it.each([
    // Full form, leading zeros, upper case
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"],
    ["2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:AAAA", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"],
    // RFC 4291 section 2.2 examples
    ["2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"],
    ["FF01:0:0:0:0:0:0:101", "ff01::101"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["2001:DB8::8:800:200C:417A", "2001:db8::8:800:200c:417a"],
    ["FF01::101", "ff01::101"],
    ["::1", "::1"],
    ["::", "::"],
    // Compression at either end and in the middle
    ["1:0:0:0:0:0:0:0", "1::"],
    ["fe80:0:0:0:0:0:0:0", "fe80::"],
    ["fe80::", "fe80::"],
    ["1::8", "1::8"],
    ["1:0:0:0:0:0:0:8", "1::8"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    // "::" given for a single zero group on input is legal; on output a single zero group is not compressed
    ["2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"],
    ["0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1"],
    // The longest run of zero groups is compressed; on a tie, the first
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["0:0:1:0:0:0:1:0", "0:0:1::1:0"],
    ["0:0:1:1:0:0:1:1", "::1:1:0:0:1:1"],
    ["1:0:0:2:0:0:0:0", "1:0:0:2::"],
    ["1:0:0:2:3:0:0:4", "1::2:3:0:0:4"],
    // Non-canonical compression on input
    ["2001:db8:0::1", "2001:db8::1"],
    ["2001:db8::0:1", "2001:db8::1"],
    ["0::0", "::"],
    // Embedded IPv4 tail where no IPv4-embedding prefix applies: hexadecimal groups
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["2001:db8::10.0.0.1", "2001:db8::a00:1"],
    // Zone, brackets, port
    ["fe80::1%eth0", "fe80::1"],
    ["FE80::0001%25", "fe80::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:DB8:0:0:0:0:0:1]", "2001:db8::1"],
    ["[fe80::1%eth0]:8443", "fe80::1"],
    ["  2001:db8::1  ", "2001:db8::1"],
  ])("%j -> %s", (raw, text) => {
    const ip = parseIp(raw);
    expect(ip?.family).toBe(6);
    expect(ip?.text).toBe(text);
  });

  // RFC 5952 section 5: IPv4-mapped addresses are written in mixed notation, ::ffff:192.0.2.1.
  it.each([
    ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["::FFFF:192.0.2.1", "::ffff:192.0.2.1"],
    ["0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["::ffff:c000:0201", "::ffff:192.0.2.1"],
    ["[::ffff:192.0.2.1]:443", "::ffff:192.0.2.1"],
  ])("IPv4-mapped %j -> %s (RFC 5952 section 5)", (raw, text) => {
    expect(parseIp(raw)).toEqual({ family: 6, text, value: 0xffffc0000201n });
  });

  it.each([
    ["::ffff:192.0.2.1", 0xffffc0000201n],
    ["::13.1.68.3", 0x0d014403n],
    ["0:0:0:0:0:0:13.1.68.3", 0x0d014403n],
    ["2001:db8::1", 0x20010db8000000000000000000000001n],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", (1n << 128n) - 1n],
    ["::", 0n],
  ])("%j has value %s", (raw, value) => {
    expect(parseIp(raw)?.value).toBe(value);
  });

  it.each([
    "1::2::3",
    "::1::",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:",
    ":1:2:3:4:5:6:7",
    "12345::",
    "::12345",
    "g::1",
    "2001:db8::1::",
    "2001:db8:::1",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:6::1.2.3.4",
    "::1.2.3",
    "::256.0.0.1",
    "::1.2.3.4:5",
    "1.2.3.4::",
    "[2001:db8::1",
    "2001:db8::1]:443",
    "2001:db8::1/64",
    ":",
  ])("%j is not an address", (raw) => {
    expect(parseIp(raw)).toBeNull();
  });
});

describe("formatIpv6", () => {
  it("round-trips every value through its canonical text", () => {
    const groupsArb = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(groupsArb, (groups) => {
        let value = 0n;
        for (const g of groups) value = (value << 16n) | BigInt(g);
        const text = formatIpv6(value);
        expect(parseIpv6(text)).toBe(value);
        expect(text).toBe(text.toLowerCase());
        expect(text.split("::").length).toBeLessThanOrEqual(2);
        // No group keeps a leading zero (an IPv4-mapped address ends in a dotted tail instead).
        for (const g of text.split(":")) if (g !== "" && !g.includes(".")) expect(g).toMatch(/^(0|[1-9a-f][0-9a-f]{0,3})$/);
        // "::" never stands for a single zero group.
        if (text.includes("::")) expect(text.split(":").filter((g) => g !== "").length).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe("formatIp", () => {
  it.each([
    [4, 0n, "0.0.0.0"],
    [4, 167772161n, "10.0.0.1"],
    [4, 0xffffffffn, "255.255.255.255"],
    [6, 1n, "::1"],
    [6, 0x20010db8000000000000000000000001n, "2001:db8::1"],
    [6, 0n, "::"],
  ] as const)("(%d, %s) -> %s", (family, value, text) => {
    expect(formatIp(family, value)).toBe(text);
  });
});

describe("looksLikeHostname", () => {
  it.each([
    "host",
    "a",
    "HOST-01",
    "web_01.corp.local",
    "server1.example.com",
    "fqdn.example.com.",
    "xn--bcher-kva.example",
    "  padded.example  ",
    "1host",
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`,
  ])("%j looks like a hostname", (raw) => {
    expect(looksLikeHostname(raw)).toBe(true);
  });

  it.each([
    "",
    "   ",
    "10.0.0.1",
    "192.168.1",
    "1234",
    "2001:db8::1",
    "-host",
    "host-",
    ".host",
    "host name",
    "host/24",
    "host:80",
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`,
    // Dotted numbers with a dash are a malformed range, not a name (an all-numeric top-level label is not a DNS name).
    "10.0.0.1-300",
    "1.2.3.4-1.2.3.999",
  ])("%j does not look like a hostname", (raw) => {
    expect(looksLikeHostname(raw)).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareRangePrecedence, findSegment, resolveRanges, type Segment } from "../../src/aggregate/resolve-ranges.js";
import type { RangeObservation } from "../../src/model/observation.js";

interface RangeInput {
  family?: 4 | 6;
  start: number | bigint;
  end: number | bigint;
  status?: string;
  time?: number | null;
  priority?: number;
  input?: number;
  line?: number;
}

function range(r: RangeInput): RangeObservation {
  return {
    family: r.family ?? 4,
    start: BigInt(r.start),
    end: BigInt(r.end),
    rawStatus: r.status ?? "NoAnswer",
    detail: null,
    time: r.time ?? null,
    priority: r.priority ?? 1,
    input: r.input ?? 0,
    line: r.line ?? 1,
    conflictsWithDirect: false,
  };
}

/** Segments as [start, end, owner status] for compact expectations. */
function shape(segments: readonly Segment[]): [number, number, string][] {
  return segments.map((s) => [Number(s.start), Number(s.end), s.owner.rawStatus]);
}

describe("compareRangePrecedence", () => {
  it.each([
    ["newer time wins", { time: 2000, priority: 1 }, { time: 1000, priority: 3 }],
    ["a time beats no time", { time: 0, priority: 1 }, { time: null, priority: 3 }],
    ["same time: higher priority", { time: 1000, priority: 3 }, { time: 1000, priority: 1 }],
    ["no times: higher priority", { priority: 2 }, { priority: 1 }],
    ["then input order", { input: 0, priority: 1 }, { input: 1, priority: 1 }],
    ["then line order", { input: 1, line: 5 }, { input: 1, line: 9 }],
  ] as const)("%s", (_what, winner, loser) => {
    const a = range({ start: 0, end: 0, ...winner });
    const b = range({ start: 0, end: 0, ...loser });
    expect(compareRangePrecedence(a, b)).toBeLessThan(0);
    expect(compareRangePrecedence(b, a)).toBeGreaterThan(0);
  });

  it("is 0 for equal precedence", () => {
    expect(compareRangePrecedence(range({ start: 0, end: 1 }), range({ start: 5, end: 9 }))).toBe(0);
  });
});

describe("resolveRanges", () => {
  it("returns nothing for no ranges", () => {
    expect(resolveRanges([])).toEqual([]);
  });

  it("keeps one range as one segment", () => {
    const r = range({ start: 10, end: 20 });
    expect(resolveRanges([r])).toEqual([{ family: 4, start: 10n, end: 20n, owner: r }]);
  });

  it("sorts disjoint ranges and leaves the gaps empty", () => {
    expect(
      shape(resolveRanges([range({ start: 50, end: 60, status: "B" }), range({ start: 10, end: 20, status: "A" })])),
    ).toEqual([
      [10, 20, "A"],
      [50, 60, "B"],
    ]);
  });

  it("keeps adjacent ranges of different owners apart", () => {
    expect(
      shape(resolveRanges([range({ start: 0, end: 9, status: "A" }), range({ start: 10, end: 19, status: "B" })])),
    ).toEqual([
      [0, 9, "A"],
      [10, 19, "B"],
    ]);
  });

  it("splits a big range around a small one that takes precedence: 3 segments", () => {
    const big = range({ start: 0, end: 255, status: "NoAnswer", priority: 1 });
    const small = range({ start: 100, end: 109, status: "SkippedAsExcluded", priority: 3 });
    const segments = resolveRanges([big, small]);
    expect(shape(segments)).toEqual([
      [0, 99, "NoAnswer"],
      [100, 109, "SkippedAsExcluded"],
      [110, 255, "NoAnswer"],
    ]);
    expect(segments[0]?.owner).toBe(big);
    expect(segments[1]?.owner).toBe(small);
    expect(segments[2]?.owner).toBe(big);
  });

  it("merges adjacent pieces of the same owner when the small range loses", () => {
    const big = range({ start: 0, end: 255, status: "SkippedAsExcluded", priority: 3 });
    const small = range({ start: 100, end: 109, status: "NoAnswer", priority: 1 });
    const segments = resolveRanges([small, big]);
    expect(segments).toEqual([{ family: 4, start: 0n, end: 255n, owner: big }]);
  });

  it("a small range on the edge of a big one: 2 segments", () => {
    const big = range({ start: 0, end: 255, status: "NoAnswer" });
    const low = range({ start: 0, end: 9, status: "SkippedAsExcluded", priority: 3 });
    const high = range({ start: 250, end: 255, status: "NoResult", priority: 2 });
    expect(shape(resolveRanges([big, low, high]))).toEqual([
      [0, 9, "SkippedAsExcluded"],
      [10, 249, "NoAnswer"],
      [250, 255, "NoResult"],
    ]);
  });

  it.each([
    [
      "newer time wins over priority",
      { start: 0, end: 20, status: "Old", time: 1000, priority: 3 },
      { start: 10, end: 30, status: "New", time: 2000, priority: 1 },
      [
        [0, 9, "Old"],
        [10, 30, "New"],
      ],
    ],
    [
      "same time: higher priority wins",
      { start: 0, end: 20, status: "Excluded", time: 1000, priority: 3 },
      { start: 10, end: 30, status: "Target", time: 1000, priority: 1 },
      [
        [0, 20, "Excluded"],
        [21, 30, "Target"],
      ],
    ],
    [
      "same time and priority: earlier input wins",
      { start: 0, end: 20, status: "Second", input: 1 },
      { start: 10, end: 30, status: "First", input: 0 },
      [
        [0, 9, "Second"],
        [10, 30, "First"],
      ],
    ],
    [
      "same input: earlier line wins",
      { start: 0, end: 20, status: "Line2", line: 2 },
      { start: 10, end: 30, status: "Line9", line: 9 },
      [
        [0, 20, "Line2"],
        [21, 30, "Line9"],
      ],
    ],
    [
      "a timed range beats an untimed one",
      { start: 0, end: 20, status: "Untimed", time: null, priority: 3 },
      { start: 5, end: 15, status: "Timed", time: 1, priority: 1 },
      [
        [0, 4, "Untimed"],
        [5, 15, "Timed"],
        [16, 20, "Untimed"],
      ],
    ],
  ] as const)("precedence: %s", (_what, a, b, expected) => {
    expect(shape(resolveRanges([range(a), range(b)]))).toEqual(expected);
    expect(shape(resolveRanges([range(b), range(a)]))).toEqual(expected);
  });

  it("identical ranges: one segment, owned by the winner", () => {
    const a = range({ start: 1, end: 5, status: "A", priority: 1 });
    const b = range({ start: 1, end: 5, status: "B", priority: 2 });
    expect(resolveRanges([a, b])).toEqual([{ family: 4, start: 1n, end: 5n, owner: b }]);
  });

  it("single-address ranges", () => {
    expect(
      shape(
        resolveRanges([
          range({ start: 5, end: 5, status: "A" }),
          range({ start: 6, end: 6, status: "B" }),
          range({ start: 0, end: 10, status: "Low", priority: 0 }),
        ]),
      ),
    ).toEqual([
      [0, 4, "Low"],
      [5, 5, "A"],
      [6, 6, "B"],
      [7, 10, "Low"],
    ]);
  });

  it("puts IPv4 first, then IPv6, without mixing the families", () => {
    const segments = resolveRanges([
      range({ family: 6, start: 0, end: 100, status: "V6" }),
      range({ family: 4, start: 50, end: 60, status: "V4" }),
    ]);
    expect(segments.map((s) => [s.family, Number(s.start), Number(s.end), s.owner.rawStatus])).toEqual([
      [4, 50, 60, "V4"],
      [6, 0, 100, "V6"],
    ]);
  });

  it("handles a /8 and the whole IPv6 space without expanding", () => {
    const slash8 = range({ start: 0x0a000000, end: 0x0affffff });
    const all6 = range({ family: 6, start: 0n, end: (1n << 128n) - 1n });
    const hole = range({ start: 0x0a000005, end: 0x0a000005, priority: 3, status: "SkippedAsExcluded" });
    const segments = resolveRanges([slash8, all6, hole]);
    expect(segments).toHaveLength(4);
    expect(segments.reduce((n, s) => n + (s.end - s.start + 1n), 0n)).toBe(16_777_216n + (1n << 128n));
  });

  it("is disjoint, sorted, and each address goes to the best range covering it (property)", () => {
    const rangeArb = fc.record({
      a: fc.integer({ min: 0, max: 40 }),
      b: fc.integer({ min: 0, max: 40 }),
      time: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      priority: fc.integer({ min: 1, max: 3 }),
      input: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 8 }), (specs) => {
        const ranges = specs.map((s, i) =>
          range({
            start: Math.min(s.a, s.b),
            end: Math.max(s.a, s.b),
            time: s.time,
            priority: s.priority,
            input: s.input,
            line: i + 1,
            status: `R${i}`,
          }),
        );
        const segments = resolveRanges(ranges);
        for (let i = 1; i < segments.length; i++) {
          const prev = segments[i - 1] as Segment;
          const cur = segments[i] as Segment;
          expect(cur.start).toBeGreaterThan(prev.end);
          // Adjacent pieces of one owner are merged.
          if (cur.start === prev.end + 1n) expect(cur.owner).not.toBe(prev.owner);
        }
        for (let v = 0n; v <= 41n; v++) {
          const covering = ranges.filter((r) => r.start <= v && v <= r.end).sort(compareRangePrecedence);
          const i = findSegment(segments, 4, v);
          if (covering.length === 0) expect(i).toBe(-1);
          else expect(segments[i]?.owner).toBe(covering[0]);
        }
      }),
    );
  });
});

describe("findSegment", () => {
  const segments = resolveRanges([
    range({ start: 10, end: 19, status: "A" }),
    range({ start: 20, end: 29, status: "B" }),
    range({ start: 40, end: 40, status: "C" }),
    range({ start: 50, end: 99, status: "D" }),
    range({ family: 6, start: 0, end: 9, status: "E" }),
    range({ family: 6, start: 100, end: 200, status: "F" }),
  ]);

  it("has the segments it is tested with", () => {
    expect(shape(segments)).toEqual([
      [10, 19, "A"],
      [20, 29, "B"],
      [40, 40, "C"],
      [50, 99, "D"],
      [0, 9, "E"],
      [100, 200, "F"],
    ]);
  });

  it.each([
    [4, 9, -1],
    [4, 10, 0],
    [4, 15, 0],
    [4, 19, 0],
    [4, 20, 1],
    [4, 29, 1],
    [4, 30, -1],
    [4, 39, -1],
    [4, 40, 2],
    [4, 41, -1],
    [4, 49, -1],
    [4, 50, 3],
    [4, 99, 3],
    [4, 100, -1],
    [4, 0, -1],
    [6, 0, 4],
    [6, 9, 4],
    [6, 10, -1],
    [6, 99, -1],
    [6, 100, 5],
    [6, 200, 5],
    [6, 201, -1],
    [6, 15, -1],
  ] as const)("family %d, address %d -> %d", (family, value, index) => {
    expect(findSegment(segments, family, BigInt(value))).toBe(index);
  });

  it("finds nothing in an empty list or in a missing family", () => {
    expect(findSegment([], 4, 1n)).toBe(-1);
    const onlyV4 = resolveRanges([range({ start: 0, end: 10 })]);
    expect(findSegment(onlyV4, 6, 5n)).toBe(-1);
    const onlyV6 = resolveRanges([range({ family: 6, start: 0, end: 10 })]);
    expect(findSegment(onlyV6, 4, 5n)).toBe(-1);
  });

  it("finds every edge among many segments", () => {
    const many = resolveRanges(
      Array.from({ length: 1000 }, (_, i) => range({ start: i * 10, end: i * 10 + 4, status: `S${i}` })),
    );
    expect(many).toHaveLength(1000);
    for (let i = 0; i < 1000; i++) {
      expect(findSegment(many, 4, BigInt(i * 10))).toBe(i);
      expect(findSegment(many, 4, BigInt(i * 10 + 4))).toBe(i);
      expect(findSegment(many, 4, BigInt(i * 10 + 5))).toBe(-1);
    }
  });
});

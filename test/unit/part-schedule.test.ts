/** PartSchedule: workers take the parts ahead of this thread; a part nobody started is this thread's. */
import { describe, expect, it } from "vitest";
import { PartSchedule } from "../../src/formats/part-schedule.js";

/** A schedule whose workers' parts finish when the test says so. */
function schedule(parts: number, threads: number, workers: number, lead?: number) {
  const started: number[] = [];
  const finish = new Map<number, (v: string) => void>();
  const s = new PartSchedule<string>(
    parts,
    threads,
    workers,
    (part) => {
      started.push(part);
      return new Promise<string>((resolve) => finish.set(part, resolve));
    },
    lead,
  );
  const done = async (part: number) => {
    finish.get(part)?.(`part ${part}`);
    await new Promise((r) => setImmediate(r));
  };
  return { s, started, done };
}

describe("PartSchedule", () => {
  it("starts one part per worker, the ones meant for workers first", () => {
    expect(schedule(8, 2, 1).started).toEqual([1]);
    expect(schedule(9, 3, 2).started).toEqual([1, 2]);
  });

  it("gives this thread its own parts and the workers' outcomes in order", async () => {
    const { s, started, done } = schedule(6, 2, 1);
    expect(s.at(0)).toBeNull();
    await done(1);
    expect(started).toEqual([1, 3]);
    await expect(s.at(1)).resolves.toBe("part 1");
    expect(s.at(2)).toBeNull();
    await done(3);
    await expect(s.at(3)).resolves.toBe("part 3");
  });

  it("lets this thread take a worker's part that no worker has started (the workers are behind)", async () => {
    const { s, started, done } = schedule(8, 2, 1);
    expect(s.at(0)).toBeNull();
    expect(s.at(1)).not.toBeNull(); // started at once
    expect(s.at(2)).toBeNull();
    expect(s.at(3)).toBeNull(); // the worker is still on part 1: this thread reads 3 itself
    await done(1);
    // The worker goes on beyond this thread: 5, not 3.
    expect(started).toEqual([1, 5]);
    expect(s.at(4)).toBeNull();
    await done(5);
    await expect(s.at(5)).resolves.toBe("part 5");
  });

  it("gives an idle worker this thread's parts, farthest first, within the lead", async () => {
    const { s, started, done } = schedule(12, 2, 1);
    expect(s.at(0)).toBeNull();
    for (const part of [1, 3]) await done(part);
    // Parts 1-4 are the window ahead of part 0: 1 and 3 done, then this thread's 4, then 2.
    expect(started).toEqual([1, 3, 4]);
    await done(4);
    expect(started).toEqual([1, 3, 4, 2]);
    await done(2);
    expect(started).toEqual([1, 3, 4, 2]); // nothing left in the window: the worker waits
    await expect(s.at(1)).resolves.toBe("part 1");
    expect(started).toEqual([1, 3, 4, 2, 5]);
    await expect(s.at(2)).resolves.toBe("part 2");
    await expect(s.at(3)).resolves.toBe("part 3");
    await expect(s.at(4)).resolves.toBe("part 4");
    await done(5);
    expect(started).toEqual([1, 3, 4, 2, 5, 7]);
  });

  it("never starts a part twice, one this thread has reached, or one beyond the lead", async () => {
    const { s, started, done } = schedule(30, 3, 2, 5);
    const reached = new Set<number>();
    for (let part = 0; part < 30; part++) {
      const outcome = s.at(part);
      if (outcome === null) reached.add(part);
      // Workers finish what they hold before this thread moves on, in a varying order.
      for (const p of [...started].reverse()) await done(p);
      expect(started.every((p) => p <= part + 5)).toBe(true);
    }
    expect(new Set(started).size).toBe(started.length);
    for (const p of started) expect(reached.has(p)).toBe(false);
    expect(started.length + reached.size).toBe(30);
  });
});

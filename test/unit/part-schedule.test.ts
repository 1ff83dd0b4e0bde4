/** PartSchedule: workers take the parts ahead of this thread; a part nobody started is this thread's. */
import { describe, expect, it } from "vitest";
import { PartSchedule } from "../../src/formats/part-schedule.js";

/** A schedule whose workers' parts finish when the test says so. */
function schedule(parts: number, threads: number, workers: number) {
  const started: number[] = [];
  const finish = new Map<number, (v: string) => void>();
  const s = new PartSchedule<string>(parts, threads, workers, (part) => {
    started.push(part);
    return new Promise<string>((resolve) => finish.set(part, resolve));
  });
  const done = async (part: number) => {
    finish.get(part)?.(`part ${part}`);
    await new Promise((r) => setImmediate(r));
  };
  return { s, started, done };
}

describe("PartSchedule", () => {
  it("starts one part per worker, the ones meant for workers first", () => {
    const { started } = schedule(8, 2, 1);
    expect(started).toEqual([1]);
    const three = schedule(9, 3, 2);
    expect(three.started).toEqual([1, 2]);
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

  it("gives idle workers this thread's parts from the far end (this thread is behind)", async () => {
    const { s, started, done } = schedule(8, 2, 1);
    expect(s.at(0)).toBeNull();
    for (const part of [1, 3, 5, 7]) await done(part);
    expect(started).toEqual([1, 3, 5, 7, 6]);
    await done(6);
    expect(started).toEqual([1, 3, 5, 7, 6, 4]);
    await expect(s.at(1)).resolves.toBe("part 1");
    expect(s.at(2)).toBeNull(); // this thread has reached 2: no worker may start it now
    await done(4);
    expect(started).toEqual([1, 3, 5, 7, 6, 4]);
    await expect(s.at(4)).resolves.toBe("part 4");
    await expect(s.at(6)).resolves.toBe("part 6");
  });

  it("keeps every worker busy and never starts a part twice or one behind this thread", async () => {
    const { s, started, done } = schedule(12, 3, 2);
    expect(started).toEqual([1, 2]);
    expect(s.at(0)).toBeNull();
    await done(2);
    expect(started).toEqual([1, 2, 4]);
    await done(1);
    await done(4);
    expect(started).toEqual([1, 2, 4, 5, 7]);
    for (const part of [5, 7]) await done(part);
    expect(new Set(started).size).toBe(started.length);
    expect(started.every((p) => p > 0)).toBe(true);
  });
});

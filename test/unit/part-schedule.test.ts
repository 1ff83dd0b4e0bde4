/** PartSchedule: workers take parts ahead of this thread; whoever claims a part first parses it. */
import { describe, expect, it } from "vitest";
import { PartSchedule } from "../../src/formats/part-schedule.js";
import { CLAIMED_ELSEWHERE, claimPart, type PartClaim } from "../../src/formats/split-parts.js";

/**
 * A schedule whose workers begin and finish parts when the test says so. A part a worker begins
 * is claimed as a worker claims it; one it cannot claim answers at once, as a worker does.
 */
function schedule(parts: number, inFlight: number, lead: number) {
  const handed: number[] = [];
  const here: number[] = [];
  const claims = new Map<number, PartClaim>();
  const finish = new Map<number, (v: string) => void>();
  const s = new PartSchedule<string>(
    parts,
    inFlight,
    (part, claim) => {
      handed.push(part);
      claims.set(part, claim);
      return new Promise<string>((resolve) => finish.set(part, resolve));
    },
    {
      can: () => true,
      start: async (part) => {
        here.push(part);
        return `part ${part} here`;
      },
    },
    lead,
  );
  /** The worker begins `part`: false when this thread had claimed it (the worker answers "not mine"). */
  const begin = (part: number): boolean => {
    const claimed = claimPart(claims.get(part) as PartClaim, CLAIMED_ELSEWHERE);
    if (!claimed) finish.get(part)?.("not mine");
    return claimed;
  };
  const done = async (part: number) => {
    finish.get(part)?.(`part ${part}`);
    await new Promise((r) => setImmediate(r));
  };
  return { s, handed, here, begin, done };
}

/** What the schedule gives for a part this thread reaches: null (parse it here) or the outcome. */
async function outcomeAt(s: PartSchedule<string>, part: number): Promise<string | null> {
  const elsewhere = s.at(part);
  return elsewhere === null ? null : (await elsewhere).outcome;
}

describe("PartSchedule", () => {
  it("hands workers the farthest parts of the window, up to inFlight at once", () => {
    expect(schedule(12, 2, 4).handed).toEqual([4, 3]);
    expect(schedule(3, 4, 8).handed).toEqual([2, 1]);
  });

  it("gives this thread a part nobody began, even one queued on a worker", async () => {
    const { s, handed, begin, done } = schedule(12, 2, 4);
    expect(s.at(0)).toBeNull();
    expect(begin(4)).toBe(true);
    await done(4);
    expect(handed).toEqual([4, 3, 2]);
    expect(s.at(1)).toBeNull(); // never handed out
    expect(s.at(2)).toBeNull(); // queued, not begun: this thread claims it
    expect(begin(2)).toBe(false); // the worker finds it taken
    expect(begin(3)).toBe(true);
    await done(3);
    await expect(outcomeAt(s, 3)).resolves.toBe("part 3");
    await expect(outcomeAt(s, 4)).resolves.toBe("part 4");
  });

  it("parses the nearest part nobody began while a worker parses the part it reached", async () => {
    const { s, here, begin, done } = schedule(12, 2, 4);
    expect(s.at(0)).toBeNull();
    expect(begin(4)).toBe(true);
    expect(begin(3)).toBe(true);
    expect(s.at(1)).toBeNull();
    expect(s.at(2)).toBeNull();
    const at3 = outcomeAt(s, 3); // the worker is on it: this thread parses 5 meanwhile
    await new Promise((r) => setImmediate(r));
    await done(3);
    await expect(at3).resolves.toBe("part 3");
    expect(here[0]).toBe(5);
    await done(4);
    await expect(outcomeAt(s, 4)).resolves.toBe("part 4");
    await expect(s.at(5)).resolves.toMatchObject({ here: true });
    await expect(outcomeAt(s, 5)).resolves.toBe("part 5 here");
  });

  it("every part is parsed exactly once, by one side, never beyond the lead", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      let r = seed;
      const random = () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648);
      const parts = 5 + Math.floor(random() * 30);
      const lead = 1 + Math.floor(random() * 6);
      const { s, handed, here, begin, done } = schedule(parts, 1 + Math.floor(random() * 4), lead);
      const byWorker = new Set<number>();
      const inStream = new Set<number>();
      const begun = new Set<number>();
      for (let part = 0; part < parts; part++) {
        // Workers begin some of what they hold and finish some of what they began, at random.
        for (const p of handed) {
          if (!begun.has(p) && random() < 0.5) {
            begun.add(p);
            if (begin(p)) byWorker.add(p);
          }
        }
        for (const p of byWorker) if (random() < 0.5) await done(p);
        expect(handed.every((p) => p <= part + lead)).toBe(true);
        const elsewhere = s.at(part);
        if (elsewhere === null) inStream.add(part);
        else {
          const finishing = elsewhere.then((e) => e.outcome);
          for (const p of byWorker) await done(p);
          await finishing;
        }
      }
      const all = [...byWorker, ...inStream, ...here];
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(parts);
    }
  });
});

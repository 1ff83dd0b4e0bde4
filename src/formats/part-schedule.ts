/**
 * Which thread parses which part of a split file, or which of several whole inputs. This thread goes through the parts in order,
 * replaying what the others observed as it reaches their parts, so the others work ahead of it
 * within a window of `lead` parts (what is parsed ahead is held in memory until it is replayed).
 * Workers take the farthest part in the window nobody has begun: this thread will not reach it
 * soon, and at the end of the file the two sides meet in the middle. Each worker holds a second
 * part queued behind the one it parses, so it never waits for this thread to hand it the next.
 *
 * Whoever claims a part first parses it (split-parts.ts): this thread takes over a part queued on
 * a worker but not begun when it gets there, and while a worker is still parsing the part it has
 * reached, it parses the nearest part nobody has begun (as a worker would, held for the replay)
 * instead of waiting.
 */
import { CLAIMED_HERE, claimPart, isClaimed, type PartClaim } from "./split-parts.js";

type Start<Outcome> = (part: number, claim: PartClaim) => Promise<Outcome>;

/** Parsing parts ahead on this thread while a worker is on the part it has reached. */
export interface AheadHere<Outcome> {
  /** Whether part i may be parsed ahead here (its observations are then held in memory). */
  can(part: number): boolean;
  /** Parses part i here, held for the replay (claimed already). */
  start(part: number): Promise<Outcome>;
}

/** A part this thread has reached that was parsed elsewhere: where, and its outcome. */
export interface Elsewhere<Outcome> {
  /** Parsed ahead on this thread (AheadHere), else by a worker. */
  readonly here: boolean;
  /** Settles when that parse is through (not awaited here: a worker's may wait for its replay). */
  readonly outcome: Promise<Outcome>;
}

export class PartSchedule<Outcome> {
  private readonly started = new Map<number, Promise<Outcome>>();
  private readonly settled = new Set<number>();
  private readonly parsedHere = new Set<number>();
  private readonly cells: Int32Array;
  private here = 0;
  private running = 0;

  constructor(
    private readonly parts: number,
    /** Parts handed to workers and not finished at most (two a worker: one parsed, one queued). */
    private readonly inFlight: number,
    /** Hands part i to a worker, which parses it only if it claims it first. */
    private readonly start: Start<Outcome>,
    private readonly ahead: AheadHere<Outcome>,
    private readonly lead: number,
    /** Parts only this thread may parse (standard input). */
    reserved: (part: number) => boolean = () => false,
  ) {
    this.cells = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, parts)));
    for (let part = 0; part < parts; part++) if (reserved(part)) claimPart(this.claim(part), CLAIMED_HERE);
    this.fill();
  }

  /**
   * This thread is at `part`: null when it is to be parsed in the stream here (nobody else will
   * now), else where it was parsed, once this thread has used the wait for a worker on it.
   */
  at(part: number): Promise<Elsewhere<Outcome>> | null {
    this.here = part;
    // Nobody has begun it (never handed out, or queued on a worker): it is this thread's.
    const mine = claimPart(this.claim(part), CLAIMED_HERE);
    this.fill();
    const outcome = this.started.get(part);
    if (mine || outcome === undefined) return null;
    const here = this.parsedHere.has(part);
    if (here || this.settled.has(part)) return Promise.resolve({ here, outcome });
    return this.helpUntil(part, outcome);
  }

  /** While a worker parses `part`: the parts after it that nobody has begun, nearest first. */
  private async helpUntil(part: number, outcome: Promise<Outcome>): Promise<Elsewhere<Outcome>> {
    for (let next = this.nearest(); next >= 0 && !this.settled.has(part); next = this.nearest()) {
      claimPart(this.claim(next), CLAIMED_HERE);
      const parsed = this.ahead.start(next);
      this.parsedHere.add(next);
      this.track(next, parsed);
      await parsed.catch(() => undefined);
    }
    return { here: false, outcome };
  }

  private claim(part: number): PartClaim {
    return { cells: this.cells, part };
  }

  private track(part: number, outcome: Promise<Outcome>): void {
    this.started.set(part, outcome);
    const settle = (): void => {
      this.settled.add(part);
    };
    outcome.then(settle, settle);
  }

  private fill(): void {
    for (let part = this.farthest(); part >= 0 && this.running < this.inFlight; part = this.farthest()) {
      const outcome = this.start(part, this.claim(part));
      this.track(part, outcome);
      this.running++;
      const done = (): void => {
        this.running--;
        this.fill();
      };
      outcome.then(done, done);
    }
  }

  private get last(): number {
    return Math.min(this.parts - 1, this.here + this.lead);
  }

  /** Nobody has begun the part nor been handed it. */
  private open(part: number): boolean {
    return !this.started.has(part) && !isClaimed(this.claim(part));
  }

  /** The farthest part in the window nobody has begun (a worker's next), or -1. */
  private farthest(): number {
    for (let i = this.last; i > this.here; i--) if (this.open(i)) return i;
    return -1;
  }

  /** The nearest part in the window nobody has begun that may be parsed ahead here, or -1. */
  private nearest(): number {
    for (let i = this.here + 1; i <= this.last; i++) if (this.open(i) && this.ahead.can(i)) return i;
    return -1;
  }
}

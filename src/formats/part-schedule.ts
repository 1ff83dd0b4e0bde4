/**
 * Which thread parses which part of a split file. This thread goes through the parts in order (it
 * replays the others' observations as it reaches them), so workers take parts ahead of it, within a
 * window of `lead` parts (what they parse ahead is held in memory until it is replayed): first the
 * ones meant for them (all but every `threads`-th), lowest first; when none is left in the window,
 * this thread's own, farthest first. A part no worker has started when this thread reaches it is
 * parsed here. Whichever side is faster, neither waits long for the other.
 */
export class PartSchedule<Outcome> {
  private readonly started = new Map<number, Promise<Outcome>>();
  private here = 0;
  private running = 0;

  constructor(
    private readonly parts: number,
    private readonly threads: number,
    /** Parts started and not finished at most (a worker takes the next while it parses one). */
    private readonly inFlight: number,
    /** Starts part i on a worker. */
    private readonly start: (part: number) => Promise<Outcome>,
    private readonly lead = 2 * threads,
  ) {
    this.fill();
  }

  /** This thread is at `part`: what a worker made of it, or null when it is to be parsed here. */
  at(part: number): Promise<Outcome> | null {
    this.here = part;
    const outcome = this.started.get(part) ?? null;
    this.fill();
    return outcome;
  }

  private fill(): void {
    for (let part = this.pick(); part >= 0 && this.running < this.inFlight; part = this.pick()) {
      const outcome = this.start(part);
      this.started.set(part, outcome);
      this.running++;
      const done = (): void => {
        this.running--;
        this.fill();
      };
      outcome.then(done, done);
    }
  }

  /** The next part for a worker, or -1. */
  private pick(): number {
    if (this.running >= this.inFlight) return -1;
    const last = Math.min(this.parts - 1, this.here + this.lead);
    for (let i = this.here + 1; i <= last; i++) if (i % this.threads !== 0 && !this.started.has(i)) return i;
    for (let i = last; i > this.here; i--) if (!this.started.has(i)) return i;
    return -1;
  }
}

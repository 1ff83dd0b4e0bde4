/**
 * Which thread parses which part of a split file. This thread goes through the parts in order (it
 * replays the others' observations as it reaches them), so workers take parts ahead of it: first
 * the ones meant for them (all but every `threads`-th), then, when they run out while this thread
 * is still behind, this thread's own from the far end. A part no worker has started when this
 * thread reaches it is parsed here. Whichever side is faster, neither waits long for the other.
 */
export class PartSchedule<Outcome> {
  private readonly started = new Map<number, Promise<Outcome>>();
  private readonly order: number[] = [];
  private next = 0;
  private here = 0;
  private running = 0;

  constructor(
    parts: number,
    threads: number,
    private readonly workers: number,
    /** Starts part i on a worker. */
    private readonly start: (part: number) => Promise<Outcome>,
  ) {
    for (let i = 0; i < parts; i++) if (i % threads !== 0) this.order.push(i);
    for (let i = parts - 1; i > 0; i--) if (i % threads === 0) this.order.push(i);
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
    while (this.running < this.workers && this.next < this.order.length) {
      const part = this.order[this.next++] as number;
      if (part <= this.here) continue;
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
}

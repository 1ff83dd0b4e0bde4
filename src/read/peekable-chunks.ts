/** Byte chunks whose beginning can be looked at (format detection) before they are consumed. */
export class PeekableChunks implements AsyncIterable<Buffer> {
  private head: Buffer[] = [];
  private headBytes = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** The first `bytes` bytes (fewer at end of input), without consuming them. */
  async peek(bytes: number): Promise<Buffer> {
    while (this.headBytes < bytes && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        this.head.push(chunk);
        this.headBytes += chunk.length;
      }
    }
    if (this.head.length > 1) this.head = [Buffer.concat(this.head)];
    return (this.head[0] ?? Buffer.alloc(0)).subarray(0, bytes);
  }

  /** Releases the source without reading it (the input is read another way). */
  async close(): Promise<void> {
    if (!this.done) await this.iterator.return?.();
    this.done = true;
    this.head = [];
  }

  /** Whether the peeked bytes are the whole input. */
  get exhausted(): boolean {
    return this.done;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const head = this.head;
    this.head = [];
    this.headBytes = 0;
    // A reader that stops early (not a scan log, root element closed) must release the source,
    // or every such input keeps its file descriptor open until the process ends.
    let finished = this.done;
    try {
      for (const chunk of head) yield chunk;
      while (!finished) {
        const next = await this.iterator.next();
        if (next.done) finished = true;
        else yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      }
    } finally {
      if (!finished) await this.iterator.return?.();
    }
  }
}

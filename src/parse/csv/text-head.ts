/**
 * The first stretch of a text stream, held to decide how to parse the rest (delimiter, `sep=` line),
 * and the whole stream again for the parser, starting wherever the caller says.
 */

/** Plenty for title lines, a header and 50 rows; small enough to hold. */
export const HEAD_CHARS = 256 * 1024;

export interface TextHead {
  readonly text: string;
  /** Whether `text` is all there is. */
  readonly complete: boolean;
  /** The stream from `from` characters into the head onwards. */
  readonly rest: (from: number) => AsyncIterable<string>;
  /** Release the source when `rest` will not be read. */
  readonly close: () => Promise<void>;
}

export async function readTextHead(stream: AsyncIterable<string>, limit = HEAD_CHARS): Promise<TextHead> {
  const it = stream[Symbol.asyncIterator]();
  let text = "";
  let complete = false;
  while (text.length < limit) {
    const next = await it.next();
    if (next.done) {
      complete = true;
      break;
    }
    text += next.value;
  }
  const rest = async function* (from: number): AsyncGenerator<string> {
    try {
      if (from < text.length) yield text.slice(from);
      if (complete) return;
      // Delegating keeps early exit working: the source is closed when the consumer stops.
      yield* { [Symbol.asyncIterator]: () => it };
    } finally {
      // A consumer that stops within the head text (it found what it looked for) closes the source too.
      if (!complete) await it.return?.();
    }
  };
  const close = async (): Promise<void> => {
    if (!complete) await it.return?.();
  };
  return { text, complete, rest, close };
}

/**
 * The one error the XML tokenizer throws for input that is not a document we can read. Readers turn
 * it into an InputError naming the file; `reason` is plain words, `line` is 1-based.
 */
export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

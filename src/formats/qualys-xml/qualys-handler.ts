/** Common ground of the Qualys readers: the element stack and the finishing step. */
import { SKIP_ELEMENT, type OpenAnswer, type XmlHandler } from "../../parse/xml/tokenizer.js";
import type { ReaderContext } from "../reader.js";

export abstract class QualysHandler implements XmlHandler {
  protected readonly stack: string[] = [];
  /** Host elements read (scanned hosts, down hosts). */
  records = 0;
  /**
   * Records reported, for a reader whose records are not one host observation each (a summary
   * entry lists many addresses); undefined: the sink counts the hosts.
   */
  classified: number | undefined = undefined;

  constructor(protected readonly ctx: ReaderContext) {}

  /** Name of the element `up` levels above the current one (0 = current). */
  protected at(up: number): string | undefined {
    return this.stack[this.stack.length - 1 - up];
  }

  onOpen(name: string, attrs: Record<string, string>, line: number): OpenAnswer {
    this.stack.push(name);
    const answer = this.open(name, attrs, line);
    // A skipped element closes unheard.
    if (answer === SKIP_ELEMENT) this.stack.pop();
    return answer;
  }

  onText(text: string): void {
    this.text(this.stack[this.stack.length - 1] ?? "", text);
  }

  onClose(name: string, line: number): void {
    this.close(name, line);
    this.stack.pop();
  }

  protected abstract open(name: string, attrs: Record<string, string>, line: number): OpenAnswer;
  protected abstract text(name: string, text: string): void;
  protected abstract close(name: string, line: number): void;
  /** Called after the whole document was read: emit what was held back. */
  abstract finish(): void;

  /** The elements open now, outermost first (split-host-list.ts closes them behind a part). */
  get openElements(): readonly string[] {
    return this.stack;
  }
}

/**
 * A reader whose host list can be cut into parts read by other readers of the same document
 * (split-host-list.ts): what the end-of-document checks need from each part travels as plain data.
 */
export interface SplittableHandler<State = unknown> {
  /** No host is open and everything before it has been read: a part may start here. */
  readonly splittable: boolean;
  fragmentState(): State;
  /** A part read elsewhere, in document order after what this reader read so far. */
  absorb(state: State): void;
}

export function isSplittable(h: unknown): h is QualysHandler & SplittableHandler {
  return h instanceof QualysHandler && typeof (h as Partial<SplittableHandler>).absorb === "function";
}

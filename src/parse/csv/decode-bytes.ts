/**
 * Bytes -> text, incrementally. The encoding is decided once from the head of the input: a BOM
 * (UTF-8, UTF-16LE, UTF-16BE) wins; otherwise UTF-8 if the head is valid UTF-8, else Windows-1252
 * (what older Excel versions save). Feed chunks with `push`, then call `end`; chunk boundaries can
 * fall anywhere, even inside a multi-byte character.
 */
import { isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import { message, type Message } from "../../messages/message.js";
import { decodeWindows1252 } from "./windows-1252.js";
import type { CsvProbe } from "./csv-probe.js";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface EncodingGuess {
  readonly encoding: TextEncodingName;
  /** Bytes of byte order mark to drop. */
  readonly bomLength: number;
}

/** Enough text to see a header and dozens of rows, yet small enough to hold. */
export const DEFAULT_HEAD_BYTES = 64 * 1024;

export function guessEncoding(head: Uint8Array): EncodingGuess {
  const [b0, b1, b2] = head;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  return { encoding: isValidUtf8(head.subarray(0, head.length - incompleteUtf8Tail(head))) ? "utf-8" : "windows-1252", bomLength: 0 };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * How many bytes at the end start a UTF-8 sequence that the next chunk completes (0-3). Only
 * looks at structure; whether the sequence is valid is the decoder's business.
 */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return needed > back ? back : 0;
    }
  }
  return 0;
}

const NON_ASCII = /[\u0080-\uffff]/;

export class ByteDecoder {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private encoding: TextEncodingName | null = null;
  /** Set for every encoding but UTF-8, which is decoded below with checks. */
  private decoder: ((bytes: Uint8Array, final: boolean) => string) | null = null;
  private carry: Uint8Array = new Uint8Array(0);
  private offset = 0;
  /** Whether any non-ASCII text has been produced: until then a switch to Windows-1252 is exact. */
  private sawNonAscii = false;
  /** Bytes taken and characters given out (a split read checks that its reader is where it thinks). */
  bytesIn = 0;
  charsOut = 0;

  constructor(
    private readonly warn: (m: Message) => void,
    private readonly headBytes = DEFAULT_HEAD_BYTES,
    /**
     * A part of a file whose head decided the encoding elsewhere: decode as that, and throw
     * InvalidUtf8 rather than change course (the reader of the whole file decides what then).
     */
    private readonly part: { readonly encoding: "utf-8" | "windows-1252" } | null = null,
  ) {
    if (part !== null) {
      this.encoding = part.encoding;
      if (part.encoding !== "utf-8") this.decoder = decoderFor(part.encoding);
    }
  }

  push(chunk: Uint8Array): string {
    this.bytesIn += chunk.length;
    if (this.encoding !== null) return this.counted(this.decodeBody(chunk, false));
    // Copies: a chunk may be a view of a buffer its reader fills again (fileRange).
    this.head.push(new Uint8Array(chunk));
    this.headLength += chunk.length;
    return this.headLength >= this.headBytes ? this.counted(this.decide(false)) : "";
  }

  end(): string {
    return this.counted(this.encoding === null ? this.decide(true) : this.decodeBody(new Uint8Array(0), true));
  }

  private counted(text: string): string {
    this.charsOut += text.length;
    return text;
  }

  /** The encoding decided on (null until the head has been seen); lenient UTF-8 is "utf-8". */
  get encodingName(): TextEncodingName | null {
    return this.encoding;
  }

  /** Whether the text so far holds a non-ASCII character. */
  get nonAscii(): boolean {
    return this.sawNonAscii;
  }

  /**
   * At a line end (no character pending), whether the text a part decoded on its own as `encoding`
   * is what this decoder makes of the same bytes. Valid UTF-8 reads the same leniently.
   */
  readsLike(encoding: "utf-8" | "windows-1252", nonAscii: boolean): boolean {
    if (this.encoding === null || this.carry.length > 0 || this.encoding.startsWith("utf-16")) return false;
    return !nonAscii || this.encoding === encoding;
  }

  /** Bytes decoded elsewhere (a part of a split file), as if they had been decoded here. */
  skip(bytes: number, nonAscii: boolean): void {
    this.bytesIn += bytes;
    this.offset += bytes;
    if (nonAscii) this.sawNonAscii = true;
  }

  private decide(final: boolean): string {
    const head = Buffer.concat(this.head);
    this.head = [];
    // The first headBytes exactly, however the chunks fell.
    const guess = guessEncoding(head.subarray(0, this.headBytes));
    this.encoding = guess.encoding;
    if (guess.encoding === "windows-1252") this.warn(message("csv.encodingWindows1252"));
    if (guess.encoding !== "utf-8") this.decoder = decoderFor(guess.encoding);
    this.offset = guess.bomLength;
    return this.decodeBody(head.subarray(guess.bomLength), final);
  }

  private decodeBody(bytes: Uint8Array, final: boolean): string {
    if (this.decoder !== null) return this.decoder(bytes, final);
    // UTF-8 is decoded chunk by chunk with a strict decoder (carrying split characters ourselves),
    // so that invalid bytes past the head are noticed where they occur.
    const all = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes]);
    // Most exports are plain ASCII: one native check, then the cheapest decoding there is.
    if (isAscii(all)) {
      this.carry = new Uint8Array(0);
      this.offset += all.length;
      return Buffer.from(all.buffer, all.byteOffset, all.length).toString("latin1");
    }
    const cut = final ? all.length : all.length - incompleteUtf8Tail(all);
    try {
      const text = strictUtf8.decode(all.subarray(0, cut));
      this.carry = new Uint8Array(all.subarray(cut));
      this.offset += cut;
      if (!this.sawNonAscii && NON_ASCII.test(text)) this.sawNonAscii = true;
      return text;
    } catch {
      // The valid text before the first invalid byte, then the rest as `recover` decides: the
      // choice depends on the bytes alone, not on where the chunks happened to end.
      const found = firstInvalidUtf8(all.subarray(0, cut));
      const bad = found < cut ? found : 0;
      const valid = strictUtf8.decode(all.subarray(0, bad));
      if (!this.sawNonAscii && NON_ASCII.test(valid)) this.sawNonAscii = true;
      this.carry = new Uint8Array(0);
      const at = this.offset + bad;
      this.offset += all.length;
      return valid + this.recover(all.subarray(bad), final, at);
    }
  }

  /** Invalid UTF-8 past the head: the file was not UTF-8 after all, or it mixes encodings. */
  private recover(bytes: Uint8Array, final: boolean, at: number): string {
    if (this.part !== null) throw new InvalidUtf8();
    if (this.sawNonAscii) {
      this.warn(message("csv.encodingInvalidUtf8", { offset: at }));
      this.decoder = decoderFor("utf-8");
    } else {
      // Everything so far was ASCII, which reads the same in both: switching loses nothing.
      this.warn(message("csv.encodingWindows1252"));
      this.encoding = "windows-1252";
      this.decoder = decoderFor("windows-1252");
    }
    return this.decoder(bytes, final);
  }
}

/** A part's bytes are not valid UTF-8 (ByteDecoder with `part`). */
export class InvalidUtf8 extends Error {
  override readonly name = "InvalidUtf8";
}

/** Where the first byte of the first invalid UTF-8 sequence is (the bytes hold one). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    // The second byte's range excludes overlong forms and surrogates (WHATWG's UTF-8 decoder).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) {
      const c = bytes[i + k] as number;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += n;
  }
  return bytes.length;
}

/** A plain streaming decoder (UTF-8 here means: invalid bytes become U+FFFD). */
function decoderFor(encoding: TextEncodingName): (bytes: Uint8Array, final: boolean) => string {
  if (encoding === "windows-1252") return decodeWindows1252;
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (bytes, final) => decoder.decode(bytes, { stream: !final });
}

/** The chunks of an input as text, decided and decoded as above. */
/**
 * Text is decoded in pieces this small: a larger string goes straight to V8's old generation and
 * lives until a full collection, so megabyte pieces made the heap grow far beyond what is in use.
 */
export const DECODE_PIECE_BYTES = 64 * 1024;

export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, warn: (m: Message) => void, probe?: CsvProbe): AsyncGenerator<string> {
  const decoder = new ByteDecoder(warn);
  if (probe) probe.decoder = decoder;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += DECODE_PIECE_BYTES) {
      const text = decoder.push(chunk.subarray(at, at + DECODE_PIECE_BYTES));
      if (text !== "") yield text;
    }
  }
  const text = decoder.end();
  if (text !== "") yield text;
}

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

  constructor(
    private readonly warn: (m: Message) => void,
    private readonly headBytes = DEFAULT_HEAD_BYTES,
  ) {}

  push(chunk: Uint8Array): string {
    if (this.encoding !== null) return this.decodeBody(chunk, false);
    this.head.push(chunk);
    this.headLength += chunk.length;
    return this.headLength >= this.headBytes ? this.decide(false) : "";
  }

  end(): string {
    return this.encoding === null ? this.decide(true) : this.decodeBody(new Uint8Array(0), true);
  }

  private decide(final: boolean): string {
    const head = Buffer.concat(this.head);
    this.head = [];
    const guess = guessEncoding(head);
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
    const start = this.offset;
    try {
      const text = strictUtf8.decode(all.subarray(0, cut));
      this.carry = all.subarray(cut);
      this.offset += cut;
      if (!this.sawNonAscii && NON_ASCII.test(text)) this.sawNonAscii = true;
      return text;
    } catch {
      this.carry = new Uint8Array(0);
      return this.recover(all, final, start);
    }
  }

  /** Invalid UTF-8 past the head: the file was not UTF-8 after all, or it mixes encodings. */
  private recover(bytes: Uint8Array, final: boolean, start: number): string {
    if (this.sawNonAscii) {
      this.warn(message("csv.encodingInvalidUtf8", { offset: start }));
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

export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, warn: (m: Message) => void): AsyncGenerator<string> {
  const decoder = new ByteDecoder(warn);
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += DECODE_PIECE_BYTES) {
      const text = decoder.push(chunk.subarray(at, at + DECODE_PIECE_BYTES));
      if (text !== "") yield text;
    }
  }
  const text = decoder.end();
  if (text !== "") yield text;
}

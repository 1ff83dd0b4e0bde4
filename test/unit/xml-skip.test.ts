/** SKIP_ELEMENT: nothing more is heard of a skipped element, but its content is still checked. */
import { describe, expect, it } from "vitest";
import { SKIP_ELEMENT, XmlTokenizer } from "../../src/parse/xml/tokenizer.js";
import { XmlSyntaxError } from "../../src/parse/xml/xml-error.js";

/** Events of `xml` written in chunks of `size` bytes, skipping the elements named in `skip`. */
function run(xml: string, skip: readonly string[], size = xml.length): { events: string[]; done: boolean } {
  const events: string[] = [];
  const tokenizer = new XmlTokenizer({
    onOpen: (name, attrs, line) => {
      events.push(`open ${name}${Object.keys(attrs).length > 0 ? JSON.stringify(attrs) : ""} @${line}`);
      return skip.includes(name) ? SKIP_ELEMENT : name === "T";
    },
    onText: (text) => void events.push(`text ${JSON.stringify(text)}`),
    onClose: (name, line) => void events.push(`close ${name} @${line}`),
  });
  const bytes = Buffer.from(xml);
  for (let i = 0; i < bytes.length; i += size) tokenizer.write(bytes.subarray(i, i + size));
  tokenizer.end();
  return { events, done: tokenizer.done };
}

function errorOf(xml: string, skip: readonly string[], size?: number): string {
  try {
    run(xml, skip, size);
  } catch (err) {
    if (err instanceof XmlSyntaxError) return `line ${err.line}: ${err.message}`;
    throw err;
  }
  return "no error";
}

describe("SKIP_ELEMENT", () => {
  const doc = `<R>\n<V n="1">\n<T>title</T>\n<D a="x"><L><![CDATA[<T>not a tag</T>]]><T>inner</T></L><!-- c --></D>\n<E/><D/>\n</V>\n</R>`;

  it("gives no events inside a skipped element and no close for it; the rest as before, lines right", () => {
    for (const size of [1, 3, 7, doc.length]) {
      expect(run(doc, ["D"], size).events).toEqual([
        "open R @1",
        'open V{"n":"1"} @2',
        "open T @3",
        'text "title"',
        "close T @3",
        'open D{"a":"x"} @4',
        "open E @5",
        "close E @5",
        "open D @5",
        "close V @6",
        "close R @7",
      ]);
    }
  });

  it("ends the document when the skipped element is the root", () => {
    expect(run(doc, ["R"])).toEqual({ events: ["open R @1"], done: true });
  });

  it("still finds every syntax error inside a skipped element, with its line", () => {
    const cases: [string, RegExp][] = [
      [`<R>\n<D>\n<L></M></D>\n</R>`, /^line 3: .*end tag <\/M> does not match <L> opened at line 3/],
      [`<R>\n<D>\n<L a="1" a="2"/></D>\n</R>`, /^line 3: .*attribute "a" appears twice in tag <L>/],
      [`<R>\n<D>\n<L a="1<"/></D>\n</R>`, /^line 3: .*'<' in the value of attribute "a" of <L>/],
      [`<R>\n<D>\n<L>\n</D>\n</R>`, /^line 4: .*end tag <\/D> does not match <L> opened at line 3/],
      [`<R>\n<D>\n<L>`, /^line 3: .*document ends inside <L> opened at line 3/],
    ];
    for (const [xml, expected] of cases) {
      expect(errorOf(xml, ["D"])).toMatch(expected);
      expect(errorOf(xml, ["D"], 2)).toMatch(expected);
      // The same error as without skipping.
      expect(errorOf(xml, [])).toBe(errorOf(xml, ["D"]));
    }
  });
});

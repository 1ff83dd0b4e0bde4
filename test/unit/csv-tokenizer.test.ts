/**
 * Our CSV tokenizer against csv-parse (the well-kept reference): on generated well-formed CSV,
 * fed in random chunk sizes, both must give the same records; plus the lenient cases where we
 * deliberately read what csv-parse would reject (as Python's csv module does).
 */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, CsvTokenizer, type CsvRecord, type CsvRow } from "../../src/parse/csv/csv-tokenizer.js";

function tokenize(text: string, delimiter: string, chunkSizes: readonly number[]): CsvRecord[] {
  const t = new CsvTokenizer(delimiter);
  const out: CsvRecord[] = [];
  let pos = 0;
  let k = 0;
  while (pos < text.length) {
    const size = chunkSizes.length > 0 ? (chunkSizes[k++ % chunkSizes.length] ?? 1) : text.length;
    out.push(...t.push(text.slice(pos, pos + size)));
    pos += size;
  }
  out.push(...t.end());
  return out;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;
const EOLS = ["\n", "\r\n", "\r"] as const;

/** A cell from an alphabet rich in the characters that matter. */
const cell = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", ",", ";", "\t", "|", '"', "\n", "\r", "é", "€", "=", "-"), maxLength: 12 });

function serialise(rows: string[][], delimiter: string, eol: string, quoteAll: boolean): string {
  return rows
    .map((row) =>
      row
        .map((c) => (quoteAll || c === "" || /["\r\n]/.test(c) || c.includes(delimiter) || c.startsWith(" ") ? `"${c.replaceAll('"', '""')}"` : c))
        .join(delimiter),
    )
    .join(eol);
}

describe("CsvTokenizer agrees with csv-parse", () => {
  it("on generated CSV, any delimiter, line end and chunking", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom(...EOLS),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 6 }),
        (rows, delimiter, eol, quoteAll, finalEol, chunks) => {
          const text = serialise(rows, delimiter, eol, quoteAll) + (finalEol ? eol : "");
          const reference = parse(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: false }) as string[][];
          const ours = tokenize(text, delimiter, chunks);
          expect(ours.map((r) => r.cells)).toEqual(reference);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("numbers records by the physical line they start on", () => {
    const text = 'a,b\r\n"multi\r\nline",x\n\nlast,"q\nq"\rend';
    expect(tokenize(text, ",", [3])).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["multi\r\nline", "x"], line: 2 },
      { cells: [""], line: 4 },
      { cells: ["last", "q\nq"], line: 5 },
      { cells: ["end"], line: 7 },
    ]);
  });
});

describe("CsvTokenizer leniency (where csv-parse would stop the whole file)", () => {
  it("drops blanks before an opening quote, so a delimiter inside still belongs to the field", () => {
    expect(tokenize('a, "b,c" ,d\n', ",", [1]).map((r) => r.cells)).toEqual([["a", "b,c ", "d"]]);
    expect(tokenize('a;\t"x;y"\n', ";", []).map((r) => r.cells)).toEqual([["a", "x;y"]]);
    expect(tokenize('a, b\n', ",", [2]).map((r) => r.cells)).toEqual([["a", " b"]]);
  });

  it("keeps a quote inside an unquoted field", () => {
    expect(tokenize('x "q" y,2\n', ",", []).map((r) => r.cells)).toEqual([['x "q" y', "2"]]);
  });

  it("appends text after a closing quote, as Python's csv does", () => {
    expect(tokenize('"abc"def,2\n', ",", []).map((r) => r.cells)).toEqual([["abcdef", "2"]]);
  });

  it("reports an unclosed quote at the end with the line it started on", () => {
    expect(() => tokenize('a,b\n1,"open\nmore', ",", [2])).toThrow(CsvSyntaxError);
    try {
      tokenize('a,b\n1,"open\nmore', ",", [2]);
    } catch (err) {
      expect(err).toMatchObject({ line: 2, kind: "unclosed-quote" });
    }
  });

  it("refuses a record longer than the limit whatever the chunks, and only such a record", () => {
    const text = 'a,b\n1,"0123456789\n012"\nc,d\n';
    for (const limit of [12, 40]) {
      for (const size of [1, 3, 7, text.length]) {
        const tokenizer = new CsvTokenizer(",", 1, limit);
        const run = () => {
          for (let i = 0; i < text.length; i += size) tokenizer.push(text.slice(i, i + size));
          return tokenizer.end().length;
        };
        if (limit === 12) expect(run, `chunks of ${size}`).toThrow(expect.objectContaining({ line: 2, kind: "record-too-long" }));
        else expect(run).not.toThrow();
      }
    }
  });

  it("refuses a multi-character delimiter", () => {
    expect(() => new CsvTokenizer(";;")).toThrow(RangeError);
  });
});

describe("CsvRow views", () => {
  /** Every row as the view shows it, captured during the callback. */
  function views(text: string, chunk: number) {
    const t = new CsvTokenizer(",");
    const out: { spans: (string | null)[]; cells: string[]; blank: boolean; past: string }[] = [];
    const see = (row: CsvRow) =>
      out.push({
        spans: Array.from({ length: row.count }, (_v, i) => (row.isSpan(i) ? row.text.slice(row.starts[i], row.ends[i]) : null)),
        cells: row.cells(),
        blank: row.isBlank(),
        past: row.cell(row.count),
      });
    for (let i = 0; i < text.length; i += chunk) t.pushRows(text.slice(i, i + chunk), see);
    t.endRows(see);
    return out;
  }

  it("gives plain and simply quoted cells as spans, built ones as strings", () => {
    for (const chunk of [1, 5, 1000]) {
      expect(views('a,"b,c","say ""hi""","x"y\n', chunk)).toEqual([
        { spans: ["a", "b,c", null, null], cells: ["a", "b,c", 'say "hi"', "xy"], blank: false, past: "" },
      ]);
    }
  });

  it("knows a blank row: empty, delimiters only, or whitespace as trim() sees it", () => {
    const rows = views(',,\n \t, ""\n\u00a0,\u2003\n,\u00a0x\n" """"",\n', 3);
    expect(rows.map((r) => r.blank)).toEqual([true, true, true, false, false]);
  });

  it("holds a record wider than its starting capacity", () => {
    const wide = Array.from({ length: 150 }, (_v, i) => (i % 3 === 0 ? `"c${i}"` : `c${i}`)).join(",");
    const [row] = views(`${wide}\n`, 64);
    expect(row?.cells).toEqual(Array.from({ length: 150 }, (_v, i) => `c${i}`));
  });
});

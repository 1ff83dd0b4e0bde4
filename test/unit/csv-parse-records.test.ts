import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseCsvRecords, type CsvRecord } from "../../src/parse/csv/parse-records.js";

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function records(text: string, size = 1 << 16, delimiter = ","): Promise<CsvRecord[]> {
  return parseCsvRecords(pieces(text, size), { delimiter, firstLine: 1, path: "in.csv" });
}

describe("parseCsvRecords", () => {
  const expected = [
    { cells: ["a", "b"], line: 1 },
    { cells: [""], line: 2 },
    { cells: ["1", "x,y"], line: 3 },
    { cells: ["2", 'say "hi"\nand go'], line: 4 },
    { cells: ["3", "z"], line: 6 },
  ];
  const lf = 'a,b\n\n1,"x,y"\n2,"say ""hi""\nand go"\n3,z\n';

  it.each([
    ["LF", lf],
    ["CRLF", lf.replaceAll("\n", "\r\n")],
    ["CR", lf.replaceAll("\n", "\r")],
  ])("%s line ends, whatever the chunk size", async (_name, text) => {
    const newline = _name === "LF" ? "\n" : _name === "CR" ? "\r" : "\r\n";
    const want = expected.map((r) => ({ ...r, cells: r.cells.map((c) => c.replace("\n", newline)) }));
    for (const size of [1, 2, 7, 1 << 16]) expect(await records(text, size)).toEqual(want);
  });

  it("handles mixed line ends and no final line end", async () => {
    expect(await records("a;b\r\n1;2\n3;4\r5;6", 3, ";")).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["1", "2"], line: 2 },
      { cells: ["3", "4"], line: 3 },
      { cells: ["5", "6"], line: 4 },
    ]);
  });

  it("tolerates stray quotes and ragged rows", async () => {
    expect(await records('a,b\nx "q" y,2,3\n4\n')).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ['x "q" y', "2", "3"], line: 2 },
      { cells: ["4"], line: 3 },
    ]);
  });

  it("stops a record that runs away (a quote never closed) before it fills memory", async () => {
    const text = `a,b\n1,2\n3,"runaway${"x".repeat(4.5 * 1024 * 1024)}\nmore,rows\n`;
    const err = await records(text, 64 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: "in.csv", line: 3 });
    expect((err as InputError).reason).toMatch(/longer than/);
  });

  it("reports a quote left open at the end as a cut-off input, naming the line", async () => {
    const err = await records('a,b\n1,2\n3,"open\nmore\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: "in.csv", line: 3 });
  });
});

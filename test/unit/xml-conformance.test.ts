/**
 * Our tokenizer against saxes (a conformant parser) on the same documents. Both sides record the
 * normalised events described in test/fixtures/xml/harness.ts; our tokenizer captures every element's
 * text. Fixtures named nonconformant-* are left out: saxes rejects them on purpose (undefined entity
 * references) or reads them differently (ISO-8859-1 bytes); they have their own unit tests.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chunked, conformantPart, ourEvents, prng, randomChunks, randomDocument, saxesEvents } from "../fixtures/xml/harness.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/xml");
const CORPUS = join(import.meta.dirname, "../../../shared/corpus/qualys");

function rootName(events: ReturnType<typeof ourEvents>): string {
  const first = events[0];
  if (first?.kind !== "open") throw new Error("no root element");
  return first.name;
}

function compareWithSaxes(bytes: Buffer): void {
  const ours = ourEvents([bytes]);
  const theirs = saxesEvents(conformantPart(bytes.toString("utf8"), rootName(ours)));
  expect(ours).toEqual(theirs);
}

describe("conformance with saxes", () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".xml") && !f.startsWith("nonconformant-"));

  it.each(fixtures)("fixture %s", (file) => {
    compareWithSaxes(readFileSync(join(FIXTURES, file)));
  });

  it("300 random documents, fed whole and in random chunks", () => {
    const random = prng(20241118);
    for (let n = 0; n < 300; n++) {
      const xml = randomDocument(random);
      const bytes = Buffer.from(xml);
      const theirs = saxesEvents(xml);
      expect(ourEvents([bytes]), xml).toEqual(theirs);
      expect(ourEvents(randomChunks(bytes, random, 16)), xml).toEqual(theirs);
    }
  });

  const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith(".xml")) : [];
  it.skipIf(corpus.length === 0)("real Qualys files in shared/corpus/qualys (skipped when absent)", () => {
    for (const file of corpus) {
      const bytes = readFileSync(join(CORPUS, file));
      compareWithSaxes(bytes);
      expect(ourEvents(chunked(bytes, 4096))).toEqual(ourEvents([bytes]));
    }
  });
});

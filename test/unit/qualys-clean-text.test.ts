/** Qualys text clean-up. */
import { describe, expect, it } from "vitest";
import { cleanText, realHostname } from "../../src/formats/qualys-xml/clean-text.js";

describe("cleanText", () => {
  it.each([
    ["  Windows   Authentication\n Failed ", "Windows Authentication Failed"],
    ["host&apos;s &#x41;&#66; &amp;amp;", "host's AB &amp;"],
    ["   ", null],
    [null, null],
  ])("%j -> %j", (raw, clean) => expect(cleanText(raw)).toBe(clean));

  it("knows the names Qualys prints for no hostname", () => {
    expect(realHostname("No registered hostname")).toBeNull();
    expect(realHostname("N/A")).toBeNull();
    expect(realHostname(" web01 ")).toBe("web01");
  });
});

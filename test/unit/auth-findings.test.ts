/** What a finding's title says of authentication, and the cheap test that settles most titles unread. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authStatusOf, authStatusOfTitle, titleIrrelevant } from "../../src/formats/qualys-xml/auth-findings.js";
import { cleanText } from "../../src/formats/qualys-xml/clean-text.js";

describe("titleIrrelevant", () => {
  // Pieces of titles that come close to the ones that matter: other cases, other white space,
  // entities that spell letters, letters that look like ASCII (long s, dotless i, Kelvin sign).
  const pieces = ["authentication", "Authentication", "AUTHENTICATION", "authenticat", "privilege", "Privilege", "insufficient", "failed", "not", "attempted",
    " ", "\t", "\n", "\u00a0", "&#97;", "&#x61;", "&amp;", "&", "ſ", "ı", "\u212a", "Windows", "Unix", "Host", "Scan", "é"];
  const title = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((xs) => xs.join(""));
  const qid = fc.constantFrom(6, 45017, 105015, 105053, 105296, 105297, 115263, 38170);

  it("is true only where the cleaned title and the QID find no authentication problem", () => {
    fc.assert(
      fc.property(qid, title, (q, raw) => {
        if (titleIrrelevant(q, raw)) {
          expect(authStatusOfTitle(cleanText(raw) ?? "")).toBeNull();
          expect(authStatusOf(q, cleanText(raw))).toBeNull();
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("settles ordinary titles, and never those of the authentication QIDs or titles", () => {
    expect(titleIrrelevant(45017, "Operating System Detected")).toBe(true);
    expect(titleIrrelevant(38170, "SSL Certificate - Subject Common Name Does Not Match Server FQDN")).toBe(true);
    expect(titleIrrelevant(105015, "Windows Authentication Failed")).toBe(false);
    expect(titleIrrelevant(105015, "Anything")).toBe(false);
    expect(titleIrrelevant(1, "Unix  Authentication\tFAILED")).toBe(false);
    expect(titleIrrelevant(1, "Insufficient Privileges")).toBe(false);
    expect(titleIrrelevant(1, "Host &#97;uthentication failed")).toBe(false);
  });
});

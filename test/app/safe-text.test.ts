import { describe, expect, it } from "vitest";
import { boundAnswer, neutralizeText } from "../../src/app/safe-text.js";

describe("neutralizeText", () => {
  it("removes bidi controls, zero-width spaces, the BOM and control characters", () => {
    const text = "\uFEFFinvoice\u202Egpj.exe\u202C\u200B done\u0007\u2066x\u2069\r\nnext";
    expect(neutralizeText(text)).toBe("invoicegpj.exe donex\nnext");
  });

  it("keeps emoji sequences, subdivision flags, scripts that need joiners, tabs and line breaks", () => {
    const family = "👨\u200D👩\u200D👧";
    const scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    const persian = "می\u200Cخواهم";
    const text = `${family} ${scotland} ${persian}\n\tend`;
    expect(neutralizeText(text)).toBe(text);
  });

  it("drops a joiner that joins nothing visible", () => {
    expect(neutralizeText("a \u200D b\u200D")).toBe("a  b");
  });
});

describe("boundAnswer", () => {
  it("leaves short answers alone", () => {
    expect(boundAnswer("short", 200)).toBe("short");
  });

  it("cuts a long answer at a word break and says how long it was", () => {
    const text = "word ".repeat(2000);
    const cut = boundAnswer(text, 500);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toMatch(
      /word\n\n… \[cut: the answer was 10,000 characters; only the first 500 are shown\]$/,
    );
  });

  it("never leaves half a surrogate pair", () => {
    const cut = boundAnswer("😀".repeat(1000), 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
  });
});

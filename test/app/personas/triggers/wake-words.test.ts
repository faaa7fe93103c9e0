import { describe, expect, it } from "vitest";
import { namesAny, wakeWords } from "../../../../src/app/personas/triggers/wake-words.js";

describe("wake words", () => {
  const words = wakeWords({
    name: "Captain Reed",
    identity: { displayName: "Captain Reed", nicknames: ["Cap", "Élodie", "r"] },
  });

  it("come from the name and nicknames, once each, without one-letter ones", () => {
    expect(words).toEqual(["Captain Reed", "Cap", "Élodie"]);
  });

  it("wake on a whole word in any case, and not inside other words", () => {
    expect(namesAny("what say you, captain reed?", words)).toBe(true);
    expect(namesAny("CAP! over here", words)).toBe(true);
    expect(namesAny("ask élodie", words)).toBe(true);
    expect(namesAny("Captain\n  Reed knows", words)).toBe(true);
    expect(namesAny("a capable captain", words)).toBe(false);
    expect(namesAny("Élodies everywhere", words)).toBe(false);
    expect(namesAny("the reediest captain", words)).toBe(false);
  });

  it("treat the name as text, not a pattern", () => {
    expect(namesAny("hello a+b", ["A+B"])).toBe(true);
    expect(namesAny("hello aab", ["A+B"])).toBe(false);
  });
});

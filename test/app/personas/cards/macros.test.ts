import { describe, expect, it } from "vitest";
import { substituteNames } from "../../../../src/app/personas/cards/index.js";

const names = { character: "Maren", user: "Ada" };

describe("name macros", () => {
  it("replaces {{char}} and {{user}} in any case, with spaces inside the braces", () => {
    expect(
      substituteNames("{{char}} greets {{user}}; {{CHAR}}, {{User}}, {{ char }}.", names),
    ).toBe("Maren greets Ada; Maren, Ada, Maren.");
  });

  it("replaces the older cards' <BOT>, <CHAR> and <USER> aliases", () => {
    expect(substituteNames("<BOT> and <USER>, <bot>, <char>, <user>", names)).toBe(
      "Maren and Ada, Maren, Maren, Ada",
    );
  });

  it("leaves other braces and tags alone", () => {
    expect(substituteNames("{{random:a,b}} {char} <START> <users> {{chars}}", names)).toBe(
      "{{random:a,b}} {char} <START> <users> {{chars}}",
    );
  });

  it("substitutes in one pass, so a name that looks like a macro stays as written", () => {
    expect(substituteNames("Hi {{user}}", { character: "Maren", user: "{{char}}" })).toBe(
      "Hi {{char}}",
    );
  });
});

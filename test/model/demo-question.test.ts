import { describe, expect, it } from "vitest";
import { answerTemplates } from "../../src/model/demo-answers.js";
import { fillTemplate } from "../../src/model/demo-candidates.js";
import { demoTexts } from "../../src/model/demo-corpus.js";
import { characterOf, echoOf } from "../../src/model/demo-persona.js";
import { pickOptions } from "../../src/model/demo-picks.js";
import { readQuestion } from "../../src/model/demo-question.js";

const intent = (task: string, subject: string, facets?: Record<string, string>) => ({
  task,
  subject,
  k: 5,
  tau: null,
  avoid: [],
  withProbabilities: true,
  ...(facets ? { facets } : {}),
});

describe("readQuestion", () => {
  it.each([
    ["Should I learn the guitar?", "you should learn the guitar", "you shouldn't learn the guitar"],
    ["Is the moon made of cheese?", "the moon is made of cheese", "the moon isn't made of cheese"],
    [
      "Can you help me with my essay?",
      "I can help you with your essay",
      "I can't help you with your essay",
    ],
    ["Am I late?", "you are late", "you aren't late"],
    ["Do cats like water", "cats like water", "cats don't like water"],
    [
      "Is there a best time to sleep?",
      "there is a best time to sleep",
      "there isn't a best time to sleep",
    ],
  ])(
    "turns the yes/no question %j into a statement and its negation",
    (question, lead, negated) => {
      expect(readQuestion(question)).toMatchObject({ shape: "yes-no", lead, negatedLead: negated });
    },
  );

  it("reads how, why, when and choice questions, and leaves the rest open", () => {
    expect(readQuestion("How do I make sourdough bread?")).toMatchObject({
      shape: "how",
      topic: "make sourdough bread",
    });
    expect(readQuestion("How to fix a flat tyre")).toMatchObject({ topic: "fix a flat tyre" });
    expect(readQuestion("Why is the sky blue?")).toMatchObject({
      shape: "why",
      lead: "the sky is blue",
    });
    expect(readQuestion("When should I plant tomatoes?").shape).toBe("when");
    expect(readQuestion("What should I cook tonight?").shape).toBe("choice");
    expect(readQuestion("Name a US state").shape).toBe("choice");
    expect(readQuestion("How many planets are there?").shape).toBe("open");
    expect(readQuestion("Tell me about Rome").shape).toBe("open");
    expect(readQuestion("constructor toString __proto__?").shape).toBe("open");
  });
});

describe("offline demo answers to /ask", () => {
  const answers = (question: string) => demoTexts("ask", intent("ask", question));
  const firstSentence = (text: string) => text.split(/(?<=[.?!])\s/)[0] ?? "";

  it("answer a yes/no question with yes or no", () => {
    for (const answer of answers("Should we move to Lisbon?")) {
      expect(answer.slice(0, 60)).toMatch(/\b(yes|no|not)\b/i);
    }
    expect(answers("Should we move to Lisbon?").join(" ")).toContain("you should move to Lisbon");
  });

  it("answer a how-question with steps, a why-question with a reason, a when-question with a time", () => {
    for (const answer of answers("How do I keep basil alive?")) expect(answer).toMatch(/:\s\w+/);
    expect(answers("How do I keep basil alive?").join(" ")).toContain("To keep basil alive,");
    for (const answer of answers("Why do cats purr?")) {
      expect(firstSentence(answer)).toMatch(/because|reason/i);
    }
    for (const answer of answers("When should I repaint the fence?")) {
      expect(firstSentence(answer)).toMatch(
        /\b(when|whenever|soon|after|season|monday|evening|year|morning|before)\b/i,
      );
    }
  });

  it("fill every template of every shape without leaving a placeholder", () => {
    for (const shape of ["yes-no", "how", "why", "when", "choice", "open"] as const) {
      for (const template of answerTemplates(shape)) {
        const filled = fillTemplate(template, {
          lead: "x",
          negatedLead: "y",
          topic: "z",
          question: "q",
        });
        expect(filled).not.toMatch(/[{}]/);
      }
    }
  });
});

describe("offline demo persona replies", () => {
  it.each([
    [
      "a retired sea captain who distrusts maps",
      "What was your worst storm?",
      "my worst storm",
      "a retired sea captain",
    ],
    [
      "grumpy baker, proud of his rye",
      "Do you like my new hat?",
      "do I like your new hat",
      "a grumpy baker",
    ],
    [
      "You are an astronaut on her last mission",
      "I think space is overrated.",
      "you think space is overrated",
      "an astronaut on her last mission",
    ],
  ])("take up the message and the character (%s)", (character, message, echo, who) => {
    const replies = demoTexts("persona", intent("persona", "", { character, message }));
    for (const reply of replies) {
      expect(reply.toLowerCase()).toContain(echo.toLowerCase());
      expect(reply).toContain(who);
    }
  });

  it("echo a long message by the clause it asks about, and say who the persona is in a few words", () => {
    expect(
      echoOf(
        "I have sailed for twenty years, what do you think of the new harbour rules they passed?",
      ),
    ).toBe("what do I think of the new harbour rules they passed");
    expect(characterOf("old lighthouse keeper with a limp")).toBe("an old lighthouse keeper");
    expect(characterOf("")).toBe("someone like me");
  });
});

describe("pickOptions", () => {
  it.each([
    ["pick one of: pizza, sushi, tacos", ["pizza", "sushi", "tacos"]],
    ["heads or tails", ["heads", "tails"]],
    ["red, green and blue", ["red", "green", "blue"]],
  ])("lists what the user listed: %s", (subject, options) => {
    expect(pickOptions(subject)).toEqual(options);
  });

  it("knows ranges, dice and a few sets, and has generic picks for anything else", () => {
    expect(pickOptions("a number from 1 to 20")).toEqual(
      Array.from({ length: 20 }, (_, index) => String(index + 1)),
    );
    expect(pickOptions("roll a die")).toHaveLength(6);
    expect(pickOptions("a d20")).toHaveLength(20);
    expect(pickOptions("a US state")).toHaveLength(50);
    expect(pickOptions("a number from 1 to 1000000")).toHaveLength(1000);
    expect(pickOptions("a restaurant").length).toBeGreaterThan(2);
  });
});

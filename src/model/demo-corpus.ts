import type { RequestIntent } from "../engine/ports.js";
import { answerTemplates } from "./demo-answers.js";
import { fillTemplate, sanitizeSubject } from "./demo-candidates.js";
import { IDEAS } from "./demo-ideas.js";
import { JOKES } from "./demo-jokes.js";
import { characterOf, echoOf, PERSONA_TEMPLATES } from "./demo-persona.js";
import { pickOptions } from "./demo-picks.js";
import { POEMS } from "./demo-poems.js";
import { readQuestion } from "./demo-question.js";
import { STORIES } from "./demo-stories.js";

/**
 * What the offline demo model can write, by task: every text it could give for a request,
 * with the user's words filled in. Jokes and ideas are whole templates; stories, poems,
 * answers and persona replies are composed from parts (demo-compose.ts), so no task runs dry
 * within a long chain and no two texts are near-duplicates.
 */
export const DEMO_TASKS = [
  "joke",
  "story",
  "poem",
  "brainstorm",
  "ask",
  "persona",
  "pick",
  "chat",
  "generic",
] as const;
export type DemoTask = (typeof DEMO_TASKS)[number];

/** A persona reads this much of a message to take it up; the echo keeps ten words of it. */
const MESSAGE_MAX_CHARACTERS = 400;

/** Used when the request's subject is empty. */
export const DEFAULT_SUBJECTS: Readonly<Record<DemoTask, string>> = {
  joke: "everyday life",
  story: "a quiet little town",
  poem: "the changing seasons",
  brainstorm: "a weekend project",
  ask: "what's worth trying this week",
  persona: "",
  pick: "",
  chat: "what's worth trying this week",
  generic: "everyday life",
};

export function isDemoTask(value: string): value is DemoTask {
  return (DEMO_TASKS as readonly string[]).includes(value);
}

export function resolveDemoTask(task: string): DemoTask {
  const name = task.trim().toLowerCase();
  return isDemoTask(name) ? name : "generic";
}

function fillAll(templates: readonly string[], values: Readonly<Record<string, string>>): string[] {
  return templates.map((template) => fillTemplate(template, values));
}

/** A persona's character and the message it answers, from the facets or the subject. */
function personaFacets(intent: RequestIntent): { character: string; message: string } {
  const facets = intent.facets ?? {};
  const split = intent.subject.lastIndexOf(" | ");
  const fromSubject =
    split >= 0
      ? { character: intent.subject.slice(0, split), message: intent.subject.slice(split + 3) }
      : { character: intent.subject, message: "" };
  return {
    character: facets.character ?? fromSubject.character,
    message: facets.message ?? fromSubject.message,
  };
}

/** Every text the demo could give for this request, in a fixed order. */
export function demoTexts(task: DemoTask, intent: RequestIntent): string[] {
  const subject = sanitizeSubject(intent.subject) || DEFAULT_SUBJECTS[task];
  switch (task) {
    case "joke":
      return fillAll(JOKES, { subject });
    case "story":
      return fillAll(STORIES, { subject });
    case "poem":
      return fillAll(POEMS, { subject });
    case "brainstorm":
      return fillAll(IDEAS, { subject });
    case "pick":
      return pickOptions(subject);
    case "persona": {
      const { character, message } = personaFacets(intent);
      return fillAll(PERSONA_TEMPLATES, {
        echo: echoOf(sanitizeSubject(message, MESSAGE_MAX_CHARACTERS)),
        character: characterOf(sanitizeSubject(character)),
      });
    }
    // A chat message gets an answer in the shape of what it asks, as /ask would give.
    case "chat":
    case "ask": {
      const parts = readQuestion(subject);
      return fillAll(answerTemplates(parts.shape), {
        lead: parts.lead,
        negatedLead: parts.negatedLead,
        topic: parts.topic,
        question: parts.question,
      });
    }
    case "generic":
      return fillAll(answerTemplates("open"), { question: subject });
  }
}

import { composeTriples } from "./demo-compose.js";
import { otherSide } from "./demo-question.js";

/**
 * The offline demo's persona replies: a reaction that takes up the user's message ({echo}),
 * a line in the described character ({character}) and a closing, 121 in all, no two sharing
 * more than one part. Canned, but about what was said and who says it.
 */
const REACTIONS = [
  "{Echo}? Now there is a question I do not get every day.",
  "Ha, {echo}. You don't ask the easy ones, do you?",
  "{Echo}... give me a moment, that one takes me back.",
  "So you want to know about that: {echo}. Fair enough.",
  "{Echo}? Funny you should bring that up today.",
  "Ah, {echo}. I've been waiting for someone to ask.",
  "Well now, {echo}. Pull up a chair.",
  "{Echo}, you say? Hm. Let me answer that honestly.",
  "You caught me off guard with that one: {echo}.",
  "{Echo}? I've got a story about that, and an opinion too.",
  "Oh, {echo}. Careful, that's a long conversation.",
];

const CHARACTER_LINES = [
  "Spend enough years as {character} and you learn that nothing goes the way the plan says.",
  "Speaking as {character}, I can tell you the truth is stranger than the stories.",
  "People expect {character} to have a neat answer, and I never do.",
  "You know me: {character} through and through, and I'm not about to change now.",
  "When you've lived as {character}, you stop trusting anything that sounds too tidy.",
  "I'll tell you what I tell everyone, as {character}: it depends on the weather, and on the company.",
  "Being {character} has taught me to listen first and talk second, mostly.",
  "If you'd asked me before I was {character}, I'd have given you a very different answer.",
  "Here's a thing about being {character} that nobody warns you about: the memories stay sharp.",
  "Mind you, nobody asks {character} much these days, so I'll make the most of it.",
  "For {character} like me, the answer is written in habits, not in words.",
];

const CLOSINGS = [
  "What made you think of it, if you don't mind my asking?",
  "But tell me, what would you have done in my boots?",
  "Now it's your turn: what's the worst one you've been through yourself?",
  "Does that answer it, or shall I keep going until the tea gets cold?",
  "I'd rather hear your side of it, honestly; you look like you have one.",
  "Anyway, I think that's quite enough about me for one evening.",
  "Ask me again tomorrow and you might get a different story altogether.",
  "Don't go repeating that to anyone, mind you, not a soul.",
  "There, I've said it out loud, and I feel better already.",
  "Why do you ask, anyway? People usually have a reason.",
  "Make of that what you will; I've long stopped trying to make sense of it.",
];

export const PERSONA_TEMPLATES: readonly string[] = composeTriples(
  REACTIONS,
  CHARACTER_LINES,
  CLOSINGS,
);

const ECHO_WORDS = 12;
const CHARACTER_WORDS = 6;

/**
 * The user's message as the persona would repeat it, from its side ("your" becomes "my"):
 * the first question asked, else the first sentence; of a long one, its last clause, where a
 * question usually puts what it asks ("..., what do you think of the new rules?").
 */
export function echoOf(message: string): string {
  const sentences = message
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.!?])\s/);
  const sentence = sentences.find((candidate) => candidate.endsWith("?")) ?? sentences[0] ?? "";
  const clauses = sentence
    .replace(/[?!.,;:\s]+$/u, "")
    .split(/\s*[,;:–—]\s*|\s-\s/)
    .filter(Boolean);
  const count = (clause: string) => clause.split(" ").length;
  const clause =
    count(clauses.join(" ")) <= ECHO_WORDS ? clauses.join(", ") : (clauses.at(-1) ?? "");
  const words = otherSide(clause.split(" ").filter(Boolean));
  const first = words[0];
  if (first && first !== "I" && !/^I'/.test(first)) {
    words[0] = first.charAt(0).toLowerCase() + first.slice(1);
  }
  const kept = words.slice(0, ECHO_WORDS);
  if (words.length > ECHO_WORDS) {
    while (kept.length > 1 && DANGLING.has((kept.at(-1) ?? "").toLowerCase())) kept.pop();
  }
  return kept.join(" ") || "that";
}

/** Words a shortened echo must not end on ("...the new harbour rules they"). */
const DANGLING = new Set(
  "a an the of to in on at by for from with and or but that which who whom whose they we you i he she it my your their our his her its is are was were".split(
    " ",
  ),
);

/**
 * Who the persona is, in a few words: "a retired sea captain who distrusts maps" becomes
 * "a retired sea captain", so it fits "as {character}".
 */
export function characterOf(description: string): string {
  const flat = description
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(you are|you're|i am|i'm)\s+/i, "");
  const head = flat.split(/,|;|\.|\s(?:who|that|which|with|from|whose)\s/i)[0] ?? "";
  const words = head.trim().split(" ").filter(Boolean).slice(0, CHARACTER_WORDS);
  if (words.length === 0) return "someone like me";
  const phrase = words.join(" ");
  if (/^(a|an|the|my|one)\s/i.test(phrase)) {
    return phrase.charAt(0).toLowerCase() + phrase.slice(1);
  }
  return `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

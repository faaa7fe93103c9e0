/**
 * Just enough reading of a question for the offline demo to answer in its shape: a yes/no
 * question gets "yes, you should..." or "no, you shouldn't...", a how-question steps, a
 * why-question a reason. Canned, not understood: a few word lists and the question's own words.
 */
export type QuestionShape = "yes-no" | "how" | "why" | "when" | "choice" | "open";

export interface QuestionParts {
  readonly shape: QuestionShape;
  /** The question as a statement, from the answerer's side: "you should learn the guitar". */
  readonly lead: string;
  /** Its negation: "you shouldn't learn the guitar". */
  readonly negatedLead: string;
  /** For how-questions, what to do: "make sourdough bread". */
  readonly topic: string;
  /** The question itself, without its question mark. */
  readonly question: string;
}

const NEGATED_FORMS: Readonly<Record<string, string>> = {
  am: "am not",
  are: "aren't",
  is: "isn't",
  was: "wasn't",
  were: "weren't",
  do: "don't",
  does: "doesn't",
  did: "didn't",
  can: "can't",
  could: "couldn't",
  should: "shouldn't",
  would: "wouldn't",
  will: "won't",
  shall: "shan't",
  may: "may not",
  might: "might not",
  must: "mustn't",
  has: "hasn't",
  have: "haven't",
  had: "hadn't",
};

// Maps, not objects: user words such as "constructor" must never reach Object.prototype.
const NEGATED: ReadonlyMap<string, string> = new Map(Object.entries(NEGATED_FORMS));

const SUBJECT_PRONOUNS = new Set([
  "i",
  "you",
  "we",
  "they",
  "he",
  "she",
  "it",
  "there",
  "this",
  "that",
]);
const DETERMINERS = new Set([
  "the",
  "a",
  "an",
  "my",
  "your",
  "our",
  "their",
  "his",
  "her",
  "its",
  "this",
  "that",
  "these",
  "those",
  "some",
  "any",
  "every",
  "each",
  "all",
  "most",
]);
const CHOICE_WORDS = new Set([
  "what",
  "which",
  "who",
  "whom",
  "whose",
  "where",
  "name",
  "pick",
  "choose",
  "recommend",
  "suggest",
  "give",
  "list",
  "best",
  "favorite",
  "favourite",
]);
const QUANTITY_WORDS = new Set(["many", "much", "long", "old", "far", "big", "often", "tall"]);

/** The other side's words: "my" to "your", "you" to "I" or "me", and so on. */
const OBJECT_FORMS: Readonly<Record<string, string>> = {
  i: "you",
  me: "you",
  my: "your",
  mine: "yours",
  myself: "yourself",
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  you: "me",
  your: "my",
  yours: "mine",
  yourself: "myself",
  "you're": "I'm",
  "you've": "I've",
  "you'd": "I'd",
  "you'll": "I'll",
  we: "you",
  us: "you",
  our: "your",
  ours: "yours",
};
const OBJECT_SWAPS: ReadonlyMap<string, string> = new Map(Object.entries(OBJECT_FORMS));
const SUBJECT_SWAPS: ReadonlyMap<string, string> = new Map([
  ...OBJECT_SWAPS,
  ["you", "I"],
  ["we", "you"],
]);

/** The verb after a swapped subject: "I am" becomes "you are", "you were" becomes "I was". */
const AGREEMENT: ReadonlyMap<string, string> = new Map([
  ["you am", "are"],
  ["you was", "were"],
  ["I are", "am"],
  ["I were", "was"],
]);

/**
 * Swaps first and second person, reading "you" at the start or after a verb-like word as the
 * subject "I", and fixes the verb that follows a swapped subject.
 */
export function otherSide(words: readonly string[]): string[] {
  const swapped: string[] = [];
  words.forEach((word, index) => {
    const lower = word.toLowerCase();
    const previousWord = (words[index - 1] ?? "").toLowerCase();
    const asSubject = index === 0 || NEGATED.has(previousWord) || CHOICE_WORDS.has(previousWord);
    const agreed = AGREEMENT.get(`${swapped[index - 1] ?? ""} ${lower}`);
    const changed = index > 0 && (words[index - 1] ?? "") !== (swapped[index - 1] ?? "");
    swapped.push(
      agreed && changed ? agreed : ((asSubject ? SUBJECT_SWAPS : OBJECT_SWAPS).get(lower) ?? word),
    );
  });
  return swapped;
}

function statement(words: readonly string[]): { lead: string; negated: string } | null {
  const [auxiliary, ...rest] = words.map((word) => word.toLowerCase());
  if (!auxiliary || !NEGATED.has(auxiliary) || rest.length === 0) return null;
  const original = words.slice(1);
  const second = rest[0] ?? "";
  const subjectLength = SUBJECT_PRONOUNS.has(second) ? 1 : DETERMINERS.has(second) ? 2 : 1;
  const subjectWords = original.slice(0, subjectLength);
  const subject = otherSide(subjectWords).join(" ");
  let verb = auxiliary;
  const subjectLower = subject.toLowerCase();
  if (subjectLower === "you" && (verb === "am" || verb === "are")) verb = "are";
  if (subjectLower === "i" && verb === "are") verb = "am";
  if (subjectLower === "you" && verb === "was") verb = "were";
  if (subjectLower === "i" && verb === "were") verb = "was";
  const predicate = otherSide(original.slice(subjectLength)).join(" ");
  const plain = verb === "do" ? [subject, predicate] : [subject, verb, predicate];
  return {
    lead: plain.filter(Boolean).join(" "),
    negated: [subject, NEGATED.get(verb) ?? `${verb} not`, predicate].filter(Boolean).join(" "),
  };
}

const FALLBACK_LEAD = "it is so";

export function readQuestion(text: string): QuestionParts {
  const question = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?!.\s]+$/u, "");
  const words = question.split(" ").filter(Boolean);
  const first = (words[0] ?? "").toLowerCase();
  const second = (words[1] ?? "").toLowerCase();
  const base = { lead: FALLBACK_LEAD, negatedLead: "it isn't so", topic: "get there", question };
  if (NEGATED.has(first)) {
    const made = statement(words);
    if (made) return { ...base, shape: "yes-no", lead: made.lead, negatedLead: made.negated };
  }
  if (first === "how" && QUANTITY_WORDS.has(second)) return { ...base, shape: "open" };
  if (first === "how") {
    const third = (words[2] ?? "").toLowerCase();
    let action: readonly string[] = [];
    if (second === "to") action = words.slice(2);
    else if (NEGATED.has(second) && SUBJECT_PRONOUNS.has(third)) action = words.slice(3);
    const topic = otherSide(action).join(" ");
    return { ...base, shape: "how", ...(topic ? { topic } : {}) };
  }
  if (first === "why" || first === "when") {
    const made = statement(words.slice(1));
    const lead = made?.lead ?? otherSide(words.slice(1)).join(" ");
    return { ...base, shape: first, ...(lead ? { lead } : {}) };
  }
  if (CHOICE_WORDS.has(first)) return { ...base, shape: "choice" };
  return { ...base, shape: "open" };
}

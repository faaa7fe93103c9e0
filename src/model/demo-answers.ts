import { composeTriples } from "./demo-compose.js";
import type { QuestionShape } from "./demo-question.js";

/**
 * The offline demo's answers to /ask, by the shape of the question (demo-question.ts): an
 * opening in that shape, a body and a closing, 121 per shape, no two sharing more than one
 * part. Placeholders: {lead} and {negatedLead} (the question as a statement), {topic} (what a
 * how-question wants to do) and {question}.
 */
const YES_NO = [
  "Yes, {lead}; I'm fairly sure of that one.",
  "Short answer: no, {negatedLead}.",
  "It depends, but mostly yes.",
  "Honestly? I'd say no, at least not yet.",
  "Yes, and sooner than you might think: {lead}.",
  "Probably not, though plenty of people would disagree with me.",
  "I'd lean towards yes, if the timing suits you.",
  "No, I'd hold off for now: {negatedLead}, not yet anyway.",
  "Surprisingly, yes, and more people agree than you'd guess.",
  "Not really, whatever the headlines say.",
  "Yes, with one condition: {lead}, but only after sleeping on it.",
];

const YES_NO_BODIES = [
  "People who try it rarely regret the attempt, even when it goes sideways.",
  "Most of the worry comes from a few loud stories, not from the typical experience.",
  "The cost of finding out is small, and the answer is worth more than the guess.",
  "What usually decides it is not the facts but whether you enjoy the process.",
  "Ask three experts and you will hear four opinions, so the stakes are lower than they look.",
  "History is full of confident predictions about this that aged badly.",
  "The first week is the hardest part; after that, habit does most of the work.",
  "A quick test on a small scale will tell you more than any amount of reading.",
  "Your own situation matters more than the general rule, so trust what you know about yourself.",
  "The honest evidence is mixed, so let the tie-breaker be what you would enjoy.",
  "If it were truly a bad idea, fewer sensible people would keep doing it.",
];

const HOW = [
  "To {topic}, start smaller than feels necessary:",
  "Here is a way in three steps:",
  "The trick is the order you do things in:",
  "People who {topic} well usually begin with the boring part:",
  "If I had to do it this week, I would start like this:",
  "A slow but reliable way to {topic}:",
  "The quickest honest route:",
  "Try it the way a beginner would:",
  "To {topic} without stress, plan backwards:",
  "The step most people forget:",
  "Here is an unusual approach:",
];

const HOW_BODIES = [
  "gather what you need first, do one small practice run, then repeat it at full size.",
  "watch someone do it once, copy them badly, and improve one detail at a time.",
  "set a fixed time each day, keep a short log, and change only one thing per try.",
  "break it into the smallest steps you can name, and finish the first one today.",
  "decide what done looks like, work back to the first step, and begin there.",
  "do the dullest preparation properly, and the exciting part goes smoothly after that.",
  "follow a trusted guide exactly the first time, then make it your own the second.",
  "ask a friend to try it alongside you, so you each notice the other's mistakes.",
  "give it twenty focused minutes, stop while it still goes well, and come back tomorrow.",
  "start with the part you fear most, while your energy is highest.",
  "write the steps on a card, tape it where you will see it, and tick them off as you go.",
];

const WHY = [
  "The short reason {lead} is history.",
  "Because that is how it settled over time, mostly by accident.",
  "One answer: {lead} because it works well enough that nobody changed it.",
  "Because people like it that way.",
  "A scientist would say it is because of a chain of small causes.",
  "Partly chance: {lead} because a few early choices stuck.",
  "Because of balance, where the forces pushing each way meet.",
  "The economist's answer: because it is the cheapest way for things to be.",
  "Because it is useful: {lead} since it solves a problem people rarely notice.",
  "A storyteller's answer: because someone, long ago, insisted on it.",
  "The honest reason? Nobody is entirely sure why {lead}.",
];

const REASONS = [
  "Small advantages add up, and over many years they become the rule.",
  "Once enough people rely on something, changing it costs more than keeping it.",
  "The explanation usually sits in the details nobody looks at twice.",
  "Nature and people both tend to keep whatever works, even if it is not perfect.",
  "Look at what happens when it goes the other way, and the reason becomes clearer.",
  "There is usually a simple mechanism underneath, wrapped in a lot of tradition.",
  "Part of it is physics or biology, and part of it is plain good timing.",
  "Every alternative has been tried somewhere, and most of them quietly faded.",
  "It is the kind of question that gets a better answer every decade.",
  "The deeper you dig, the more the answer looks like a compromise.",
  "What seems arbitrary often began as a sensible fix to an old problem.",
];

const WHEN = [
  "Sooner than you would think: the best moment is usually the next quiet morning you have.",
  "When the days grow longer; spring rewards fresh starts.",
  "Right after a small win, while you still have momentum.",
  "At the end of a season, when things slow down and there is room to think.",
  "Not on a Monday: pick a Thursday, when the week's pressure has eased.",
  "When you have done the preparation, and not a day before.",
  "Late in the evening, once the day's noise has settled.",
  "As soon as you catch yourself planning it for the third time.",
  "When the people you would want around you are free to join.",
  "Around the turn of the year, when starting over feels natural.",
  "Whenever the cost of waiting grows bigger than the cost of starting.",
];

const WHEN_BODIES = [
  "Timing matters less than people fear, as long as you can keep at it for a few weeks.",
  "Look at your calendar for a stretch without big deadlines, and claim it.",
  "Seasons change the mood of things, so match the start to the energy you will have.",
  "Waiting for the perfect moment is the most common way never to begin.",
  "A fixed date on the calendar turns a vague intention into a plan.",
  "If you are unsure, pick a date two weeks out and prepare until then.",
  "The early hours tend to be the least interrupted part of any day.",
  "People with experience often say the right time was earlier than they thought.",
  "Starting rested beats starting rushed, almost every time.",
  "Give yourself some slack around the start; the first days rarely go to plan.",
  "The moment also depends on who else is involved, so ask them first.",
];

const CHOICE = [
  "My pick: the classic one that everyone names first, because it earned its place.",
  "I would choose the underdog: the option almost nobody mentions, but everyone nods at once it is said.",
  "Go with the local favorite, the one people near you swear by.",
  "I would name the oldest option there is; it has outlasted every trend.",
  "The one a child would pick: simple, bright, and more often right than we admit.",
  "My answer is the newest contender, because it fixes what the others got wrong.",
  "Choose the one with the best story behind it, not the most popular one.",
  "The practical pick: whichever you can try today, in under an hour.",
  "I would go with the one that surprised me most when I first heard of it.",
  "The seasonal choice: whatever fits the time of year you are in right now.",
  "The contrarian pick: the one everyone dismisses as too obvious.",
];

const CHOICE_BODIES = [
  "It is rarely the flashiest option, but it is the one people keep coming back to.",
  "Its fans are quieter than the others', and far more loyal.",
  "It has a way of fitting whatever the occasion turns out to be.",
  "You will find it holds up better the second time than the first.",
  "It is easy to start with and still interesting years later.",
  "Experts and beginners tend to agree on it, which is rare.",
  "It wins on character rather than on any single feature.",
  "It is the one most likely to give you a story worth retelling.",
  "Nobody regrets it, and a surprising number wish they had chosen it sooner.",
  "It is less about being the best and more about being right for now.",
  "It has history behind it, and history is a decent judge of quality.",
];

const OPEN = [
  "Here is one angle on “{question}”: start from what surprised people most.",
  "A thought: the interesting part is usually the part nobody explains.",
  "If I had to sum up “{question}” in a sentence: it rewards patience more than speed.",
  "One way in: look at its history before its present.",
  "A playful take on “{question}”: imagine explaining it to someone three centuries ago.",
  "A practical take: write down three questions about it and answer one today.",
  "An unusual view of “{question}”: treat it as a puzzle with more than one solution.",
  "Try it from the point of view of a complete beginner.",
  "A quiet observation about “{question}”: it changes depending on who is looking.",
  "The short version: there is more variety in it than the first answer suggests.",
  "A hopeful note on “{question}”: small improvements add up faster than they seem to.",
];

/** Closings that suit an answer of any shape. */
const CLOSINGS = [
  "Either way, one small try will teach you more than a week of thinking.",
  "That is one view; the next answer may well disagree.",
  "Write down what you decide, so that future you can check the reasoning.",
  "Ask again and you may get a different answer, which is rather the point.",
  "Start with the cheapest version and adjust from there.",
  "Ask someone who has done it; ten minutes of their story beats an hour of searching.",
  "Whatever you pick, give it a fair chance before you judge it.",
  "Keep it light: this is a choice you can revisit.",
  "The worst outcome usually makes a good story later.",
  "Notice your first reaction to this answer; it tells you what you were hoping for.",
  "Most of all, make the answer yours rather than anyone else's.",
];

const PARTS: Readonly<Record<QuestionShape, readonly [readonly string[], readonly string[]]>> = {
  "yes-no": [YES_NO, YES_NO_BODIES],
  how: [HOW, HOW_BODIES],
  why: [WHY, REASONS],
  when: [WHEN, WHEN_BODIES],
  choice: [CHOICE, CHOICE_BODIES],
  open: [OPEN, REASONS],
};

const TEMPLATES = new Map<QuestionShape, readonly string[]>();

/** Every answer template for one shape of question. */
export function answerTemplates(shape: QuestionShape): readonly string[] {
  let templates = TEMPLATES.get(shape);
  if (!templates) {
    const [openings, bodies] = PARTS[shape];
    templates = composeTriples(openings, bodies, CLOSINGS);
    TEMPLATES.set(shape, templates);
  }
  return templates;
}

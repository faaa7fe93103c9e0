import { MONTHS, US_STATES } from "./known-sets.js";

/**
 * What the offline demo can pick from: a range of numbers ("from 1 to 20", a die), the options
 * the user listed ("pizza, sushi, tacos", "heads or tails"), or a few well-known sets (a US
 * state, a month...). Anything else gets picks that suit any list.
 */
const SETS: readonly { readonly pattern: RegExp; readonly options: readonly string[] }[] = [
  { pattern: /\bstates?\b/i, options: US_STATES },
  { pattern: /\bcoin\b|\bheads\b|\btails\b/i, options: ["Heads", "Tails"] },
  {
    pattern: /\bweek\s?days?\b|\bday of the week\b/i,
    options: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  },
  {
    pattern: /\bmonths?\b/i,
    options: MONTHS,
  },
  {
    pattern: /\bcolou?rs?\b/i,
    options: [
      "Red",
      "Orange",
      "Yellow",
      "Green",
      "Blue",
      "Indigo",
      "Violet",
      "Pink",
      "Teal",
      "Gold",
    ],
  },
  {
    pattern: /\bplanets?\b/i,
    options: ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"],
  },
  {
    pattern: /\bfruits?\b/i,
    options: [
      "Apple",
      "Banana",
      "Cherry",
      "Mango",
      "Pear",
      "Kiwi",
      "Plum",
      "Peach",
      "Grape",
      "Lime",
    ],
  },
  {
    pattern: /\banimals?\b/i,
    options: [
      "Otter",
      "Owl",
      "Fox",
      "Tortoise",
      "Hedgehog",
      "Dolphin",
      "Lynx",
      "Badger",
      "Heron",
      "Yak",
    ],
  },
  {
    pattern: /\bletters?\b/i,
    options: Array.from({ length: 26 }, (_, index) => String.fromCharCode(65 + index)),
  },
];

const ANY_LIST = [
  "The first one",
  "The second one",
  "The last one",
  "The one in the middle",
  "The one nobody mentioned",
  "Whichever is closest",
];

/** At most this many numbers are listed from a range; a wider range is sampled evenly. */
const RANGE_LIMIT = 1000;

function numberRange(text: string): string[] | null {
  const dice = /\b(?:d(\d{1,4})|(?:a\s+)?(?:fair\s+)?(?:die|dice))\b/i.exec(text);
  if (dice) return range(1, Number(dice[1] ?? 6));
  const match = /(-?\d+)\s*(?:to|-|–|and|through|until)\s*(-?\d+)/i.exec(text);
  if (!match) return null;
  const low = Math.min(Number(match[1]), Number(match[2]));
  const high = Math.max(Number(match[1]), Number(match[2]));
  return range(low, high);
}

function range(low: number, high: number): string[] {
  const count = high - low + 1;
  if (!(count >= 1)) return [String(low)];
  const step = count > RANGE_LIMIT ? count / RANGE_LIMIT : 1;
  const values = new Set<string>();
  for (let value = low; value <= high && values.size < RANGE_LIMIT; value += step) {
    values.add(String(Math.round(value)));
  }
  return [...values];
}

function listed(text: string): string[] | null {
  const body = text
    .replace(/^\s*(?:pick|choose|select)?\s*(?:one|something)?\s*(?:of|from|between)?\s*:?\s*/i, "")
    .trim();
  const separated = body.includes(",") || /\s(?:or)\s/i.test(body) || body.includes("/");
  if (!separated && !/^between\s/i.test(text.trim())) return null;
  const items = body
    .split(/\s*(?:,|;|\/|\bor\b|\band\b)\s*/i)
    .map((item) => item.replace(/^(?:a|an|the)\s+/i, "").trim())
    .filter((item) => item.length > 0);
  const unique = [...new Map(items.map((item) => [item.toLowerCase(), item])).values()];
  return unique.length >= 2 ? unique : null;
}

export function pickOptions(subject: string): string[] {
  const text = subject.trim();
  return (
    numberRange(text) ??
    listed(text) ??
    SETS.find((set) => set.pattern.test(text))?.options.slice() ??
    ANY_LIST.slice()
  );
}

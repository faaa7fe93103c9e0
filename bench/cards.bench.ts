import { randomBytes } from "node:crypto";
import { encode } from "fast-png";
import { parseCardFile, parseCardJson } from "../src/app/personas/cards/index.js";
import { LORE_SCAN_LIMIT, type LoreBook, selectLore } from "../src/app/personas/lore/index.js";
import { atMost, type Figure, informational, judged } from "./figures.js";

/** CPU milliseconds per call, after a warm-up, so other processes on the machine do not count. */
function cpuMs(times: number, run: () => unknown): number {
  run();
  const started = process.cpuUsage();
  for (let index = 0; index < times; index++) run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / times;
}

function book(entries: readonly Record<string, unknown>[]): LoreBook {
  const card = parseCardJson(JSON.stringify({ name: "Bench", character_book: { entries } }));
  if (!card.characterBook) throw new Error("bench card lost its book");
  return card.characterBook;
}

const entryText = "The harbor lamps are lit at dusk by the guild. ".repeat(8);

export async function run(): Promise<Figure[]> {
  const card = JSON.stringify({
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name: "Bench",
      description: "A long description. ".repeat(400),
      character_book: {
        entries: Array.from({ length: 60 }, (_, index) => ({
          keys: [`place${index}`, `person ${index}`],
          content: entryText,
          insertion_order: index,
        })),
      },
    },
  });
  const chara = Buffer.from(card).toString("base64");
  const side = 1400;
  const noise = new Uint8Array(randomBytes(side * side * 4));
  const largest = encode({ width: side, height: side, data: noise, text: { chara } });
  const small = encode({
    width: 256,
    height: 256,
    data: noise.subarray(0, 256 * 256 * 4),
    text: { chara },
  });
  const smallMs = cpuMs(50, () => parseCardFile(small));
  const largestMs = cpuMs(10, () => parseCardFile(largest));

  const conversation = [
    "We sailed past the harbor at dusk; the guild had lit the lamps. ".repeat(250),
  ];
  const typical = book(
    Array.from({ length: 1000 }, (_, index) => ({
      keys: [`place${index}`, `person ${index}`, `thing${index}`, `guild ${index}`, `lamp${index}`],
      content: entryText,
    })),
  );
  const typicalMs = cpuMs(10, () =>
    selectLore(typical, conversation, { budgetTokens: 2000, wholeWords: true }),
  );
  const nearMisses = `${"aa a ".repeat(LORE_SCAN_LIMIT / 5)}`;
  // Every word of every key is in the text, so each key needs a real search; no two are alike.
  const phrase = (number: number) =>
    Array.from({ length: 13 }, (_, bit) => ((number >> bit) & 1 ? "aa" : "a")).join(" ");
  const hostile = book(
    Array.from({ length: 50 }, (_, entry) => ({
      keys: Array.from({ length: 100 }, (_, key) => phrase(entry * 100 + key)),
      content: "x",
    })),
  );
  const hostileMs = cpuMs(5, () =>
    selectLore(hostile, [nearMisses], { budgetTokens: 100, wholeWords: true }),
  );
  const patterns = book([
    {
      keys: Array.from({ length: 50 }, (_, index) => `^(a+)+${index}$`),
      content: "x",
      use_regex: true,
    },
  ]);
  const patternMs = cpuMs(5, () =>
    selectLore(patterns, ["a".repeat(LORE_SCAN_LIMIT)], { budgetTokens: 100 }),
  );
  const hostileRatio = Math.max(hostileMs, patternMs) / typicalMs;
  return [
    informational("card PNG parse CPU, small file", smallMs, "ms CPU", `${small.length} bytes`),
    judged(
      "card PNG parse CPU, largest file",
      largestMs,
      "ms CPU",
      atMost(50),
      `${largest.length} bytes, near the 8 MiB limit`,
    ),
    informational(
      "lore selection CPU, plain book",
      typicalMs,
      "ms CPU",
      `5,000 keys over a ${LORE_SCAN_LIMIT}-character window`,
    ),
    judged(
      "lore selection CPU, hostile book / plain book",
      hostileRatio,
      "x",
      atMost(10),
      `5,000 near-miss phrase keys: ${hostileMs.toFixed(2)} ms CPU; 50 backtracking-prone regex keys: ${patternMs.toFixed(2)} ms CPU; plain: ${typicalMs.toFixed(2)} ms CPU`,
    ),
  ];
}

import type { FoundCandidate } from "./extraction.js";
import { plural } from "./plural.js";
import { readStatedProbability } from "./stated-probability.js";

export interface WeightedText {
  readonly text: string;
  /** The stated probability on the 0-1 scale, or null when none was usable. */
  readonly verbalized: number | null;
  readonly speaker?: string;
}

/**
 * Puts every stated probability of one reply on the 0-1 scale. Plain numbers are read as
 * percentages when any is above 1, since a model that writes 30 for one candidate meant 0-100
 * for all of them.
 */
export function onCommonScale(
  found: readonly FoundCandidate[],
  warnings: string[],
): WeightedText[] {
  const readings = found.map((candidate) => readStatedProbability(candidate.stated));
  const percentScale = readings.some((reading) => reading.kind === "plain" && reading.value > 1);
  if (percentScale) warnings.push("probabilities looked like percentages (0-100); divided by 100");
  let unusable = 0;
  const weighted = found.map((candidate, index): WeightedText => {
    const reading = readings[index];
    const base = {
      text: candidate.text,
      ...(candidate.speaker === undefined ? {} : { speaker: candidate.speaker }),
    };
    if (reading === undefined || reading.kind === "absent") return { ...base, verbalized: null };
    if (reading.kind === "unusable") {
      unusable++;
      return { ...base, verbalized: null };
    }
    const scale = reading.kind === "plain" && percentScale ? 100 : 1;
    return { ...base, verbalized: reading.value / scale };
  });
  if (unusable > 0) {
    warnings.push(
      `ignored ${plural(unusable, "probability", "probabilities")} that ${unusable === 1 ? "was" : "were"} negative, above 100 or not a number`,
    );
  }
  return weighted;
}

/** The candidates from most to least likely; ties keep the model's order. */
export function sortByProbability<Candidate extends { readonly probability: number }>(
  candidates: readonly Candidate[],
): Candidate[] {
  return [...candidates].sort((left, right) => right.probability - left.probability);
}

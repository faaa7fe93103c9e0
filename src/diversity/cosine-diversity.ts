/** Cosine similarity of two vectors of one length; 0 when either has no length (all zeros). */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) {
    throw new RangeError(`vectors differ in length (${left.length} and ${right.length})`);
  }
  let dot = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  for (let index = 0; index < left.length; index++) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftSquares += a * a;
    rightSquares += b * b;
  }
  if (leftSquares === 0 || rightSquares === 0) return 0;
  return dot / Math.sqrt(leftSquares * rightSquares);
}

/**
 * Semantic diversity of the responses to one prompt, as the VS paper defines it: (1 − mean
 * pairwise cosine similarity of their embeddings) × 100, each similarity clipped to [0, 1]
 * first, so opposite vectors count as unrelated rather than as more than unrelated. 0 for
 * identical responses, 100 for mutually orthogonal ones. Null with fewer than two vectors.
 */
export function semanticDiversity(vectors: readonly (readonly number[])[]): number | null {
  if (vectors.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  for (let first = 0; first < vectors.length; first++) {
    for (let second = first + 1; second < vectors.length; second++) {
      const similarity = cosineSimilarity(vectors[first] ?? [], vectors[second] ?? []);
      sum += Math.min(1, Math.max(0, similarity));
      pairs += 1;
    }
  }
  return (1 - sum / pairs) * 100;
}

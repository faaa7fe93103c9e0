import { wordTokens } from "./tokens.js";

/** Length of the longest common subsequence of two token lists, in O(n·m) time, O(m) memory. */
export function lcsLength(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const row = new Uint32Array(right.length + 1);
  for (const token of left) {
    let diagonal = 0;
    for (let column = 1; column <= right.length; column++) {
      const above = row[column] ?? 0;
      row[column] =
        token === right[column - 1] ? diagonal + 1 : Math.max(above, row[column - 1] ?? 0);
      diagonal = above;
    }
  }
  return row[right.length] ?? 0;
}

/**
 * Word-level ROUGE-L F1 of two token lists: 2PR / (P + R) with P = LCS / |left| and
 * R = LCS / |right|. Symmetric. 0 when either side has no tokens (the convention of Google's
 * rouge-score package), so empty texts never count as copies of each other.
 */
export function rougeLTokens(left: readonly string[], right: readonly string[]): number {
  const common = lcsLength(left, right);
  if (common === 0) return 0;
  return (2 * common) / (left.length + right.length);
}

/** Word-level ROUGE-L F1 of two texts, after the normalization of wordTokens. */
export function rougeL(left: string, right: string): number {
  return rougeLTokens(wordTokens(left), wordTokens(right));
}

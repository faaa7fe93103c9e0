/**
 * KL divergence, in nats, of an observed distribution to the uniform one over `optionCount`
 * options: Σ p·ln(p·m) over the options picked, which equals ln m − H(p). 0 when every option
 * was picked equally often; ln m when one option took every pick. `counts` holds how often
 * each picked option came up (options never picked may be left out). Null with no picks.
 */
export function klToUniform(counts: readonly number[], optionCount: number): number | null {
  if (!Number.isInteger(optionCount) || optionCount < 1) {
    throw new RangeError(`optionCount must be a whole number >= 1 (got ${optionCount})`);
  }
  if (counts.length > optionCount) {
    throw new RangeError(`${counts.length} counts for only ${optionCount} options`);
  }
  let total = 0;
  for (const count of counts) {
    if (!(count >= 0) || !Number.isFinite(count)) {
      throw new RangeError(`counts must be finite and non-negative (got ${count})`);
    }
    total += count;
  }
  if (total === 0) return null;
  let divergence = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const probability = count / total;
    divergence += probability * Math.log(probability * optionCount);
  }
  // Rounding can leave a uniform distribution a hair below zero.
  return Math.max(0, divergence);
}

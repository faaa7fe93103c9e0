/**
 * Texts built from three parts, no two of which share more than one part: part lists of a
 * prime length p give p² texts, (i, j, (i + 2j) mod p), since any two parts fix the third.
 * Two texts then share at most one of their three parts by construction, which keeps the
 * demo's answers apart under the duplicate guard (word-level ROUGE-L below 0.7).
 */
export function composeTriples(
  first: readonly string[],
  second: readonly string[],
  third: readonly string[],
  join: (parts: readonly [string, string, string]) => string = (parts) => parts.join(" "),
): string[] {
  const size = first.length;
  if (second.length !== size || third.length !== size || !isOddPrime(size)) {
    throw new RangeError("composeTriples needs three part lists of the same odd prime length");
  }
  const texts: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      texts.push(
        join([first[row] ?? "", second[column] ?? "", third[(row + 2 * column) % size] ?? ""]),
      );
    }
  }
  return texts;
}

function isOddPrime(value: number): boolean {
  if (value < 3 || value % 2 === 0) return false;
  for (let divisor = 3; divisor * divisor <= value; divisor += 2) {
    if (value % divisor === 0) return false;
  }
  return true;
}

/**
 * Word tokens for text comparison: case-folded, NFKC-normalized, with punctuation, quotes and
 * whitespace ignored. Apostrophes inside a word are dropped rather than split on ("don't" is
 * one token, "dont"), so curly and straight quotes compare equal. Scripts written without
 * spaces (Han, Hiragana, Katakana) count each character as a word, as ROUGE does for Chinese.
 * A word starts with a letter or digit: a mark with nothing to sit on (the variation selector
 * of an emoji such as ❤️) is no word.
 */
const APOSTROPHES = /['\u2018\u2019\u02bc\uff07]/g;
const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

export function wordTokens(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().replace(APOSTROPHES, "").match(TOKEN) ?? [];
}

/** The text as its tokens joined by single spaces: equal for texts that differ only in form. */
export function normalizedText(text: string): string {
  return wordTokens(text).join(" ");
}

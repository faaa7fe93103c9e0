/** What one chat message costs besides its text: its role and delimiters. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

const ASCII_LIMIT = 0x80;

/**
 * A dependency-free token estimate that errs high, since no one tokenizer fits every model:
 * four characters a token for ASCII (English text runs nearer five with common tokenizers),
 * and a token for every other character, as Chinese, Japanese, emoji and the like take about
 * one or more each.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if ((character.codePointAt(0) ?? 0) < ASCII_LIMIT) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + other;
}

/** The estimated size of a model request's messages, overhead included. */
export function estimateMessages(messages: readonly { readonly content: string }[]): number {
  return messages.reduce(
    (total, message) => total + estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS,
    0,
  );
}

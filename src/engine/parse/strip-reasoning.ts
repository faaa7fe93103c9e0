const REASONING_OPEN = /<(?:think|thinking|reasoning)(?:\s[^<>]*)?>/gi;
const REASONING_CLOSE = /<\/(?:think|thinking|reasoning)\s*>/gi;

export interface StrippedReasoning {
  readonly text: string;
  readonly warnings: readonly string[];
}

function firstMatch(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

/**
 * Removes reasoning blocks such as `<think>...</think>`. A closing tag with no opening one
 * means the opening was part of the prompt, so everything before it is reasoning; an opening
 * tag that is never closed means the output ended while the model was still thinking.
 */
export function stripReasoning(text: string): StrippedReasoning {
  let firstOpen = firstMatch(REASONING_OPEN, text, 0);
  const firstClose = firstMatch(REASONING_CLOSE, text, 0);
  if (firstOpen === null && firstClose === null) return { text, warnings: [] };
  const warnings: string[] = [];
  let kept = "";
  let position = 0;
  if (firstClose !== null && (firstOpen === null || firstClose.index < firstOpen.index)) {
    position = firstClose.index + firstClose[0].length;
    firstOpen = firstMatch(REASONING_OPEN, text, position);
  }
  for (let open = firstOpen; open !== null; open = firstMatch(REASONING_OPEN, text, position)) {
    kept += text.slice(position, open.index);
    const close = firstMatch(REASONING_CLOSE, text, open.index + open[0].length);
    if (close === null) {
      warnings.push("the output ended inside a reasoning block");
      return { text: kept, warnings };
    }
    position = close.index + close[0].length;
  }
  return { text: kept + text.slice(position), warnings };
}

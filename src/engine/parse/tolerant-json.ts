/**
 * A forgiving JSON reader for model output: recursive descent, no eval. Beyond JSON it
 * accepts trailing and missing commas, raw control characters in strings, unknown escapes,
 * single-quoted and smart-quoted strings, unquoted keys, NaN, Infinity and Python literals.
 */

export type JsonValue = null | boolean | number | string | JsonArray | JsonObject;
export type JsonArray = JsonValue[];
/** A Map keeps the key order as written and cannot be polluted through "__proto__". */
export type JsonObject = Map<string, JsonValue>;
export type JsonContainer = JsonArray | JsonObject;

export interface JsonRead {
  /** The value read, or undefined when the text at the start is not JSON. */
  readonly value: JsonValue | undefined;
  /** Where reading stopped: just after the value, or at the error. */
  readonly end: number;
  /** True when the text ended before the value was closed. */
  readonly cut: boolean;
  /** Containers still open when the text ended; they hold only their complete members. */
  readonly open: ReadonlySet<JsonContainer>;
  /** The container whose string or number member was still being written when the text ended. */
  readonly cutMemberOf: JsonContainer | null;
}

const MAX_DEPTH = 64;
const KEY_LOOKAHEAD = 64;

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const PERCENT = 0x25;
const NO_BREAK_SPACE = 0xa0;
const LEFT_SMART_QUOTE = 0x201c;
const RIGHT_SMART_QUOTE = 0x201d;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;
const BYTE_ORDER_MARK = 0xfeff;

const WORDS: ReadonlyMap<string, JsonValue> = new Map<string, JsonValue>([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
  ["null", null],
  ["None", null],
  ["NULL", null],
  ["undefined", null],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
]);

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ["b", "\b"],
  ["f", "\f"],
]);

function isWhitespace(code: number): boolean {
  return (
    code === SPACE ||
    code === LINE_FEED ||
    code === CARRIAGE_RETURN ||
    code === TAB ||
    code === NO_BREAK_SPACE ||
    code === LINE_SEPARATOR ||
    code === PARAGRAPH_SEPARATOR ||
    code === BYTE_ORDER_MARK
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isWordCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    isDigit(code) ||
    code === 0x5f ||
    code === 0x24 ||
    code === MINUS ||
    (code > 0x7f && !isWhitespace(code) && code !== LEFT_SMART_QUOTE && code !== RIGHT_SMART_QUOTE)
  );
}

function isNumberCharacter(code: number): boolean {
  return isDigit(code) || code === DOT || code === MINUS || code === PLUS || (code | 0x20) === 0x65;
}

function closingQuoteFor(code: number): number {
  return code === LEFT_SMART_QUOTE ? RIGHT_SMART_QUOTE : code;
}

class Reader {
  position: number;
  stop: "cut" | "invalid" | null = null;
  readonly open = new Set<JsonContainer>();
  cutMemberOf: JsonContainer | null = null;

  constructor(
    readonly text: string,
    start: number,
  ) {
    this.position = start;
  }

  readValue(depth: number): JsonValue | undefined {
    this.skipWhitespace();
    if (this.position >= this.text.length) return this.cutOff();
    const code = this.text.charCodeAt(this.position);
    if (code === OPEN_BRACE) return this.readObject(depth + 1);
    if (code === OPEN_BRACKET) return this.readArray(depth + 1);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === LEFT_SMART_QUOTE) {
      return this.readString(code);
    }
    if (isDigit(code) || code === MINUS || code === PLUS || code === DOT) return this.readNumber();
    if (isWordCharacter(code)) return this.readWord();
    return this.invalid();
  }

  private readObject(depth: number): JsonObject | undefined {
    if (depth > MAX_DEPTH) return this.invalid();
    const object: JsonObject = new Map();
    this.position++;
    for (;;) {
      this.skipSeparators();
      if (this.position >= this.text.length) return this.keepOpen(object);
      if (this.text.charCodeAt(this.position) === CLOSE_BRACE) {
        this.position++;
        return object;
      }
      const key = this.readKey();
      if (key === undefined) return this.stopped(object);
      this.skipWhitespace();
      if (this.position >= this.text.length) return this.keepOpen(object);
      if (this.text.charCodeAt(this.position) !== COLON) return this.invalid();
      this.position++;
      const value = this.readValue(depth);
      if (value !== undefined) object.set(key, value);
      if (this.stop !== null) {
        if (value === undefined && this.stop === "cut") this.cutMemberOf ??= object;
        return this.stopped(object);
      }
    }
  }

  private readArray(depth: number): JsonArray | undefined {
    if (depth > MAX_DEPTH) return this.invalid();
    const array: JsonArray = [];
    this.position++;
    for (;;) {
      this.skipSeparators();
      if (this.position >= this.text.length) return this.keepOpen(array);
      if (this.text.charCodeAt(this.position) === CLOSE_BRACKET) {
        this.position++;
        return array;
      }
      const value = this.readValue(depth);
      if (value !== undefined) array.push(value);
      if (this.stop !== null) {
        if (value === undefined && this.stop === "cut") this.cutMemberOf ??= array;
        return this.stopped(array);
      }
    }
  }

  private readKey(): string | undefined {
    const code = this.text.charCodeAt(this.position);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === LEFT_SMART_QUOTE) {
      return this.readString(code);
    }
    const start = this.position;
    while (
      this.position < this.text.length &&
      isWordCharacter(this.text.charCodeAt(this.position))
    ) {
      this.position++;
    }
    if (this.position === start) return this.invalid();
    if (this.position >= this.text.length) return this.cutOff();
    return this.text.slice(start, this.position);
  }

  private readString(openingQuote: number): string | undefined {
    const closingQuote = closingQuoteFor(openingQuote);
    const text = this.text;
    this.position++;
    let result = "";
    let segmentStart = this.position;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === BACKSLASH) {
        result += text.slice(segmentStart, this.position);
        const escaped = this.readEscape();
        if (escaped === undefined) return undefined;
        result += escaped;
        segmentStart = this.position;
      } else if (code === closingQuote && this.closesString(this.position + 1)) {
        result += text.slice(segmentStart, this.position);
        this.position++;
        return result;
      } else {
        this.position++;
      }
    }
    return this.cutOff();
  }

  /** Reads the escape at the backslash; an unknown escape keeps the escaped character. */
  private readEscape(): string | undefined {
    const next = this.text[this.position + 1];
    if (next === undefined) return this.cutOff();
    if (next === "u") {
      const hex = this.text.slice(this.position + 2, this.position + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.position += 6;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      if (this.position + 6 > this.text.length) return this.cutOff();
    }
    this.position += 2;
    return ESCAPES.get(next) ?? next;
  }

  /**
   * Whether a quote at `after - 1` ends the string. Models often leave inner quotes
   * unescaped ("He said "hi" twice"), so a quote only closes when JSON structure follows.
   */
  private closesString(after: number): boolean {
    const text = this.text;
    let index = after;
    let sawLineBreak = false;
    while (index < text.length && isWhitespace(text.charCodeAt(index))) {
      if (text.charCodeAt(index) === LINE_FEED) sawLineBreak = true;
      index++;
    }
    if (index >= text.length) return true;
    const code = text.charCodeAt(index);
    if (code === CLOSE_BRACE || code === CLOSE_BRACKET || code === COLON) return true;
    if (code === COMMA) return this.startsNextMember(index + 1);
    return sawLineBreak && (code === DOUBLE_QUOTE || code === OPEN_BRACE);
  }

  private startsNextMember(from: number): boolean {
    const text = this.text;
    let index = from;
    while (index < text.length && isWhitespace(text.charCodeAt(index))) index++;
    if (index >= text.length) return true;
    const code = text.charCodeAt(index);
    if (
      code === DOUBLE_QUOTE ||
      code === SINGLE_QUOTE ||
      code === LEFT_SMART_QUOTE ||
      code === OPEN_BRACE ||
      code === OPEN_BRACKET ||
      code === CLOSE_BRACE ||
      code === CLOSE_BRACKET ||
      code === MINUS ||
      isDigit(code)
    ) {
      return true;
    }
    const wordStart = index;
    const limit = Math.min(text.length, index + KEY_LOOKAHEAD);
    while (index < limit && isWordCharacter(text.charCodeAt(index))) index++;
    if (index === wordStart) return false;
    if (WORDS.has(text.slice(wordStart, index))) return true;
    while (index < limit && isWhitespace(text.charCodeAt(index))) index++;
    return text.charCodeAt(index) === COLON;
  }

  private readNumber(): JsonValue | undefined {
    const text = this.text;
    const start = this.position;
    const sign = text.charCodeAt(start);
    if (sign === MINUS || sign === PLUS) {
      const word = this.wordAt(start + 1);
      if (word === "Infinity" || word === "NaN") {
        this.position = start + 1 + word.length;
        if (word === "NaN") return Number.NaN;
        return sign === MINUS ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      }
    }
    while (this.position < text.length && isNumberCharacter(text.charCodeAt(this.position))) {
      this.position++;
    }
    if (this.position >= text.length) return this.cutOff();
    const written = text.slice(start, this.position);
    const value = Number(written);
    if (written === "" || Number.isNaN(value)) return this.invalid();
    if (text.charCodeAt(this.position) === PERCENT) {
      this.position++;
      return `${written}%`;
    }
    return value;
  }

  private readWord(): JsonValue | undefined {
    const word = this.wordAt(this.position);
    this.position += word.length;
    if (this.position >= this.text.length) return this.cutOff();
    const value = WORDS.get(word);
    return value === undefined ? this.invalid() : value;
  }

  private wordAt(start: number): string {
    let index = start;
    while (index < this.text.length && isWordCharacter(this.text.charCodeAt(index))) index++;
    return this.text.slice(start, index);
  }

  private skipWhitespace(): void {
    while (this.position < this.text.length && isWhitespace(this.text.charCodeAt(this.position))) {
      this.position++;
    }
  }

  private skipSeparators(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== COMMA) return;
      this.position++;
    }
  }

  private keepOpen<T extends JsonContainer>(container: T): T {
    this.stop = "cut";
    this.open.add(container);
    return container;
  }

  private stopped<T extends JsonContainer>(container: T): T | undefined {
    return this.stop === "cut" ? this.keepOpen(container) : undefined;
  }

  private cutOff(): undefined {
    this.stop = "cut";
    return undefined;
  }

  private invalid(): undefined {
    this.stop = "invalid";
    return undefined;
  }
}

/** Reads one JSON value starting at `start`. Never throws. */
export function readJson(text: string, start = 0): JsonRead {
  const reader = new Reader(text, start);
  const value = reader.readValue(0);
  const valid = reader.stop !== "invalid";
  return {
    value: valid ? value : undefined,
    end: reader.position,
    cut: reader.stop === "cut",
    open: reader.open,
    cutMemberOf: valid ? reader.cutMemberOf : null,
  };
}

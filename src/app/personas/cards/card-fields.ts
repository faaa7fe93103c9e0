import { cardInvalid, count } from "./card-error.js";
import { copyJsonObject } from "./json-copy.js";
import { isPlainObject, type JsonObject } from "./json-value.js";

/** Reads typed fields out of one object of a card, naming the field's path in every error. */
export class CardFields {
  readonly #object: Readonly<Record<string, unknown>>;
  readonly #path: string;

  constructor(object: Readonly<Record<string, unknown>>, path: string) {
    this.#object = object;
    this.#path = path;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#object, key) && this.#object[key] != null;
  }

  /** Text, "" when absent or null; a number is accepted where cards in the wild write one. */
  text(key: string, max: number, options: { readonly numberOk?: boolean } = {}): string {
    const value = this.#own(key);
    if (value == null) return "";
    if (typeof value === "number" && options.numberOk && Number.isFinite(value)) {
      return String(value);
    }
    if (typeof value !== "string") throw this.#wrongType(key, value, "text");
    return withinLength(value, max, this.#name(key));
  }

  optionalText(key: string, max: number): string | undefined {
    return this.has(key) ? this.text(key, max) : undefined;
  }

  /** A list of texts, [] when absent; a single comma-separated text is split, as some tools write. */
  texts(key: string, options: { readonly maxItems: number; readonly maxLength: number }): string[] {
    const value = this.#own(key);
    if (value == null) return [];
    const items = typeof value === "string" ? splitList(value, options.maxItems + 1) : value;
    if (!Array.isArray(items)) throw this.#wrongType(key, value, "a list of texts");
    if (items.length > options.maxItems) {
      throw cardInvalid(
        "too_many",
        `its ${this.#name(key)} has ${count(items.length)} items; at most ${count(options.maxItems)} are accepted.`,
      );
    }
    return items.map((item: unknown, index) => {
      const name = `${this.#name(key)}[${index}]`;
      if (typeof item !== "string") throw wrongType(name, item, "text");
      return withinLength(item, options.maxLength, name);
    });
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.#own(key);
    if (value == null) return undefined;
    if (typeof value !== "boolean") throw this.#wrongType(key, value, "true or false");
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.#own(key);
    if (value == null) return undefined;
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
      return Number(value);
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw this.#wrongType(key, value, "a number");
    }
    return value;
  }

  /** An object field as a reader, or undefined when absent or null. */
  object(key: string): CardFields | undefined {
    const value = this.#own(key);
    if (value == null) return undefined;
    if (!isPlainObject(value)) throw this.#wrongType(key, value, "an object");
    return new CardFields(value, this.#name(key));
  }

  /** The objects of a list field, each as a reader. */
  objects(key: string, maxItems: number): CardFields[] {
    const value = this.#own(key);
    if (value == null) return [];
    if (!Array.isArray(value)) throw this.#wrongType(key, value, "a list");
    if (value.length > maxItems) {
      throw cardInvalid(
        "too_many",
        `its ${this.#name(key)} has ${count(value.length)} entries; at most ${count(maxItems)} are accepted.`,
      );
    }
    return value.map((item: unknown, index) => {
      const name = `${this.#name(key)}[${index}]`;
      if (!isPlainObject(item)) throw wrongType(name, item, "an object");
      return new CardFields(item, name);
    });
  }

  /** `extensions` as the card had it ({} when absent), copied without `__proto__` keys. */
  extensions(key = "extensions"): JsonObject {
    const value = this.#own(key);
    if (value == null) return {};
    if (!isPlainObject(value)) throw this.#wrongType(key, value, "an object");
    return copyJsonObject(value);
  }

  /** A field's raw value, for the few whose shape cards disagree on. */
  raw(key: string): unknown {
    return this.#own(key);
  }

  #own(key: string): unknown {
    return Object.hasOwn(this.#object, key) ? this.#object[key] : undefined;
  }

  #name(key: string): string {
    return this.#path ? `${this.#path}.${key}` : key;
  }

  #wrongType(key: string, value: unknown, expected: string) {
    return wrongType(this.#name(key), value, expected);
  }
}

function wrongType(name: string, value: unknown, expected: string) {
  return cardInvalid("wrong_type", `its ${name} should be ${expected}, not ${describe(value)}.`);
}

function withinLength(text: string, max: number, name: string): string {
  if (text.length > max) {
    throw cardInvalid(
      "too_long",
      `its ${name} is ${count(text.length)} characters long; at most ${count(max)} are accepted.`,
    );
  }
  return text;
}

/** Non-empty items between commas; stops past `limit`, so hostile text builds no long list. */
function splitList(text: string, limit: number): string[] {
  const items: string[] = [];
  let start = 0;
  while (start <= text.length && items.length < limit) {
    const comma = text.indexOf(",", start);
    const end = comma < 0 ? text.length : comma;
    const item = text.slice(start, end).trim();
    if (item) items.push(item);
    start = end + 1;
  }
  return items;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "true/false";
  return "an object";
}

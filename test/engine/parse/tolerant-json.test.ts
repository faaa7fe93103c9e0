import { describe, expect, it } from "vitest";
import { type JsonValue, readJson } from "../../../src/engine/parse/index.js";

/** Plain JS data for comparisons: Maps become objects. */
function plain(value: JsonValue | undefined): unknown {
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([key, member]) => [key, plain(member)]));
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function read(text: string): unknown {
  return plain(readJson(text).value);
}

describe("tolerant JSON reader", () => {
  it("reads standard JSON like JSON.parse", () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"\\\\/"], "b": {}}';
    expect(read(text)).toEqual(JSON.parse(text));
  });

  it("accepts trailing and doubled commas", () => {
    expect(read('{"a": [1, 2,], "b": 3,}')).toEqual({ a: [1, 2], b: 3 });
    expect(read("[1,, 2]")).toEqual([1, 2]);
  });

  it("accepts missing commas between members", () => {
    expect(read('[{"a": 1} {"a": 2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(read('{"a": "x"\n "b": "y"}')).toEqual({ a: "x", b: "y" });
  });

  it("keeps raw line breaks, tabs and control characters inside strings", () => {
    expect(read('["line one\nline two\r\n\tindented\u0001"]')).toEqual([
      "line one\nline two\r\n\tindented\u0001",
    ]);
  });

  it("keeps the character of an invalid escape", () => {
    expect(read('["it\\\'s \\q \\x41 \\u12"]')).toEqual(["it's q x41 u12"]);
  });

  it("decodes surrogate pairs written as two \\u escapes", () => {
    expect(read('["\\ud83d\\ude00"]')).toEqual(["😀"]);
  });

  it("reads single-quoted strings, unquoted keys and smart quotes", () => {
    expect(read("{'text': 'a \"quoted\" word', probability: 0.2}")).toEqual({
      text: 'a "quoted" word',
      probability: 0.2,
    });
    expect(read("{“text”: “hello”}")).toEqual({ text: "hello" });
  });

  it("keeps apostrophes inside single-quoted strings", () => {
    expect(read("['It's my party', 'dogs' toys']")).toEqual(["It's my party", "dogs' toys"]);
  });

  it("keeps unescaped inner double quotes that are not followed by JSON structure", () => {
    expect(read('{"text": "He said "hi" and left", "p": 1}')).toEqual({
      text: 'He said "hi" and left',
      p: 1,
    });
  });

  it("reads NaN, Infinity, -Infinity and Python literals", () => {
    expect(read("[NaN, Infinity, -Infinity, True, False, None]")).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      true,
      false,
      null,
    ]);
  });

  it("reads an unquoted number with a percent sign as a percent string", () => {
    expect(read('{"probability": 30%}')).toEqual({ probability: "30%" });
  });

  it("keeps key order, including integer-like keys and __proto__", () => {
    const value = readJson('{"b": 1, "2": 2, "__proto__": 3, "1": 4}').value;
    expect(value instanceof Map ? [...value.keys()] : []).toEqual(["b", "2", "__proto__", "1"]);
  });

  it("reports where a complete value ends", () => {
    const result = readJson('x {"a": 1} tail', 2);
    expect(result.end).toBe(10);
    expect(result.cut).toBe(false);
  });

  it("returns undefined for text that is not JSON", () => {
    expect(readJson("{not json at all}").value).toBeUndefined();
    expect(readJson("[1, 2}").value).toBeUndefined();
  });

  it("returns what was complete when the text ends inside a structure", () => {
    const result = readJson('{"items": [{"a": 1}, {"a": 2, "b": "te');
    expect(result.cut).toBe(true);
    const items = result.value instanceof Map ? result.value.get("items") : undefined;
    expect(plain(items)).toEqual([{ a: 1 }, { a: 2 }]);
    const cutObject = Array.isArray(items) ? items[1] : undefined;
    expect(cutObject !== undefined && result.open.has(cutObject as Map<string, JsonValue>)).toBe(
      true,
    );
    expect(result.open.has(items as JsonValue[])).toBe(true);
    expect(result.cutMemberOf).toBe(cutObject);
  });

  it("marks the array whose string was being written when the text ended", () => {
    const result = readJson('["one", "tw');
    expect(plain(result.value)).toEqual(["one"]);
    expect(result.cutMemberOf).toBe(result.value);
  });

  it("treats a number at the very end as unfinished", () => {
    const result = readJson('{"p": 0.2');
    expect(plain(result.value)).toEqual({});
    expect(result.cut).toBe(true);
  });

  it("refuses nesting deeper than it can read safely instead of overflowing the stack", () => {
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    expect(readJson(deep).value).toBeUndefined();
  });
});

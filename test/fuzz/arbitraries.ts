/**
 * Hostile inputs for the entry-point fuzz tests: wrong types, missing fields, huge strings,
 * deep nesting, prototype keys, control and bidi characters, forged button ids, and valid
 * payloads with one field broken. Runs are bounded and seeded: a failure prints the seed and
 * the path to replay it (`VSBOT_FUZZ_SEED=<seed>`).
 */
import fc from "fast-check";

export const FUZZ_SEED = Number(process.env.VSBOT_FUZZ_SEED ?? 80_808);

export function fuzzRuns(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns, endOnFailure: true, verbose: 1 };
}

const TRICKY_STRINGS = [
  "",
  " ",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "vs:more:",
  "vs:more:AAAAAAAAAAAA",
  "vs:all:../../etc",
  "vs:more:AAAAAAAAAAAA\n",
  "vs_more",
  "\u202Eevil\u202C",
  "\u0000\u0001\u001b[31m",
  "\uD800",
  "<!channel>",
  "@everyone",
  "1".repeat(30),
  "-1",
  "NaN",
  "null",
  "{}",
];

const trickyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 1, arbitrary: fc.nat({ max: 200_000 }).map((size) => "x".repeat(size)) },
);

/** Any JSON-ish value, including prototype keys and deep structures. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    trickyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(trickyString, fc.constantFrom("__proto__", "constructor")),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** Every path to a value in a JSON object, for breaking one field of a valid payload. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [[...prefix]];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [[...prefix], ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function setAt(target: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(target) ? [...target] : { ...(target as object) }) as Record<
    string | number,
    unknown
  >;
  if (head === undefined) return copy;
  const next = setAt(copy[head], rest, value);
  if (next === REMOVE) delete copy[head];
  else copy[head] = next;
  return copy;
}

const REMOVE = Symbol("remove");

/** A valid payload with one to three fields replaced by hostile values, or removed. */
export function brokenPayload(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const change = fc.tuple(
    fc.constantFrom(...paths),
    fc.oneof({ weight: 4, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant(REMOVE) }),
  );
  return fc
    .array(change, { minLength: 1, maxLength: 3 })
    .map((changes) =>
      changes.reduce<unknown>((payload, [path, value]) => setAt(payload, path, value), valid),
    );
}

/** JSON nested far deeper than any platform sends. */
export const deepJson = fc
  .integer({ min: 100, max: 5000 })
  .map((depth) => `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`);

/** Bytes that are not JSON at all. */
export const garbage = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("", "null", "[]", "true", "0", '"x"', "{", "}{", '{"type":', "\uFEFF{}"),
);

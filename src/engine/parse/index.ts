export type { ParsedCandidate, ParseOptions, ParseResult } from "../types.js";
export { candidateKey } from "./merge-duplicates.js";
export { MAX_CANDIDATES, parseCandidates } from "./parse-candidates.js";
export { sortByProbability } from "./sort-by-probability.js";
export { type JsonRead, type JsonValue, readJson } from "./tolerant-json.js";

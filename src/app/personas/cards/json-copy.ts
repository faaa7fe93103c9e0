import { isPlainObject, type JsonObject, type JsonValue } from "./json-value.js";

/**
 * A fresh copy of parsed JSON with every `__proto__` key left out, so no later spread, merge
 * or assignment of it can reach an object's prototype. Depth is already bounded by the parser.
 */
export function copyJson(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(copyJson);
  if (isPlainObject(value)) return copyJsonObject(value);
  if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return null;
}

export function copyJsonObject(value: Readonly<Record<string, unknown>>): JsonObject {
  const copy: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "__proto__") continue;
    copy[key] = copyJson(item);
  }
  return copy;
}

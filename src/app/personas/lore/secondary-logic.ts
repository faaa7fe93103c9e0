import type { JsonObject } from "../cards/json-value.js";

/**
 * How a selective entry's secondary keys combine, as SillyTavern stores it in the entry's
 * `extensions.selectiveLogic`: 0 any of them (the V2 spec's rule and the default), 1 not all
 * of them, 2 none of them, 3 all of them.
 */
export type SecondaryLogic = "and_any" | "not_all" | "not_any" | "and_all";

const BY_NUMBER: readonly SecondaryLogic[] = ["and_any", "not_all", "not_any", "and_all"];

export function secondaryLogic(extensions: JsonObject): SecondaryLogic {
  const value = extensions.selectiveLogic;
  return (typeof value === "number" ? BY_NUMBER[value] : undefined) ?? "and_any";
}

/**
 * Character Card V3 decorators: `@@name value` lines at the start of a lore entry's content.
 * The ones that decide whether an entry is inserted are read; the rest are ignored, as the
 * spec allows. `@@@name` lines are fallbacks, used only when the decorator before them is not
 * recognised. Every decorator line is removed from the content that goes into the prompt.
 */
export interface LoreDecorators {
  /** `@@activate`: inserted whatever the keys say. */
  readonly activate: boolean;
  /** `@@dont_activate`: never inserted, unless `@@activate` is there too. */
  readonly dontActivate: boolean;
  /** `@@additional_keys a,b`: one of these must appear too. */
  readonly additionalKeys: readonly string[];
  /** `@@exclude_keys a,b`: not inserted when one of these appears. */
  readonly excludeKeys: readonly string[];
  /** `@@scan_depth N`: how many of the latest messages this entry's keys are looked for in. */
  readonly scanDepth?: number;
}

export interface DecoratedContent {
  readonly decorators: LoreDecorators;
  readonly content: string;
}

const LINE = /^(@{2,3})([a-z_]+)(?:[ \t]+(.*))?$/;
const KNOWN = new Set([
  "activate",
  "dont_activate",
  "additional_keys",
  "exclude_keys",
  "scan_depth",
]);

export function readDecorators(content: string): DecoratedContent {
  if (!content.startsWith("@@")) return { decorators: NONE, content };
  const lines = content.split("\n");
  const found = new Map<string, string>();
  let chainResolved = false;
  let index = 0;
  for (; index < lines.length; index++) {
    const match = LINE.exec((lines[index] ?? "").trim());
    if (!match) break;
    const [, marks, name = "", value = ""] = match;
    const fallback = marks === "@@@";
    if (!fallback) chainResolved = false;
    if (chainResolved || !KNOWN.has(name)) continue;
    chainResolved = true;
    if (!found.has(name)) found.set(name, value.trim());
  }
  const depth = Number.parseInt(found.get("scan_depth") ?? "", 10);
  return {
    decorators: {
      activate: found.has("activate"),
      dontActivate: found.has("dont_activate"),
      additionalKeys: list(found.get("additional_keys")),
      excludeKeys: list(found.get("exclude_keys")),
      ...(Number.isFinite(depth) && depth >= 0 ? { scanDepth: depth } : {}),
    },
    content: lines.slice(index).join("\n").replace(/^\n+/, ""),
  };
}

const NONE: LoreDecorators = {
  activate: false,
  dontActivate: false,
  additionalKeys: [],
  excludeKeys: [],
};

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

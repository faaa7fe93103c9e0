const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);
const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";

function decodeEntity(entity: string, name: string): string {
  const named = NAMED_ENTITIES.get(name.toLowerCase());
  if (named !== undefined) return named;
  const hex = name[1] === "x" || name[1] === "X";
  const codePoint = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
}

/** The text of a tag's content: CDATA unwrapped, XML entities decoded. */
export function decodeMarkup(content: string): string {
  const trimmed = content.trim();
  if (trimmed.startsWith(CDATA_OPEN) && trimmed.endsWith(CDATA_CLOSE)) {
    return trimmed.slice(CDATA_OPEN.length, -CDATA_CLOSE.length);
  }
  return content.includes("&") ? content.replace(ENTITY, decodeEntity) : content;
}

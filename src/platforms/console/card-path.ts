import { open } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { InboundFile } from "../../app/types.js";
import { VsbotError } from "../../engine/errors.js";

/** The first word after `/persona import` in the console: a card file's path, and the rest. */
export function consoleImport(text: string): { readonly path?: string; readonly rest: string } {
  const match = /^\s*import\s+(?:"([^"]+)"|(\S+))\s*([\s\S]*)$/i.exec(text);
  if (!match) return { rest: text };
  return { path: match[1] ?? match[2] ?? "", rest: `import ${match[3] ?? ""}`.trim() };
}

function unreadable(path: string, reason: string): VsbotError {
  return new VsbotError("invalid_input", `card file unreadable: ${reason}`, {
    userMessage: `Could not read ${path}: ${reason}.`,
  });
}

/** A local file as an attachment: the console's way to import a card. */
export function localFile(path: string): InboundFile {
  const extension = extname(path).toLowerCase();
  return {
    kind: "file",
    name: basename(path),
    ...(extension === ".png" ? { contentType: "image/png" } : {}),
    ...(extension === ".json" ? { contentType: "application/json" } : {}),
    read: async (maxBytes) => {
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(path, "r");
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw unreadable(path, code === "ENOENT" ? "no such file" : "it cannot be opened");
      }
      try {
        const { size } = await handle.stat();
        if (size > maxBytes) {
          throw unreadable(
            path,
            `it is ${size.toLocaleString("en-US")} bytes, over the ${maxBytes.toLocaleString("en-US")} a card may be`,
          );
        }
        const buffer = Buffer.alloc(size);
        await handle.read(buffer, 0, size, 0);
        return buffer;
      } finally {
        await handle.close();
      }
    },
  };
}

import type { InboundFile } from "../../../src/app/types.js";
import { bytes } from "./card-fixtures.js";

/** An attached file as a platform hands it in, reading from memory; counts its reads. */
export function attachedFile(
  name: string,
  content: Uint8Array | string,
  extra: Partial<Pick<InboundFile, "contentType" | "publicUrl" | "size">> = {},
): InboundFile & { readonly reads: () => number } {
  const data = typeof content === "string" ? bytes(content) : content;
  let reads = 0;
  return {
    kind: "file",
    name,
    size: data.byteLength,
    ...extra,
    reads: () => reads,
    read: async (maxBytes) => {
      reads += 1;
      if (data.byteLength > maxBytes) throw new Error(`file over ${maxBytes} bytes`);
      return data;
    },
  };
}

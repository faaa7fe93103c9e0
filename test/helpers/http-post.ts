import { request } from "node:http";

export interface PostAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * POSTs a body over node:http and reads the whole answer. The fuzz tests send thousands of
 * requests: node:http costs half the CPU time of fetch (undici) per request here. A connection
 * per request: a kept-alive socket the server has just closed (as it does after refusing a
 * request) would fail the next request with ECONNRESET, which is the client's race, not the
 * app's answer.
 */
export function httpPost(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (incoming) => {
        let text = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk: string) => {
          text += chunk;
        });
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, text }));
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import { createOpenAIEmbeddings } from "../../src/model/openai-embeddings.js";
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { captureLogger } from "../helpers/capture-logger.js";

const API_KEY = "sk-test-embeddings-0123456789";

let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 32 });
});

afterEach(async () => {
  await fake.close();
});

function embeddings(maxRetries = 0, logger = captureLogger([API_KEY])) {
  return createOpenAIEmbeddings({
    baseURL: fake.baseURL,
    apiKey: API_KEY,
    model: "text-embedding-3-small",
    timeoutMs: 5000,
    maxRetries,
    logger,
  });
}

async function failure(promise: Promise<unknown>): Promise<VsbotError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VsbotError);
  return error as VsbotError;
}

describe("createOpenAIEmbeddings", () => {
  it("returns one vector per text, in input order, asking for plain floats", async () => {
    const texts = ["a coffee joke", "a poem about rain", "a coffee joke"];
    const batch = await embeddings().embed(texts);

    expect(batch.vectors).toHaveLength(3);
    batch.vectors.forEach((vector, index) => {
      const expected = fakeEmbedding(texts[index] ?? "", 32);
      vector.forEach((value, position) => {
        expect(value).toBeCloseTo(expected[position] ?? Number.NaN, 6);
      });
    });
    expect(batch.promptTokens).toBeGreaterThan(0);
    const body = fake.embeddingRequests[0]?.body;
    expect(body?.model).toBe("text-embedding-3-small");
    expect(body?.encoding_format).toBe("float");
    expect(body?.input).toEqual(texts);
    expect(fake.embeddingRequests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("sends no request for no text", async () => {
    expect((await embeddings().embed([])).vectors).toEqual([]);
    expect(fake.embeddingRequests).toHaveLength(0);
  });

  it("retries a server error and then succeeds", async () => {
    let calls = 0;
    fake.failEmbeddingsWith(() => (++calls === 1 ? { status: 503 } : undefined));
    const batch = await embeddings(2).embed(["one", "two"]);
    expect(batch.vectors).toHaveLength(2);
    expect(fake.embeddingRequests).toHaveLength(2);
  });

  it("translates failures into typed errors, with the key kept out of the log", async () => {
    const logger = captureLogger([API_KEY]);
    fake.failEmbeddingsWith(() => ({ status: 401 }));
    expect((await failure(embeddings(0, logger).embed(["x"]))).code).toBe("model_auth");

    fake.failEmbeddingsWith(() => ({ status: 500 }));
    const unavailable = await failure(embeddings(1, logger).embed(["x"]));
    expect(unavailable.code).toBe("model_unavailable");
    expect(unavailable.details.attempts).toBe(2);

    fake.failEmbeddingsWith(() => ({ destroy: true }));
    expect((await failure(embeddings(0, logger).embed(["x"]))).code).toBe("model_connection");

    fake.failEmbeddingsWith(() => ({ status: 404 }));
    expect((await failure(embeddings(0, logger).embed(["x"]))).code).toBe("model_bad_request");

    expect(logger.raw.join("\n")).not.toContain(API_KEY);
    expect(logger.lines.filter((line) => line.event === "model.embeddings")).toHaveLength(4);
  });

  it("refuses a reply that lacks an embedding", async () => {
    fake.failEmbeddingsWith(() => ({
      status: 200,
      body: { object: "list", data: [{ object: "embedding", index: 0, embedding: [0.1] }] },
    }));
    const error = await failure(embeddings().embed(["one", "two"]));
    expect(error.code).toBe("model_bad_request");
    expect(error.userMessage).toMatch(/VSBOT_EMBEDDING_MODEL/);
  });

  it("needs a key or a base URL, and says which to set", () => {
    let thrown: unknown;
    try {
      createOpenAIEmbeddings({
        model: "m",
        timeoutMs: 1000,
        maxRetries: 0,
        logger: captureLogger(),
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VsbotError);
    expect((thrown as VsbotError).code).toBe("model_auth");
    expect((thrown as VsbotError).userMessage).toMatch(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });
});

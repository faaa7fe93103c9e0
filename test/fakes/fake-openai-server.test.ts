import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_CANDIDATES,
  type FakeOpenAI,
  fakeEmbedding,
  startFakeOpenAI,
  vsJson,
} from "./fake-openai-server.js";

let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI();
});

afterEach(async () => {
  await fake.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${fake.baseURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

function chat(model = "gpt-4.1", extra: Record<string, unknown> = {}) {
  return post("/chat/completions", {
    model,
    messages: [{ role: "user", content: "Tell me a joke about coffee" }],
    ...extra,
  });
}

interface CompletionJson {
  readonly choices: ReadonlyArray<{
    readonly message: { readonly content: string | null };
    readonly finish_reason: string;
  }>;
  readonly usage?: unknown;
}

interface ErrorJson {
  readonly error: { readonly message: string } & Readonly<Record<string, unknown>>;
}

async function completionJson(response: Response | Promise<Response>): Promise<CompletionJson> {
  return (await (await response).json()) as CompletionJson;
}

async function errorJson(response: Response): Promise<ErrorJson> {
  return (await response.json()) as ErrorJson;
}

function contentOf(completion: CompletionJson): string {
  return completion.choices[0]?.message.content ?? "";
}

function cosine(left: readonly number[], right: readonly number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

describe("fake OpenAI server", () => {
  it("answers from the queue, then the handler, then the default VS reply", async () => {
    fake.enqueue({ content: "first" }, { content: "second", finishReason: "length" });
    fake.respondWith((request) => ({ content: `handled ${String(request.body.model)}` }));

    const replies: CompletionJson[] = [];
    for (let index = 0; index < 3; index += 1) replies.push(await completionJson(chat()));
    fake.respondWith(undefined);
    const fallback = JSON.parse(contentOf(await completionJson(chat())));

    expect(replies.map(contentOf)).toEqual(["first", "second", "handled gpt-4.1"]);
    expect(replies[1]?.choices[0]?.finish_reason).toBe("length");
    expect(fallback).toEqual(JSON.parse(vsJson(DEFAULT_CANDIDATES)));
    expect(fallback.responses).toHaveLength(5);
  });

  it("records the path, headers and parsed body of each chat request", async () => {
    await chat("gpt-4.1", { temperature: 0.7 });

    const [recorded] = fake.requests;
    expect(recorded?.path).toBe("/v1/chat/completions");
    expect(recorded?.headers["content-type"]).toBe("application/json");
    expect(recorded?.body.temperature).toBe(0.7);
    expect(fake.requests).toHaveLength(1);
  });

  it("estimates usage from text lengths unless a step overrides it", async () => {
    fake.enqueue(
      { content: "12345678" },
      { content: "x", usage: { promptTokens: 3, completionTokens: 4 } },
      { content: "x", usage: null },
    );

    const estimated = await completionJson(chat());
    const overridden = await completionJson(chat());
    const omitted = await completionJson(chat());

    expect(estimated.usage).toEqual({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    expect(overridden.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    expect(omitted.usage).toBeUndefined();
  });

  it("sends error steps in OpenAI's error shape with their headers", async () => {
    fake.enqueue({ status: 429, headers: { "retry-after": "1" } });

    const response = await chat();
    const body = await errorJson(response);

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("x-request-id")).toMatch(/^req_fake_/);
    expect(body.error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
    expect(body.error.message).toContain("Rate limit");
  });

  it("rejects json_schema and sampling parameters when told to, like servers without them", async () => {
    await fake.close();
    fake = await startFakeOpenAI({ rejectJsonSchema: true, rejectSamplingParamsFor: ["o3-mini"] });
    fake.enqueue({ content: "not consumed by rejections" });

    const schema = await chat("gpt-4.1", {
      response_format: { type: "json_schema", json_schema: { name: "vs", schema: {} } },
    });
    const sampling = await chat("o3-mini", { temperature: 0.7 });
    const accepted = await chat("gpt-4.1", { temperature: 0.7 });

    expect(schema.status).toBe(400);
    expect((await errorJson(schema)).error.message).toMatch(/response_format.*json_schema/);
    expect(sampling.status).toBe(400);
    expect((await errorJson(sampling)).error).toMatchObject({
      message: expect.stringContaining("Unsupported parameter: 'temperature'"),
      param: "temperature",
    });
    expect(contentOf(await completionJson(accepted))).toBe("not consumed by rejections");
    expect(fake.requests).toHaveLength(3);
  });

  it("streams a reply as server-sent events the SDK can read", async () => {
    fake.enqueue({ content: "a streamed joke about coffee" });
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: "test-key", maxRetries: 0 });

    const stream = await client.chat.completions.create({
      model: "gpt-4.1",
      messages: [{ role: "user", content: "joke" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finishReason: string | null | undefined;
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
    }

    expect(text).toBe("a streamed joke about coffee");
    expect(finishReason).toBe("stop");
    expect(completionTokens).toBe(7);
  });

  it("gives deterministic, normalized embeddings that are closer for texts sharing words", async () => {
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: "test-key", maxRetries: 0 });
    const texts = [
      "why did the coffee call the police",
      "why did the coffee call the cops",
      "a haiku about autumn leaves",
    ];

    const first = await client.embeddings.create({ model: "text-embedding-3-small", input: texts });
    const second = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: texts,
    });
    const vectors = first.data.map((item) => item.embedding);
    const [coffee = [], cops = [], haiku = []] = vectors;

    expect(second.data.map((item) => item.embedding)).toEqual(vectors);
    expect(coffee).toHaveLength(256);
    expect(cosine(coffee, coffee)).toBeCloseTo(1, 5);
    expect(cosine(coffee, cops)).toBeGreaterThan(0.7);
    expect(cosine(coffee, haiku)).toBeLessThan(0.3);
    for (const [index, value] of coffee.entries()) {
      expect(value).toBeCloseTo(fakeEmbedding(texts[0] ?? "")[index] ?? Number.NaN, 6);
    }
    expect(fake.embeddingRequests).toHaveLength(2);
  });

  it("honours the requested embedding dimensions", async () => {
    const response = await post("/embeddings", { model: "m", input: "hello", dimensions: 64 });
    const body = (await response.json()) as { data: Array<{ embedding: number[] }> };

    expect(body.data[0]?.embedding).toHaveLength(64);
  });

  it("fails embeddings requests where told, and embeds again once the handler is gone", async () => {
    fake.failEmbeddingsWith((request) =>
      request.body.input === "fail me" ? { status: 429 } : undefined,
    );
    const failed = await post("/embeddings", { model: "m", input: "fail me" });
    const passed = await post("/embeddings", { model: "m", input: "keep me" });
    fake.failEmbeddingsWith(undefined);
    const again = await post("/embeddings", { model: "m", input: "fail me" });

    expect(failed.status).toBe(429);
    expect((await errorJson(failed)).error.message).toMatch(/rate limit/i);
    expect(passed.status).toBe(200);
    expect(again.status).toBe(200);
    expect(fake.embeddingRequests).toHaveLength(3);
  });

  it("lists models", async () => {
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: "test-key", maxRetries: 0 });

    const models = [];
    for await (const model of client.models.list()) models.push(model.id);

    expect(models).toContain("gpt-4.1");
  });

  it("answers unknown routes with a 404 in OpenAI's error shape", async () => {
    const response = await post("/completely/unknown", {});
    const body = await errorJson(response);

    expect(response.status).toBe(404);
    expect(body.error).toEqual({
      message: "Invalid URL (POST /v1/completely/unknown)",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });

  it("closes promptly while a request hangs", async () => {
    fake.enqueue({ hang: true });
    const pending = chat().catch((error: unknown) => error);
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    await fake.close();

    expect(await pending).toBeInstanceOf(Error);
    fake = await startFakeOpenAI();
  });
});

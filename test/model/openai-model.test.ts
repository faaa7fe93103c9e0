import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import type { LogFields, Logger, ModelRequest } from "../../src/engine/ports.js";
import { createOpenAIModel, type OpenAIModelOptions } from "../../src/model/openai-model.js";
import { type FakeOpenAI, startFakeOpenAI, vsJson } from "../fakes/fake-openai-server.js";

const API_KEY = "sk-test-0123456789abcdef";

const REQUEST: ModelRequest = {
  messages: [
    { role: "system", content: "You are a comedian." },
    { role: "user", content: "Give 5 jokes about coffee with probabilities." },
  ],
  temperature: 0.7,
  topP: 1,
};

const SCHEMA = {
  name: "verbalized_sampling",
  schema: {
    type: "object",
    properties: { responses: { type: "array" } },
    required: ["responses"],
    additionalProperties: false,
  },
};

interface CapturedLogger extends Logger {
  readonly lines: string[];
  readonly events: Array<{ level: string; event: string; fields: LogFields }>;
}

/** Serializes fields the way a real logger would, errors and causes included. */
function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const events: Array<{ level: string; event: string; fields: LogFields }> = [];
  const expand = (_key: string, value: unknown): unknown =>
    value instanceof Error
      ? { name: value.name, message: value.message, stack: value.stack, cause: value.cause }
      : value;
  const write =
    (level: string) =>
    (event: string, fields: LogFields = {}): void => {
      events.push({ level, event, fields });
      lines.push(JSON.stringify({ level, event, ...fields }, expand));
    };
  return {
    lines,
    events,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}

let fake: FakeOpenAI;
let logger: CapturedLogger;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  logger = captureLogger();
});

afterEach(async () => {
  await fake.close();
});

function makeModel(overrides: Partial<OpenAIModelOptions> = {}) {
  return createOpenAIModel({
    baseURL: fake.baseURL,
    apiKey: API_KEY,
    model: "gpt-4.1",
    timeoutMs: 5_000,
    maxRetries: 2,
    structuredOutput: "auto",
    samplingParams: "auto",
    logger,
    ...overrides,
  });
}

/**
 * An OpenAI-compatible server whose completion (`length` characters of text) goes out in
 * chunks with no Content-Length, as a streaming proxy sends it, or gzipped with the length of
 * the compressed body: either way only counting what is read can bound it.
 */
async function chunkedServer(length: number, encoding: "none" | "gzip" = "none") {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on("end", () => {
      const text = JSON.stringify({
        id: "chatcmpl-chunked",
        object: "chat.completion",
        created: 0,
        model: "gpt-4.1",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "z".repeat(length) },
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      if (encoding === "gzip") {
        const packed = gzipSync(text);
        response.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": packed.byteLength,
        });
        response.end(packed);
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      for (let at = 0; at < text.length; at += 4096) response.write(text.slice(at, at + 4096));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<VsbotError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof VsbotError)) throw new Error(`expected a VsbotError, got ${error}`);
  return error;
}

function sentBody(index: number): Readonly<Record<string, unknown>> {
  const request = fake.requests[index];
  if (request === undefined) throw new Error(`no request #${index}`);
  return request.body;
}

describe("createOpenAIModel", () => {
  it("returns the reply text, finish reason and the answering model", async () => {
    const content = vsJson([
      ["Espresso yourself.", 0.6],
      ["Deja brew.", 0.4],
    ]);
    fake.enqueue({ content, model: "gpt-4.1-2025-04-14" });

    const response = await makeModel().complete(REQUEST);

    expect(response).toMatchObject({
      text: content,
      finishReason: "stop",
      model: "gpt-4.1-2025-04-14",
      structured: false,
    });
    expect(sentBody(0).messages).toEqual(REQUEST.messages);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("records token usage, or null when the server gives none", async () => {
    fake.enqueue({ content: "a", usage: { promptTokens: 12, completionTokens: 34 } });
    fake.enqueue({ content: "b", usage: null });
    const model = makeModel();

    expect((await model.complete(REQUEST)).usage).toEqual({
      promptTokens: 12,
      completionTokens: 34,
    });
    expect((await model.complete(REQUEST)).usage).toBeNull();
  });

  it("logs one model.call event per call with duration, usage and attempts", async () => {
    fake.enqueue({ content: "a", usage: { promptTokens: 1, completionTokens: 2 } });

    await makeModel().complete(REQUEST);

    const calls = logger.events.filter((entry) => entry.event === "model.call");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.fields).toMatchObject({
      model: "gpt-4.1",
      finishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 2 },
      attempts: 1,
    });
    expect(calls[0]?.fields.durationMs).toEqual(expect.any(Number));
  });

  it("sends a placeholder key when a local server needs none", async () => {
    const model = createOpenAIModel({
      baseURL: fake.baseURL,
      model: "llama3.2",
      timeoutMs: 5_000,
      maxRetries: 0,
      structuredOutput: "auto",
      samplingParams: "auto",
      logger,
    });

    await model.complete(REQUEST);

    expect(fake.requests[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it("refuses to start without a key for the OpenAI API itself", () => {
    expect(() =>
      createOpenAIModel({
        model: "gpt-4.1",
        timeoutMs: 5_000,
        maxRetries: 0,
        structuredOutput: "auto",
        samplingParams: "auto",
        logger,
      }),
    ).toThrow(VsbotError);
  });

  describe("structured output", () => {
    it("sends the JSON schema as strict response_format and reports it honoured", async () => {
      const response = await makeModel().complete({ ...REQUEST, responseSchema: SCHEMA });

      expect(sentBody(0).response_format).toEqual({
        type: "json_schema",
        json_schema: { name: SCHEMA.name, schema: SCHEMA.schema, strict: true },
      });
      expect(response.structured).toBe(true);
    });

    it("falls back to plain text once in auto mode and stops asking for it", async () => {
      await fake.close();
      fake = await startFakeOpenAI({ rejectJsonSchema: true });
      const model = makeModel();

      const first = await model.complete({ ...REQUEST, responseSchema: SCHEMA });
      expect(fake.requests).toHaveLength(2);
      const second = await model.complete({ ...REQUEST, responseSchema: SCHEMA });

      expect(sentBody(0).response_format).toBeDefined();
      expect(sentBody(1).response_format).toBeUndefined();
      expect(sentBody(2).response_format).toBeUndefined();
      expect(fake.requests).toHaveLength(3);
      expect(first.structured).toBe(false);
      expect(second.structured).toBe(false);
      expect(logger.events.map((entry) => entry.event)).toContain("model.feature_unsupported");
    });

    it("does not fall back in on mode: the rejection surfaces", async () => {
      await fake.close();
      fake = await startFakeOpenAI({ rejectJsonSchema: true });

      const error = await failure(
        makeModel({ structuredOutput: "on" }).complete({ ...REQUEST, responseSchema: SCHEMA }),
      );

      expect(error.code).toBe("model_bad_request");
      expect(error.details.serverMessage).toMatch(/json_schema/);
      expect(fake.requests).toHaveLength(1);
    });

    it("never sends a schema in off mode", async () => {
      const response = await makeModel({ structuredOutput: "off" }).complete({
        ...REQUEST,
        responseSchema: SCHEMA,
      });

      expect(sentBody(0).response_format).toBeUndefined();
      expect(response.structured).toBe(false);
    });
  });

  describe("sampling parameters", () => {
    it("keeps temperature and top_p for gpt-4.1", async () => {
      await makeModel().complete(REQUEST);

      expect(sentBody(0)).toMatchObject({ temperature: 0.7, top_p: 1 });
    });

    it.each(["o3-mini", "openai/o3-mini", "o1", "gpt-5-mini"])(
      "drops temperature and top_p for the reasoning model %s in auto mode",
      async (name) => {
        await makeModel({ model: name }).complete(REQUEST);

        expect(sentBody(0).temperature).toBeUndefined();
        expect(sentBody(0).top_p).toBeUndefined();
        expect(sentBody(0).model).toBe(name);
      },
    );

    it("sends them to a reasoning model in on mode and never in off mode", async () => {
      await makeModel({ model: "o3-mini", samplingParams: "on" }).complete(REQUEST);
      await makeModel({ samplingParams: "off" }).complete(REQUEST);

      expect(sentBody(0).temperature).toBe(0.7);
      expect(sentBody(1).temperature).toBeUndefined();
      expect(sentBody(1).top_p).toBeUndefined();
    });

    it("retries without them once the server calls them unsupported, and remembers", async () => {
      await fake.close();
      fake = await startFakeOpenAI({ rejectSamplingParamsFor: ["house-reasoner"] });
      const model = makeModel({ model: "house-reasoner" });

      await model.complete(REQUEST);
      await model.complete(REQUEST);

      expect(fake.requests).toHaveLength(3);
      expect(sentBody(0).temperature).toBe(0.7);
      expect(sentBody(1).temperature).toBeUndefined();
      expect(sentBody(2).temperature).toBeUndefined();
    });

    it("sends max_tokens, or max_completion_tokens to reasoning models", async () => {
      await makeModel({ maxTokens: 500 }).complete(REQUEST);
      await makeModel({ maxTokens: 500, model: "o4-mini" }).complete(REQUEST);

      expect(sentBody(0).max_tokens).toBe(500);
      expect(sentBody(1).max_completion_tokens).toBe(500);
      expect(sentBody(1).max_tokens).toBeUndefined();
    });
  });

  describe("retries", () => {
    it("waits for retry-after on a 429 and then succeeds", async () => {
      // Timed between the two arrivals, so no connection set-up or reply counts as waiting: the
      // SDK's own first backoff (500 ms at most) is then well below what Retry-After asks.
      const arrivals: number[] = [];
      fake.respondWith(() => {
        arrivals.push(performance.now());
        return arrivals.length === 1
          ? { status: 429, headers: { "retry-after": "0.8" } }
          : { content: "after the wait" };
      });

      const response = await makeModel().complete(REQUEST);

      expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(750);
      expect(response.text).toBe("after the wait");
      expect(fake.requests).toHaveLength(2);
    });

    it("retries a 500 with backoff and then succeeds", async () => {
      fake.enqueue({ status: 500 }, { content: "recovered" });

      const response = await makeModel().complete(REQUEST);

      expect(response.text).toBe("recovered");
      expect(fake.requests).toHaveLength(2);
      expect(logger.events.find((entry) => entry.event === "model.call")?.fields.attempts).toBe(2);
    });

    it("gives up with model_unavailable after maxRetries + 1 requests of 503", async () => {
      fake.respondWith(() => ({ status: 503, headers: { "retry-after-ms": "10" } }));

      const error = await failure(makeModel({ maxRetries: 2 }).complete(REQUEST));

      expect(error.code).toBe("model_unavailable");
      expect(error.details).toMatchObject({ status: 503, attempts: 3 });
      expect(error.details.requestId).toMatch(/^req_fake_/);
      expect(fake.requests).toHaveLength(3);
    });

    it("does not sleep through a Retry-After longer than the cap, and says when to try again", async () => {
      fake.enqueue(
        { status: 429, headers: { "retry-after": "3600" } },
        { content: "never reached" },
      );

      const error = await failure(makeModel({ maxRetries: 2 }).complete(REQUEST));

      expect(error.code).toBe("model_rate_limited");
      expect(error.userMessage).toMatch(/try again in about 3600 seconds/);
      expect(fake.requests).toHaveLength(1);
    });

    it("gives up with model_rate_limited when 429s persist", async () => {
      fake.respondWith(() => ({ status: 429, headers: { "retry-after-ms": "10" } }));

      const error = await failure(makeModel({ maxRetries: 1 }).complete(REQUEST));

      expect(error.code).toBe("model_rate_limited");
      expect(fake.requests).toHaveLength(2);
    });
  });

  describe("failures", () => {
    it("stops reading a response larger than its bound, fails clearly, and makes no retry", async () => {
      fake.enqueue({ content: "x".repeat(200_000) });

      const error = await failure(makeModel({ maxResponseBytes: 50_000 }).complete(REQUEST));

      expect(error.code).toBe("output_truncated");
      expect(error.details.limitBytes).toBe(50_000);
      expect(error.userMessage).toMatch(/larger than 49 KB, so I stopped reading it/);
      expect(fake.requests).toHaveLength(1);
    });

    it("counts a body sent without a length, chunk by chunk, and stops it past the bound", async () => {
      const server = await chunkedServer(200_000);
      try {
        const error = await failure(
          makeModel({ baseURL: server.baseURL, maxResponseBytes: 50_000 }).complete(REQUEST),
        );
        expect(error.code).toBe("output_truncated");
        expect(error.details.limitBytes).toBe(50_000);
        expect(server.requests()).toBe(1);
      } finally {
        await server.close();
      }
    });

    it("counts a compressed body as it inflates, whatever length it declares", async () => {
      const server = await chunkedServer(200_000, "gzip");
      try {
        const error = await failure(
          makeModel({ baseURL: server.baseURL, maxResponseBytes: 50_000 }).complete(REQUEST),
        );
        expect(error.code).toBe("output_truncated");
      } finally {
        await server.close();
      }
    });

    it("reads a body sent without a length that stays within the bound", async () => {
      const server = await chunkedServer(10_000);
      try {
        const response = await makeModel({
          baseURL: server.baseURL,
          maxResponseBytes: 50_000,
        }).complete(REQUEST);
        expect(response.text).toHaveLength(10_000);
      } finally {
        await server.close();
      }
    });

    it("reads a 1 MB reply under the default bound", async () => {
      fake.enqueue({ content: "y".repeat(1_000_000) });
      const response = await makeModel().complete(REQUEST);
      expect(response.text).toHaveLength(1_000_000);
    });

    it("gives a whole call, retries included, no more than callDeadlineMs", async () => {
      fake.respondWith(() => ({ hang: true }));
      const started = performance.now();

      const error = await failure(
        makeModel({ timeoutMs: 5000, maxRetries: 2, callDeadlineMs: 300 }).complete(REQUEST),
      );

      expect(error.code).toBe("model_timeout");
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it("times out a server that sends the headers and then stalls the body", async () => {
      fake.enqueue({ stallBody: true });

      const error = await failure(makeModel({ timeoutMs: 300, maxRetries: 0 }).complete(REQUEST));

      expect(error.code).toBe("model_timeout");
      expect(fake.requests).toHaveLength(1);
    });

    it("times out a hanging server with model_timeout", async () => {
      fake.enqueue({ hang: true });

      const error = await failure(makeModel({ timeoutMs: 300, maxRetries: 0 }).complete(REQUEST));

      expect(error.code).toBe("model_timeout");
      expect(fake.requests).toHaveLength(1);
    });

    it("reports a caller's abort as model_timeout marked cancelled", async () => {
      fake.enqueue({ hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);

      const error = await failure(makeModel().complete({ ...REQUEST, signal: controller.signal }));

      expect(error.code).toBe("model_timeout");
      expect(error.details.cancelled).toBe(true);
    });

    it("maps 401 to model_auth", async () => {
      fake.enqueue({ status: 401 });

      const error = await failure(makeModel().complete(REQUEST));

      expect(error.code).toBe("model_auth");
      expect(error.details.status).toBe(401);
      expect(error.cause).toBeInstanceOf(Error);
    });

    it("maps 404 to model_bad_request and points at the model name and /v1", async () => {
      fake.enqueue({ status: 404 });

      const error = await failure(makeModel({ model: "gpt-4.2-typo" }).complete(REQUEST));

      expect(error.code).toBe("model_bad_request");
      expect(error.userMessage).toContain("gpt-4.2-typo");
      expect(error.userMessage).toContain("/v1");
      expect(error.details.serverMessage).toMatch(/does not exist/);
    });

    it("maps a refused connection to model_connection", async () => {
      const closed = await startFakeOpenAI();
      await closed.close();

      const error = await failure(
        makeModel({ baseURL: closed.baseURL, maxRetries: 0 }).complete(REQUEST),
      );

      expect(error.code).toBe("model_connection");
      expect(error.message).toContain(`127.0.0.1:${closed.port}`);
    });

    it("maps a dropped socket to model_connection after retries", async () => {
      fake.respondWith(() => ({ destroy: true }));

      const error = await failure(makeModel({ maxRetries: 1 }).complete(REQUEST));

      expect(error.code).toBe("model_connection");
      expect(fake.requests).toHaveLength(2);
    });

    it("throws model_refused when the model sets a refusal", async () => {
      fake.enqueue({ content: "", refusal: "I can't help with that." });

      const error = await failure(makeModel().complete(REQUEST));

      expect(error.code).toBe("model_refused");
      expect(error.details.refusal).toBe("I can't help with that.");
    });
  });

  describe("finish reasons", () => {
    it.each([
      ["length", "length"],
      ["content_filter", "content_filter"],
    ] as const)("maps %s to %s", async (sent, expected) => {
      fake.enqueue({ content: '{"responses": [{"text": "cut', finishReason: sent });

      expect((await makeModel().complete(REQUEST)).finishReason).toBe(expected);
    });

    it("returns empty content with stop as it is, for the engine to judge", async () => {
      fake.enqueue({ content: "" });

      expect(await makeModel().complete(REQUEST)).toMatchObject({ text: "", finishReason: "stop" });
    });
  });

  it("never logs the API key, even when the server echoes it back", async () => {
    fake.enqueue(
      { content: "fine" },
      { status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}.` } } },
    );
    const model = makeModel();

    await model.complete(REQUEST);
    const error = await failure(model.complete(REQUEST));
    logger.error("test.caught", { message: error.message, details: error.details });

    expect(fake.requests[1]?.headers.authorization).toContain(API_KEY);
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of logger.lines) expect(line).not.toContain(API_KEY);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.details)).not.toContain(API_KEY);
  });
});

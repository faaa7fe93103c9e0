/**
 * A fake OpenAI-compatible HTTP server for tests and benchmarks. The real `openai` client talks
 * to it over HTTP, so its retries, timeouts and error classes run for real.
 *
 * ```ts
 * const fake = await startFakeOpenAI();
 * fake.enqueue(
 *   { status: 429, headers: { "retry-after": "1" } },
 *   { content: vsJson([["Why did the coffee call the police? It got mugged.", 0.4]]) },
 * );
 * const client = new OpenAI({ baseURL: fake.baseURL, apiKey: "test-key" });
 * // ... fake.requests[0]?.body.temperature
 * await fake.close();
 * ```
 *
 * Each chat completion is answered by the next queued step, else by the `respondWith` handler,
 * else by `defaultReply` (a valid VS reply with five candidates).
 *
 * Standalone, for manual trials and benchmarks:
 *   npx tsx test/fakes/fake-openai-server.ts --port 8787 --latency 500
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export type FakeFinishReason = "stop" | "length" | "content_filter";

export interface FakeUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A successful chat completion. */
export interface FakeReply {
  readonly content: string;
  /** Defaults to "stop". */
  readonly finishReason?: FakeFinishReason;
  /** Replaces the usage estimated from text lengths; null leaves `usage` out of the response. */
  readonly usage?: FakeUsage | null;
  /** Sets `message.refusal` (and `content` to null), as OpenAI does when a model refuses. */
  readonly refusal?: string;
  /** The model named in the response; defaults to the requested model. */
  readonly model?: string;
  readonly delayMs?: number;
}

/** An HTTP error. `body` defaults to OpenAI's error shape; a string body is sent as it is. */
export interface FakeError {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly delayMs?: number;
}

/** Never answers; the socket stays open until the client gives up or the fake closes. */
export interface FakeHang {
  readonly hang: true;
}

/** Closes the socket without answering, which the client sees as a connection error. */
export interface FakeDestroy {
  readonly destroy: true;
  readonly delayMs?: number;
}

/** Sends 200 and the headers, then never the body: a stream that stalls mid-answer. */
export interface FakeStall {
  readonly stallBody: true;
}

export type FakeStep = FakeReply | FakeError | FakeHang | FakeDestroy | FakeStall;

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query string, e.g. "/v1/chat/completions". */
  readonly path: string;
  /** Header names are lower-case, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The JSON body, parsed. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Decides the answer to one chat completion; undefined falls through to the default reply. */
export type FakeHandler = (
  request: RecordedRequest,
) => FakeStep | undefined | Promise<FakeStep | undefined>;

/** Decides whether one embeddings request fails; undefined answers it with real embeddings. */
export type FakeEmbeddingsHandler = (
  request: RecordedRequest,
) => FakeError | FakeDestroy | undefined;

export interface FakeOpenAIOptions {
  /** Defaults to 0: a free port. */
  readonly port?: number;
  /** Added before every answer, on every route. */
  readonly latencyMs?: number;
  /** Embedding size when the request gives no `dimensions`; defaults to 256. */
  readonly embeddingDimensions?: number;
  /** Answer 400 to any `response_format: { type: "json_schema" }`, as servers without it do. */
  readonly rejectJsonSchema?: boolean;
  /** Answer 400 when these models get `temperature` or `top_p`, as OpenAI does for o-series. */
  readonly rejectSamplingParamsFor?: readonly string[];
  /** Listed by GET /v1/models. */
  readonly models?: readonly string[];
  readonly defaultReply?: FakeReply;
}

export interface FakeOpenAI {
  /** Ends in "/v1", ready for `new OpenAI({ baseURL })`. */
  readonly baseURL: string;
  readonly port: number;
  /** Chat completion requests in arrival order, including those the fake rejected. */
  readonly requests: readonly RecordedRequest[];
  readonly embeddingRequests: readonly RecordedRequest[];
  /** Queues answers for the next chat completions, in order. */
  enqueue(...steps: FakeStep[]): void;
  /** Answers chat completions once the queue is empty; undefined removes the handler. */
  respondWith(handler: FakeHandler | undefined): void;
  /** Fails embeddings requests where the handler says so; undefined removes the handler. */
  failEmbeddingsWith(handler: FakeEmbeddingsHandler | undefined): void;
  /** Forgets recorded requests, queued steps and the handlers. */
  reset(): void;
  /** Stops listening and drops open connections, including hanging ones. */
  close(): Promise<void>;
}

/** Builds a VS reply body: `{"responses":[{"text":..,"probability":..}, ...]}`. */
export function vsJson(candidates: ReadonlyArray<readonly [string, number]>): string {
  return JSON.stringify({
    responses: candidates.map(([text, probability]) => ({ text, probability })),
  });
}

export const DEFAULT_CANDIDATES: ReadonlyArray<readonly [string, number]> = [
  ["Why did the coffee file a police report? It got mugged.", 0.34],
  ["Decaf is just coffee that gave up on its dreams.", 0.22],
  ["My espresso and I have a strong relationship, but it is a little bitter.", 0.18],
  ["I like my coffee like my mornings: dark and over too soon.", 0.15],
  ["The barista told me to have a latte fun. I did, and now I cannot sleep.", 0.11],
];

const DEFAULT_MODELS = ["gpt-4.1", "gpt-4.1-mini", "o3-mini", "text-embedding-3-small"];

const ERROR_DEFAULTS: Readonly<
  Record<number, { message: string; type: string; code: string | null }>
> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: "invalid_request" },
  401: {
    message: "Incorrect API key provided.",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  403: { message: "You are not allowed to use this model.", type: "permission_error", code: null },
  404: {
    message: "The model does not exist or you do not have access to it.",
    type: "invalid_request_error",
    code: "model_not_found",
  },
  429: {
    message: "Rate limit reached for requests. Please try again later.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    code: null,
  },
  503: {
    message: "The engine is currently overloaded, please try again later.",
    type: "server_error",
    code: null,
  },
};

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(
  message: string,
  fields: { type?: string; param?: string | null; code?: string | null } = {},
): Record<string, unknown> {
  return {
    error: {
      message,
      type: fields.type ?? "invalid_request_error",
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  };
}

/** Tokens as the fake counts them: about four characters each. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The fake's embedding: words hashed into `dimensions` signed buckets, then normalized, so texts
 * sharing words are close and unrelated texts are near orthogonal. Deterministic.
 */
export function fakeEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    const hash = hashText(word);
    const bucket = hash % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + (hash & 0x80000000 ? -1 : 1);
  }
  const length = Math.hypot(...vector);
  if (length === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((value) => value / length);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function messageText(message: unknown): string {
  if (!isRecord(message)) return "";
  const content = message.content;
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

function promptText(body: Readonly<Record<string, unknown>>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.map(messageText).join("\n");
}

function embeddingInputs(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === "number")) return [input.join(" ")];
  return input.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

let responseCounter = 0;

/** A fresh id per response, like OpenAI's `x-request-id` and completion ids. */
function nextId(prefix: string): string {
  responseCounter += 1;
  return `${prefix}${responseCounter}`;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain" : "application/json",
    "x-request-id": nextId("req_fake_"),
    ...headers,
  });
  response.end(text);
}

function sendError(response: ServerResponse, step: FakeError): void {
  const defaults = ERROR_DEFAULTS[step.status] ?? {
    message: `Fake error ${step.status}.`,
    type: step.status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  const body =
    step.body ?? openAIErrorBody(defaults.message, { type: defaults.type, code: defaults.code });
  sendJson(response, step.status, body, step.headers);
}

function usageFields(usage: FakeUsage): Record<string, number> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

function sendCompletion(
  response: ServerResponse,
  body: Readonly<Record<string, unknown>>,
  reply: FakeReply,
  model: string,
): void {
  const usage =
    reply.usage === undefined
      ? {
          promptTokens: estimateTokens(promptText(body)),
          completionTokens: estimateTokens(reply.content),
        }
      : reply.usage;
  const finishReason = reply.finishReason ?? "stop";
  const created = Math.floor(Date.now() / 1000);
  const id = nextId("chatcmpl-fake-");
  if (body.stream === true) {
    sendStream(response, { id, created, model, reply, finishReason, usage, body });
    return;
  }
  sendJson(response, 200, {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.refusal === undefined ? reply.content : null,
          refusal: reply.refusal ?? null,
        },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    ...(usage === null ? {} : { usage: usageFields(usage) }),
    system_fingerprint: "fp_fake",
  });
}

interface StreamParts {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly reply: FakeReply;
  readonly finishReason: FakeFinishReason;
  readonly usage: FakeUsage | null;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Server-sent events as OpenAI streams them: role, content pieces, finish, usage, [DONE]. */
function sendStream(response: ServerResponse, parts: StreamParts): void {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-request-id": nextId("req_fake_"),
  });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
    const event = {
      id: parts.id,
      object: "chat.completion.chunk",
      created: parts.created,
      model: parts.model,
      choices,
      ...extra,
    };
    response.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const delta = (fields: Record<string, unknown>, finishReason: string | null = null) => [
    { index: 0, delta: fields, logprobs: null, finish_reason: finishReason },
  ];
  chunk(delta({ role: "assistant", content: "" }));
  if (parts.reply.refusal !== undefined) {
    chunk(delta({ refusal: parts.reply.refusal }));
  } else {
    for (const piece of parts.reply.content.match(/\S+\s*|\s+/g) ?? []) {
      chunk(delta({ content: piece }));
    }
  }
  chunk(delta({}, parts.finishReason));
  const streamOptions = parts.body.stream_options;
  if (parts.usage !== null && isRecord(streamOptions) && streamOptions.include_usage === true) {
    chunk([], { usage: usageFields(parts.usage) });
  }
  response.end("data: [DONE]\n\n");
}

function isStep<K extends string>(
  step: FakeStep,
  key: K,
): step is Extract<FakeStep, Record<K, unknown>> {
  return key in step;
}

/** The 400 a real server gives for parameters this fake was told to refuse, if any. */
function rejection(
  body: Readonly<Record<string, unknown>>,
  options: FakeOpenAIOptions,
): FakeError | undefined {
  const model = typeof body.model === "string" ? body.model : "";
  if (options.rejectSamplingParamsFor?.includes(model)) {
    const parameter = ["temperature", "top_p"].find((name) => body[name] !== undefined);
    if (parameter !== undefined) {
      const message = `Unsupported parameter: '${parameter}' is not supported with this model.`;
      return {
        status: 400,
        body: openAIErrorBody(message, { param: parameter, code: "unsupported_parameter" }),
      };
    }
  }
  const format = body.response_format;
  if (options.rejectJsonSchema === true && isRecord(format) && format.type === "json_schema") {
    const message = "response_format of type 'json_schema' is not supported by this server.";
    return { status: 400, body: openAIErrorBody(message, { param: "response_format" }) };
  }
  return undefined;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const embeddingRequests: RecordedRequest[] = [];
  const queue: FakeStep[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handler: FakeHandler | undefined;
  let embeddingsHandler: FakeEmbeddingsHandler | undefined;

  const wait = (milliseconds: number): Promise<void> =>
    milliseconds <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, milliseconds);
          timers.add(timer);
        });

  const nextStep = async (request: RecordedRequest): Promise<FakeStep> =>
    queue.shift() ??
    (await handler?.(request)) ?? { content: vsJson(DEFAULT_CANDIDATES), ...options.defaultReply };

  const answerChat = async (request: RecordedRequest, response: ServerResponse): Promise<void> => {
    requests.push(request);
    const rejected = rejection(request.body, options);
    if (rejected !== undefined) return sendError(response, rejected);
    const step = await nextStep(request);
    if (isStep(step, "hang")) return;
    if (isStep(step, "stallBody")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("{");
      return;
    }
    await wait(step.delayMs ?? 0);
    if (isStep(step, "destroy")) {
      response.socket?.destroy();
      return;
    }
    if (isStep(step, "status")) return sendError(response, step);
    const requestedModel = typeof request.body.model === "string" ? request.body.model : "";
    sendCompletion(response, request.body, step, step.model ?? (requestedModel || "fake-model"));
  };

  const answerEmbeddings = (request: RecordedRequest, response: ServerResponse): void => {
    embeddingRequests.push(request);
    const failure = embeddingsHandler?.(request);
    if (failure !== undefined && isStep(failure, "destroy")) {
      response.socket?.destroy();
      return;
    }
    if (failure !== undefined) {
      sendError(response, failure);
      return;
    }
    const { body } = request;
    const dimensions =
      typeof body.dimensions === "number" ? body.dimensions : (options.embeddingDimensions ?? 256);
    const inputs = embeddingInputs(body.input);
    const base64 = body.encoding_format === "base64";
    const data = inputs.map((text, index) => {
      const vector = fakeEmbedding(text, dimensions);
      const embedding = base64
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
      return { object: "embedding", index, embedding };
    });
    const tokens = inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
    sendJson(response, 200, {
      object: "list",
      data,
      model: typeof body.model === "string" ? body.model : "fake-embedding",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  };

  const route = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = incoming.method ?? "GET";
    const path = (incoming.url ?? "/").split("?")[0] ?? "/";
    const text = await readBody(incoming);
    await wait(options.latencyMs ?? 0);
    let body: Record<string, unknown> = {};
    if (text.length > 0) {
      try {
        const parsed: unknown = JSON.parse(text);
        body = isRecord(parsed) ? parsed : { value: parsed };
      } catch {
        const message = "We could not parse the JSON body of your request.";
        return sendJson(response, 400, openAIErrorBody(message));
      }
    }
    const request: RecordedRequest = { method, path, headers: incoming.headers, body };
    if (method === "POST" && path === "/v1/chat/completions") {
      return answerChat(request, response);
    }
    if (method === "POST" && path === "/v1/embeddings") return answerEmbeddings(request, response);
    if (method === "GET" && path === "/v1/models") {
      const data = (options.models ?? DEFAULT_MODELS).map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "fake",
      }));
      return sendJson(response, 200, { object: "list", data });
    }
    sendJson(response, 404, openAIErrorBody(`Invalid URL (${method} ${path})`));
  };

  const server = createServer((incoming, response) => {
    route(incoming, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        sendJson(response, 500, openAIErrorBody(`Fake server failure: ${message}`));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    embeddingRequests,
    enqueue: (...steps) => {
      queue.push(...steps);
    },
    respondWith: (next) => {
      handler = next;
    },
    failEmbeddingsWith: (next) => {
      embeddingsHandler = next;
    },
    reset: () => {
      requests.length = 0;
      embeddingRequests.length = 0;
      queue.length = 0;
      handler = undefined;
      embeddingsHandler = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`--${name} must be a whole number >= 0, got "${value}"`);
  }
  return number;
}

/** The standalone entry: serves default replies until interrupted. */
export async function run(argv: readonly string[]): Promise<FakeOpenAI> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", default: "8787" },
      latency: { type: "string" },
      dimensions: { type: "string" },
      "reject-json-schema": { type: "boolean" },
      "reject-sampling-params-for": { type: "string", multiple: true },
    },
  });
  const latencyMs = parseNumber(values.latency, "latency");
  const embeddingDimensions = parseNumber(values.dimensions, "dimensions");
  const fake = await startFakeOpenAI({
    port: parseNumber(values.port, "port") ?? 8787,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(embeddingDimensions === undefined ? {} : { embeddingDimensions }),
    rejectJsonSchema: values["reject-json-schema"] ?? false,
    rejectSamplingParamsFor: values["reject-sampling-params-for"] ?? [],
  });
  console.log(`Fake OpenAI server listening. baseURL: ${fake.baseURL}`);
  const stop = (): void => {
    fake.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return fake;
}

const launchedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (launchedDirectly) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

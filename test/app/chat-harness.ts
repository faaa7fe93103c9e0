import type { Inbound, Origin, Reply } from "../../src/app/types.js";
import { loadConfig } from "../../src/config/index.js";
import { isVsbotError } from "../../src/engine/errors.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import {
  type FakeOpenAI,
  type FakeOpenAIOptions,
  startFakeOpenAI,
} from "../fakes/fake-openai-server.js";

/** A runtime wired as in production (real openai client over HTTP) to a fake model server. */
export interface ChatHarness {
  readonly model: FakeOpenAI;
  readonly runtime: Runtime;
  /** Handles an event; a VsbotError comes back as `{ code, message }` instead of a throw. */
  send(event: Inbound): Promise<Reply[] | { readonly code: string; readonly message: string }>;
  close(): Promise<void>;
}

export async function startChatHarness(
  env: Readonly<Record<string, string>> = {},
  modelOptions: FakeOpenAIOptions = {},
): Promise<ChatHarness> {
  const model = await startFakeOpenAI(modelOptions);
  const runtime = await createRuntime(
    loadConfig({
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "sk-test",
      VSBOT_STORE_URL: "memory://",
      VSBOT_LOG_LEVEL: "silent",
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_USER_RATE_LIMIT: "off",
      ...env,
    }),
  );
  return {
    model,
    runtime,
    send: async (event) => {
      try {
        return await runtime.chat.handle(event);
      } catch (error) {
        if (!isVsbotError(error)) throw error;
        return { code: error.code, message: error.userMessage };
      }
    },
    close: async () => {
      await runtime.close();
      await model.close();
    },
  };
}

export function discordOrigin(fields: Partial<Origin> = {}): Origin {
  return {
    platform: "discord",
    user: "100",
    userName: "Ada",
    server: "g1",
    channel: "c1",
    roles: [],
    canManage: false,
    ...fields,
  };
}

export function joke(origin: Origin, topic = "tea"): Inbound {
  return { type: "command", origin, name: "joke", options: { topic } };
}

/** The first "more" button of a reply list. */
export function moreId(replies: Reply[] | { readonly code: string }): string {
  if (!Array.isArray(replies)) throw new Error(`expected replies, got ${JSON.stringify(replies)}`);
  const button = replies[0]?.buttons.find((candidate) => candidate.id.startsWith("vs:more:"));
  if (!button) throw new Error("no more button");
  return button.id;
}

import { cleanUserText } from "../../command-kit/options.js";
import type { VsEngine } from "../../engine/engine.js";
import type { Logger } from "../../engine/ports.js";
import { postedIn } from "../permissions.js";
import type { UserRateLimiter } from "../rate-limit.js";
import { invalidInput } from "../read-options.js";
import { type RenderContext, renderAnswer } from "../render.js";
import type { SettingsService } from "../settings.js";
import type { Origin, Reply } from "../types.js";
import { chatTask } from "./chat-task.js";
import { fitConversation } from "./fit-budget.js";
import type { HistoryMessage, HistorySource } from "./history.js";

/** Longest message read, as for personas; longer ones get a clear error. */
const MESSAGE_LIMIT = 4000;

export interface ConversationChatOptions {
  readonly engine: VsEngine;
  readonly settings: SettingsService;
  readonly rateLimiter: UserRateLimiter;
  readonly render: RenderContext;
  readonly logger: Logger;
  /** Estimated tokens of one reply's whole model request (VSBOT_CHAT_TOKEN_BUDGET). */
  readonly tokenBudget: number;
}

/**
 * Chat: a message addressed to the bot gets a reply that is one VS sample, with the
 * conversation before it (as its platform read it) within the token budget. "More like this"
 * on the reply serves the other candidates, free while they last, like any command's.
 */
export class ConversationChat {
  readonly #options: ConversationChatOptions;

  constructor(options: ConversationChatOptions) {
    this.#options = options;
  }

  async reply(origin: Origin, text: string, history: HistorySource | undefined): Promise<Reply[]> {
    const { engine, settings, render, logger, tokenBudget } = this.#options;
    const message = cleanUserText(text);
    if (!message) return [];
    if (message.length > MESSAGE_LIMIT) {
      throw invalidInput(
        `That message is ${message.length} characters; I read at most ${MESSAGE_LIMIT}.`,
      );
    }
    // Counted like a command before anything is read or asked.
    await this.#options.rateLimiter.take(origin);
    const resolved = await settings.resolve(origin, chatTask.defaults);
    const speaker = origin.userName ?? origin.user;
    const fitted = fitConversation({
      history: await this.#read(history, tokenBudget),
      message: { speaker, speakerId: origin.user, fromBot: false, text: message },
      budgetTokens: tokenBudget,
      build: (prompt) => chatTask.task({ ...prompt, speaker, text: message }, resolved),
    });
    logger.debug("chat.context", {
      platform: origin.platform,
      kept: fitted.kept,
      dropped: fitted.dropped,
      tokens: fitted.tokens,
    });
    const draw = await engine.start(fitted.spec, {
      show: 1,
      tags: {
        layout: "single",
        moreLabel: "More like this",
        postedIn: postedIn(origin),
        conversation: chatTask.name,
      },
    });
    const reply = renderAnswer(draw, "More like this", render);
    return [{ ...reply, meta: { ...reply.meta, conversation: chatTask.name } }];
  }

  /** The conversation so far; a platform that cannot read it leaves the reply without it. */
  async #read(
    history: HistorySource | undefined,
    wantedTokens: number,
  ): Promise<readonly HistoryMessage[]> {
    if (!history) return [];
    try {
      return (await history(wantedTokens))
        .map((message) => ({ ...message, text: cleanUserText(message.text) }))
        .filter((message) => message.text.length > 0);
    } catch (error) {
      this.#options.logger.warn("chat.history_unavailable", { error });
      return [];
    }
  }
}

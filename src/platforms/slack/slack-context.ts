import type { webApi } from "@slack/bolt";
import type { ChatService } from "../../app/chat-service.js";
import type { CommandDefinition } from "../../command-kit/definition.js";
import type { Logger } from "../../engine/ports.js";
import type { AckFirstScheduler } from "../ack-first.js";
import type { InFlight } from "../in-flight.js";
import type { ChatThreads } from "./chat-threads.js";
import type { DeliveryGuard } from "./delivery-guard.js";
import type { PersonaThreads } from "./persona-threads.js";
import type { PersonaVoices } from "./persona-voices.js";
import type { UserDirectory } from "./user-directory.js";

/** What every Slack handler works with: the chat core and the Slack-side services. */
export interface SlackContext {
  readonly chat: ChatService;
  readonly commands: readonly CommandDefinition[];
  readonly logger: Logger;
  /** A Web API client holding the bot token. */
  readonly client: webApi.WebClient;
  readonly deliveries: DeliveryGuard;
  readonly users: UserDirectory;
  readonly personaThreads: PersonaThreads;
  /** Hosts card files are downloaded from (Slack's, and a test's fake). */
  readonly fileHosts: readonly string[];
  /** Per workspace, whether persona posts may carry their own name and icon. */
  readonly voices: PersonaVoices;
  /** Threads where the bot has chatted, so their later messages need no mention. */
  readonly chatThreads: ChatThreads;
  /** The work after each ack. */
  readonly work: AckFirstScheduler;
  /** Requests being answered, so a stop can tell their users. */
  readonly inFlight: InFlight;
  readonly botUserId: string;
  /** The bot's bot id (B…), which its own messages carry; undefined when auth.test gave none. */
  readonly botId?: string | undefined;
}

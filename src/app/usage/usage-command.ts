import type { AccessPolicy } from "../access/access-policy.js";
import { notPermitted } from "../access/refusals.js";
import { type RenderContext, renderInfo } from "../render.js";
import type { Origin, Reply } from "../types.js";
import { tokensOf, topUsers, type UsageDay } from "./usage-day.js";
import { placeOf, type ServerUsage, type UsageLedger } from "./usage-ledger.js";
import { describeWait } from "./utc-day.js";

export interface UsageCommandContext {
  readonly ledger: UsageLedger;
  readonly policy: AccessPolicy;
  readonly render: RenderContext;
  readonly now: () => number;
}

const TOP_USERS = 5;

function count(value: number, unit?: string): string {
  const figure = value.toLocaleString("en-US");
  if (unit === undefined) return figure;
  return `${figure} ${value === 1 ? unit : `${unit}s`}`;
}

function summary(day: UsageDay): string {
  const answers = day.modelAnswers + day.tailAnswers;
  return `${count(day.calls, "model call")}, ${count(tokensOf(day), "token")} (${count(day.promptTokens)} prompt, ${count(day.completionTokens)} completion), ${count(answers, "answer")}: ${count(day.tailAnswers)} from the tail, ${count(day.modelAnswers)} from new calls`;
}

function usersLine(day: UsageDay): string {
  const users = topUsers(day, TOP_USERS);
  if (users.length === 0) return "nobody yet";
  return users
    .map(
      (user, index) =>
        `${index + 1}. ${user.name ? `${user.name} (${user.id})` : user.id}: ${count(user.tokens, "token")}, ${count(user.calls, "call")}, ${count(user.answers, "answer")}`,
    )
    .join("; ");
}

function budgetLine(usage: ServerUsage, now: number): string {
  const resets = `resets at 00:00 UTC, in ${describeWait(usage.resetsAt - now)}`;
  if (usage.budget === null) return "Daily token budget: none (VSBOT_DAILY_TOKEN_BUDGET is off).";
  const used = tokensOf(usage.today);
  return `Daily token budget: ${count(used)} of ${count(usage.budget)} used today; ${resets}.`;
}

function figures(day: UsageDay) {
  return {
    modelCalls: day.calls,
    promptTokens: day.promptTokens,
    completionTokens: day.completionTokens,
    tokens: tokensOf(day),
    answers: { tail: day.tailAnswers, model: day.modelAnswers },
    topUsers: topUsers(day, TOP_USERS),
  };
}

/**
 * `/vs usage`: this server's model calls, tokens and answers (from the tail and from new
 * calls) today and over the last 7 UTC days, its budget and its top users. Private, and only
 * for bot admins and members who may manage the server.
 */
export async function usageCommand(context: UsageCommandContext, origin: Origin): Promise<Reply[]> {
  if (!context.policy.mayManageServer(origin)) {
    throw notPermitted("Only members who can manage this server and bot admins may see its usage.");
  }
  const usage = await context.ledger.read(origin);
  const now = context.now();
  const where = placeOf(origin).toLowerCase();
  const lines = [
    `**Usage in ${where}** (UTC days)`,
    `Today: ${summary(usage.today)}.`,
    `Last 7 days: ${summary(usage.week)}.`,
    budgetLine(usage, now),
    `Top users today: ${usersLine(usage.today)}.`,
    `Top users, last 7 days: ${usersLine(usage.week)}.`,
  ];
  const reply = renderInfo(lines.join("\n"), context.render, true);
  return [
    {
      ...reply,
      meta: {
        ...reply.meta,
        usage: {
          today: figures(usage.today),
          week: figures(usage.week),
          budget: usage.budget,
          resetsAt: new Date(usage.resetsAt).toISOString(),
        },
      },
    },
  ];
}

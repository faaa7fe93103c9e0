import { describe, expect, it } from "vitest";
import { escapeSlackText } from "../../../src/platforms/slack/escape.js";
import { plainFromSlack } from "../../../src/platforms/slack/incoming-text.js";
import { toMrkdwn } from "../../../src/platforms/slack/mrkdwn.js";

describe("escapeSlackText and toMrkdwn", () => {
  it("defuses every kind of mention and link", () => {
    const text =
      "<!channel> <!here> <!everyone> <@U123> <!subteam^S1|@devs> <https://x.test|x> & co";
    expect(escapeSlackText(text)).toBe(
      "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;!subteam^S1|@devs&gt; &lt;https://x.test|x&gt; &amp; co",
    );
    expect(toMrkdwn(text)).not.toMatch(/<[^ ]/);
  });

  it("turns markdown bold, strike and headings into mrkdwn but leaves code alone", () => {
    expect(toMrkdwn("**Bob** is ~~not~~ here\n## Title")).toBe("*Bob* is ~not~ here\n*Title*");
    expect(toMrkdwn("run `f(**kwargs)` and\n```\nx = a ** b < c\n```")).toBe(
      "run `f(**kwargs)` and\n```\nx = a ** b &lt; c\n```",
    );
  });
});

describe("plainFromSlack", () => {
  it("unwraps mentions, channels and links, drops the bot's mention and decodes entities", () => {
    expect(
      plainFromSlack(
        "<@U0BOT> hi <@U2|ann>, see <#C1|general> and <https://a.test/?q=1&amp;r=2|docs> &lt;3",
        "U0BOT",
      ),
    ).toBe("hi @ann, see #general and docs (https://a.test/?q=1&r=2) <3");
    expect(plainFromSlack("Evening <@U0BOT>, ok", "U0BOT")).toBe("Evening, ok");
    expect(plainFromSlack("<!here> &amp;lt;")).toBe("@here &lt;");
  });
});

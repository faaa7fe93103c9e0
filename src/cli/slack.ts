import { parseArgs } from "node:util";
import { portOption } from "./options.js";
import { serve, slackPlatform } from "./serve.js";
import type { CliSubcommand } from "./subcommand.js";

export const slackSubcommand: CliSubcommand = {
  name: "slack",
  usage: `  vsbot slack [--port N]     the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT`,
  needsConfig: true,
  async run(args, config) {
    const { values } = parseArgs({ args: [...args], options: { port: { type: "string" } } });
    const port = portOption(values.port, config.port);
    return serve(
      config,
      async (runtime) => [await (await slackPlatform()).startSlack(runtime, { port })],
      config.slack?.appToken ? {} : { httpPort: port },
    );
  },
};

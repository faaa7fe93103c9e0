import type { RunningPlatform } from "../platforms/platform.js";
import { runConsole } from "./console.js";
import { discordPlatform, serve, slackPlatform } from "./serve.js";
import type { CliSubcommand } from "./subcommand.js";

/** `npm start`: every configured platform, or the console chat when none is. */
export const startSubcommand: CliSubcommand = {
  name: "start",
  usage: `  vsbot [start]              start every platform that has credentials; with none, the console chat`,
  needsConfig: true,
  async run(_args, config) {
    if (!config.discord?.token && !config.slack) return runConsole(config, []);
    const slackHttp = config.slack !== null && !config.slack.appToken;
    return serve(
      config,
      async (runtime) => {
        const running: RunningPlatform[] = [];
        if (config.discord?.token) {
          running.push(await (await discordPlatform()).startDiscordGateway(runtime));
        }
        if (config.slack) {
          running.push(await (await slackPlatform()).startSlack(runtime, { port: config.port }));
        }
        return running;
      },
      slackHttp ? { httpPort: config.port } : {},
    );
  },
};

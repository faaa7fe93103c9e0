import type { Config } from "../config/index.js";

/**
 * One `vsbot <name>` subcommand, in a file of its own; src/cli.ts only dispatches. Those that
 * need the configuration get it parsed (after .env is read); the rest start without it.
 */
export type CliSubcommand =
  | {
      readonly name: string;
      /** Its lines in `vsbot --help`, already indented. */
      readonly usage: string;
      readonly needsConfig: true;
      run(args: readonly string[], config: Config): Promise<number>;
    }
  | {
      readonly name: string;
      readonly usage: string;
      readonly needsConfig: false;
      run(args: readonly string[]): Promise<number>;
    };

import { ConfigError } from "../config/index.js";
import { isVsbotError } from "../engine/errors.js";

/**
 * The exit code for an error a subcommand threw, its message written to `stderr`: 2 for a
 * usage or configuration mistake (with the usage where an option was wrong), 1 for the rest.
 */
export async function reportFatal(
  error: unknown,
  stderr: Pick<NodeJS.WritableStream, "write">,
  usage: () => Promise<string>,
): Promise<number> {
  if (
    error instanceof ConfigError ||
    (error instanceof Error && error.name === "CommandLoadError")
  ) {
    stderr.write(`vsbot: ${error.message}\n`);
    return 2;
  }
  if (isVsbotError(error)) {
    stderr.write(`vsbot: ${error.userMessage}\n`);
    return 1;
  }
  if (
    error instanceof Error &&
    error.name === "TypeError" &&
    /parseArgs|option/i.test(error.message)
  ) {
    stderr.write(`vsbot: ${error.message}\n\n${await usage()}`);
    return 2;
  }
  stderr.write(
    `vsbot: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return 1;
}

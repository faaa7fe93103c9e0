import { afterAll } from "vitest";

/**
 * Records every unhandled rejection and uncaught exception in this test file's process, so a
 * fuzz test can assert there were none; a request's failure must end where it started.
 */
export function watchProcessFailures(): () => readonly string[] {
  const seen: string[] = [];
  const record = (kind: string) => (reason: unknown) => {
    seen.push(
      `${kind}: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  };
  const onRejection = record("unhandledRejection");
  const onException = record("uncaughtException");
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  afterAll(() => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  });
  return () => seen;
}

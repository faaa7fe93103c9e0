/** One line of `vsbot doctor`: what was checked, how it went, and the fix when it failed. */
export interface CheckResult {
  readonly name: string;
  readonly status: "ok" | "warn" | "fail";
  readonly detail: string;
  readonly fix?: string;
}

export function ok(name: string, detail: string): CheckResult {
  return { name, status: "ok", detail };
}

export function warn(name: string, detail: string, fix?: string): CheckResult {
  return { name, status: "warn", detail, ...(fix ? { fix } : {}) };
}

export function fail(name: string, detail: string, fix: string): CheckResult {
  return { name, status: "fail", detail, fix };
}

export function formatResult(result: CheckResult): string {
  const fix = result.fix ? ` Fix: ${result.fix}` : "";
  return `[${result.status}] ${result.name}: ${result.detail}${fix}`;
}

/** The message of anything thrown, without a stack. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

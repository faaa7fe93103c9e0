import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { TEST_API_KEY } from "./engine-harness.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const VSBOT_BIN = fileURLToPath(new URL("../../bin/vsbot.js", import.meta.url));

export interface OutputLine {
  readonly type: "reply" | "error";
  readonly text?: string;
  readonly message?: string;
  readonly code?: string;
  readonly channel?: string;
  readonly buttons?: readonly { id: string; label: string }[];
  readonly meta?: Record<string, unknown> & {
    modelCalls?: number;
    probability?: number;
    store?: string;
  };
  readonly [field: string]: unknown;
}

/** The environment a child vsbot sees: only what the test passes, plus PATH and HOME. */
export function isolatedEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    VSBOT_LOG_LEVEL: "info",
    ...env,
  };
}

/**
 * `vsbot console --json` as a child process: send an event, await its output line.
 * Lines are matched to requests by order, which the console guarantees.
 */
export class ConsoleProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  readonly #pending: ((line: OutputLine) => void)[] = [];
  readonly #early: OutputLine[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    env: Record<string, string>,
    options: { cwd?: string; args?: readonly string[] } = {},
  ) {
    this.child = spawn(
      process.execPath,
      [VSBOT_BIN, "console", "--json", ...(options.args ?? [])],
      {
        // A fresh folder: no developer .env is read and no ./data is left in the repository.
        cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "vsbot-console-")),
        env: isolatedEnv(env),
      },
    );
    createInterface({ input: this.child.stdout }).on("line", (raw) => {
      const line = JSON.parse(raw) as OutputLine;
      const waiter = this.#pending.shift();
      if (waiter) waiter(line);
      else this.#early.push(line);
    });
    createInterface({ input: this.child.stderr }).on("line", (raw) => this.stderr.push(raw));
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** Whether a line was asked for and has not come: the order of lines is then unknown. */
  get awaiting(): boolean {
    return this.#pending.length > 0;
  }

  #next(): Promise<OutputLine> {
    const early = this.#early.shift();
    if (early) return Promise.resolve(early);
    return new Promise((resolve) => this.#pending.push(resolve));
  }

  /** Writes one event line (an object, or raw text) and resolves with its output line. */
  send(event: Record<string, unknown> | string): Promise<OutputLine> {
    this.child.stdin.write(`${typeof event === "string" ? event : JSON.stringify(event)}\n`);
    return this.#next();
  }

  /** Writes several lines at once and collects as many output lines. */
  async sendAll(events: readonly Record<string, unknown>[]): Promise<OutputLine[]> {
    const replies = events.map(() => this.#next());
    this.child.stdin.write(events.map((event) => `${JSON.stringify(event)}\n`).join(""));
    return Promise.all(replies);
  }

  /** Closes stdin and waits for the exit code. */
  async end(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  /**
   * The first log line that matches, once it has come: stderr is a pipe of its own, so a log
   * line written before a reply may be read after it.
   */
  waitForLog(
    matches: (line: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    return vi.waitFor(
      () => {
        const found = this.logs().find(matches);
        if (!found) throw new Error(`no such log line yet:\n${this.stderr.join("\n")}`);
        return found;
      },
      { timeout: timeoutMs, interval: 20 },
    );
  }

  /** Parsed JSON log lines from stderr. */
  logs(): Record<string, unknown>[] {
    return this.stderr.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
}

export function command(
  name: string,
  options: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return { type: "command", user: "u1", channel: "c1", name, options, ...extra };
}

export function click(id: string, extra: Record<string, unknown> = {}) {
  return { type: "button", user: "u1", channel: "c1", id, ...extra };
}

export function moreButton(line: OutputLine): string {
  const button = line.buttons?.find((candidate) => candidate.id.startsWith("vs:more:"));
  if (!button) throw new Error(`no "more" button in ${JSON.stringify(line)}`);
  return button.id;
}

/** A console's environment for `model`: no retries, memory:// unless `env` says otherwise. */
export function consoleModelEnv(
  model: FakeOpenAI,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: TEST_API_KEY,
    VSBOT_STORE_URL: "memory://",
    VSBOT_MODEL_RETRIES: "0",
    ...env,
  };
}

/** What a test sends to a console: events in, output lines back. */
export interface ConsoleChannel {
  send(event: Record<string, unknown> | string): Promise<OutputLine>;
  /** The console's log lines so far (on a shared console, other tests' too). */
  logs(): Record<string, unknown>[];
  waitForLog(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Fields of an event that name where and by whom it was sent. */
const SCOPED_FIELDS = ["user", "channel", "thread"] as const;

/**
 * Registers hooks for a suite that drives `vsbot console --json` against one fake model
 * server: `suite.fake` is the server, `suite.connected(env)` starts a console wired to it,
 * and every console is killed and the fake reset after each test. `suite.shared(env)` is one
 * console per environment for the whole file instead, for tests that need no process of their
 * own: each test's events are moved to users, channels and threads no other test uses, so no
 * state (personas, settings, rate limits, history) carries from one test to the next. At the
 * end of the file each shared console is sent end of input and must exit 0.
 */
export function consoleSuite(hooks: {
  beforeAll: (run: () => Promise<void>) => void;
  afterAll: (run: () => Promise<void>) => void;
  afterEach: (run: () => void) => void;
}) {
  const running: ConsoleProcess[] = [];
  const state: { fake?: FakeOpenAI; test: number } = { test: 0 };
  const shared = new Map<string, ConsoleProcess>();
  hooks.beforeAll(async () => {
    state.fake = await startFakeOpenAI();
  });
  hooks.afterAll(async () => {
    try {
      for (const [env, vsbot] of shared) {
        const code = await vsbot.end();
        if (code !== 0) {
          throw new Error(`the shared console ${env} exited ${code}:\n${vsbot.stderr.join("\n")}`);
        }
      }
    } finally {
      for (const vsbot of shared.values()) vsbot.child.kill();
      await state.fake?.close();
    }
  });
  hooks.afterEach(() => {
    for (const vsbot of running.splice(0)) vsbot.child.kill();
    // A test that failed awaiting a line would hand that line to the next: start afresh.
    for (const [env, vsbot] of shared) {
      if (!vsbot.awaiting) continue;
      vsbot.child.kill();
      shared.delete(env);
    }
    state.test += 1;
    state.fake?.reset();
  });
  const fake = (): FakeOpenAI => {
    if (!state.fake) throw new Error("the fake model server starts in beforeAll");
    return state.fake;
  };
  const modelEnv = (env: Record<string, string>) => consoleModelEnv(fake(), env);
  return {
    get fake(): FakeOpenAI {
      return fake();
    },
    connected(env: Record<string, string> = {}, options: { cwd?: string } = {}): ConsoleProcess {
      const vsbot = new ConsoleProcess(modelEnv(env), options);
      running.push(vsbot);
      return vsbot;
    },
    /** The file's one console for `env` (started on first use), scoped to the running test. */
    shared(env: Record<string, string> = {}): ConsoleChannel {
      const scope = `test${state.test}`;
      const key = JSON.stringify(env);
      const vsbot = shared.get(key) ?? new ConsoleProcess(modelEnv(env));
      shared.set(key, vsbot);
      return {
        async send(event) {
          if (typeof event === "string") return vsbot.send(event);
          const scoped: Record<string, unknown> = { ...event };
          for (const field of SCOPED_FIELDS) {
            if (typeof scoped[field] === "string") scoped[field] = `${scope}-${scoped[field]}`;
          }
          // The line comes back as the test wrote the event: the scope is taken off again.
          const line: Record<string, unknown> = { ...(await vsbot.send(scoped)) };
          for (const field of SCOPED_FIELDS) {
            const value = line[field];
            if (typeof value === "string" && value.startsWith(`${scope}-`)) {
              line[field] = value.slice(scope.length + 1);
            }
          }
          return line as OutputLine;
        },
        logs: () => vsbot.logs(),
        waitForLog: (matches) => vsbot.waitForLog(matches),
      };
    },
    /** A console with the given environment only (no model server). */
    bare(env: Record<string, string>): ConsoleProcess {
      const vsbot = new ConsoleProcess(env);
      running.push(vsbot);
      return vsbot;
    },
  };
}

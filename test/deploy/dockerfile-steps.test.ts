import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/console-process.js";
import { freePort, getUntil } from "../helpers/free-port.js";
import { type Instruction, readDockerfile, type Stage } from "./dockerfile.js";
import { linkTree } from "./link-tree.js";

/**
 * Performs the Dockerfile's steps outside Docker (no Docker engine runs here), so they cannot
 * rot: every COPY and RUN of the build stage, every COPY of the runtime stage, then its CMD
 * with its ENV, and its HEALTHCHECK. Two substitutions keep it offline and fast: the apt-get
 * line is skipped (this machine has the toolchain), and the `npm ci` line, the one download,
 * is replaced by the packages this checkout has installed, hard-linked rather than copied (the
 * same files in a fraction of the time). `npm prune --omit=dev` then runs for real (offline),
 * so the runtime gets the production dependencies only.
 */

const WORKDIR = "/app";
/** Files npm rewrites in place, so copied rather than linked (a write would reach the original). */
const LOCKFILES = new Set([".package-lock.json"]);
const root = mkdtempSync(join(tmpdir(), "vsbot-docker-"));
let running: ChildProcess | undefined;

afterAll(async () => {
  running?.kill("SIGTERM");
  await rm(root, { recursive: true, force: true });
}, 120_000);

function inStage(stageDir: string, path: string): string {
  return path.startsWith(WORKDIR)
    ? join(stageDir, path.slice(WORKDIR.length))
    : join(stageDir, path);
}

function copy(instruction: Instruction, from: string, stageDir: string): void {
  const sources = instruction.words.slice(0, -1);
  const target = instruction.words.at(-1) ?? ".";
  for (const source of sources) {
    const origin = from === REPO_ROOT ? join(REPO_ROOT, source) : inStage(from, source);
    const destination =
      sources.length > 1 || target.endsWith("/") || target === "."
        ? join(inStage(stageDir, target), source.split("/").at(-1) ?? source)
        : inStage(stageDir, target);
    // Between stages (both this test's scratch folders), folders are linked, not copied.
    if (from !== REPO_ROOT && statSync(origin).isDirectory())
      linkTree(origin, destination, LOCKFILES);
    else cpSync(origin, destination, { recursive: true, verbatimSymlinks: true });
  }
}

const offline = {
  ...process.env,
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
};

function runStage(stage: Stage, stageDirs: Map<string, string>): Record<string, string> {
  const stageDir = join(root, stage.name);
  mkdirSync(stageDir, { recursive: true });
  stageDirs.set(stage.name, stageDir);
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions) {
    if (instruction.keyword === "COPY") {
      const from = instruction.flags.from;
      copy(instruction, from ? (stageDirs.get(from) ?? "") : REPO_ROOT, stageDir);
    } else if (instruction.keyword === "ENV") {
      for (const pair of instruction.words) {
        const [name = "", ...value] = pair.split("=");
        env[name] = value.join("=");
      }
    } else if (instruction.keyword === "RUN") {
      if (instruction.text.startsWith("apt-get")) continue;
      if (instruction.text.startsWith("npm ci")) {
        linkTree(join(REPO_ROOT, "node_modules"), join(stageDir, "node_modules"), LOCKFILES);
        continue;
      }
      const result = spawnSync("sh", ["-c", instruction.text], {
        cwd: stageDir,
        env: offline,
        encoding: "utf8",
      });
      expect(result.status, `RUN ${instruction.text}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
  }
  return env;
}

function last(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

describe("the Dockerfile's steps, outside Docker", () => {
  const stages = readDockerfile(join(REPO_ROOT, "Dockerfile"));
  const runtime = stages.at(-1) as Stage;

  it("is multi-stage, runs as a non-root user, keeps the sqlite data on a volume and checks /healthz", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(last(runtime, "USER")?.words[0]).toMatch(/^(?!root$)\w+/);
    expect(last(runtime, "VOLUME")?.words).toContain(`${WORKDIR}/data`);
    expect(last(runtime, "HEALTHCHECK")?.text).toContain("/healthz");
    expect(runtime.instructions.some((instruction) => instruction.keyword === "RUN")).toBe(false);
  });

  it("builds, installs only production dependencies, and starts a process whose /healthz answers 200", async () => {
    const stageDirs = new Map<string, string>();
    let env: Record<string, string> = {};
    for (const stage of stages) env = runStage(stage, stageDirs);
    const app = stageDirs.get(runtime.name) ?? "";
    expect(existsSync(join(app, "dist", "src", "cli.js"))).toBe(true);
    for (const devOnly of ["typescript", "tsx", "vitest", "@biomejs/biome"]) {
      expect(existsSync(join(app, "node_modules", devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(join(app, "node_modules", "prom-client"))).toBe(true);

    const port = await freePort();
    const processEnv = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: app,
      ...env,
      VSBOT_METRICS_PORT: String(port),
      VSBOT_LOG_LEVEL: "info",
    };
    const [command = "node", ...args] = last(runtime, "CMD")?.words ?? [];
    running = spawn(command, args, {
      cwd: app,
      env: processEnv,
      stdio: ["pipe", "ignore", "pipe"],
    });
    const health = await getUntil(
      `http://127.0.0.1:${port}/healthz`,
      (status) => status === 200,
      30_000,
    );
    expect(health.status).toBe(200);
    expect(
      (await getUntil(`http://127.0.0.1:${port}/readyz`, (status) => status === 200)).status,
    ).toBe(200);

    const healthcheck = last(runtime, "HEALTHCHECK")?.text ?? "";
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD") + 3).trim()) as string[];
    const [probeCommand = "node", ...probeArgs] = probe;
    const checked = spawnSync(probeCommand, probeArgs, { cwd: app, env: processEnv });
    expect(checked.status).toBe(0);
    expect(existsSync(join(app, "data", "vsbot.sqlite"))).toBe(true);
  }, 240_000);
});

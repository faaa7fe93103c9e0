import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { ConsoleProcess, click, command, moreButton } from "../helpers/console-process.js";
import { TEST_API_KEY } from "../helpers/engine-harness.js";
import { freePort, getUntil, sample } from "../helpers/free-port.js";
import { deleteRedisKeys, probeRedis, REDIS_DB } from "../store/helpers.js";
import { createTcpProxy, type TcpProxy } from "../store/tcp-proxy.js";

const redis = await probeRedis();

describe.runIf(redis)("health and metrics of the console", () => {
  let fake: FakeOpenAI;
  let proxy: TcpProxy;
  let vsbot: ConsoleProcess;
  let base: string;
  const tails: string[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    proxy = await createTcpProxy(6379);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    vsbot = new ConsoleProcess({
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: TEST_API_KEY,
      VSBOT_STORE_URL: `redis://127.0.0.1:${proxy.port}/${REDIS_DB}`,
      VSBOT_METRICS_PORT: String(port),
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_LOG_LEVEL: "warn",
    });
  });

  afterAll(async () => {
    vsbot?.child.kill();
    await proxy?.close();
    await fake?.close();
    for (const tail of tails) await deleteRedisKeys(`vsbot::tail:${tail}`);
    await deleteRedisKeys("vsbot::usage:console:-:");
  });

  it("counts one model call, one answer from the model and two from the tail after a joke and two clicks", async () => {
    const answer = await vsbot.send(command("joke", { topic: "coffee" }));
    tails.push(String(answer.meta?.tailId));
    await vsbot.send(click(moreButton(answer)));
    await vsbot.send(click(moreButton(answer)));
    const { status, body } = await getUntil(`${base}/metrics`, (code) => code === 200);
    expect(status).toBe(200);
    expect(sample(body, 'vsbot_model_calls_total{method="vs-standard",outcome="ok"}')).toBe(1);
    expect(sample(body, 'vsbot_answers_total{source="model"}')).toBe(1);
    expect(sample(body, 'vsbot_answers_total{source="tail"}')).toBe(2);
    expect(sample(body, 'vsbot_model_tokens_total{kind="prompt"}')).toBeGreaterThan(0);
    expect(body).toMatch(/vsbot_request_duration_seconds_count\{kind="button"\} 2/);
    expect(body).toContain("process_cpu_seconds_total");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 30_000);

  it("turns /readyz 503 while the store is down and 200 once it is back", async () => {
    expect((await getUntil(`${base}/readyz`, (code) => code === 200)).status).toBe(200);
    await proxy.suspend();
    const down = await getUntil(`${base}/readyz`, (code) => code === 503);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ ready: false, checks: { store: "not ready" } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await proxy.resume();
    const back = await getUntil(`${base}/readyz`, (code) => code === 200, 20_000);
    expect(back.status).toBe(200);
  }, 45_000);
});

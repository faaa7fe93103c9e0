import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@keyv/redis";
import type { LogFields, Logger } from "../../src/engine/ports.js";

/** Tests use a Redis db of their own (never db 0 of a shared server), each run in its own namespace. */
export const REDIS_DB = 9;
export const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;

/** True when something at 127.0.0.1:6379 answers PING within half a second. */
export function probeRedis(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(6379, "127.0.0.1");
    let reply = "";
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(500, () => finish(false));
    socket.on("error", () => finish(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}

/** A namespace no other test run shares, so parallel runs against one Redis never clash. */
export function uniqueNamespace(label: string): string {
  return `vsbot-test-${label}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every Redis key that starts with `prefix`; returns how many there were. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      keys.push(...batch);
    }
    if (keys.length > 0) await client.del(keys);
    return keys.length;
  } finally {
    client.destroy();
  }
}

export interface TemporaryDirectory {
  readonly path: string;
  remove(): void;
}

export function createTemporaryDirectory(): TemporaryDirectory {
  const path = mkdtempSync(join(tmpdir(), "vsbot-store-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly event: string;
  readonly fields: LogFields;
}

export interface RecordingLogger extends Logger {
  readonly entries: LogEntry[];
}

export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry["level"]) =>
    (event: string, fields: LogFields = {}) => {
      entries.push({ level, event, fields });
    };
  return {
    entries,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

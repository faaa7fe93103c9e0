import { createClient } from "@keyv/redis";

/** Benchmarks use a Redis db of their own (tests use 9), never db 0 of a shared server. */
export const REDIS_BENCH_URL = "redis://127.0.0.1:6379/10";

/** Deletes every key under `prefix` in the bench db. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_BENCH_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

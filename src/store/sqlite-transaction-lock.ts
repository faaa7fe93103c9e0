import { VsbotError } from "../engine/errors.js";
import { InProcessKeyLock, type KeyLock } from "./key-lock.js";

/**
 * Makes sqlite updates atomic across every process that opens the file: each critical section
 * runs in a BEGIN IMMEDIATE transaction, which takes the database's write lock before the
 * read (other processes wait up to the busy timeout). A connection holds one transaction at a
 * time, so this process's updates queue behind each other whatever their key.
 */
export class SqliteTransactionLock implements KeyLock {
  readonly #queue = new InProcessKeyLock();
  readonly #execute: (sql: string) => Promise<unknown>;

  constructor(execute: (sql: string) => Promise<unknown>) {
    this.#execute = execute;
  }

  run<T>(key: string, critical: () => Promise<T>): Promise<T> {
    return this.#queue.run("", async () => {
      await this.#statement("BEGIN IMMEDIATE", key);
      let result: T;
      try {
        result = await critical();
      } catch (error) {
        // The critical section writes only as its last step, so a failure wrote nothing of
        // its own; committing keeps the plain reads and writes that shared the connection.
        await this.#commit(key);
        throw error;
      }
      await this.#commit(key);
      return result;
    });
  }

  async #commit(key: string): Promise<void> {
    try {
      await this.#statement("COMMIT", key);
    } catch (error) {
      await this.#execute("ROLLBACK").catch(() => {});
      throw error;
    }
  }

  async #statement(sql: string, key: string): Promise<void> {
    try {
      await this.#execute(sql);
    } catch (error) {
      throw new VsbotError("store_unavailable", `sqlite ${sql} failed for ${key}`, {
        cause: error,
      });
    }
  }
}

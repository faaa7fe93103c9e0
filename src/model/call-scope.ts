import { AsyncLocalStorage } from "node:async_hooks";

/** What the model calls of one request made: counted by the scoped model client. */
export interface CallTally {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * One request's context for the model calls made on its behalf, however deep in the engine:
 * which model serves them, the method they belong to (for metrics), a check before the first
 * call, and the tally. `model` and `method` are asked only when a call is about to be made, so
 * requests served from the tail cost nothing.
 */
export interface CallScope {
  readonly model: () => Promise<string>;
  readonly method: () => Promise<string>;
  /** Runs once, before the scope's first call; throwing refuses the call (e.g. the budget). */
  readonly admit?: () => Promise<void>;
  readonly tally: CallTally;
}

export interface CallScopes {
  run<T>(scope: CallScope, work: () => Promise<T>): Promise<T>;
  current(): CallScope | undefined;
}

export function newTally(): CallTally {
  return { calls: 0, promptTokens: 0, completionTokens: 0 };
}

/**
 * One AsyncLocalStorage for every CallScopes in the process, each holding its scope under its
 * own key. On Node 20 and 22 every live storage is told of every promise the process makes, and
 * a storage lives until disabled: one per runtime would grow that cost with each runtime made
 * (a test worker makes hundreds).
 */
const scopesStorage = new AsyncLocalStorage<ReadonlyMap<CallScopes, CallScope>>();

/** Scopes carried through async calls by AsyncLocalStorage, so no port needs a new field. */
export function createCallScopes(): CallScopes {
  const scopes: CallScopes = {
    run: (scope, work) =>
      scopesStorage.run(new Map(scopesStorage.getStore()).set(scopes, scope), work),
    current: () => scopesStorage.getStore()?.get(scopes),
  };
  return scopes;
}

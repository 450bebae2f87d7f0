/**
 * Calls into a user's store, and the checks that its factory made one. A store call that rejects
 * (outside what its contract allows) is a failure of the store, reported with the method's name.
 */

/** A store call that rejected or threw: `method` names the contract method. */
export class StoreCallError extends Error {
  constructor(
    readonly method: string,
    cause: unknown,
  ) {
    super(`the store's ${method} failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    this.name = "StoreCallError";
  }
}

/** A factory whose answer is not a store of the contract. */
export class StoreMisfit extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreMisfit";
  }
}

/** An error the store is to blame for (not the harness). */
export function isStoreFailure(err: unknown): err is StoreCallError | StoreMisfit {
  return err instanceof StoreCallError || err instanceof StoreMisfit;
}

/** Await `call()`, naming `method` when it throws or rejects. */
export async function storeCall<T>(method: string, call: () => T | PromiseLike<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof StoreCallError ? err : new StoreCallError(method, err);
  }
}

/** A user's module export as a store factory, or an Error naming why it is not one. */
export function asStoreFactory<F>(implementation: unknown, what: string, contract: string): F {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a ${what} factory (${contract})`);
  return implementation as F;
}

/** A fresh store from `factory`, checked to have every method of the contract. */
export async function makeStore<S>(factory: () => S | PromiseLike<S>, methods: readonly string[]): Promise<S> {
  const store = await storeCall("factory", factory);
  if (store === null || typeof store !== "object") throw new StoreMisfit(`the factory returned ${store === null ? "null" : typeof store}, not a store`);
  const missing = methods.filter((m) => typeof (store as Record<string, unknown>)[m] !== "function");
  if (missing.length > 0) throw new StoreMisfit(`the store made by the factory has no method ${missing.join(", ")}`);
  return store;
}

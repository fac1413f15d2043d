import type { Redis } from "ioredis";
import { commandCalls } from "../commandstats.js";

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `signal` to abort and resolves to its reason. */
export const aborted = (signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));

/** Polls `check` every 5 ms until it holds; throws after `timeoutMs` (only to catch hangs). */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(5);
  }
}

/** The queue of lock `key` as the server holds it: one `"<token> <ttl> <b|p>"` entry per waiter (blocking or polling), in order. */
export function queueOf(admin: Redis, key: string): Promise<string[]> {
  return admin.lrange(`{lock:${key}}:queue`, 0, -1);
}

/** Total calls of the named commands so far, from INFO commandstats (commands run by scripts included). */
export async function calls(admin: Redis, ...names: string[]): Promise<number> {
  const counts = await commandCalls(admin);
  return names.reduce((total, name) => total + (counts[name] ?? 0), 0);
}

/** The hash tag Redis Cluster hashes for `key`: the text inside the first `{...}`, or the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Settles with the error a promise rejects with, or fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`Expected a rejection, got ${String(value)}.`);
    },
    (error: unknown) => error,
  );
}

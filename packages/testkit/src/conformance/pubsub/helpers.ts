import { expect } from "vitest";
import { type CaseFn, type CaseIt, type ConformanceContext, needing } from "../context.js";

/** Polls `check` every 10 ms until it is true; fails the test after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Expects what PUBSUB reports after a subscription was closed: at once, or polled until it holds (5 s at most) on
 * a target whose subscriptions are dropped asynchronously (`asyncUnsubscribe`).
 * @example await afterClose(ctx, () => ctx.pool.pubsubNumsub("news"), { news: 0 });
 */
export async function afterClose<T>(
  ctx: ConformanceContext,
  read: () => Promise<T>,
  expected: T,
): Promise<void> {
  if (ctx.target.asyncUnsubscribe) await expect.poll(read, { timeout: 5000, interval: 10 }).toEqual(expected);
  else expect(await read()).toEqual(expected);
}

/** How many connections the server has, from CLIENT LIST. */
export async function connectionCount(admin: { client(sub: "LIST"): Promise<unknown> }): Promise<number> {
  const list = String(await admin.client("LIST"));
  return list.split("\n").filter((line) => line.trim() !== "").length;
}

/**
 * `it` for tests that need a transport capability (pub/sub, WATCH): on a transport whose pool does not declare it
 * the test is reported as skipped, with the reason, when it runs. What such a transport does instead
 * (UnsupportedError) is tested separately, with {@link lacking}.
 */
export function requiring(capability: "pubsub" | "watch", it: CaseIt): (name: string, fn: CaseFn) => void {
  return needing(it, { needs: { [capability]: true } });
}

/** `it` for what a transport WITHOUT the capability does; skipped (with the reason) on one that has it. */
export function lacking(capability: "pubsub" | "watch", it: CaseIt): (name: string, fn: CaseFn) => void {
  return needing(it, { needs: { [capability]: false } });
}

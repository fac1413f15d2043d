import { describe, expect, it } from "vitest";
import { InvalidArgumentError, RateLimitTimeoutError } from "../errors.js";
import type { RateLimitResult } from "./types.js";
import { checkWaitOptions, waitForSlot } from "./wait.js";

const denied = (retryAfterMs: number): RateLimitResult => ({
  allowed: false,
  limit: 1,
  remaining: 0,
  resetAfterMs: retryAfterMs,
  retryAfterMs,
  source: "redis",
});
const allowed: RateLimitResult = { ...denied(0), allowed: true };

/** Decisions answered in turn from `answers`, counting the calls. */
function decisions(...answers: RateLimitResult[]) {
  const state = { calls: 0 };
  const decide = async () => answers[Math.min(state.calls++, answers.length - 1)]!;
  return { state, decide };
}

describe("waitFor", () => {
  it("sleeps each denial's retryAfterMs, then resolves with the allowed decision", async () => {
    const { state, decide } = decisions(denied(20), denied(5), allowed);
    expect(await waitForSlot(decide, 1000, undefined)).toBe(allowed);
    expect(state.calls).toBe(3);
  });

  it("times out at once when a denial's wait does not fit, and deciding nothing more", async () => {
    const { state, decide } = decisions(denied(60_000));
    await expect(waitForSlot(decide, 500, undefined)).rejects.toThrow(RateLimitTimeoutError);
    expect(state.calls).toBe(1);
  });

  it("counts its sleeps against the timeout even when Date.now stands still", async () => {
    const now = Date.now;
    Date.now = () => 0;
    try {
      const { state, decide } = decisions(denied(30));
      await expect(waitForSlot(decide, 100, undefined)).rejects.toThrow(RateLimitTimeoutError);
      expect(state.calls).toBeLessThanOrEqual(4);
    } finally {
      Date.now = now;
    }
  });

  it("rejects with the signal's reason, before deciding when already aborted", async () => {
    const { state, decide } = decisions(denied(10_000));
    const controller = new AbortController();
    const waiting = waitForSlot(decide, 20_000, controller.signal);
    setTimeout(() => controller.abort(new Error("gone")), 10);
    await expect(waiting).rejects.toThrow("gone");
    await expect(waitForSlot(decide, 1000, controller.signal)).rejects.toThrow("gone");
    expect(state.calls).toBe(1);
  });

  it("checks its options", () => {
    expect(checkWaitOptions(undefined)).toEqual({ timeoutMs: 10_000, signal: undefined });
    expect(checkWaitOptions({ timeout: "2s" }).timeoutMs).toBe(2000);
    for (const bad of [{ timeout: -1 }, { timeout: "soon" }, { timeout: 2 ** 31 }, { signal: {} }, "x"]) {
      expect(() => checkWaitOptions(bad as never)).toThrow(InvalidArgumentError);
    }
  });
});

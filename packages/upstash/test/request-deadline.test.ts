import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { requestDeadline } from "../src/request-deadline.js";

describe("requestDeadline", () => {
  it("aborts with a TimeoutError naming the timeout, as AbortSignal.timeout does", async () => {
    const { signal } = requestDeadline(20);
    await sleep(60);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ name: "TimeoutError", message: "timed out after 20 ms" });
  });

  it("never aborts once cleared: an answered request leaves no timer behind", async () => {
    const deadline = requestDeadline(20);
    deadline.clear();
    await sleep(60);
    expect(deadline.signal?.aborted).toBe(false);
  });

  it("gives no signal for an infinite timeout", () => {
    expect(requestDeadline(Number.POSITIVE_INFINITY).signal).toBeUndefined();
  });
});

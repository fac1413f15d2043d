import { describe, expect, it } from "vitest";
import { RequestDeadlines } from "../src/deadlines.js";
import { HttpError } from "../src/http-error.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);

describe("RequestDeadlines", () => {
  it("passes the work's value and error through", async () => {
    const deadlines = new RequestDeadlines(1000);
    expect(await deadlines.within(Promise.resolve("answer"))).toBe("answer");
    const failure = new Error("redis said no");
    await expect(deadlines.within(Promise.reject(failure))).rejects.toBe(failure);
    deadlines.stop();
  });

  it("answers 504 once the time is up, and a late rejection stays handled", async () => {
    const deadlines = new RequestDeadlines(50);
    const started = Date.now();
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const error = await deadlines.within(late).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    fail(new Error("too late")); // must not become an unhandled rejection
    await sleep(10);
  });

  it("gives every request its own full time, in any order of completion", async () => {
    const deadlines = new RequestDeadlines(150);
    const first = deadlines.within(never()).catch((e: unknown) => e);
    await sleep(100);
    const secondStarted = Date.now();
    const second = deadlines.within(never()).catch((e: unknown) => e);
    const third = deadlines.within(sleep(20).then(() => "done"));
    expect(await third).toBe("done");
    expect(await first).toBeInstanceOf(HttpError);
    // The first one's timeout must not take the second with it.
    const secondError = await second;
    expect(secondError).toBeInstanceOf(HttpError);
    expect(Date.now() - secondStarted).toBeGreaterThanOrEqual(140);
  });

  it("keeps working after thousands of requests settled out of order", async () => {
    const deadlines = new RequestDeadlines(1000);
    const values = await Promise.all(
      Array.from({ length: 3000 }, (_, i) => deadlines.within(sleep(i % 7).then(() => i))),
    );
    expect(values).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    const error = await new RequestDeadlines(30).within(never()).catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(504);
    deadlines.stop();
  });
});

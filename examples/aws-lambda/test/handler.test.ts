/**
 * handler.ts invoked as Lambda invokes it: an EventBridge scheduled event and a context whose
 * getRemainingTimeInMillis() counts down to a deadline; over TCP to a real redis-server.
 */
import { type RedisServer, startRedis } from "@beeredis/testkit";
import type { Context, ScheduledEvent } from "aws-lambda";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";

let redis: RedisServer;
let admin: Redis;
let lambda: typeof import("../handler.js");

/** A Lambda context for an invocation that may run `timeoutMs`. */
function contextFor(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const unused = () => {
    throw new Error("callback-style completion is not used");
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "nightly-report",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:nightly-report",
    memoryLimitInMB: "256",
    awsRequestId: crypto.randomUUID(),
    logGroupName: "/aws/lambda/nightly-report",
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unused,
    fail: unused,
    succeed: unused,
  };
}

/** The event EventBridge sends for a cron rule; `detail.items` says how much work this run has. */
function scheduledEvent(items: number): ScheduledEvent {
  return {
    version: "0",
    id: crypto.randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: new Date().toISOString(),
    region: "eu-west-1",
    resources: ["arn:aws:events:eu-west-1:123456789012:rule/nightly"],
    detail: { items },
  };
}

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
  process.env.REDIS_URL = redis.url;
  lambda = await import("../handler.js");
});
afterAll(async () => {
  await lambda?.close();
  admin?.disconnect();
  await redis?.stop();
});

it("three invocations at once: one runs the job, the others skip", async () => {
  const contexts = [contextFor(10_000), contextFor(10_000), contextFor(10_000)];
  const results = await Promise.all(contexts.map((context) => lambda.handler(scheduledEvent(5), context)));
  const done = results.filter((r) => r.status === "done");
  expect(done).toHaveLength(1);
  expect(results.filter((r) => r.status === "skipped")).toHaveLength(2);
  const winner = contexts[results.indexOf(done[0]!)]!;
  expect(await admin.hgetall("report:nightly")).toEqual({
    fence: String(done[0]!.status === "done" && done[0]!.fencingToken),
    processed: "5",
    by: winner.awsRequestId,
  });
});

it("stops before the deadline and releases the lock; the next run gets a higher fencing token", async () => {
  const stopped = await lambda.handler(scheduledEvent(1000), contextFor(1500));
  expect(stopped.status).toBe("stopped");
  if (stopped.status !== "stopped") return;
  expect(stopped.processed).toBeGreaterThan(0);
  expect(stopped.processed).toBeLessThan(1000);
  const next = await lambda.handler(scheduledEvent(1), contextFor(10_000));
  expect(next.status).toBe("done");
  expect(next.status === "done" && next.fencingToken).toBeGreaterThan(stopped.fencingToken);
});

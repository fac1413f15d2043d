/**
 * An AWS Lambda function run by a schedule (EventBridge cron), over TCP (@beeredis/ioredis). Several invocations
 * can start at once (retries, overlapping schedules, a manual run): `withLock` lets one of them do the job and the
 * others return at once. The job stops before Lambda's deadline, and writes its results with the lock's fencing
 * token so a holder that lost the lock cannot overwrite a newer one.
 */
import { LockTimeoutError, Registry, Script } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { Context, ScheduledEvent } from "aws-lambda";

/** What one invocation reports. */
export type NightlyResult =
  | { status: "done"; fencingToken: number; processed: number }
  | { status: "skipped"; reason: string }
  | { status: "stopped"; fencingToken: number; processed: number; reason: string };

/** Stop this long before Lambda's deadline, to release the lock and answer in time. */
const SAFETY_MARGIN_MS = 1000;

/** Writes `processed` and `by` to the report hash unless a newer fencing token already wrote there. */
const FENCED_WRITE = new Script(`
if tonumber(ARGV[1]) < tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') then return 0 end
redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'processed', ARGV[2], 'by', ARGV[3])
return 1`);

// Outside the handler: a warm container reuses the registry and its connection across invocations.
const registry = new Registry({ transport: tcp(), commandTimeout: "2s" });
registry.registerRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", 0);
const validated = registry.validate();

export async function handler(event: ScheduledEvent, context: Context): Promise<NightlyResult> {
  const redis = (await validated).createEngine().getRedis();
  // Aborts when the invocation is about to time out: waiting and working both stop.
  const deadline = AbortSignal.timeout(Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS));
  try {
    return await redis
      .getLocker()
      .withLock("cron:nightly-report", { ttl: "15s", wait: 0, signal: deadline }, async (signal, lock) => {
        const items = Number(event.detail?.items ?? 10);
        let processed = 0;
        for (; processed < items; processed++) {
          if (signal.aborted) {
            const reason = signal.reason instanceof Error ? signal.reason.name : "aborted";
            return { status: "stopped", fencingToken: lock.fencingToken, processed, reason };
          }
          await new Promise((resolve) => setTimeout(resolve, 50)); // one unit of work
          // The write carries the fencing token; the script refuses it once a newer holder has written.
          await redis.script(
            FENCED_WRITE,
            ["report:nightly"],
            [lock.fencingToken, processed + 1, context.awsRequestId],
          );
        }
        return { status: "done", fencingToken: lock.fencingToken, processed };
      });
  } catch (error) {
    if (error instanceof LockTimeoutError)
      return { status: "skipped", reason: "another invocation holds the lock" };
    throw error;
  }
}

/** Closes the connection (tests, or a SIGTERM handler in a Lambda extension). */
export async function close(): Promise<void> {
  await (await validated).close();
}

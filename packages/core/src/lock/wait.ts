/**
 * @module How `obtain()` waits. A waiter takes a place in the lock's FIFO queue in Redis; the releaser hands the
 * lock straight to the first live waiter. Where the transport can block, the waiter blocks on its own wake-up
 * stream, so it learns of the hand-off about one round trip after the release; otherwise (or with
 * `blocking: false`) it polls, backing off with jitter, and stays first in the queue until a poll claims the lock
 * handed to it. Either way, each round doubles as the waiter's heartbeat, so a waiter that dies is skipped.
 */
import { command } from "../commands/command.js";
import { asArray, asText } from "../commands/decode.js";
import type { LitePool } from "../registry/lite-pool.js";
import type { RawReply } from "../transport.js";
import { backoffDelay, sleep, whenAborted } from "./backoff.js";
import { lockKeys, newToken } from "./keys.js";
import { Lock } from "./lock.js";
import { type AttemptMode, attempt, cancel, release, type Waiter } from "./script-calls.js";

/** A locker's resolved settings. */
export interface WaitSettings {
  readonly prefix: string;
  readonly heartbeatMs: number;
  readonly minRetryDelayMs: number;
  readonly blocking: boolean;
}

/** A waiter silent for this many heartbeats is presumed dead: its place expires and the queue skips it. */
const MISSED_HEARTBEATS = 3;

/** One `obtain()`: an attempt, then (when `waitMs` > 0) a wait for our turn until the deadline. */
export async function obtainLock(
  pool: LitePool,
  settings: WaitSettings,
  key: string,
  ttlMs: number,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<Lock | null> {
  signal?.throwIfAborted();
  const deadline = performance.now() + waitMs;
  const blockMs =
    settings.blocking && waitMs > 0
      ? Math.min(settings.heartbeatMs, pool.getCapabilities().maxBlockingMs)
      : 0;
  const waiter: Waiter = {
    target: { pool, keys: lockKeys(settings.prefix, key) },
    token: newToken(),
    ttlMs,
    lifeMs: settings.heartbeatMs * MISSED_HEARTBEATS,
    kind: blockMs >= 1 ? "b" : "p",
  };
  let mode: AttemptMode = waitMs > 0 ? "enqueue" : "try";
  let confirming = false;
  for (;;) {
    const sent = performance.now();
    const reply = await attempt(waiter, mode);
    let turn: Turn | undefined;
    if (reply.fence !== undefined) turn = { fence: reply.fence, heldSince: sent };
    else if (mode === "try") return null;
    else turn = await waitTurn(waiter, deadline, reply.holderTtl, sent, blockMs, settings, signal);
    if (turn === undefined) return null;
    const confirmed = confirming && reply.fence !== undefined; // a confirmation is not confirmed again
    if (!confirmed && performance.now() - turn.heldSince > ttlMs / 3) {
      // Learnt late (a slow reply, a long block or a pause): claim the lock again, restarting its ttl. If it
      // expired before we could use it, our turn had come: back to the head of the queue while we may wait.
      confirming = true;
      mode = performance.now() < deadline ? "rejoin" : "try";
      continue;
    }
    if (signal?.aborted) {
      // Obtained just as the caller gave up: hand it on rather than leave it held.
      await release(waiter.target, waiter.token).catch(() => false);
      throw signal.reason;
    }
    return new Lock(waiter.target, key, waiter.token, turn.fence, turn.heldSince);
  }
}

/**
 * Our fencing token, and when the lock's ttl started at the earliest we can prove: the send time of the request
 * that took (or claimed) the lock, or, for a lock handed to us, of our last request that found it not yet ours
 * (the releaser set its ttl after the server answered that one). withLock counts the ttl from there, never from
 * when we learnt.
 */
interface Turn {
  readonly fence: number;
  readonly heldSince: number;
}

/**
 * Waits for our turn, blocking on our box for up to `blockMs` per round (polling when it is 0). Resolves to our
 * {@link Turn}, or undefined when the deadline passed first.
 */
async function waitTurn(
  waiter: Waiter,
  deadline: number,
  holderTtl: number,
  notOursSince: number,
  blockMs: number,
  settings: WaitSettings,
  signal: AbortSignal | undefined,
): Promise<Turn | undefined> {
  /** The send time of our last request that found the lock not yet ours. */
  let lastNotOurs = notOursSince;
  const handed = (fence: number | undefined): Turn | undefined =>
    fence === undefined ? undefined : { fence, heldSince: lastNotOurs };
  const aborted = whenAborted(signal);
  let maxBlockMs = blockMs;
  let polls = 0;
  try {
    for (;;) {
      const left = deadline - performance.now();
      // Last word at the deadline: leave the queue, unless the lock reached us meanwhile.
      if (left <= 0) return handed(await cancel(waiter));
      // Look again when the holder's lock would expire, in case it died without releasing.
      const until = Math.min(left, holderTtl > 0 ? holderTtl + 1 : Number.POSITIVE_INFINITY);
      if (maxBlockMs >= 1) {
        // Heartbeat rounds are jittered so waiters that queued together do not poll together.
        const roundSent = performance.now();
        const woken = wake(waiter, Math.min(until, maxBlockMs * (0.8 + 0.2 * Math.random())));
        const fence = await Promise.race([woken, aborted.promise]).catch((error: unknown) => {
          if (signal?.aborted) throw error;
          maxBlockMs = 0; // blocking failed (ACL, transport): fall back to polling, which reports real failures
          return undefined;
        });
        if (fence !== undefined) return handed(fence);
        if (maxBlockMs >= 1) lastNotOurs = roundSent; // the round ended with nothing in our box
      } else {
        await sleep(
          Math.min(until, backoffDelay(polls++, settings.minRetryDelayMs, settings.heartbeatMs)),
          signal,
        );
      }
      const pollSent = performance.now();
      const next = await Promise.race([attempt(waiter, "poll"), aborted.promise]);
      // A poll that finds the lock ours claims it, restarting its ttl in the same script.
      if (next.fence !== undefined) return { fence: next.fence, heldSince: pollSent };
      lastNotOurs = pollSent;
      holderTtl = next.holderTtl;
    }
  } catch (error) {
    // Aborted or failed: leave the queue; a lock handed to us meanwhile goes on to the next waiter.
    const fence = await cancel(waiter).catch(() => undefined);
    if (fence !== undefined) await release(waiter.target, waiter.token).catch(() => false);
    throw error;
  } finally {
    aborted.dispose();
  }
}

/** Blocks up to `ms` on our wake-up stream. Resolves to the fencing token the releaser sent, or undefined. */
function wake({ target, token }: Waiter, ms: number): Promise<number | undefined> {
  const block = Math.max(1, Math.floor(ms)); // whole ms, at least 1: it blocks exactly that long
  const read = ["XREAD", "BLOCK", block, "STREAMS", target.keys.box(token), "0-1"];
  return target.pool.execute(command<number | undefined>, [read, fenceOf, block]);
}

/**
 * Reads `fence` from an XREAD reply, `[[box, [[id, ["fence", "7"]], ...]]]`, from its newest entry (the latest
 * hand-off); undefined for a timeout (nil) or an entry without one (the box's own marker).
 */
export function fenceOf(reply: RawReply): number | undefined {
  if (reply === null) return undefined;
  const [stream] = asArray(reply);
  const entries = asArray(asArray(stream ?? null)[1] ?? null);
  const newest = entries[entries.length - 1];
  if (newest === undefined) return undefined;
  const fields = asArray(asArray(newest)[1] ?? null).map(asText);
  const at = fields.indexOf("fence");
  const fence = at >= 0 ? Number(fields[at + 1]) : Number.NaN;
  return Number.isFinite(fence) ? fence : undefined;
}

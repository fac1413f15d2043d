/**
 * @module How an acquisition waits, for a lock or a semaphore alike. A waiter takes a place in the FIFO queue in
 * Redis; whoever frees the resource hands it straight to the first live waiter. Where the transport can block,
 * the waiter blocks on its own wake-up stream, so it learns of the hand-off about one round trip after the
 * release; otherwise (or with `blocking: false`) it polls, backing off with jitter, and a poll claims what was
 * handed to it. Either way, each round doubles as the waiter's heartbeat, so a waiter that dies is skipped.
 */
import { command } from "../commands/command.js";
import { asArray, asText } from "../commands/decode.js";
import type { LitePool } from "../registry/lite-pool.js";
import type { RawReply } from "../transport.js";
import { backoffDelay, sleep, whenAborted } from "./backoff.js";
import type { AttemptMode, WaiterKind } from "./script-calls.js";
import type { Attempt } from "./scripts.js";

/** A locker's resolved settings. */
export interface WaitSettings {
  readonly prefix: string;
  readonly heartbeatMs: number;
  readonly minRetryDelayMs: number;
  readonly blocking: boolean;
}

/** A waiter silent for this many heartbeats is presumed dead: its place expires and the queue skips it. */
const MISSED_HEARTBEATS = 3;

/** How one acquisition waits: its longest block per round (0: it polls), how long its place lives, its kind. */
export interface WaitPlan {
  readonly blockMs: number;
  readonly lifeMs: number;
  readonly kind: WaiterKind;
}

/** Blocks where the transport can and the locker allows it (and only when there is a wait), else polls. */
export function waitPlan(pool: LitePool, settings: WaitSettings, waitMs: number): WaitPlan {
  const blockMs =
    settings.blocking && waitMs > 0
      ? Math.min(settings.heartbeatMs, pool.getCapabilities().maxBlockingMs)
      : 0;
  return { blockMs, lifeMs: settings.heartbeatMs * MISSED_HEARTBEATS, kind: blockMs >= 1 ? "b" : "p" };
}

/** One acquisition's scripts (of a lock or a semaphore), bound to its keys, token, ttl and wait plan. */
export interface Contest {
  readonly pool: LitePool;
  /** The waiter's wake-up stream: a hand-off adds an entry `fence <n>` to it. */
  readonly box: string;
  /** One attempt (see ACQUIRE_LUA). */
  attempt(mode: AttemptMode): Promise<Attempt>;
  /** Leaves the queue. Resolves to our fencing token if the resource was handed to us meanwhile. */
  cancel(): Promise<number | undefined>;
  /** Gives back what we hold, handing it on to the next waiter. */
  release(): Promise<boolean>;
}

/**
 * Our fencing token, and when the ttl started at the earliest we can prove: the send time of the request that
 * took (or claimed) it, or, for a hand-off, of our last request that found it not yet ours (the releaser set its
 * ttl after the server answered that one). Keep-alives count the ttl from there, never from when we learnt.
 */
export interface Turn {
  readonly fence: number;
  readonly heldSince: number;
}

/**
 * One acquisition: an attempt, then (when `waitMs` > 0) a wait for our turn until the deadline. Resolves to our
 * {@link Turn}, or null when the resource stayed busy. When `signal` aborts, or a request fails, we reject with
 * the reason and leave the queue (handing on anything handed to us meanwhile), once a request still in flight
 * has settled, so it cannot take the resource behind our back.
 */
export async function contend(
  contest: Contest,
  plan: WaitPlan,
  settings: WaitSettings,
  ttlMs: number,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<Turn | null> {
  signal?.throwIfAborted();
  const deadline = performance.now() + waitMs;
  // Without a signal there is nothing to race: requests go out as they are (the common, uncontended case).
  const aborted = signal && whenAborted(signal);
  let inFlight: Promise<unknown> | undefined;
  /**
   * Races a request against the abort. A script call is remembered so a cleanup can wait for it; a blocked read
   * (`track` false) changes nothing, and is not waited for.
   */
  const send = <T>(request: Promise<T>, track = true): Promise<T> => {
    if (!aborted) return request;
    if (track) inFlight = request.catch(() => undefined);
    return Promise.race([request, aborted.promise]);
  };
  let mode: AttemptMode = waitMs > 0 ? "enqueue" : "try";
  let confirming = false;
  try {
    for (;;) {
      const sent = performance.now();
      const reply = await send(contest.attempt(mode));
      let turn: Turn | undefined;
      if (reply.fence !== undefined) turn = { fence: reply.fence, heldSince: sent };
      else if (mode === "try") return null;
      else turn = await waitTurn(contest, plan, settings, deadline, reply.holderTtl, sent, signal, send);
      if (turn === undefined) return null;
      const confirmed = confirming && reply.fence !== undefined; // a confirmation is not confirmed again
      if (!confirmed && performance.now() - turn.heldSince > ttlMs / 3) {
        // Learnt late (a slow reply, a long block or a pause): claim it again, restarting its ttl. If it expired
        // before we could use it, our turn had come: back to the head of the queue while we may wait.
        confirming = true;
        mode = performance.now() < deadline ? "rejoin" : "try";
        continue;
      }
      signal?.throwIfAborted(); // obtained just as the caller gave up: the cleanup hands it on
      return turn;
    }
  } catch (error) {
    // Aborted or failed: leave the queue once the request in flight has landed; anything handed to us goes on.
    const leaving = (inFlight ?? Promise.resolve()).then(() => leave(contest));
    // The caller's abort rejects once that is done, so its queue is clean. A failure (Redis may be unreachable)
    // or a deadline (the call's timeout) rejects at once, and the cleanup finishes behind it.
    if (signal?.aborted && signal.reason === error && !isDeadline(error)) await leaving;
    throw error;
  } finally {
    aborted?.dispose();
  }
}

/** Errors that end an acquisition at a deadline, whose cleanup must not delay the rejection. */
const deadlines = new WeakSet<object>();

/** Marks `error` as a deadline's (see {@link contend}). */
export function asDeadline<E extends object>(error: E): E {
  deadlines.add(error);
  return error;
}

function isDeadline(error: unknown): boolean {
  return typeof error === "object" && error !== null && deadlines.has(error);
}

/** Leaves the queue; what reached us meanwhile goes on to the next waiter. Never rejects. */
async function leave(contest: Contest): Promise<void> {
  const fence = await contest.cancel().catch(() => undefined);
  if (fence !== undefined) await contest.release().catch(() => false);
}

/**
 * Waits for our turn, blocking on our box for up to `plan.blockMs` per round (polling when it is 0). Resolves to
 * our {@link Turn}, or undefined when the deadline passed first.
 */
async function waitTurn(
  contest: Contest,
  plan: WaitPlan,
  settings: WaitSettings,
  deadline: number,
  holderTtl: number,
  notOursSince: number,
  signal: AbortSignal | undefined,
  send: <T>(request: Promise<T>, track?: boolean) => Promise<T>,
): Promise<Turn | undefined> {
  /** The send time of our last request that found it not yet ours. */
  let lastNotOurs = notOursSince;
  const handed = (fence: number | undefined): Turn | undefined =>
    fence === undefined ? undefined : { fence, heldSince: lastNotOurs };
  let maxBlockMs = plan.blockMs;
  let polls = 0;
  for (;;) {
    const left = deadline - performance.now();
    // Last word at the deadline: leave the queue, unless it reached us meanwhile.
    if (left <= 0) return handed(await send(contest.cancel()));
    // Look again when the holder's ttl would run out, in case it died without releasing.
    const until = Math.min(left, holderTtl > 0 ? holderTtl + 1 : Number.POSITIVE_INFINITY);
    if (maxBlockMs >= 1) {
      // Heartbeat rounds are jittered so waiters that queued together do not poll together.
      const roundSent = performance.now();
      const woken = wake(contest, Math.min(until, maxBlockMs * (0.8 + 0.2 * Math.random())));
      const fence = await send(woken, false).catch((error: unknown) => {
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
    const next = await send(contest.attempt("poll"));
    // A poll that finds it ours claims it, restarting its ttl in the same script.
    if (next.fence !== undefined) return { fence: next.fence, heldSince: pollSent };
    lastNotOurs = pollSent;
    holderTtl = next.holderTtl;
  }
}

/** Blocks up to `ms` on our wake-up stream. Resolves to the fencing token the releaser sent, or undefined. */
function wake({ pool, box }: Contest, ms: number): Promise<number | undefined> {
  const block = Math.max(1, Math.floor(ms)); // whole ms, at least 1: it blocks exactly that long
  const read = ["XREAD", "BLOCK", block, "STREAMS", box, "0-1"];
  return pool.execute(command<number | undefined>, [read, fenceOf, block]);
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

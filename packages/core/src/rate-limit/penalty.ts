/**
 * @module Penalties and refunds: `limiter.block(key, duration)` and `limiter.refund(key, cost)`.
 *
 * A block is one more key next to the state, `${prefix}block:{${key}}` (the same hash tag, so the same Cluster
 * slot), holding nothing but a TTL: every decision script reads its PTTL first and denies while it exists.
 * A refund gives back cost in the state itself, atomically, so it is exact under any concurrency.
 */
import { command } from "../commands/command.js";
import { asCount, asText } from "../commands/decode.js";
import { type Duration, toPositiveMilliseconds } from "../duration.js";
import { InvalidArgumentError } from "../errors.js";
import type { CommandExecutor } from "../script.js";
import { Script } from "../script.js";

/** The longest block accepted: 100 years, like a window. */
const MAX_BLOCK_MS = 100 * 365.25 * 24 * 3600 * 1000;

/**
 * The Lua every decision script starts with (after reading TIME into `now`): while the block key in KEYS[2]
 * exists, deny with `retryAfter` = its TTL. A key with a PTTL of `n` ms is gone only once the server's ms clock
 * is past its expiry, hence `n + 1`.
 */
export const BLOCK_CHECK_LUA = `local blocked = redis.call('PTTL', KEYS[2])
if blocked >= 0 then return {0, 0, (blocked + 1) * 1000, (blocked + 1) * 1000, now} end`;

/** The block key of a limited key: `${prefix}block:{${key}}`, in the same slot as its state. @internal */
export function blockKey(prefix: string, key: string): string {
  return `${prefix}block:{${key}}`;
}

/** A block's duration in whole ms (rounded up), from 1 ms to 100 years. @internal */
export function blockMillis(duration: Duration): number {
  const ms = Math.ceil(toPositiveMilliseconds(duration, "rate limit block duration"));
  if (ms > MAX_BLOCK_MS) {
    throw new InvalidArgumentError(`rate limit block duration must be at most 100 years, got ${ms} ms.`);
  }
  return ms;
}

/** Starts (or replaces) a block of `ms` on `redisKey`. @internal */
export async function setBlock(pool: CommandExecutor, redisKey: string, ms: number): Promise<void> {
  await pool.execute(command, [["SET", redisKey, "1", "PX", ms], asText]);
}

/** A refund's cost: a positive safe integer (0 would refund nothing; say so rather than send it). @internal */
export function checkRefund(cost: unknown): number {
  if (typeof cost !== "number" || !Number.isSafeInteger(cost) || cost <= 0) {
    throw new InvalidArgumentError(
      `rate limit refund must be a positive integer, got ${typeof cost === "number" ? cost : typeof cost}.`,
    );
  }
  return cost;
}

/**
 * KEYS[1]: the state (the sliding log takes several logs, for a multi-limit refund). ARGV: algorithm, limit, window (µs), cost. Gives back up to `cost` of what the key holds,
 * never below empty, and returns how much it gave back. Sliding log: its newest entries. GCRA: `cost` emission
 * intervals off the TAT (not before now). Fixed window: off the counter. Sliding window: off the current bucket.
 * Each keeps the key's TTL.
 */
const REFUND_LUA = `-- beeredis rate limiter: refund
local key = KEYS[1]
local algorithm = ARGV[1]
local cost = tonumber(ARGV[4])
if algorithm == 'sliding-log' then
  local back = cost
  for _, log in ipairs(KEYS) do back = math.min(back, #redis.call('ZPOPMAX', log, cost) / 2) end
  return back
end
if algorithm == 'gcra' then
  local tat = tonumber(redis.call('GET', key))
  if not tat then return 0 end
  local interval = math.ceil(tonumber(ARGV[3]) / tonumber(ARGV[2]))
  local time = redis.call('TIME')
  local now = time[1] * 1000000 + time[2]
  local back = math.min(cost, math.ceil((tat - now) / interval))
  if back <= 0 then return 0 end
  redis.call('SET', key, string.format('%d', math.max(now, tat - cost * interval)), 'KEEPTTL')
  return back
end
local window = algorithm == 'sliding-window'
local count
if window then count = tonumber(redis.call('HGET', key, 'cur')) else count = tonumber(redis.call('GET', key)) end
if not count or count <= 0 then return 0 end
local back = math.min(cost, count)
if window then redis.call('HINCRBY', key, 'cur', -back) else redis.call('DECRBY', key, back) end
return back
`;

/**
 * The refund script (`RATE_LIMIT_REFUND_SCRIPT`): of every algorithm, and of several sliding logs at once for a
 * multi-limit refund; its precomputed SHA-1 is checked by a test.
 */
export const REFUND = /* @__PURE__ */ new Script(REFUND_LUA, {
  sha: "0ff437d8fb0756e57baf9c04feb7de4d8548744c",
  decode: asCount,
});

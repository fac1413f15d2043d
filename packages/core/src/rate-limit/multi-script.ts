/**
 * @module The multi-limit script: several sliding-log limits, on one or more keys, decided in one atomic script.
 *
 * Each limited key keeps ONE sliding log (a sorted set of allowed units of cost, scored by server time in µs), and
 * every limit on that key counts its own window of it with ZCOUNT: a second limit on a key costs at most one more
 * ZCOUNT, not a second log (a key with several limits reads its newest entry first, and skips the ZCOUNT of every
 * window that ends before it: empty). A decision is allowed only when no key is blocked and every limit allows; then the cost is
 * written once to each key's log (trimmed to the longest window on that key). A denial writes nothing.
 * Each limit keeps the sliding log's guarantee: in ANY interval of its window, at most its limit is allowed.
 */
import { TransportError } from "../errors.js";
import { Script } from "../script.js";
import type { RawReply } from "../transport.js";
import { LOG_APPEND_LUA } from "./sliding-log.js";

/**
 * KEYS: the `n` logs, then their `n` block keys, then (with dynamic limits) their `n` limit hashes and, with a
 * tier, the tier's limit hash. ARGV: cost, peek, n, limit count, dynamic (0 none, 1 per key, 2 per key then
 * tier), then per limit: its key's index (1-based), window (µs), limit, name (its field in a limit hash).
 * Returns {allowed, nowUs, blockedUs, blockedKeyIndex, then per limit: limit, remaining, resetUs, retryUs}.
 * Each limit's four reply slots first hold its limit, count, window and key index (one table per decision: less
 * for Lua's GC), and the newest entry of a key is read once however many limits count it.
 */
const LUA = `-- beeredis rate limiter: several sliding-log limits in one decision
local cost = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local m = tonumber(ARGV[4])
local dynamic = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
local reply = {1, now, 0, 0}
-- Per key: its newest entry's score (false for an empty log) once read, and how many limits count it.
local newest, limits = {}, {}
for k = 1, n do
  local ttl = redis.call('PTTL', KEYS[n + k])
  if ttl >= 0 and (ttl + 1) * 1000 > reply[3] then reply[1], reply[3], reply[4] = 0, (ttl + 1) * 1000, k end
  limits[k] = 0
end
for i = 1, m do
  local k = tonumber(ARGV[2 + 4 * i])
  limits[k] = limits[k] + 1
end
for i = 1, m do
  local at = 2 + 4 * i
  local k, window, limit = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  if dynamic > 0 then
    local set = tonumber(redis.call('HGET', KEYS[2 * n + k], ARGV[at + 3]))
    if not set and dynamic > 1 then set = tonumber(redis.call('HGET', KEYS[3 * n + 1], ARGV[at + 3])) end
    if set and set >= 1 then limit = set end
  end
  -- A key counted by several limits reads its newest entry first (a denial needs it anyway): a window that ends
  -- before it is empty and costs no ZCOUNT. Each redis.call() costs about as much as a small ZCOUNT.
  if limits[k] > 1 and newest[k] == nil then
    newest[k] = tonumber(redis.call('ZRANGE', KEYS[k], -1, -1, 'WITHSCORES')[2]) or false
  end
  local count = 0
  if limits[k] == 1 or (newest[k] and newest[k] > now - window) then
    count = redis.call('ZCOUNT', KEYS[k], string.format('%d', now - window + 1), '+inf')
  end
  if count + cost > limit then reply[1] = 0 end
  reply[4 * i + 1], reply[4 * i + 2], reply[4 * i + 3], reply[4 * i + 4] = limit, count, window, k
end
local wrote = reply[1] == 1 and cost > 0 and ARGV[2] ~= '1'
if wrote then
  local nowText = time[1] .. string.format('%06d', time[2])
  for k = 1, n do
    local key, window = KEYS[k], 0
    for i = 1, m do
      if reply[4 * i + 4] == k and reply[4 * i + 3] > window then window = reply[4 * i + 3] end
    end
    -- Its counter, a local n, shadows the key count only inside this loop's body.
    ${LOG_APPEND_LUA}
  end
end
for i = 1, m do
  local limit, count, window, k = reply[4 * i + 1], reply[4 * i + 2], reply[4 * i + 3], reply[4 * i + 4]
  local reset, retry = 0, 0
  if wrote then
    reset = window
  elseif count > 0 then
    newest[k] = newest[k] or tonumber(redis.call('ZRANGE', KEYS[k], -1, -1, 'WITHSCORES')[2])
    reset = newest[k] + window - now
  end
  if count + cost > limit then
    if cost > limit then
      retry = window
    else
      retry = tonumber(redis.call('ZRANGE', KEYS[k], cost - limit - 1, cost - limit - 1, 'WITHSCORES')[2]) + window - now
    end
  end
  if wrote then count = count + cost end
  reply[4 * i + 2], reply[4 * i + 3], reply[4 * i + 4] = math.max(0, limit - count), reset, retry
end
return reply
`;

/** What the multi-limit script answers: durations in µs of the server's clock. */
export interface MultiLimitReply {
  readonly allowed: boolean;
  readonly serverTimeUs: number;
  /** How long the longest block on the decision's keys still lasts; 0 when none is blocked. */
  readonly blockedUs: number;
  /** The index (0-based) of the key whose block lasts longest; -1 when none is blocked. */
  readonly blockedKey: number;
  /** Per limit, in the order given: the limit applied (a dynamic one when set), remaining, reset and retry. */
  readonly limits: readonly (readonly [limit: number, remaining: number, resetUs: number, retryUs: number])[];
}

/** Decodes `{allowed, nowUs, blockedUs, blockedKeyIndex, (limit, remaining, resetUs, retryUs)...}`. */
export function asMultiLimitReply(reply: RawReply): MultiLimitReply {
  if (
    !Array.isArray(reply) ||
    reply.length < 8 ||
    reply.length % 4 !== 0 ||
    !reply.every((value) => typeof value === "number")
  ) {
    throw new TransportError(
      "Unexpected reply from the multi-limit rate limiter script: expected 4 + 4·n integers.",
    );
  }
  const values = reply as number[];
  const limits: [number, number, number, number][] = [];
  for (let at = 4; at < values.length; at += 4) {
    limits.push([values[at]!, values[at + 1]!, values[at + 2]!, values[at + 3]!]);
  }
  return {
    allowed: values[0] === 1,
    serverTimeUs: values[1]!,
    blockedUs: values[2]!,
    blockedKey: values[3]! - 1,
    limits,
  };
}

/** The multi-limit script (`MULTI_LIMIT_SCRIPT`), with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const MULTI_LIMIT = /* @__PURE__ */ new Script(LUA, {
  sha: "ac7f197d214c51d79caff60e768eba3ac7660b71",
  decode: asMultiLimitReply,
});

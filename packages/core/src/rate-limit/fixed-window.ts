/**
 * @module The fixed window: one counter per key that expires `window` after the first call it counted.
 *
 * Guarantee: at most `limit` per window, where a window starts at the first allowed call after the previous one
 * ended. Two windows can touch, so an interval of length `window` that straddles them may hold up to `2·limit`.
 * Denied calls write nothing. Memory: O(1) per key (one integer string with a TTL).
 */
import { Script } from "../script.js";
import { BLOCK_CHECK_LUA } from "./penalty.js";
import { asRateLimitReply } from "./reply.js";

/**
 * KEYS[1]: the counter, KEYS[2]: its block key. ARGV: limit, window (µs, rounded up to whole ms for the TTL), cost, peek.
 * Returns {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}. A key with a PTTL of `n` ms is gone only once
 * the server's ms clock is past its expiry, so the counter resets after `n + 1` ms at the latest.
 */
const LUA = `-- beeredis rate limiter: fixed-window
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local windowMs = math.ceil(tonumber(ARGV[2]) / 1000)
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
${BLOCK_CHECK_LUA}
local count = tonumber(redis.call('GET', key)) or 0
local ttl = 0
if count > 0 then ttl = math.max(0, redis.call('PTTL', key)) end
local allowed = count + cost <= limit
if allowed and cost > 0 and ARGV[4] ~= '1' then
  if ttl > 0 then
    redis.call('INCRBY', key, ARGV[3]) -- the cost as sent: Redis formats a Lua number with '%.17g'
  else
    redis.call('SET', key, string.format('%d', count + cost), 'PX', string.format('%d', windowMs))
    ttl = windowMs
  end
  count = count + cost
end
local reset = 0
if count > 0 then reset = (ttl + 1) * 1000 end
local retry = 0
if not allowed then retry = reset end
return {allowed and 1 or 0, math.max(0, limit - count), reset, retry, now}
`;

/** The fixed-window script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const FIXED_WINDOW = /* @__PURE__ */ new Script(LUA, {
  sha: "77d2568bea052a16595abadee4fd3394cd101230",
  keys: 2,
  decode: asRateLimitReply,
});

/**
 * @module GCRA (generic cell rate algorithm): one integer per key, the theoretical arrival time (TAT) in µs.
 *
 * Emission interval `T = ⌈window / limit⌉` µs; a call of cost `c` is allowed when `max(TAT, now) + c·T ≤ now + limit·T`.
 * Guarantee: a burst of at most `limit` at once, then one more every `T` (a token bucket of `limit` tokens that
 * refills smoothly). It is a rate guarantee, not a window count: any interval of length `L` may hold up to
 * `⌈limit · (L + window) / window⌉ − 1` allowed calls, so up to `2·limit − 1` in one `window`.
 * Denied calls write nothing. Memory: O(1) per key (one string).
 */
import { Script } from "../script.js";
import { BLOCK_CHECK_LUA } from "./penalty.js";
import { asRateLimitReply } from "./reply.js";

/**
 * KEYS[1]: the TAT, KEYS[2]: its block key. ARGV: limit, window (µs), cost, peek ("1": report only, write nothing).
 * Returns {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}. All arithmetic is on integers, so exact.
 */
const LUA = `-- beeredis rate limiter: gcra
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local interval = math.ceil(tonumber(ARGV[2]) / limit)
local cost = tonumber(ARGV[3])
local capacity = interval * limit
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
${BLOCK_CHECK_LUA}
local tat = tonumber(redis.call('GET', key)) or now
if tat < now then tat = now end
local after = tat + cost * interval
local allowed = after - now <= capacity
if allowed and cost > 0 and ARGV[4] ~= '1' then
  redis.call('SET', key, string.format('%d', after), 'PX', string.format('%d', math.ceil((after - now) / 1000) + 1))
  tat = after
end
local retry = 0
if not allowed then retry = after - capacity - now end
return {allowed and 1 or 0, math.max(0, math.floor((capacity - tat + now) / interval)), tat - now, retry, now}
`;

/** The GCRA script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const GCRA = /* @__PURE__ */ new Script(LUA, {
  sha: "bc5c4ea9f7e7d7dc9261097fa2cc9a99830cf880",
  keys: 2,
  decode: asRateLimitReply,
});

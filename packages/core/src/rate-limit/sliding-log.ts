/**
 * @module The exact sliding log: one sorted-set member per allowed unit of cost, scored by server time in µs.
 *
 * Guarantee: in ANY interval of server time of length `window`, the allowed costs add up to at most `limit`.
 * A call at time `t` is allowed only when the costs recorded in `(t − window, t]` plus its own fit in `limit`;
 * every earlier call of an interval that ends at `t` lies in that range, so no interval can hold more.
 * Denied calls write nothing. Memory: O(limit) per key (at most `limit` members of ~20 bytes each).
 */
import { Script } from "../script.js";
import { BLOCK_CHECK_LUA } from "./penalty.js";
import { asRateLimitReply } from "./reply.js";

/**
 * The write of an allowed call, shared with the multi-limit script: trims what is older than \`window\` µs from the
 * log \`key\`, adds \`cost\` entries at \`nowText\` and sets the TTL. Expects locals key, window, cost, now and nowText.
 */
export const LOG_APPEND_LUA = `redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))
  local n = 0
  for _ = 1, cost do
    repeat n = n + 1 until redis.call('ZADD', key, 'NX', nowText, nowText .. '-' .. n) == 1
  end
  redis.call('PEXPIRE', key, string.format('%d', math.ceil(window / 1000) + 1))`;

/**
 * KEYS[1]: the log, KEYS[2]: its block key. ARGV: limit, window (µs), cost, peek ("1": report only, write nothing).
 * Returns {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}.
 * Members are "<µs>-<n>", added with ZADD NX until new, so two calls in one µs (or a clock step back) never merge.
 */
const LUA = `-- beeredis rate limiter: sliding-log
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
${BLOCK_CHECK_LUA}
-- Numbers go to Redis as text formatted here: cheaper than Redis converting Lua numbers.
local nowText = time[1] .. string.format('%06d', time[2])
local count = redis.call('ZCOUNT', key, string.format('%d', now - window + 1), '+inf')
local allowed = count + cost <= limit
if allowed and cost > 0 and ARGV[4] ~= '1' then
  ${LOG_APPEND_LUA}
  return {1, limit - count - cost, window, 0, now}
end
local reset, retry = 0, 0
if count > 0 then
  reset = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]) + window - now
end
if not allowed then
  local leaving = redis.call('ZRANGE', key, cost - limit - 1, cost - limit - 1, 'WITHSCORES')
  retry = tonumber(leaving[2]) + window - now
end
return {allowed and 1 or 0, math.max(0, limit - count), reset, retry, now}
`;

/** The sliding-log script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const SLIDING_LOG = /* @__PURE__ */ new Script(LUA, {
  sha: "699f04ef73eb5774fc8b75d315c50cd240b827fc",
  keys: 2,
  decode: asRateLimitReply,
});

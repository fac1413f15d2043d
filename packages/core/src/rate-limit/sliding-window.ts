/**
 * @module The sliding window counter: two fixed, epoch-aligned buckets (current and previous) in one hash per key.
 *
 * A call at `elapsed` into the current bucket counts `previous · (window − elapsed) / window + current`, i.e. it
 * assumes the previous bucket's calls were spread evenly. Guarantee: approximate. Each bucket holds at most
 * `limit`, and whenever the previous bucket still weighs, the current one stays below `limit`; so an interval of
 * length `window` holds at most `2·limit − 1` (all of the previous bucket's calls at its very end), and evenly
 * spread traffic sees close to `limit`. It may also deny slightly early. Denied calls write nothing.
 * Memory: O(1) per key (one hash of three small fields).
 */
import { Script } from "../script.js";
import { BLOCK_CHECK_LUA } from "./penalty.js";
import { asRateLimitReply } from "./reply.js";

/**
 * KEYS[1]: the hash {start, cur, prev}, KEYS[2]: its block key. ARGV: limit, window (µs), cost, peek.
 * Returns {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}.
 */
const LUA = `-- beeredis rate limiter: sliding-window
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
${BLOCK_CHECK_LUA}
local elapsed = math.fmod(now, window)
local start = now - elapsed
local state = redis.call('HMGET', key, 'start', 'cur', 'prev')
local stored = tonumber(state[1])
local cur, prev = 0, 0
if stored == start then
  cur, prev = tonumber(state[2]) or 0, tonumber(state[3]) or 0
elseif stored == start - window then
  prev = tonumber(state[2]) or 0
end
local used = prev * (window - elapsed) / window + cur
local allowed = used + cost <= limit
if allowed and cost > 0 and ARGV[4] ~= '1' then
  cur = cur + cost
  used = used + cost
  redis.call('HSET', key, 'start', string.format('%d', start), 'cur', string.format('%d', cur), 'prev', string.format('%d', prev))
  redis.call('PEXPIRE', key, string.format('%d', math.ceil((start + 2 * window - now) / 1000) + 1))
end
local retry = 0
if not allowed then
  local free = limit - cur - cost
  if free >= 0 then
    local at = window - free * window / prev
    if at < window then retry = math.ceil(at - elapsed) end
  end
  if retry <= 0 then
    local at = 0
    if cur > 0 then at = math.max(0, window - (limit - cost) * window / cur) end
    retry = math.ceil(window - elapsed + at)
  end
end
local reset = 0
if cur > 0 then reset = start + 2 * window - now elseif prev > 0 then reset = start + window - now end
return {allowed and 1 or 0, math.max(0, math.floor(limit - used)), reset, retry, now}
`;

/** The sliding-window script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const SLIDING_WINDOW = /* @__PURE__ */ new Script(LUA, {
  sha: "ae8cf89f2418de3163244d4053da820e67e64579",
  keys: 2,
  decode: asRateLimitReply,
});

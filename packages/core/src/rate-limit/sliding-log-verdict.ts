/**
 * @module The sliding log's verdict script: `pool.rateLimit()`'s decision, which answers allowed or denied and
 * nothing else, so it counts nothing.
 *
 * Same log, same guarantee as {@link SLIDING_LOG} (the two can share a key): a call of cost 1 is allowed only when
 * the log's `limit`-th newest entry, the one that must leave before the call fits, is absent or older than the
 * window. One ZRANGE of that entry decides; no ZCARD, no count for `remaining`, no second read for a reset. A
 * denial is TIME, the block's PTTL and that ZRANGE. The log is trimmed only when it is full (it then holds `limit`
 * entries, the oldest out of the window), so it never holds more than `limit` entries, as with `limit()`; entries
 * out of the window may stay until then, which `limit()` and `peek()` do not count.
 */
import { asBoolean } from "../commands/decode.js";
import { Script } from "../script.js";
import { LOG_ADD_LUA, LOG_TRIM_LUA, NOW_TEXT_LUA, scoreOfLua } from "./sliding-log.js";

/**
 * KEYS[1]: the log, KEYS[2]: its block key. ARGV: limit, window (µs). Returns 1 when the call is allowed (and
 * written), 0 when denied (nothing written).
 */
const LUA = `-- beeredis rate limiter: sliding-log verdict
local key = KEYS[1]
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
if redis.call('PTTL', KEYS[2]) >= 0 then return 0 end
-- The rank as text: Redis turns a Lua number into text through snprintf('%.17g'), dearer than a concatenation.
local rank = '-' .. ARGV[1]
local gate = redis.call('ZRANGE', key, rank, rank)[1]
if gate then
  if ${scoreOfLua("gate")} > now - window then return 0 end
  ${LOG_TRIM_LUA}
end
local cost, kept, nowText = 1, nil, ${NOW_TEXT_LUA}
${LOG_ADD_LUA}
return 1
`;

/** The verdict script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const SLIDING_LOG_VERDICT = /* @__PURE__ */ new Script(LUA, {
  sha: "33ae461ca8e5f662535346d063e06151c2822e7e",
  keys: 2,
  decode: asBoolean,
});

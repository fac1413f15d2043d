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

/** The Lua expression of the score of \`member\`, a log entry "<µs>-<n>" (its "<µs>", see the script below). */
export const scoreOfLua = (member: string): string =>
  `tonumber(string.sub(${member}, 1, string.find(${member}, '-', 1, true) - 1))`;

/**
 * The server time of \`time\` (TIME's reply) as the text of whole µs, for a log entry's score: the µs padded to six
 * digits with a substring, which costs Redis about 1.8k instructions less than \`string.format('%06d')\`.
 */
export const NOW_TEXT_LUA = `time[1] .. string.sub('000000', #time[2] + 1) .. time[2]`;

/**
 * Trims what is older than \`window\` µs from the log \`key\`; Redis answers how many entries it removed. Shared with
 * the multi-limit script, like {@link LOG_ADD_LUA}.
 */
export const LOG_TRIM_LUA = `redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))`;

/**
 * Adds \`cost\` entries at \`nowText\` to the log \`key\` and makes its TTL outlast their window. Expects locals key,
 * window, cost, nowText, and \`kept\`: how many entries the log kept after the trim (0 for a new log; nil when not
 * counted, which reads the TTL).
 *
 * A write needs the key to live until its entries leave the window: at least \`window\` + 1 ms (a PTTL of \`n\` ms is
 * gone once the ms clock is past it). When it must be set, it is set to two windows, so the writes of the next
 * window read a PTTL (a little over half of what a PEXPIRE costs Redis) and leave it. A log that kept nothing is set
 * without reading. An idle key so lives one to two windows after its last write.
 */
export const LOG_ADD_LUA = `local n = 0
  for _ = 1, cost do
    repeat
      n = n + 1
      -- The first suffix is written out: Lua turns a number into text through sprintf (a thousand instructions).
      local member = n == 1 and nowText .. '-1' or nowText .. '-' .. n
    until redis.call('ZADD', key, 'NX', nowText, member) == 1
  end
  local life = math.ceil(window / 1000) + 1
  if kept == 0 or redis.call('PTTL', key) < life then
    redis.call('PEXPIRE', key, string.format('%d', 2 * life))
  end`;

/**
 * KEYS[1]: the log, KEYS[2]: its block key. ARGV: limit, window (µs), cost, peek ("1": report only, write nothing).
 * Returns {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}.
 * Members are "<µs>-<n>", added with ZADD NX until new, so two calls in one µs (or a clock step back) never merge;
 * a member's "<µs>" is its score, so an entry read by rank is read without WITHSCORES (formatting the score costs
 * Redis more than Lua's reading of the member).
 *
 * The decision reads no count: a call of `cost` fits when fewer than `limit - cost + 1` entries lie in
 * (now − window, +inf), that is when the log holds fewer entries in all (ZCARD) or its (limit − cost + 1)-th newest
 * entry, the one that must leave before the call fits, is older. That entry is the denial's retry; an allowed call
 * counts the window as the log's size less what the trim removed. ZCOUNT walks a small log (a listpack) entry by
 * entry, so it is left to the paths that need an exact count otherwise (peek, cost 0, a denied cost above 1), and
 * there counts only the old entries, which sit at the head. Scores are whole µs, so "older than the window" is
 * exactly "score <= now − window".
 */
const LUA = `-- beeredis rate limiter: sliding-log
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
${BLOCK_CHECK_LUA}
local total = redis.call('ZCARD', key)
local fits = limit - cost + 1
-- The score of the entry that must leave before the call fits, while it is in the window; false when it fits.
-- Up to 4 from the end, the entries after it come in the same ZRANGE: the last is the newest, which a denial reads
-- for its reset (an entry in the reply costs Redis less than an eighth of a second call).
local gate, newest = false, false
if fits < 1 then
  gate = now
elseif total >= fits then
  local near = fits <= 4
  -- Ranks go as text: Redis turns a Lua number into text through snprintf('%.17g'), dearer than the limit's own
  -- text (a cost of 1) or an integer format.
  local rank = cost == 1 and '-' .. ARGV[1] or string.format('%d', -fits)
  local members = redis.call('ZRANGE', key, rank, near and '-1' or rank)
  gate = ${scoreOfLua("members[1]")}
  newest = near and members[#members]
  if gate <= now - window then gate = false end
end
if not gate and cost > 0 and ARGV[4] ~= '1' then
  local kept = 0
  if total > 0 then kept = total - ${LOG_TRIM_LUA} end
  -- Numbers go to Redis as text formatted here: cheaper than Redis converting Lua numbers.
  local nowText = ${NOW_TEXT_LUA}
  ${LOG_ADD_LUA}
  return {1, limit - kept - cost, window, 0, now}
end
-- A gate in the window for a cost of 1 means limit entries or more: none remain, without counting.
local count = 0
if gate and cost == 1 then
  count = limit
elseif total > 0 then
  count = total - redis.call('ZCOUNT', key, '-inf', string.format('%d', now - window))
end
local reset, retry = 0, 0
if count > 0 then
  local member = newest or redis.call('ZRANGE', key, '-1', '-1')[1]
  reset = ${scoreOfLua("member")} + window - now
end
if gate then retry = gate + window - now end
return {gate and 0 or 1, math.max(0, limit - count), reset, retry, now}
`;

/** The sliding-log script, with its precomputed SHA-1 (checked against SCRIPT LOAD by a test). */
export const SLIDING_LOG = /* @__PURE__ */ new Script(LUA, {
  sha: "ab7131f3ef4e72f4980e7806d068aaa5caa9c783",
  keys: 2,
  decode: asRateLimitReply,
});

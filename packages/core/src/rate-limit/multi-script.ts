/**
 * @module The multi-limit script: several sliding-log limits, on one or more keys, decided in one atomic script.
 *
 * Each limited key keeps ONE sliding log (a sorted set of allowed units of cost, scored by server time in µs), and
 * every limit on that key counts its own window of it: a second limit on a key reads one more entry of the same
 * log, not a second log. A decision is allowed only when no key is blocked and every limit allows; then the cost
 * is written once to each key's log (trimmed to the longest window on that key). A denial writes nothing.
 * Each limit keeps the sliding log's guarantee: in ANY interval of its window, at most its limit is allowed.
 */
import { TransportError } from "../errors.js";
import { Script } from "../script.js";
import type { RawReply } from "../transport.js";
import { LOG_ADD_LUA, LOG_TRIM_LUA, NOW_TEXT_LUA, scoreOfLua } from "./sliding-log.js";

/**
 * KEYS: the `n` logs, then their `n` block keys, then (with dynamic limits) their `n` limit hashes and, with a
 * tier, the tier's limit hash. ARGV: cost, peek, n, limit count, dynamic (0 none, 1 per key, 2 per key then
 * tier), then per limit: its key's index (1-based), window (µs), limit, name (its field in a limit hash).
 * Returns {allowed, nowUs, blockedUs, blockedKeyIndex, then per limit: limit, remaining, resetUs, retryUs}.
 *
 * Each limit decides like the one-limit sliding log, without counting: a call of `cost` fits when its key's log
 * holds fewer than `limit - cost + 1` entries (one ZCARD per key) or its (limit − cost + 1)-th newest entry, the
 * one that must leave first, is older than the window; that entry, while in the window, is the limit's retry.
 * Counts (for `remaining`) come after the decision: a limit denied at a cost of 1 has none remaining; an allowed
 * write counts the key's longest window as the log's size less what the trim removed; any other window counts the
 * entries older than it, which sit at the log's head (ZCOUNT walks a small log entry by entry from there).
 * A gate near the log's end (a limit of at most 4 past the cost) comes with the entries after it, so a denial
 * reads its key's newest entry, the reset, from the same ZRANGE.
 * Members are "<µs>-<n>" with "<µs>" their score, so entries are read without WITHSCORES. Each limit's four reply
 * slots first hold its limit, the score of its gate (false when it allows), window and key index.
 */
const LUA = `-- beeredis rate limiter: several sliding-log limits in one decision
local cost = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local m = tonumber(ARGV[4])
local dynamic = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
local reply = {1, now, 0, 0}
local function scoreOf(member)
  return ${scoreOfLua("member")}
end
-- Per key: its log's size, the longest window counting it, and its newest entry's score once read.
local size, longest, newest = {}, {}, {}
for k = 1, n do
  local ttl = redis.call('PTTL', KEYS[n + k])
  if ttl >= 0 and (ttl + 1) * 1000 > reply[3] then reply[1], reply[3], reply[4] = 0, (ttl + 1) * 1000, k end
  size[k] = redis.call('ZCARD', KEYS[k])
  longest[k] = 0
end
for i = 1, m do
  local at = 2 + 4 * i
  local k, window, limit = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  if dynamic > 0 then
    local set = tonumber(redis.call('HGET', KEYS[2 * n + k], ARGV[at + 3]))
    if not set and dynamic > 1 then set = tonumber(redis.call('HGET', KEYS[3 * n + 1], ARGV[at + 3])) end
    if set and set >= 1 then limit = set end
  end
  if window > longest[k] then longest[k] = window end
  -- The score of the entry that must leave before the call fits, while it is in the window; false when it fits.
  local fits, gate = limit - cost + 1, false
  if fits < 1 then
    gate = now
  elseif size[k] >= fits then
    local rank = string.format('%d', -fits) -- text: Redis formats a Lua number with '%.17g', dearer
    -- Up to 4 from the end, the entries after the gate come in the same ZRANGE: the last is the key's newest,
    -- which a denial reads for its reset (an entry in the reply costs Redis less than a second call).
    local near = fits <= 4
    local members = redis.call('ZRANGE', KEYS[k], rank, near and '-1' or rank)
    gate = scoreOf(members[1])
    if near then newest[k] = scoreOf(members[#members]) end
    if gate <= now - window then gate = false end
  end
  if gate then reply[1] = 0 end
  reply[4 * i + 1], reply[4 * i + 2], reply[4 * i + 3], reply[4 * i + 4] = limit, gate, window, k
end
local wrote = reply[1] == 1 and cost > 0 and ARGV[2] ~= '1'
if wrote then
  local nowText = ${NOW_TEXT_LUA}
  for k = 1, n do
    local key, window = KEYS[k], longest[k]
    if size[k] > 0 then size[k] = size[k] - ${LOG_TRIM_LUA} end
    local kept = size[k]
    size[k] = kept + cost
    -- Its counter, a local n, shadows the key count only inside this loop's body.
    ${LOG_ADD_LUA}
  end
end
for i = 1, m do
  local limit, gate, window, k = reply[4 * i + 1], reply[4 * i + 2], reply[4 * i + 3], reply[4 * i + 4]
  -- A gate in the window for a cost of 1 means limit entries or more: none remain, without counting.
  local count, reset, retry = 0, 0, 0
  if gate and cost == 1 then
    count = limit
  elseif size[k] > 0 then
    count = size[k]
    -- After a write, the key's longest window holds the whole log, and a log empty before it holds nothing older.
    if not wrote or (window < longest[k] and count > cost) then
      count = count - redis.call('ZCOUNT', KEYS[k], '-inf', string.format('%d', now - window))
    end
  end
  if wrote then
    reset = window
  elseif count > 0 then
    newest[k] = newest[k] or scoreOf(redis.call('ZRANGE', KEYS[k], '-1', '-1')[1])
    reset = newest[k] + window - now
  end
  if gate then retry = gate + window - now end
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
  sha: "83a21a2339125431ef9efc72ddca3f13a7a692d3",
  decode: asMultiLimitReply,
});

/**
 * @module The semaphore's Lua scripts: the locker's FIFO queue, wake-up boxes and fencing, with permits.
 *
 * Keys of semaphore `k`, all under the hash tag `{<prefix>:k}` (one Cluster slot):
 * - `{lock:k}:sem`            holders: a sorted set of tokens scored by their expiry (server ms);
 * - `{lock:k}:sem:info`       each holder's grant, `"<permits> <fence>"`;
 * - `{lock:k}:sem:fence`      the fencing counter, one token per grant (no expiry);
 * - `{lock:k}:sem:queue`      waiters in arrival order, each entry `"<token> <ttlMs> <kind> <permits>"`;
 * - `{lock:k}:sem:box:<tok>`  a waiter's liveness and wake-up stream, as the lock's.
 *
 * Time is the server's (`TIME`). A holder whose expiry has passed is dropped by the next script that looks, so a
 * crashed holder's permits come back after its ttl. Waiters are served strictly in order: a waiter for 3 permits
 * at the head is not overtaken by later 1-permit requests, which wait behind it.
 */

/** Shared prelude of every script: the server's clock, and `keep()`, which expires the holder keys with the last grant. */
const CLOCK = `local holders, info = KEYS[1], KEYS[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function keep()
  local last = redis.call('ZRANGE', holders, -1, -1, 'WITHSCORES')
  if last[2] then
    local ms = math.max(1, tonumber(last[2]) - now)
    redis.call('PEXPIRE', holders, ms)
    redis.call('PEXPIRE', info, ms)
  else
    redis.call('DEL', holders, info)
  end
end
`;

/**
 * Prelude of the scripts that grant: `inUse()` drops expired holders and counts the permits held; `promote(free,
 * me)` grants the queue's head while its request fits in the free permits, waking each waiter through its box,
 * and stops at the first live one that does not fit. A dead waiter (its box expired) is dropped wherever it is
 * at the head, so it never blocks the queue. It returns our
 * fence if `me` was granted, and the permits still free.
 */
const QUEUE = `${CLOCK}local fence, queue = KEYS[3], KEYS[4]
local function inUse()
  local dead = redis.call('ZRANGEBYSCORE', holders, '-inf', now)
  for _, token in ipairs(dead) do redis.call('HDEL', info, token) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', holders, '-inf', now) end
  local used = 0
  for _, grant in ipairs(redis.call('HVALS', info)) do used = used + tonumber(string.match(grant, '^(%d+)')) end
  return used
end
local function grant(token, ttl, count, n)
  redis.call('ZADD', holders, now + ttl, token)
  redis.call('HSET', info, token, count .. ' ' .. n)
end
local function promote(free, me)
  local mine
  while true do
    local entry = redis.call('LINDEX', queue, 0)
    if not entry then break end
    local token, ttl, _, count = string.match(entry, '^(%S+) (%S+) (%S+) (%S+)$')
    count = tonumber(count)
    local box = holders .. ':box:' .. token
    if token ~= me and redis.call('EXISTS', box) == 0 then
      redis.call('LPOP', queue) -- it died (its box expired): skipped, even while its request would not fit
    elseif count > free then
      break
    else
      redis.call('LPOP', queue)
      local n = redis.call('INCR', fence)
      if token == me then mine = n else redis.call('XADD', box, 'NOMKSTREAM', '*', 'fence', n) end
      grant(token, tonumber(ttl), count, n)
      free = free - count
    end
  end
  return mine, free
end
local function soonest()
  local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
  return first[2] and math.max(1, tonumber(first[2]) - now) or -1
end
`;

/**
 * KEYS: holders, info, fence, queue, my box. ARGV: token, ttl ms, mode, box life ms, kind, permits wanted, permits.
 * Returns `{1, fence}` when the permits are ours, else `{0, ms until the soonest holder expires}` (-1: none).
 * Modes as the lock's ACQUIRE_LUA: `try`, `enqueue`, `poll` (heartbeat), `rejoin` (a turn learnt late).
 * A newcomer takes free permits only when nobody is queued; queued waiters are granted in order.
 */
export const SEM_ACQUIRE_LUA = `${QUEUE}local box = KEYS[5]
local token, ttl, mode, life, kind = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local count, permits = tonumber(ARGV[6]), tonumber(ARGV[7])
local entry = token .. ' ' .. ARGV[2] .. ' ' .. kind .. ' ' .. ARGV[6]
local free = permits - inUse()
-- Ours already (handed to us, or granted by a reply we learnt of late): claim it; its ttl restarts now.
local granted = redis.call('HGET', info, token)
if granted then
  redis.call('ZADD', holders, now + ttl, token)
  redis.call('DEL', box)
  keep()
  return {1, tonumber(string.match(granted, ' (%d+)$'))}
end
-- A box holding a fence that is not ours any more: permits handed to us expired before we learnt of it.
if mode == 'rejoin' or (mode == 'poll' and redis.call('XLEN', box) > 1) then
  if not redis.call('LPOS', queue, entry) then redis.call('LPUSH', queue, entry) end
  redis.call('DEL', box)
  redis.call('XADD', box, '0-1', 'w', '1')
  redis.call('PEXPIRE', box, life)
end
local mine
mine, free = promote(free, token)
if not mine and count <= free and redis.call('LLEN', queue) == 0 then
  mine = redis.call('INCR', fence)
  grant(token, ttl, count, mine)
end
keep()
if mine then
  redis.call('DEL', box)
  return {1, mine}
end
if mode == 'try' then return {0, soonest()} end
if mode == 'enqueue' or redis.call('PEXPIRE', box, life) == 0 then
  if mode == 'enqueue' or not redis.call('LPOS', queue, entry) then redis.call('RPUSH', queue, entry) end
  redis.call('XADD', box, '0-1', 'w', '1')
  redis.call('PEXPIRE', box, life)
end
return {0, soonest()}
`;

/**
 * KEYS: holders, info, fence, queue. ARGV: token, permits. Gives our permits back and grants the queue's head.
 * Returns 1 when they were ours (held, not expired), else 0.
 */
export const SEM_RELEASE_LUA = `${QUEUE}local score = redis.call('ZSCORE', holders, ARGV[1])
local mine = score and tonumber(score) > now
if score then
  redis.call('ZREM', holders, ARGV[1])
  redis.call('HDEL', info, ARGV[1])
end
promote(tonumber(ARGV[2]) - inUse())
keep()
return mine and 1 or 0
`;

/**
 * KEYS: holders, info, fence, queue, my box. ARGV: token, ttl ms, kind, permits wanted, permits. A waiter gives
 * up: it leaves the queue, which may let the next ones in. Returns `{1, fence}` when permits had already been
 * granted to it, else `{0}`.
 */
export const SEM_CANCEL_LUA = `${QUEUE}redis.call('LREM', queue, 0, ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4])
redis.call('DEL', KEYS[5])
local free = tonumber(ARGV[5]) - inUse()
local granted = redis.call('HGET', info, ARGV[1])
if granted then return {1, tonumber(string.match(granted, ' (%d+)$'))} end
promote(free)
keep()
return {0}
`;

/**
 * KEYS: holders, info. ARGV: token, ms, mode (`add`: extend by ms; `set`: expire in ms).
 * Returns the new ms left, or 0 when the permits are not ours (never revives them).
 */
export const SEM_REFRESH_LUA = `${CLOCK}local score = redis.call('ZSCORE', holders, ARGV[1])
if not score or tonumber(score) <= now then return 0 end
local ms = tonumber(ARGV[2])
if ARGV[3] == 'add' then ms = ms + tonumber(score) - now end
redis.call('ZADD', holders, now + ms, ARGV[1])
keep()
return ms
`;

/** KEYS: holders, info. ARGV: token. The ms left while the permits are ours, else 0. */
export const SEM_TTL_LUA = `${CLOCK}local score = redis.call('ZSCORE', holders, ARGV[1])
if not score then return 0 end
return math.max(tonumber(score) - now, 0)
`;

/**
 * KEYS: holders, info, fence, queue. Reads, writes nothing: `{permits held, grants, live waiters, last fence}`.
 * Holders past their expiry, which the next granting script drops, count for nothing; so do waiters whose box
 * expired, and a polling waiter already granted (it holds, and is counted as a holder).
 */
export const SEM_INSPECT_LUA = `${CLOCK}local live = redis.call('ZRANGEBYSCORE', holders, '(' .. now, '+inf')
local used = 0
for _, token in ipairs(live) do
  local grant = redis.call('HGET', info, token)
  if grant then used = used + tonumber(string.match(grant, '^(%d+)')) end
end
local waiters = 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[4], 0, -1)) do
  local token = string.match(entry, '^(%S+)')
  if not redis.call('ZSCORE', holders, token) and redis.call('EXISTS', holders .. ':box:' .. token) == 1 then
    waiters = waiters + 1
  end
end
return {used, #live, waiters, tonumber(redis.call('GET', KEYS[3]) or '0')}
`;

/**
 * @module The locker's Lua scripts. Every owner check is one atomic compare-and-act on the token.
 *
 * Keys of one lock, all sharing the hash tag `{<prefix>:<key>}` (one Cluster slot):
 * - `{lock:k}`            the owner's token, with the lock's expiry (PX);
 * - `{lock:k}:fence`      the fencing counter (INCR, no expiry, so it outlives the lock);
 * - `{lock:k}:queue`      waiters in arrival order, each entry `"<token> <ttlMs> <kind>"`, kind `b` for a waiter
 *                         that blocks on its box, `p` for one that polls;
 * - `{lock:k}:box:<tok>`  one stream per waiter: its liveness (PX heartbeat) and its wake-up channel.
 *
 * A release hands the lock straight to the first live waiter: it sets the lock key to that waiter's token,
 * issues its fencing token, and wakes it with `XADD ... NOMKSTREAM`, which does nothing (nil) when the waiter's
 * box has expired, so a waiter that died or gave up is skipped in the same call.
 */

/**
 * Shared prelude: `promote(me, myTtl, entry)` gives the free lock to the first live waiter, or to `me` (queued or
 * not) when nobody live is ahead of it, starting with `entry` when the caller already popped it from the queue.
 * A blocking waiter learns of its hand-off at once and leaves the queue. A polling one stays first until a poll
 * of its own claims the lock: a hand-off that expires before that poll goes to it again, so it keeps its place
 * for as long as it is alive (its box lives) and waiting.
 */
const PROMOTE = `local lock, fence, queue = KEYS[1], KEYS[2], KEYS[3]
local function promote(me, myTtl, entry)
  local n
  while true do
    entry = entry or redis.call('LPOP', queue)
    if not entry then break end
    local token, ttl, kind = string.match(entry, '^(%S+) (%S+) (%S+)$')
    n = n or redis.call('INCR', fence)
    if token == me then
      redis.call('SET', lock, me, 'PX', ttl)
      return n
    end
    if redis.call('XADD', lock .. ':box:' .. token, 'NOMKSTREAM', '*', 'fence', n) then
      if kind == 'p' then redis.call('LPUSH', queue, entry) end
      redis.call('SET', lock, token, 'PX', ttl)
      return true
    end
    entry = nil
  end
  if not me then return false end
  n = n or redis.call('INCR', fence)
  redis.call('SET', lock, me, 'PX', myTtl)
  return n
end
`;

/**
 * KEYS: lock, fence, queue, my box. ARGV: token, ttl ms, mode, box life ms, kind (`b` blocks, `p` polls).
 * Returns `{1, fence}` when the lock is ours, else `{0, pttl of the holder}`. A lock already ours (handed to us,
 * or taken by a reply we learnt of late) is claimed: its ttl restarts, and we leave the queue. Modes:
 * - `try` never enqueues;
 * - `enqueue` joins the queue's tail;
 * - `poll` is a queued waiter's heartbeat. It re-joins the tail if it was dropped as dead, and the head if a lock
 *   handed to it expired before it learnt of it;
 * - `rejoin` confirms a turn learnt late: claims the lock, or, if it expired meanwhile, goes back to the head.
 *
 * The head is the right place: every waiter still queued arrived after us.
 */
export const ACQUIRE_LUA = `local token, ttl, mode, life, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
-- Fast path, every uncontended obtain: a free lock and nobody queued.
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('SET', KEYS[1], token, 'NX', 'PX', ttl) then
  return {1, redis.call('INCR', KEYS[2])}
end
${PROMOTE}local entry = token .. ' ' .. ttl .. ' ' .. kind
-- Ours already: claim it. Its ttl restarts now, and we leave the queue (a polling waiter stayed first till now).
if mode ~= 'enqueue' and redis.call('GET', lock) == token then
  redis.call('PEXPIRE', lock, ttl)
  redis.call('LREM', queue, 1, entry)
  redis.call('DEL', KEYS[4])
  return {1, tonumber(redis.call('GET', fence))}
end
-- A box holding a fence that is not ours any more: a lock handed to us expired before we learnt of it.
if mode == 'rejoin' or (mode == 'poll' and redis.call('XLEN', KEYS[4]) > 1) then
  if not redis.call('LPOS', queue, entry) then redis.call('LPUSH', queue, entry) end
  redis.call('DEL', KEYS[4])
  redis.call('XADD', KEYS[4], '0-1', 'w', '1')
  redis.call('PEXPIRE', KEYS[4], life)
end
local left = redis.call('PTTL', lock)
if left == -2 then
  local got = promote(token, ttl)
  if got ~= true then
    redis.call('DEL', KEYS[4])
    return {1, got}
  end
  left = redis.call('PTTL', lock)
end
if mode == 'try' then return {0, left} end
if mode == 'enqueue' or redis.call('PEXPIRE', KEYS[4], life) == 0 then
  if mode == 'enqueue' or not redis.call('LPOS', queue, entry) then redis.call('RPUSH', queue, entry) end
  redis.call('XADD', KEYS[4], '0-1', 'w', '1')
  redis.call('PEXPIRE', KEYS[4], life)
end
return {0, left}
`;

/** KEYS: lock, fence, queue. ARGV: token. 1 when it released (or handed on) our lock, 0 when it was not ours. */
export const RELEASE_LUA = `local owner = redis.call('GET', KEYS[1])
local mine = owner == ARGV[1]
if owner and not mine then return 0 end
-- A free lock (ours, or expired) goes to the first waiter; with nobody queued, ours is simply deleted.
local first = redis.call('LPOP', KEYS[3])
if not first then
  if mine then redis.call('DEL', KEYS[1]) end
  return mine and 1 or 0
end
${PROMOTE}if not promote(nil, nil, first) and mine then redis.call('DEL', lock) end
return mine and 1 or 0
`;

/**
 * KEYS: lock, fence, queue, my box. ARGV: token, ttl ms, kind. A waiter gives up: it leaves the queue.
 * Returns `{1, fence}` when the lock had already been handed to it, else `{0}`.
 */
export const CANCEL_LUA = `${PROMOTE}redis.call('LREM', queue, 0, ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[3])
redis.call('DEL', KEYS[4])
local owner = redis.call('GET', lock)
if owner == ARGV[1] then return {1, tonumber(redis.call('GET', fence))} end
if not owner then promote(nil) end
return {0}
`;

/**
 * KEYS: lock. ARGV: token, ms, mode (`add`: extend by ms; `set`: expire in ms).
 * Returns the new ms left, or 0 when the lock is not ours (never revives it).
 */
export const REFRESH_LUA = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ms = tonumber(ARGV[2])
if ARGV[3] == 'add' then ms = ms + math.max(redis.call('PTTL', KEYS[1]), 0) end
redis.call('PEXPIRE', KEYS[1], ms)
return ms
`;

/** KEYS: lock. ARGV: token. The ms left while the lock is ours, else 0. */
export const TTL_LUA = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return math.max(redis.call('PTTL', KEYS[1]), 0)
`;

/**
 * KEYS: lock, fence, queue. Returns `{pttl, fence, waiters}`: the lock's ms left (-2 when free), the fencing
 * counter (the holder's token while held), and the live waiters (their box exists), the holder left out (a
 * polling waiter stays first until it claims a lock handed to it).
 */
export const INSPECT_LUA = `local lock, fence, queue = KEYS[1], KEYS[2], KEYS[3]
local owner = redis.call('GET', lock)
local waiters = 0
for _, entry in ipairs(redis.call('LRANGE', queue, 0, -1)) do
  local token = string.match(entry, '^(%S+)')
  if token ~= owner and redis.call('EXISTS', lock .. ':box:' .. token) == 1 then waiters = waiters + 1 end
end
return {redis.call('PTTL', lock), tonumber(redis.call('GET', fence) or '0'), waiters}
`;

/**
 * KEYS: lock, fence, queue. An operator's release, whoever holds the lock: the next live waiter gets it.
 * Returns 1 when a lock was held. A polling holder that had not claimed its hand-off yet leaves the queue too.
 */
export const FORCE_RELEASE_LUA = `${PROMOTE}local owner = redis.call('GET', lock)
if owner then
  local head = redis.call('LINDEX', queue, 0)
  if head and string.sub(head, 1, #owner + 1) == owner .. ' ' then redis.call('LPOP', queue) end
  redis.call('DEL', lock)
end
promote(nil)
return owner and 1 or 0
`;

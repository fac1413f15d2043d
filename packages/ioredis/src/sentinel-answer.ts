/** @module A Redis Sentinel's answer to a data command: a pool registered with registerRedis() at a Sentinel's port. */

/**
 * A Sentinel knows only its own commands, so it answers these, which every Redis server has, "unknown command"
 * (Redis 6 quotes the name with backticks, Redis 7 with single quotes).
 */
const SENTINEL_ANSWER =
  /^ERR unknown command [`']?(?:get|set|del|exists|incr|decr|select|mget|mset|expire|pexpire|hget|hset|lpush|rpush|sadd|zadd|ttl|pttl)[`']?,/i;

/** What such a pool is told, whichever command met it first. */
export const SENTINEL_SERVER = {
  reason: "the server is a Redis Sentinel, not a Redis server",
  hint: "Register the master it watches with registerRedisSentinel(masterName, db, sentinels), not registerRedis().",
} as const;

/** True for a Sentinel's "unknown command" answer to a command every Redis server has. */
export function isSentinelAnswer(error: Error): boolean {
  return SENTINEL_ANSWER.test(error.message);
}

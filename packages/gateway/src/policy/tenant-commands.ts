/**
 * @module The commands a tenant token may run: the allowlist. Each is confined to the token's own database
 * (data commands of every family, scripts, transactions, PING/ECHO/TIME and the like). Anything not listed
 * needs an admin token. The same table builds the Redis ACL users the tenant connections log in as, so what
 * the gateway allows and what Redis enforces (also inside Lua) cannot drift apart.
 */

/** Reads: what a read-only token may run. Subcommands are written `CONTAINER|SUBCOMMAND`, as in Redis ACLs. */
const READS = commandList(`
  # strings and bitmaps (not LCS: its time and memory grow with the product of its strings' lengths, so two
  # strings of a few kilobytes stall Redis for everyone for seconds; it needs an admin token)
  GET GETRANGE SUBSTR MGET STRLEN BITCOUNT BITPOS GETBIT BITFIELD_RO
  # hashes, lists, sets
  HEXISTS HGET HGETALL HKEYS HLEN HMGET HRANDFIELD HSCAN HSTRLEN HVALS
  LINDEX LLEN LPOS LRANGE
  SCARD SDIFF SINTER SINTERCARD SISMEMBER SMEMBERS SMISMEMBER SRANDMEMBER SSCAN SUNION
  # sorted sets
  ZCARD ZCOUNT ZDIFF ZINTER ZINTERCARD ZLEXCOUNT ZMSCORE ZRANDMEMBER ZRANGE
  ZRANGEBYLEX ZRANGEBYSCORE ZRANK ZREVRANGE ZREVRANGEBYLEX ZREVRANGEBYSCORE ZREVRANK
  ZSCAN ZSCORE ZUNION
  # streams, geo, hyperloglog
  XLEN XPENDING XRANGE XREVRANGE XREAD
  XINFO|CONSUMERS XINFO|GROUPS XINFO|STREAM XINFO|HELP
  GEODIST GEOHASH GEOPOS GEORADIUS_RO GEORADIUSBYMEMBER_RO GEOSEARCH PFCOUNT
  # the keyspace of the token's database
  DBSIZE DUMP EXISTS EXPIRETIME PEXPIRETIME PTTL TTL TYPE TOUCH RANDOMKEY SCAN
  KEYS SORT_RO MEMORY|USAGE
  OBJECT|ENCODING OBJECT|FREQ OBJECT|IDLETIME OBJECT|REFCOUNT OBJECT|HELP
  # read-only scripts: Redis refuses writes inside them
  EVAL_RO EVALSHA_RO FCALL_RO SCRIPT|EXISTS SCRIPT|LOAD SCRIPT|HELP
  # the connection and the command table; nothing here reaches another client
  PING ECHO TIME LOLWUT COMMAND COMMAND|COUNT COMMAND|DOCS COMMAND|GETKEYS
  COMMAND|GETKEYSANDFLAGS COMMAND|INFO COMMAND|LIST COMMAND|HELP
  ACL|CAT ACL|WHOAMI ACL|GENPASS ACL|HELP
  # answered with the session's own fields only (see reply-filters.ts)
  CLIENT|INFO
  # what POST /multi-exec sends around a transaction (core refuses them sent alone)
  MULTI EXEC DISCARD
`);

/** Writes: what a tenant token may run besides the reads. */
const WRITES = commandList(`
  APPEND DECR DECRBY GETDEL GETEX GETSET INCR INCRBY INCRBYFLOAT MSET MSETNX
  PSETEX SET SETEX SETNX SETRANGE BITFIELD BITOP SETBIT
  HDEL HINCRBY HINCRBYFLOAT HMSET HSET HSETNX
  BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH LINSERT LMOVE LMPOP LPOP LPUSH LPUSHX
  LREM LSET LTRIM RPOP RPOPLPUSH RPUSH RPUSHX
  SADD SDIFFSTORE SINTERSTORE SMOVE SPOP SREM SUNIONSTORE
  BZMPOP BZPOPMAX BZPOPMIN ZADD ZDIFFSTORE ZINCRBY ZINTERSTORE ZMPOP ZPOPMAX
  ZPOPMIN ZRANGESTORE ZREM ZREMRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZUNIONSTORE
  XACK XADD XAUTOCLAIM XCLAIM XDEL XREADGROUP XSETID XTRIM
  XGROUP|CREATE XGROUP|CREATECONSUMER XGROUP|DELCONSUMER XGROUP|DESTROY XGROUP|SETID XGROUP|HELP
  GEOADD GEORADIUS GEORADIUSBYMEMBER GEOSEARCHSTORE PFADD PFMERGE
  DEL UNLINK EXPIRE EXPIREAT PEXPIRE PEXPIREAT PERSIST RENAME RENAMENX SORT
  FLUSHDB WAIT
  # channels confined to the token's database (channels.ts)
  PUBLISH
  # COPY only within the database: checked by the policy, and never from a script (NOT_FROM_SCRIPTS)
  COPY
`);

/** Commands that run a script that may write: a tenant's, never a read-only token's. */
export const WRITING_SCRIPTS: ReadonlySet<string> = new Set(["EVAL", "EVALSHA", "FCALL"]);

/** Every command that runs Lua (a script or a function). */
export const SCRIPT_RUNNERS: ReadonlySet<string> = new Set([
  ...WRITING_SCRIPTS,
  "EVAL_RO",
  "EVALSHA_RO",
  "FCALL_RO",
]);

/**
 * Commands a tenant may send itself but not run from a script: COPY's `DB n` option reaches another database,
 * which the gateway checks in the command but Redis ACLs cannot check inside Lua.
 */
export const NOT_FROM_SCRIPTS: ReadonlySet<string> = new Set(["COPY"]);

/** What a read-only token may run. */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set(READS);

/** What a tenant token may run. */
export const TENANT_COMMANDS: ReadonlySet<string> = new Set([...READS, ...WRITES, ...WRITING_SCRIPTS]);

/**
 * Redis 7's container commands: their second word is a subcommand, which the policy judges (and sends) in
 * canonical form like the name.
 */
export const CONTAINERS: ReadonlySet<string> = new Set(
  commandList(
    "ACL CLIENT CLUSTER COMMAND CONFIG FUNCTION LATENCY MEMORY MODULE OBJECT PUBSUB SCRIPT SLOWLOG XGROUP XINFO",
  ),
);

/** The words of a table above, upper case; `#` starts a comment line. */
function commandList(table: string): string[] {
  return table
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .flatMap((line) => line.split(" "))
    .filter((word) => word !== "");
}

/** @module @beeredis/core: registry, engine, pools, commands and the Transport interface. */
export { Batch, type BatchRecorders } from "./batch/batch.js";
export type { Arg, Command, Key, Value } from "./commands/command.js";
export type { CallBytesReply, CallReply, RedisInteger, ScanPage, ScoredMember } from "./commands/decode.js";
export { FORBIDDEN_COMMANDS } from "./commands/forbidden.js";
export type { HashEntries, HashEntry, HScanOptions } from "./commands/hash.js";
export type { CommandMethods } from "./commands/index.js";
export type { CopyOptions, ExpireCondition, ScanOptions } from "./commands/key.js";
export type {
  ListDirection,
  ListInsertPosition,
  ListMultiPopResult,
  ListPopResult,
  LposOptions,
} from "./commands/list.js";
export type { FlushMode, ServerTime } from "./commands/server.js";
export type { SInterCardOptions, SScanOptions } from "./commands/set.js";
export type {
  ExclusiveScoreBound,
  KeyedScoredMember,
  LexBound,
  RangeLimit,
  ScoreBound,
  ScoredMemberInput,
  ZAddIncrOptions,
  ZAddMembers,
  ZAddOptions,
  ZAggregate,
  ZCombineOptions,
  ZInterCardOptions,
  ZPopResult,
  ZRangeArgs,
  ZRangeByLexOptions,
  ZRangeByRankOptions,
  ZRangeByScoreOptions,
  ZRangeLimitOptions,
  ZRangeScoredArgs,
  ZScanOptions,
} from "./commands/sorted-set.js";
export type { GetExOptions, SetOptions } from "./commands/string.js";
export { type Duration, Hour, Millisecond, Minute, Second, toMilliseconds } from "./duration.js";
export {
  BeeRedisError,
  type BeeRedisErrorCode,
  ConfigError,
  ForbiddenCommandError,
  InvalidArgumentError,
  isBeeRedisError,
  LockLostError,
  ReplyError,
  TransportError,
  UnknownPoolError,
  UnsupportedError,
} from "./errors.js";
export * from "./lock/index.js";
export * from "./rate-limit/index.js";
export { Engine } from "./registry/engine.js";
export { RedisPool } from "./registry/pool.js";
export { PoolConfig } from "./registry/pool-config.js";
export {
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  type PoolOptions,
  Registry,
  type RegistryOptions,
  type TimeoutOptions,
  type ValidateOptions,
} from "./registry/registry.js";
export { ValidatedRegistry } from "./registry/validated-registry.js";
export { Script } from "./script.js";
export type {
  BatchOptions,
  Capabilities,
  Endpoint,
  ParsedAddress,
  RawReply,
  SendOptions,
  Transport,
  TransportFactory,
  WireArg,
} from "./transport.js";

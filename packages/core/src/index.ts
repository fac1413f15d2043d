/**
 * Registry, engine, pools, commands and the Transport interface.
 * @module @beeredis/core
 */
export { Batch, type BatchRecorders } from "./batch/batch.js";
export { LiteBatch } from "./batch/lite-batch.js";
export type { BatchEntryError } from "./batch/recording.js";
export {
  DEFAULT_WATCH_ATTEMPTS,
  type WatchBody,
  type WatchOptions,
  type WatchResult,
} from "./batch/watch.js";
export { WatchMulti, type WatchMultiRecorders, WatchTransaction } from "./batch/watch-transaction.js";
export type {
  Bit,
  BitfieldEncoding,
  BitfieldGet,
  BitfieldOffset,
  BitfieldOperation,
  BitfieldOverflow,
  BitOperation,
  BitPosRange,
  BitRange,
  BitUnit,
} from "./commands/bitmap.js";
export { blockingMs } from "./commands/blocking.js";
export type { Arg, Command, Key, Value } from "./commands/command.js";
export type { CallBytesReply, CallReply, RedisInteger, ScanPage, ScoredMember } from "./commands/decode.js";
export { COMMAND_EXCLUSIONS } from "./commands/exclusions.js";
export { asciiUpper, FORBIDDEN_COMMANDS, optionWord, PLAIN_COMMAND_NAME } from "./commands/forbidden.js";
export type {
  FunctionInfo,
  FunctionLibrary,
  FunctionListOptions,
  FunctionLoadOptions,
  FunctionRestorePolicy,
  FunctionStats,
  RunningFunction,
} from "./commands/function.js";
export type {
  GeoAddOptions,
  GeoCoordinates,
  GeoLimitOptions,
  GeoMatch,
  GeoMember,
  GeoSearchBy,
  GeoSearchFrom,
  GeoSearchOptions,
  GeoStoreOptions,
  GeoUnit,
} from "./commands/geo.js";
export type { HashEntries, HashEntry, HScanOptions } from "./commands/hash.js";
export type { CommandMethods } from "./commands/index.js";
export type { CopyOptions, ExpireCondition, ScanOptions } from "./commands/key.js";
export type {
  MigrateOptions,
  RestoreOptions,
  SortOptions,
} from "./commands/key-admin.js";
export type {
  ListDirection,
  ListInsertPosition,
  ListMultiPopResult,
  ListPopResult,
  LposOptions,
} from "./commands/list.js";
export type {
  AclLogEntry,
  AclUser,
  ClientInfo,
  ClientKillFilters,
  ClientListOptions,
  ClientTrackingInfo,
  ClientType,
  ClusterSetSlot,
  ClusterShard,
  ClusterSlotNode,
  ClusterSlotRange,
  CommandArgumentDoc,
  CommandDoc,
  CommandInfo,
  CommandKeyFlags,
  CommandKeySpec,
  CommandListFilter,
  FailoverOptions,
  FlushMode,
  LatencyEvent,
  LatencyHistogram,
  LatencySample,
  MemoryStats,
  ModuleInfo,
  ModuleLoadexOptions,
  ReplicaOfTarget,
  ReplicaRole,
  ServerRole,
  ServerTime,
  ShutdownOptions,
  SlowlogEntry,
} from "./commands/server.js";
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
export type {
  AutoClaimResult,
  PendingEntry,
  PendingSummary,
  StreamConsumerFullInfo,
  StreamConsumerInfo,
  StreamEntry,
  StreamFields,
  StreamGroupEntry,
  StreamGroupFullInfo,
  StreamGroupInfo,
  StreamInfo,
  StreamInfoBase,
  StreamInfoFull,
  StreamOffsets,
  StreamPendingInfo,
  StreamReadResult,
  StreamTrimOptions,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XGroupSetIdOptions,
  XInfoStreamFullOptions,
  XPendingRangeOptions,
  XRangeOptions,
  XReadGroupOptions,
  XReadOptions,
  XSetIdOptions,
} from "./commands/stream.js";
export type { GetExOptions, SetOptions } from "./commands/string.js";
export type {
  LcsIdxOptions,
  LcsIdxResult,
  LcsMatch,
} from "./commands/string-extra.js";
export {
  type Duration,
  Hour,
  Millisecond,
  Minute,
  Second,
  toDeliberateMilliseconds,
  toMilliseconds,
} from "./duration.js";
export {
  BeeRedisError,
  type BeeRedisErrorCode,
  ConfigError,
  ForbiddenCommandError,
  InvalidArgumentError,
  isBeeRedisError,
  isReplyError,
  LockLostError,
  LockTimeoutError,
  RateLimitTimeoutError,
  ReplyError,
  TransportError,
  type TransportErrorOptions,
  UnknownPoolError,
  UnsupportedError,
  WatchConflictError,
} from "./errors.js";
export { describeFailure, type FailureReason } from "./failure-reason.js";
export * from "./lock/index.js";
export { NAMESPACE_SEPARATOR } from "./namespace/namespace.js";
export type { CommandEvent, DecisionEvent, HookListener, LockEvent } from "./observe/hooks.js";
export {
  DEFAULT_MAX_BUFFERED,
  type PatternMessage,
  type PubSubMessage,
  type SubscribeOptions,
  Subscription,
} from "./pubsub/subscription.js";
export * from "./rate-limit/index.js";
export { Engine } from "./registry/engine.js";
export { LitePool } from "./registry/lite-pool.js";
export { RedisPool } from "./registry/pool.js";
export { PoolConfig } from "./registry/pool-config.js";
export {
  BaseRegistry,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  LiteRegistry,
  type PoolOptions,
  Registry,
  type RegistryOptions,
  type TimeoutOptions,
  type ValidateOptions,
} from "./registry/registry.js";
export { ValidatedRegistry } from "./registry/validated-registry.js";
export { Script, type ScriptOptions } from "./script.js";
export type {
  BatchOptions,
  Capabilities,
  DedicatedConnection,
  Endpoint,
  HostPort,
  ParsedAddress,
  RawPubSubMessage,
  RawReply,
  SendOptions,
  SubscriptionKind,
  SubscriptionListener,
  Transport,
  TransportFactory,
  TransportSubscription,
  WireArg,
} from "./transport.js";

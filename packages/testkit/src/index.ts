/**
 * Real redis-server processes for tests and demos. The conformance suite (which needs vitest) is the separate
 * entry `@beeredis/testkit/conformance`.
 * @module @beeredis/testkit
 */
export {
  type ClusterNode,
  type RedisCluster,
  type StartClusterOptions,
  startCluster,
} from "./cluster.js";
export { callsIn, commandCalls } from "./conformance/commandstats.js";
export { type FaultProxy, type StartFaultProxyOptions, startFaultProxy } from "./fault-proxy.js";
export { freePort } from "./free-port.js";
export {
  eventually,
  rejection,
  timeRefusals,
  unhandledRejections,
  untilRefusedUnsent,
} from "./outcomes.js";
export { ping, waitFor } from "./ping.js";
export {
  type LocalRedisServer,
  type RedisServer,
  type RedisTls,
  type StartRedisOptions,
  startRedis,
} from "./redis-server.js";
export { type CapturedOutput, captureOutput, errorTexts, findSecrets } from "./secret-leaks.js";
export { type RedisSentinel, type StartSentinelOptions, startSentinel } from "./sentinel.js";
export { type ServerProcess, type StartServerProcessOptions, startServerProcess } from "./server-process.js";

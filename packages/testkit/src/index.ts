/** @module @beeredis/testkit: real redis-server processes for tests, and the transport conformance suite. */
export {
  type CaseIt,
  type Cases,
  type ConformanceContext,
  type ConformanceTarget,
  type PoolSpec,
  runConformance,
} from "./conformance.js";
export { freePort } from "./free-port.js";
export { ping, waitFor } from "./ping.js";
export { type RedisServer, type StartRedisOptions, startRedis } from "./redis-server.js";

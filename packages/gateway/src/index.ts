/**
 * An Upstash-REST-compatible HTTP server in front of any Redis, so `@upstash/redis` and `@beeredis/upstash` can
 * use a self-hosted Redis. The CLI is `beeredis-gateway`.
 * @module @beeredis/gateway
 */
export { parseCliArgs, USAGE, UsageError } from "./cli-args.js";
export {
  DEFAULT_DENY_LIST,
  type GatewayLogEntry,
  type GatewayOptions,
  type GatewayToken,
} from "./options.js";
export type { Role } from "./policy/policy.js";
export { createGateway, type Gateway } from "./server.js";

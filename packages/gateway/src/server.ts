/** @module The gateway's lifecycle: options, the Redis pools, the HTTP server, and closing them. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AclProvisioner, aclUsers } from "./acl-users.js";
import { TokenStore } from "./auth.js";
import { Backend } from "./backend.js";
import { RequestDeadlines } from "./deadlines.js";
import { addressScrubber } from "./http-error.js";
import { GatewayRequest } from "./incoming.js";
import { blockingShareWarning, Limits } from "./limits.js";
import { type GatewayOptions, resolveOptions } from "./options.js";
import { CommandPolicy } from "./policy/policy.js";
import { unboundedRedisLimits } from "./redis-limits.js";
import { answerClientError, refuseConnect } from "./respond.js";
import { handle, type Shared } from "./route.js";

/** A running gateway. */
export interface Gateway {
  /** Where it listens, such as `http://127.0.0.1:8079`: give it to `new Redis({ url, token })`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The limits left open for the tokens, as sentences read at start: by Redis (no `maxmemory`, unbounded output
   * buffers) or by the options (more tokens than blocking slots); empty when all are bounded. The CLI prints them.
   * See the README's threat model.
   */
  readonly warnings: readonly string[];
  /** Stops accepting, lets requests in flight finish (up to `closeTimeout`), then closes the Redis connections. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts an Upstash-REST-compatible HTTP server in front of `options.redis`.
 * @example
 * const gateway = await createGateway({ redis: "redis://127.0.0.1:6379", tokens: [{ token: "secret" }], port: 0 });
 * const redis = new Redis({ url: gateway.url, token: "secret" }); // @upstash/redis
 * @throws TypeError for bad options; rejects when the port cannot be bound, or when the gateway cannot provision
 * its Redis ACL users (its Redis login must be allowed ACL SETUSER).
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const config = resolveOptions(options);
  const users = aclUsers(config.redis, Backend.lanes(config), config.deny);
  const acl = await AclProvisioner.start(config.redis, users, config.commandTimeoutMs);
  const warnings = [
    ...(await unboundedRedisLimits(acl.login)),
    ...blockingShareWarning(config.limits, config.tokens.length),
  ];
  const backend = await Backend.open(config);
  const streams = new Set<() => void>();
  const limits = new Limits(config.limits, config.tokens.length);
  const deadlines = new RequestDeadlines(config.requestTimeoutMs);
  const scrub = addressScrubber(config.redis);
  const shared: Shared = {
    config,
    backend,
    relogin: async (generation) => {
      if (generation !== backend.generation) return;
      await acl.provision().catch(() => undefined); // still refused: the retry fails as it would have
      await backend.renew(generation);
    },
    stopScripts: () => void acl.stopScripts(),
    tokens: new TokenStore(config.tokens),
    policy: new CommandPolicy(config.deny, { maxValueBytes: config.maxValueBytes }),
    limits,
    deadlines,
    streams: {
      backend,
      limits,
      heartbeatMs: config.heartbeatMs,
      timeoutMs: config.commandTimeoutMs,
      open: streams,
    },
    scrub,
    encodings: { base64: { base64: true, scrub }, text: { base64: false, scrub } },
  };
  const headersTimeoutMs = Math.min(config.requestTimeoutMs * 2, 60_000);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer(
    {
      IncomingMessage: GatewayRequest,
      requestTimeout: config.requestTimeoutMs * 2,
      headersTimeout: headersTimeoutMs,
    },
    (req, res) => {
      inFlight++;
      // handle() answers every failure itself; a rejection is only a broken socket, which must not become an
      // unhandled rejection (it would end the process).
      handle(shared, req, res).then(finished, () => {
        res.destroy();
        finished();
      });
    },
  );
  const finished = () => {
    if (--inFlight === 0) drained?.();
  };
  // Connections need no token to open: bounded, they cannot use up the descriptors Redis connections need.
  server.maxConnections = config.maxConnections;
  // headersTimeout starts with a request's first byte, so a connection that never sends one would stay open for
  // ever: a socket silent this long is closed. SSE streams write a heartbeat well within it.
  server.timeout = Math.max(headersTimeoutMs, config.heartbeatMs * 2);
  server.on("clientError", answerClientError);
  server.on("connect", refuseConnect);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, 1024, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([backend.close(), acl.close()]);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // SSE streams never finish by themselves: end them, which also closes their Redis connections.
      for (const end of [...streams]) end();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise((resolve) => setTimeout(resolve, config.closeTimeoutMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await stopped;
      deadlines.stop();
      await Promise.all([backend.close(), acl.close()]);
    })();
    return closing;
  };
  return {
    url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`,
    host: config.host,
    port,
    warnings,
    close,
    [Symbol.asyncDispose]: close,
  };
}

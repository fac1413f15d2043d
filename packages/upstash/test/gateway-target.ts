/** The gateway the HTTP suites run through: core + http() -> gateway -> redis-server, one token per database. */
import { Registry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import type { RedisServer } from "@beeredis/testkit";
import type { ConformanceTarget } from "@beeredis/testkit/conformance";
import { type HttpOptions, http } from "../src/index.js";

const gateways = new Map<RedisServer, Promise<Gateway>>();
const tokenFor = (db: number) => `conformance-token-db-${db}`;

function gatewayFor(server: RedisServer): Promise<Gateway> {
  let gateway = gateways.get(server);
  if (!gateway) {
    // The suites test the transport, so their tokens are admin tokens with an empty deny list (the gateway's policy
    // has its own tests): every command passes but those whose answers carry secrets, and a token may reach
    // other databases (COPY ... DB, MOVE, SWAPDB).
    const tokens = Array.from({ length: 16 }, (_, db) => ({
      token: tokenFor(db),
      db,
      role: "admin" as const,
    }));
    gateway = createGateway({ redis: server.url, tokens, port: 0, deny: [] });
    gateways.set(server, gateway);
  }
  return gateway;
}

/** `createRegistry` of a suite target on `http(transport)`: each pool through the server's gateway, with its database's token. */
export const registryOver =
  (transport: HttpOptions): ConformanceTarget["createRegistry"] =>
  async (server, pools, options) => {
    const gateway = await gatewayFor(server);
    const registry = new Registry({ transport: http(transport) });
    for (const { code, db } of pools)
      registry.registerRedis(gateway.url, db, code, { token: tokenFor(db), ...options });
    return registry;
  };

/** `createRegistry` of a suite target on `http()` with the global `fetch`. */
export const createRegistry = registryOver({});

/** Closes every gateway the file started (call it in `afterAll`). */
export async function closeGateways(): Promise<void> {
  await Promise.all([...gateways.values()].map(async (g) => (await g).close()));
  gateways.clear();
}

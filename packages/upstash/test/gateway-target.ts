/** The gateway the HTTP suites run through: core + http() -> gateway -> redis-server, one token per database. */
import { Registry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import type { RedisServer } from "@beeredis/testkit";
import type { ConformanceTarget } from "@beeredis/testkit/conformance";
import { http } from "../src/index.js";

const gateways = new Map<RedisServer, Promise<Gateway>>();
const tokenFor = (db: number) => `conformance-token-db-${db}`;

function gatewayFor(server: RedisServer): Promise<Gateway> {
  let gateway = gateways.get(server);
  if (!gateway) {
    const tokens = Array.from({ length: 16 }, (_, db) => ({ token: tokenFor(db), db }));
    // The suites test the transport, so the gateway's own policy is opened up (it has its own tests): every
    // command but SELECT passes, and a token may reach other databases (COPY ... DB, MOVE, SWAPDB).
    gateway = createGateway({
      redis: server.url,
      tokens,
      port: 0,
      deny: ["SELECT"],
      allowCrossDatabase: true,
    });
    gateways.set(server, gateway);
  }
  return gateway;
}

/** `createRegistry` of a suite target: each pool through the server's gateway, with its database's token. */
export const createRegistry: ConformanceTarget["createRegistry"] = async (server, pools, options) => {
  const gateway = await gatewayFor(server);
  const registry = new Registry({ transport: http() });
  for (const { code, db } of pools)
    registry.registerRedis(gateway.url, db, code, { token: tokenFor(db), ...options });
  return registry;
};

/** Closes every gateway the file started (call it in `afterAll`). */
export async function closeGateways(): Promise<void> {
  await Promise.all([...gateways.values()].map(async (g) => (await g).close()));
  gateways.clear();
}

/**
 * @module The real parts of the soak: redis-server with durable persistence, a fault proxy in front of it (so
 * the TCP clients and the gateway both meet the faults), the gateway, a second fault proxy in front of the
 * gateway for the HTTP clients, and the client pools.
 */
import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { type FaultProxy, type RedisServer, startFaultProxy, startRedis } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import { Redis } from "ioredis";
import type { Client } from "./clients.js";

const TOKEN = "soak-token";
/** Small timeouts, so a fault turns into an error quickly instead of stalling the load. */
const TCP_COMMAND_TIMEOUT_MS = 500;
const GATEWAY_COMMAND_TIMEOUT_MS = 500;
const HTTP_COMMAND_TIMEOUT_MS = 1000;

export interface Rig {
  redis: RedisServer;
  /** Between Redis and everything else: the TCP clients and the gateway. */
  redisProxy: FaultProxy;
  /** Between the gateway and the HTTP clients. */
  gatewayProxy: FaultProxy;
  gateway: Gateway;
  /** A direct connection to Redis, past the proxies, for the checks (never for the load). */
  admin: Redis;
  clients: Client[];
  close(): Promise<void>;
}

/** Starts every part, with `tcpClients` + `httpClients` pools, each its own registry (its own connections). */
export async function startRig(tcpClients: number, httpClients: number): Promise<Rig> {
  // Every acknowledged write must survive a restart: append-only file, fsynced before each reply.
  // (startRedis turns persistence off; later arguments win.)
  const redis = await startRedis({ args: ["--appendonly", "yes", "--appendfsync", "always"] });
  const redisProxy = await startFaultProxy({ target: redis });
  const gateway = await createGateway({
    redis: redisProxy.url,
    tokens: [{ token: TOKEN }],
    port: 0,
    commandTimeout: GATEWAY_COMMAND_TIMEOUT_MS,
    requestTimeout: 3000,
    closeTimeout: 1000,
  });
  const gatewayProxy = await startFaultProxy({ target: { host: gateway.host, port: gateway.port } });
  const admin = new Redis({ host: redis.host, port: redis.port, lazyConnect: true });

  const registries: ValidatedRegistry[] = [];
  const clients: Client[] = [];
  for (let i = 0; i < tcpClients; i++) {
    const registry = await new Registry({
      transport: tcp(),
      commandTimeout: TCP_COMMAND_TIMEOUT_MS,
      connectTimeout: TCP_COMMAND_TIMEOUT_MS,
    })
      .registerRedis(`${redisProxy.host}:${redisProxy.port}`, 0)
      .validate();
    registries.push(registry);
    clients.push({ transport: "tcp", pool: registry.createEngine().getRedis() });
  }
  for (let i = 0; i < httpClients; i++) {
    const registry = await new Registry({
      transport: http({ token: TOKEN }),
      commandTimeout: HTTP_COMMAND_TIMEOUT_MS,
    })
      .registerRedis(`http://${gatewayProxy.host}:${gatewayProxy.port}`, 0)
      .validate();
    registries.push(registry);
    clients.push({ transport: "http", pool: registry.createEngine().getRedis() });
  }

  return {
    redis,
    redisProxy,
    gatewayProxy,
    gateway,
    admin,
    clients,
    async close() {
      await Promise.all(registries.map((registry) => registry.close()));
      admin.disconnect();
      await gatewayProxy.close();
      await gateway.close();
      await redisProxy.close();
      await redis.stop();
    },
  };
}

/** Whether the server really runs with the append-only file fsynced on every write. */
export async function isDurable(admin: Redis): Promise<boolean> {
  const [, appendonly] = (await admin.config("GET", "appendonly")) as string[];
  const [, appendfsync] = (await admin.config("GET", "appendfsync")) as string[];
  return appendonly === "yes" && appendfsync === "always";
}

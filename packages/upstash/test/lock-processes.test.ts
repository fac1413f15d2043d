import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
// The cases and their worker live beside the TCP ones; the worker loads this package's dist for HTTP targets.
import { type Address, lockProcessCases } from "../../ioredis/test/fixtures/lock-process-cases.js";
import { http } from "../src/index.js";

const TOKEN = "lock-processes-token";
/** One gateway per Redis address (a server, or a fault proxy in front of it). */
const gateways = new Map<string, Promise<Gateway>>();
const registries: ValidatedRegistry[] = [];

function gatewayFor(address: Address): Promise<Gateway> {
  let gateway = gateways.get(address.url);
  if (!gateway) {
    gateway = createGateway({ redis: address.url, tokens: [{ token: TOKEN }], port: 0 });
    gateways.set(address.url, gateway);
  }
  return gateway;
}

lockProcessCases({
  name: "http via gateway",
  workerTarget: async (address) => [(await gatewayFor(address)).url, `token=${TOKEN}`],
  async locker(address) {
    const registry = await new Registry({ transport: http({ token: TOKEN }) })
      .registerRedis((await gatewayFor(address)).url, 0)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis().getLocker();
  },
  async close() {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    await Promise.all([...gateways.values()].map(async (gateway) => (await gateway).close()));
    gateways.clear();
  },
});

import { Registry } from "@beeredis/core";
import { runConformance } from "@beeredis/testkit/conformance";
import { tcp } from "../src/index.js";

runConformance("tcp", {
  createRegistry(server, pools, options) {
    const registry = new Registry({ transport: tcp() });
    for (const { code, db } of pools)
      registry.registerRedis(`${server.host}:${server.port}`, db, code, options);
    return registry;
  },
});

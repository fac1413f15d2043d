import { Registry } from "@beeredis/core";
import { runDifferential } from "@beeredis/testkit/conformance";
import { tcp } from "../src/index.js";

runDifferential("tcp", {
  numRuns: Number(process.env.DIFF_RUNS ?? 30),
  createRegistry(server, pools) {
    const registry = new Registry({ transport: tcp() });
    for (const { code, db } of pools) registry.registerRedis(`${server.host}:${server.port}`, db, code);
    return registry;
  },
});

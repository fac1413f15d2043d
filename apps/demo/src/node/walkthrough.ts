/** The seed's "Redis operations" walkthrough in the console: `pnpm --filter beeredis-demo walkthrough`. */
import { ForbiddenCommandError, Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { findRedis } from "./find-redis.js";

const redis = await findRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
console.log(`Using ${redis.source} (${redis.address}).\n`);

try {
  const registry = new Registry({ transport: tcp() });
  registry.registerRedis(redis.address, 0); // pool "default", database 0
  registry.registerRedis(redis.address, 3, "test"); // pool "test", database 3
  await using validatedRegistry = await registry.validate({ connect: true });
  const engine = validatedRegistry.createEngine();

  const redisPool = engine.getRedis();
  const config = redisPool.getPoolConfig();
  console.log(`pool code:     ${config.getCode()}`);
  console.log(`pool database: ${config.getDatabase()}`);
  console.log(`pool address:  ${config.getAddress()}\n`);

  await redisPool.set("my-key", "some-value", 30); // cache for 30 seconds
  console.log(`get("my-key")           -> ${JSON.stringify(await redisPool.get("my-key"))}`);
  console.log(`ttl("my-key")           -> ${await redisPool.ttl("my-key")} s`);
  await redisPool.del("another-key");
  console.log(`lpush("another-key", 2) -> ${await redisPool.lpush("another-key", "value-1", "value-2")}`);

  const testPool = engine.getRedis("test");
  await testPool.set("only-in-db-3", "x");
  await testPool.flushdb(); // flush redis DB 3
  console.log(
    `test.flushdb()          -> db 3 has ${await testPool.dbsize()} keys; db 0 still has my-key: ${(await redisPool.exists("my-key")) === 1}`,
  );

  try {
    await redisPool.call("SELECT", 3);
  } catch (error) {
    if (!(error instanceof ForbiddenCommandError)) throw error;
    console.log(`\ncall("SELECT", 3)       -> ${error.name}: ${error.message}`);
  }
} finally {
  await redis.release();
}

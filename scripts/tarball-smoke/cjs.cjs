// Loads every package with `require` (their CommonJS builds) and runs the README examples.
const { run } = require("./scenario.cjs");

const modules = {
  core: require("@beeredis/core"),
  ioredis: require("@beeredis/ioredis"),
  upstash: require("@beeredis/upstash"),
  gateway: require("@beeredis/gateway"),
  testkit: require("@beeredis/testkit"),
  hono: require("@beeredis/hono"),
  otel: require("@beeredis/otel"),
  Hono: require("hono").Hono,
};
run("CJS", modules).catch((error) => {
  console.error(error);
  process.exit(1);
});

/** GET/SET through beeredis' TCP transport against raw ioredis, with and without auto-pipelining. */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { compare, type Row, redisCommandCounter } from "../harness.js";

const IOREDIS = "ioredis";
const IOREDIS_PIPED = "ioredis (auto-pipelining)";
const OURS_PIPED = "beeredis tcp (auto-pipelining)";

type GetSet = { get(key: string): Promise<unknown>; set(key: string, value: string): Promise<unknown> };

/** Odd operations GET a 16-byte value, even ones SET one of 1000 keys. */
const getSet =
  (client: GetSet) =>
  (i: number): Promise<unknown> =>
    i % 2 ? client.get("bench:value") : client.set(`bench:${i % 1000}`, "v".repeat(16));

export async function commandsSection(server: RedisServer, total: number): Promise<void> {
  const address = `${server.host}:${server.port}`;
  const registries = await Promise.all([
    ...[true, false].map((autoPipelining) =>
      new Registry({ transport: tcp({ autoPipelining }) }).registerRedis(address, 0).validate(),
    ),
    // What an onCommand hook and a namespace cost when they are on (with neither, there is nothing to pay).
    new Registry({ transport: tcp() })
      .onCommand(() => {})
      .registerRedis(address, 0)
      .validate(),
    new Registry({ transport: tcp() }).registerRedis(address, 0, "default", { namespace: "ns" }).validate(),
  ]);
  const [piped, plain, hooked, namespaced] = registries.map((r) => r.createEngine().getRedis());
  const raw = new Redis({ host: server.host, port: server.port });
  const rawPiped = new Redis({ host: server.host, port: server.port, enableAutoPipelining: true });
  const admin = new Redis({ host: server.host, port: server.port });
  await piped!.set("bench:value", "x".repeat(16));
  await namespaced!.set("bench:value", "x".repeat(16));

  const rows: Row[] = [
    { name: IOREDIS, peer: true, op: getSet(raw) },
    { name: IOREDIS_PIPED, peer: true, op: getSet(rawPiped) },
    { name: "beeredis tcp", op: getSet(plain!) },
    { name: OURS_PIPED, op: getSet(piped!) },
    { name: "beeredis tcp (auto-pipelining, onCommand hook)", op: getSet(hooked!) },
    { name: "beeredis tcp (auto-pipelining, namespace)", op: getSet(namespaced!) },
  ];
  for (const inFlight of [1, 50, 500]) {
    const targets =
      inFlight === 1
        ? [{ row: OURS_PIPED, peer: IOREDIS, min: 1.0 }]
        : [{ row: OURS_PIPED, peer: IOREDIS_PIPED, min: 1.3 }];
    await compare(`TCP GET/SET 16 B, ${inFlight} in flight`, rows, {
      inFlight,
      total,
      countCommands: redisCommandCounter(admin),
      targets,
    });
  }
  raw.disconnect();
  rawPiped.disconnect();
  admin.disconnect();
  await Promise.all(registries.map((r) => r.close()));
}

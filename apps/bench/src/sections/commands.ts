/** GET/SET through beeredis' TCP transport against raw ioredis, with and without auto-pipelining. */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { type Measurement, measure, report } from "../harness.js";

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
  const [piped, plain, hooked, namespaced] = registries.map((r) => r!.createEngine().getRedis());
  const raw = new Redis({ host: server.host, port: server.port });
  const rawPiped = new Redis({ host: server.host, port: server.port, enableAutoPipelining: true });
  await piped!.set("bench:value", "x".repeat(64));
  await namespaced!.set("bench:value", "x".repeat(64));

  for (const inFlight of [1, 50]) {
    const opts = { inFlight, total };
    const rows: Measurement[] = [];
    rows.push(
      await measure("ioredis", opts, (i) =>
        i % 2 ? raw.get("bench:value") : raw.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("ioredis (auto-pipelining)", opts, (i) =>
        i % 2 ? rawPiped.get("bench:value") : rawPiped.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("beeredis tcp", opts, (i) =>
        i % 2 ? plain!.get("bench:value") : plain!.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("beeredis tcp (auto-pipelining)", opts, (i) =>
        i % 2 ? piped!.get("bench:value") : piped!.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("beeredis tcp (auto-pipelining, onCommand hook)", opts, (i) =>
        i % 2 ? hooked!.get("bench:value") : hooked!.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("beeredis tcp (auto-pipelining, namespace)", opts, (i) =>
        i % 2 ? namespaced!.get("bench:value") : namespaced!.set(`bench:${i % 1000}`, "v"),
      ),
    );
    report(`GET/SET, ${inFlight} in flight, ${total} ops`, rows);
  }
  raw.disconnect();
  rawPiped.disconnect();
  await Promise.all(registries.map((r) => r.close()));
}

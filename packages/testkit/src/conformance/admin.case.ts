import { InvalidArgumentError, ReplyError, TransportError } from "@beeredis/core";
import { expect } from "vitest";
import { ping } from "../ping.js";
import { commandCalls } from "./commandstats.js";
import type { Cases } from "./context.js";
import { withPrivateServer } from "./private-server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Server-wide and dangerous commands, each against a redis-server of its own. */
export const adminCases: Cases = (ctx, it) => {
  it("configSet, configResetstat and configRewrite (private server)", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      expect(await pool.configSet({ maxmemory: "10mb", "maxmemory-policy": "allkeys-lru" })).toBe("OK");
      expect(await pool.configGet("maxmemory", "maxmemory-policy")).toEqual({
        maxmemory: "10485760",
        "maxmemory-policy": "allkeys-lru",
      });
      await expect(pool.configSet({ maxmemory: "lots" })).rejects.toBeInstanceOf(ReplyError);
      await expect(pool.configSet({})).rejects.toBeInstanceOf(InvalidArgumentError);
      await pool.set("k", "v");
      expect((await commandCalls(admin)).set).toBe(1);
      expect(await pool.configResetstat()).toBe("OK");
      expect((await commandCalls(admin)).set).toBeUndefined();
      // The testkit starts servers without a config file, so the rewrite has nowhere to go.
      await expect(pool.configRewrite()).rejects.toMatchObject({
        code: "REPLY_ERROR",
        message: /config file/,
      });
    });
  });

  it("save, bgsave, bgrewriteaof and lastsave (private server)", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      await pool.set("k", "v");
      const before = await pool.lastsave();
      await sleep(1100); // LASTSAVE has a resolution of one second
      expect(await pool.save()).toBe("OK");
      expect(await pool.lastsave()).toBeGreaterThan(before);
      expect(await pool.bgsave()).toBe("Background saving started");
      await until(async () => /rdb_bgsave_in_progress:0/.test(await admin.info("persistence")));
      expect(await pool.bgrewriteaof()).toMatch(/^Background append only file rewriting (started|scheduled)/);
      expect(await pool.bgsave({ schedule: true })).toMatch(/^Background saving (started|scheduled)/);
      await until(async () =>
        /aof_rewrite_in_progress:0[\s\S]*rdb_bgsave_in_progress:0|rdb_bgsave_in_progress:0[\s\S]*aof_rewrite_in_progress:0/.test(
          await admin.info("persistence"),
        ),
      );
    });
  });

  it("shutdown stops the server (private server); abort without one in progress is a ReplyError", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, server }) => {
      await expect(pool.shutdown({ abort: true })).rejects.toMatchObject({
        message: /No shutdown in progress/,
      });
      await expect(pool.shutdown({ abort: true, now: true })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(pool.shutdown({ mode: "LATER" as never })).rejects.toBeInstanceOf(InvalidArgumentError);
      const result = await pool.shutdown({ mode: "NOSAVE", now: true, force: true }).catch((e: unknown) => e);
      expect(result).toBeInstanceOf(TransportError);
      await until(async () => !(await ping(server.host, server.port)));
    });
  });

  it("swapdb swaps two databases for every client (private server)", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      await pool.set("k", "in-0");
      expect(await pool.swapdb(0, 1)).toBe("OK");
      expect(await pool.get("k")).toBeNull();
      await admin.select(1);
      expect(await admin.get("k")).toBe("in-0");
      expect(await pool.swapdb(1, 0)).toBe("OK");
      expect(await pool.get("k")).toBe("in-0");
      await expect(pool.swapdb(0, -1)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(pool.swapdb(0, 99)).rejects.toBeInstanceOf(ReplyError);
    });
  });

  it("clientPause holds writes until clientUnpause (private server)", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      await pool.ping();
      expect(await pool.clientPause(10_000, "WRITE")).toBe("OK");
      let written = false;
      const write = admin.set("k", "v").then(() => {
        written = true;
      });
      await sleep(200);
      expect(written).toBe(false);
      expect(await pool.get("k")).toBeNull(); // reads still run
      expect(await pool.clientUnpause()).toBe("OK");
      await write;
      expect(await pool.get("k")).toBe("v");
      expect(await pool.clientPause(1)).toBe("OK");
      await expect(pool.clientPause(10, "READ" as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  it("latency monitoring: latest, history, graph, doctor, histogram, reset and help (private server)", async () => {
    await withPrivateServer(ctx, { args: ["--latency-monitor-threshold", "1"] }, async ({ pool, admin }) => {
      await admin.call("DEBUG", "SLEEP", "0.05"); // a 50 ms "command" latency event
      const [latest] = await pool.latencyLatest();
      expect(latest).toMatchObject({ event: "command" });
      expect(latest!.latestMs).toBeGreaterThanOrEqual(50);
      expect(latest!.maxMs).toBeGreaterThanOrEqual(latest!.latestMs);
      expect(Math.abs(latest!.timestamp - Date.now() / 1000)).toBeLessThan(60);
      const history = await pool.latencyHistory("command");
      expect(history[0]!.latencyMs).toBeGreaterThanOrEqual(50);
      expect(await pool.latencyGraph("command")).toMatch(/command/);
      expect(await pool.latencyDoctor()).toMatch(/command/);
      await pool.set("k", "v");
      const histograms = await pool.latencyHistogram("set", "get");
      expect(histograms.set!.calls).toBe(1);
      expect(histograms.set!.histogramUsec[0]).toEqual([expect.any(Number), 1]);
      expect(histograms.get).toBeUndefined();
      expect(Object.keys(await pool.latencyHistogram())).toContain("set");
      expect(await pool.latencyReset("command")).toBe(1);
      expect(await pool.latencyLatest()).toEqual([]);
      expect(await pool.latencyReset()).toBe(0);
      expect((await pool.latencyHelp()).join("\n")).toMatch(/HISTORY/);
    });
  });

  it("slowlogGet, slowlogLen, slowlogReset and slowlogHelp (private server)", async () => {
    await withPrivateServer(ctx, { args: ["--slowlog-log-slower-than", "0"] }, async ({ pool }) => {
      await pool.clientSetname("slow-pool");
      await pool.set("slow-key", "v");
      const entries = await pool.slowlogGet(10);
      const set = entries.find((entry) => entry.args[1] === "slow-key")!;
      expect(set).toMatchObject({ args: ["SET", "slow-key", "v"], clientName: "slow-pool" });
      expect(set.durationMicros).toBeGreaterThanOrEqual(0);
      expect(set.clientAddress).toMatch(/:\d+$/);
      expect(Math.abs(set.timestamp - Date.now() / 1000)).toBeLessThan(60);
      const ids = entries.map((entry) => entry.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a)); // newest first
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(await pool.slowlogGet(1)).toHaveLength(1);
      expect((await pool.slowlogGet(-1)).length).toBeGreaterThanOrEqual(entries.length);
      expect(await pool.slowlogLen()).toBeGreaterThan(1);
      expect(await pool.slowlogReset()).toBe("OK");
      expect(await pool.slowlogLen()).toBeLessThanOrEqual(1);
      expect((await pool.slowlogHelp()).join("\n")).toMatch(/RESET/);
      await expect(pool.slowlogGet(-2)).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  it("moduleList, moduleLoad, moduleLoadex, moduleUnload and moduleHelp (private server)", async () => {
    await expect(ctx.pool.moduleLoad("/no/such/module.so")).rejects.toMatchObject({ message: /not allowed/ });
    await withPrivateServer(ctx, { args: ["--enable-module-command", "yes"] }, async ({ pool }) => {
      expect(await pool.moduleList()).toEqual([]);
      await expect(pool.moduleLoad("/no/such/module.so", "arg")).rejects.toMatchObject({
        message: /Error loading/,
      });
      await expect(
        pool.moduleLoadex("/no/such/module.so", { configs: { "x.y": 1 }, args: ["a"] }),
      ).rejects.toMatchObject({ message: /Error loading/ });
      await expect(pool.moduleUnload("nosuch")).rejects.toMatchObject({ message: /no such module/i });
      expect((await pool.moduleHelp()).join("\n")).toMatch(/LOADEX/);
      await expect(pool.moduleLoad("")).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });
};

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error("condition not reached within 10 s");
}

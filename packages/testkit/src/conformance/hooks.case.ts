/** @module Observability: the registry's onCommand, onDecision and onLock hooks, and the query debug logger. */
import {
  type CommandEvent,
  type DecisionEvent,
  InvalidArgumentError,
  type LockEvent,
  type RedisPool,
  type Registry,
  ReplyError,
} from "@beeredis/core";
import { expect } from "vitest";
import type { Cases, ConformanceContext } from "./context.js";
import { WATCH } from "./needs.js";

/** Runs `fn` with pool "default" of a registry that `setUp` configured (hooks) before validating. */
async function withRegistry<T>(
  ctx: ConformanceContext,
  setUp: (registry: Registry) => void,
  fn: (pool: RedisPool) => Promise<T>,
): Promise<T> {
  const registry = await ctx.target.createRegistry(ctx.server, [{ code: "hooked", db: 0 }]);
  setUp(registry);
  const validated = await registry.validate();
  try {
    return await fn(validated.createEngine().getRedis("hooked"));
  } finally {
    await validated.close();
  }
}

export const hookCases: Cases = (ctx, it) => {
  it("onCommand gets the pool, the command name, the time and the error, never an argument", async () => {
    const events: CommandEvent[] = [];
    await withRegistry(
      ctx,
      (registry) => registry.onCommand((event) => events.push(event)),
      async (pool) => {
        await pool.set("secret-key", "secret-value");
        await pool.call("get", "secret-key");
        const error = await pool.lpush("secret-key", "x").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReplyError);
        await pool.multi().incr("{h}n").get("{h}n").exec();
      },
    );
    expect(events.map(({ pool, command, batch }) => ({ pool, command, batch }))).toEqual([
      { pool: "hooked", command: "SET", batch: undefined },
      { pool: "hooked", command: "GET", batch: undefined },
      { pool: "hooked", command: "LPUSH", batch: undefined },
      { pool: "hooked", command: "MULTI", batch: ["INCR", "GET"] },
    ]);
    expect(events.every((event) => event.ms >= 0 && Number.isFinite(event.ms))).toBe(true);
    expect(events.map((event) => event.error !== undefined)).toEqual([false, false, true, false]);
    expect(JSON.stringify(events)).not.toMatch(/secret/);
  });

  it("onCommand sees a watch transaction: WATCH, the reads, and the MULTI that commits", WATCH, async () => {
    const events: CommandEvent[] = [];
    await withRegistry(
      ctx,
      (registry) => registry.onCommand((event) => events.push(event)),
      async (pool) => {
        await pool.watch("{w}balance", async (tx) =>
          tx.multi().set("{w}balance", Number(await tx.get("{w}balance")) + 1),
        );
      },
    );
    expect(events.map(({ command, batch }) => [command, batch])).toEqual([
      ["WATCH", undefined],
      ["GET", undefined],
      ["MULTI", ["SET"]],
    ]);
  });

  it("a listener that throws breaks neither the command nor the other listeners", async () => {
    const seen: string[] = [];
    await withRegistry(
      ctx,
      (registry) =>
        registry
          .onCommand(() => {
            throw new Error("listener bug");
          })
          .onCommand((event) => seen.push(event.command)),
      async (pool) => {
        expect(await pool.set("k", "v")).toBe("OK");
      },
    );
    expect(seen).toEqual(["SET"]);
  });

  it("onDecision reports every rate-limit decision, and onLock every obtain, without keys", async () => {
    const decisions: DecisionEvent[] = [];
    const locks: LockEvent[] = [];
    await withRegistry(
      ctx,
      (registry) => registry.onDecision((e) => decisions.push(e)).onLock((e) => locks.push(e)),
      async (pool) => {
        await pool.rateLimit("user-42", "1m", 1);
        await pool.rateLimit("user-42", "1m", 1);
        await pool.rateLimiter({ algorithm: "gcra", limit: 5, window: "1s" }).peek("user-42");
        const locker = pool.getLocker();
        const lock = await locker.obtain("job-7", "5s");
        expect(await locker.obtain("job-7", "5s")).toBeNull();
        await lock?.release();
        expect(await locker.withLock("job-7", {}, () => "done")).toBe("done");
      },
    );
    expect(
      decisions.map(({ pool, algorithm, action, allowed }) => [pool, algorithm, action, allowed]),
    ).toEqual([
      ["hooked", "sliding-log", "limit", true],
      ["hooked", "sliding-log", "limit", false],
      ["hooked", "gcra", "peek", true],
    ]);
    expect(locks.map(({ action, acquired, error }) => [action, acquired, error])).toEqual([
      ["obtain", true, undefined],
      ["obtain", false, undefined],
      ["withLock", undefined, undefined],
    ]);
    expect(JSON.stringify([decisions, locks])).not.toMatch(/user-42|job-7/);
  });

  it("the query debug logger prints each command with its arguments and time", async () => {
    const lines: string[] = [];
    await withRegistry(
      ctx,
      (registry) => registry.enableQueryDebug((line) => lines.push(line)),
      async (pool) => {
        await pool.set("my-key", "some value", 30);
        await pool.pipeline().get("my-key").exec();
        await pool.hset("my-key", { f: "v" }).catch(() => {});
      },
    );
    expect(lines[0]).toMatch(/^\[beeredis\]\[redis\]\[hooked\] SET my-key "some value" EX 30 \d+\.\d\d ms$/);
    expect(lines[1]).toMatch(/^\[beeredis\]\[redis\]\[hooked\] PIPELINE GET my-key \d+\.\d\d ms$/);
    expect(lines[2]).toMatch(/HSET my-key f v \d+\.\d\d ms ERROR WRONGTYPE/);
  });

  it("a hook that is not a function is refused at once", async () => {
    const registry = await ctx.target.createRegistry(ctx.server, [{ code: "hooked", db: 0 }]);
    expect(() => registry.onCommand("log" as never)).toThrow(InvalidArgumentError);
    expect(() => registry.onLock(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => registry.enableQueryDebug(42 as never)).toThrow(InvalidArgumentError);
  });
};

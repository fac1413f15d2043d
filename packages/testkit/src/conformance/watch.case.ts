import { InvalidArgumentError, ReplyError, UnsupportedError, WatchConflictError } from "@beeredis/core";
import { expect } from "vitest";
import { type Cases, needing } from "./context.js";
import { ONE_SERVER, SINGLE_SLOT_KEYS, WATCH } from "./needs.js";
import { connectionCount, lacking, requiring, waitFor } from "./pubsub/helpers.js";

export const watchCases: Cases = (ctx, it) => {
  const withWatch = requiring("watch", it);
  const withoutWatch = lacking("watch", it);
  const oneSlotTx = needing(it, [WATCH, SINGLE_SLOT_KEYS]);

  withoutWatch(
    "a transport without WATCH rejects pool.watch() with UnsupportedError naming the TCP transport",
    async () => {
      let runs = 0;
      const error = await ctx.pool
        .watch("k", (tx) => {
          runs++;
          return tx.multi().set("k", "v");
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message).toMatch(/TCP transport \(@beeredis\/ioredis\)/);
      expect(runs).toBe(0);
      expect(await ctx.admin.exists("k")).toBe(0);
    },
  );

  withWatch("a watch transaction retries on a concurrent write, and commits on a fresh read", async () => {
    await ctx.admin.set("counter", "10");
    let runs = 0;
    const result = await ctx.pool.watch("counter", async (tx) => {
      runs++;
      const value = Number(await tx.get("counter"));
      // Another client writes the watched key during the first attempt only.
      if (runs === 1) await ctx.admin.incrby("counter", 5);
      return tx
        .multi()
        .set("counter", String(value * 2))
        .get("counter");
    });
    expect(runs).toBe(2);
    expect(result).toEqual(["OK", "30"]);
    expect(await ctx.admin.get("counter")).toBe("30");
  });

  oneSlotTx(
    "without a conflict fn runs once and the queued writes apply atomically, each with its result",
    async () => {
      await ctx.admin.hset("account", "balance", "100");
      await ctx.admin.lpush("list", "x");
      let runs = 0;
      const results = await ctx.pool.watch(["account", "audit"], async (tx) => {
        runs++;
        const balance = Number(await tx.hget("account", "balance"));
        expect(await tx.exists("audit")).toBe(0);
        return tx
          .multi()
          .hincrby("account", "balance", -30)
          .rpush("audit", `debit 30 from ${balance}`)
          .incr("list")
          .xgroupCreate("stream", "g", "$", { mkstream: true })
          .xgroupCreate("stream", "g")
          .callBytes("HGET", "account", "balance");
      });
      expect(runs).toBe(1);
      expect(results![0]).toBe(70);
      expect(results![1]).toBe(1);
      expect(results![2]).toBeInstanceOf(ReplyError);
      expect((results![2] as ReplyError).prefix).toBe("WRONGTYPE");
      expect(results!.slice(3, 5)).toEqual([true, false]);
      expect(results![5]).toEqual(new TextEncoder().encode("70"));
      expect(await ctx.admin.lrange("audit", 0, -1)).toEqual(["debit 30 from 100"]);
    },
  );

  withWatch("returning null writes nothing and resolves to null; an empty multi resolves to []", async () => {
    await ctx.admin.set("k", "1");
    expect(
      await ctx.pool.watch("k", async (tx) => (Number(await tx.get("k")) > 5 ? tx.multi().del("k") : null)),
    ).toBeNull();
    expect(await ctx.pool.watch("k", () => undefined)).toBeNull();
    expect(await ctx.pool.watch(["k"], (tx) => tx.multi())).toEqual([]);
    expect(await ctx.admin.get("k")).toBe("1");
  });

  oneSlotTx("gives up with WatchConflictError after maxAttempts, writing nothing", async () => {
    await ctx.admin.set("hot", "0");
    let runs = 0;
    const error = await ctx.pool
      .watch(
        "hot",
        async (tx) => {
          runs++;
          await tx.get("hot");
          await ctx.admin.incr("hot");
          return tx.multi().set("hot", "mine").set("side", "effect");
        },
        { maxAttempts: 3 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatchConflictError);
    expect((error as WatchConflictError).code).toBe("WATCH_CONFLICT");
    expect(runs).toBe(3);
    expect(await ctx.admin.get("hot")).toBe("3");
    expect(await ctx.admin.exists("side")).toBe(0);
  });

  withWatch("an error thrown by fn rejects as is; the connection is clean for the next watch", async () => {
    await ctx.admin.set("k", "v");
    const boom = new Error("boom");
    await expect(
      ctx.pool.watch("k", async (tx) => {
        await tx.get("k");
        throw boom;
      }),
    ).rejects.toBe(boom);
    // The next transaction (likely on the same reused connection) is not affected by a leftover WATCH.
    await ctx.admin.set("k", "changed");
    expect(await ctx.pool.watch("other", (tx) => tx.multi().set("other", "1"))).toEqual(["OK"]);
    await expect(
      ctx.pool.watch("k", async (tx) => {
        await tx.call("NOT-A-COMMAND");
        return tx.multi();
      }),
    ).rejects.toBeInstanceOf(ReplyError);
  });

  withWatch("a command refused while queued aborts the transaction with EXECABORT", async () => {
    const error = await ctx.pool
      .watch("k", (tx) => tx.multi().set("k", "1").call("NOT-A-COMMAND", "x"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("EXECABORT");
    expect(await ctx.admin.exists("k")).toBe(0);
  });

  it(
    "runs on a dedicated connection: the pool's own MULTI is unaffected by the WATCH, and no connection leaks",
    [WATCH, ONE_SERVER],
    async () => {
      await ctx.pool.watch("warm-up", () => null);
      await ctx.pool.ping();
      const before = await connectionCount(ctx.admin);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let runs = 0;
      const running = ctx.pool.watch("k", async (tx) => {
        runs++;
        await tx.get("k");
        if (runs === 1) await gate;
        return tx.multi().set("k", "done");
      });
      await waitFor("the WATCH", async () => runs === 1);
      await ctx.admin.set("k", "changed");
      // Were the WATCH on the pool's shared connection, this EXEC would be aborted by the change above.
      expect(await ctx.pool.multi().set("x", "1").exec()).toEqual(["OK"]);
      expect(await ctx.pool.get("x")).toBe("1");
      release();
      expect(await running).toEqual(["OK"]);
      expect(runs).toBe(2);
      expect(await ctx.admin.get("k")).toBe("done");
      // The connection was reused and given back; failures give it back too.
      await ctx.pool.watch("k", () => Promise.reject(new Error("fn failed"))).catch(() => undefined);
      expect(await connectionCount(ctx.admin)).toBe(before);
      // Concurrent transactions each get their own connection; a few are kept for reuse.
      const all = await Promise.all(
        Array.from({ length: 3 }, (_, i) => ctx.pool.watch(`k${i}`, (tx) => tx.multi().incr(`k${i}`))),
      );
      expect(all).toEqual([[1], [1], [1]]);
      expect(await connectionCount(ctx.admin)).toBeLessThanOrEqual(before + 2);
    },
  );

  it("bad arguments reject with InvalidArgumentError before anything is sent", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.watch([], () => null),
      () => ctx.pool.watch("k", "fn" as never),
      () => ctx.pool.watch("k", () => null, { maxAttempts: 0 }),
      () => ctx.pool.watch("k", () => null, { maxAttempts: 1.5 }),
      () => ctx.pool.watch("k", () => null, "often" as never),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  withWatch(
    "tx used after fn returned rejects; a bad return or a bad queued command rejects and writes nothing",
    async () => {
      let leaked: { get(key: string): Promise<string | null> } | undefined;
      await ctx.pool.watch("k", (tx) => {
        leaked = tx;
        return null;
      });
      await expect(leaked!.get("k")).rejects.toBeInstanceOf(InvalidArgumentError);
      const bad: (() => Promise<unknown>)[] = [
        () => ctx.pool.watch("k", () => ({ not: "a multi" }) as never),
        () => ctx.pool.watch("k", (tx) => tx.multi().set("k", "v", -5)),
        () => ctx.pool.watch("k", (tx) => tx.multi().call("WATCH", "x")),
      ];
      for (const call of bad) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: expect.stringMatching(/INVALID_ARGUMENT|FORBIDDEN_COMMAND/) });
      }
      expect(await ctx.admin.exists("k")).toBe(0);
    },
  );
};

import { ForbiddenCommandError } from "@beeredis/core";
import { expect } from "vitest";
import { commandCalls } from "./commandstats.js";
import type { Cases } from "./context.js";

const REFUSED: readonly (readonly string[])[] = [
  ["SELECT", "1"],
  ["select", "3"],
  ["QUIT"],
  ["RESET"],
  ["HELLO", "3"],
  ["AUTH", "x"],
  ["MONITOR"],
  ["SUBSCRIBE", "ch"],
  ["PSUBSCRIBE", "ch*"],
  ["WATCH", "k"],
  ["MULTI"],
  ["EXEC"],
  ["CLIENT", "REPLY", "OFF"],
];

export const forbiddenCases: Cases = (ctx, it) => {
  it("no select method exists on a pool", () => {
    expect((ctx.pool as unknown as Record<string, unknown>).select).toBeUndefined();
  });

  it("SELECT and the connection-state commands are refused on every path, and nothing reaches the server", async () => {
    await ctx.pool.ping(); // make sure the pool's connection (and any SELECT it makes for its db) exists
    const before = await commandCalls(ctx.admin);
    for (const [name, ...args] of REFUSED) {
      await expect(ctx.pool.call(name!, ...args)).rejects.toBeInstanceOf(ForbiddenCommandError);
      await expect(ctx.pool.callBytes(name!, ...args)).rejects.toBeInstanceOf(ForbiddenCommandError);
      expect(() => ctx.pool.pipeline().call(name!, ...args)).toThrow(ForbiddenCommandError);
      expect(() =>
        ctx.pool
          .multi()
          .get("k")
          .call(name!, ...args),
      ).toThrow(ForbiddenCommandError);
    }
    const after = await commandCalls(ctx.admin);
    for (const name of [
      "select",
      "quit",
      "reset",
      "hello",
      "auth",
      "monitor",
      "subscribe",
      "psubscribe",
      "watch",
      "multi",
      "exec",
      "client|reply",
    ]) {
      expect(after[name] ?? 0, name).toBe(before[name] ?? 0);
    }
  });

  it("the error names the command and says what to use instead", async () => {
    const error = await ctx.pool.call("SELECT", 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenCommandError);
    expect((error as ForbiddenCommandError).code).toBe("FORBIDDEN_COMMAND");
    expect((error as Error).message).toMatch(/SELECT.*registerRedis/);
  });

  it("a refused command is never queued in a batch; the rest still runs", async () => {
    const batch = ctx.pool.pipeline().set("before-select", "1");
    expect(() => batch.call("SELECT", 1)).toThrow(ForbiddenCommandError);
    expect(batch.length).toBe(1);
    expect(await batch.exec()).toEqual(["OK"]);
    expect(await ctx.admin.get("before-select")).toBe("1");
  });
};

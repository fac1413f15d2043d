/** The Pools page's routes: the registered pools, and the command console. */
import { isBeeRedisError } from "@beeredis/core";
import type { Hono } from "hono";
import { ALLOWED_COMMANDS, runConsoleCommand } from "../console.js";
import { type ConsoleOutcome, poolsPage } from "../pages/pools.js";
import type { AppContext } from "./context.js";

/** Mounts the Pools page and its console on `app`. */
export function poolsRoutes(app: Hono, ctx: AppContext): void {
  const { registry } = ctx.options;
  const poolRows = () =>
    registry.getPoolConfigs().map((config) => ({
      code: config.getCode(),
      address: config.getAddress(),
      database: config.getDatabase(),
    }));
  const view = (selectedPool: string, command: string, outcome: ConsoleOutcome) =>
    ctx.page(
      "Pools",
      "pools",
      "/pools",
      poolsPage({ pools: poolRows(), allowed: ALLOWED_COMMANDS, selectedPool, command, outcome }),
    );

  app.get("/pools", (c) => c.html(view(ctx.options.pool ?? "default", "", { kind: "none" })));
  app.post("/pools/console", async (c) => {
    const form = await c.req.parseBody();
    const code = typeof form.pool === "string" ? form.pool : "default";
    const command = typeof form.command === "string" ? form.command.slice(0, 1000) : "";
    let result: Awaited<ReturnType<typeof runConsoleCommand>>;
    try {
      result = await runConsoleCommand(registry.createEngine().getRedis(code), command);
    } catch (error) {
      if (!isBeeRedisError(error)) throw error;
      result = { ok: false, by: "library", error: error.name, message: error.message }; // UnknownPoolError
    }
    if (result.ok)
      return c.html(view(code, command, { kind: "ok", pool: code, command, reply: result.reply }));
    const outcome: ConsoleOutcome = { kind: "refused", pool: code, command, ...result };
    return c.html(view(code, command, outcome), result.by === "library" ? 403 : 400);
  });
}

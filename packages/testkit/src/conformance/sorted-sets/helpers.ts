import type { ConformanceContext } from "../context.js";

async function blockedClients(ctx: ConformanceContext): Promise<number> {
  const info = await ctx.admin.info("clients");
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * Starts a blocking command and waits until the server reports one more blocked client, so a write made next
 * lands while the command is really waiting. Fails if the command settles without ever blocking.
 */
export async function startBlocked<T>(
  ctx: ConformanceContext,
  start: () => Promise<T>,
): Promise<{ result: Promise<T> }> {
  const before = await blockedClients(ctx);
  let settled = false;
  const result = start();
  result.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let attempt = 0; attempt < 500; attempt++) {
    if (settled) throw new Error("the blocking command returned before anything was written");
    if ((await blockedClients(ctx)) > before) return { result };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the server never reported the command as blocked");
}

/** The sorted set commands the server has executed since the last CONFIG RESETSTAT, from INFO commandstats. */
export async function sortedSetCommandsSeen(ctx: ConformanceContext): Promise<string[]> {
  const info = await ctx.admin.info("commandstats");
  return [...info.matchAll(/^cmdstat_(b?z[a-z]+):/gm)].map((match) => match[1]!);
}

/**
 * @module What Redis itself must bound for a gateway's tokens, read from its configuration at start. The gateway
 * bounds requests, replies, connections and the values a write may grow, but not what tokens' writes add up to,
 * nor a large reply Redis builds before the gateway sees it; only Redis' own limits stop those.
 */
import type { RedisPool } from "@beeredis/core";

/**
 * One sentence per limit Redis leaves open (see the README's threat model), or one saying it could not be read
 * (a login without CONFIG GET); none when Redis bounds them all.
 */
export async function unboundedRedisLimits(pool: RedisPool): Promise<string[]> {
  let config: Record<string, string>;
  try {
    config = await pool.configGet("maxmemory", "client-output-buffer-limit");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      `could not read Redis' maxmemory and client-output-buffer-limit (${reason}): check them yourself (see the README's threat model).`,
    ];
  }
  const warnings: string[] = [];
  if (Number(config.maxmemory ?? 0) === 0) {
    warnings.push(
      "Redis has no maxmemory: tokens' writes can fill the host's memory. Set maxmemory and a maxmemory-policy.",
    );
  }
  // "normal <hard> <soft> <seconds> replica ... pubsub ...": hard and soft 0 leave a reply unbounded.
  const normal = /(?:^|\s)normal (\d+) (\d+) \d+/.exec(config["client-output-buffer-limit"] ?? "");
  if (normal === null || (Number(normal[1]) === 0 && Number(normal[2]) === 0)) {
    warnings.push(
      "Redis does not bound a normal client's output buffer: a reply over maxResponseBytes (LRANGE of a long list) is built in full before the gateway withholds it. Set client-output-buffer-limit normal to a few times maxResponseBytes.",
    );
  }
  return warnings;
}

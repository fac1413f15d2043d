import type { RedisServer } from "@beeredis/testkit";

export async function rateLimitSection(_server: RedisServer, _total: number): Promise<void> {}

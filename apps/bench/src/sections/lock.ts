import type { RedisServer } from "@beeredis/testkit";

export async function lockSection(_server: RedisServer, _total: number): Promise<void> {}

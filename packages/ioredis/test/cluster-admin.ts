import type { Cluster, Redis } from "ioredis";

type Masters = () => Redis[];

/** Commands that concern every master: run on each, merged as one server would answer. */
async function onAll(
  masters: Masters,
  run: (node: Redis) => Promise<unknown>,
  merge: "first" | "sum" | "concat",
) {
  const replies = await Promise.all(masters().map(run));
  if (merge === "sum") return replies.reduce((total: number, reply) => total + Number(reply), 0);
  if (merge === "concat") return replies.flat();
  return replies[0];
}

/**
 * INFO of every master as one server's: numeric fields and each `cmdstat_*` line's counters are summed, so
 * `blocked_clients` or `calls=` count what the whole cluster did.
 */
export function mergeInfo(replies: string[]): string {
  const merged = new Map<string, string>();
  for (const reply of replies) {
    for (const line of reply.split("\r\n")) {
      const at = line.indexOf(":");
      if (line.startsWith("#") || at < 0) continue;
      const [key, value] = [line.slice(0, at), line.slice(at + 1)];
      const previous = merged.get(key);
      if (previous === undefined) merged.set(key, value);
      else if (/^\d+$/.test(value) && /^\d+$/.test(previous))
        merged.set(key, String(Number(previous) + Number(value)));
      else if (key.startsWith("cmdstat_")) merged.set(key, sumCounters(previous, value));
    }
  }
  return [...merged].map(([key, value]) => `${key}:${value}`).join("\r\n");
}

function sumCounters(a: string, b: string): string {
  const other = new Map(b.split(",").map((pair) => pair.split("=") as [string, string]));
  return a
    .split(",")
    .map((pair) => {
      const [name, value] = pair.split("=") as [string, string];
      return `${name}=${Number(value) + Number(other.get(name) ?? 0)}`;
    })
    .join(",");
}

/**
 * The conformance cases' direct client on a cluster: ioredis' Cluster (it routes each key to its node), except
 * that the few whole-dataset calls the cases make (KEYS, DBSIZE, SCRIPT, FUNCTION) cover every master, and
 * their multi-key MSET/EXISTS/DEL calls go key by key, as one server would take them in one call.
 */
export function clusterAdmin(cluster: Cluster, masters: Masters): Redis {
  const perKey = {
    mset: async (...args: unknown[]) => {
      const flat = args.flat() as string[];
      for (let i = 0; i < flat.length; i += 2) await cluster.set(flat[i]!, flat[i + 1]!);
      return "OK";
    },
    exists: async (...keys: unknown[]) => {
      const counts = await Promise.all((keys.flat() as string[]).map((key) => cluster.exists(key)));
      return counts.reduce((total, count) => total + count, 0);
    },
    del: async (...keys: unknown[]) => {
      const counts = await Promise.all((keys.flat() as string[]).map((key) => cluster.del(key)));
      return counts.reduce((total, count) => total + count, 0);
    },
    keys: (pattern: string) => onAll(masters, (node) => node.keys(pattern), "concat"),
    dbsize: () => onAll(masters, (node) => node.dbsize(), "sum"),
    info: async (section?: string) =>
      mergeInfo(await Promise.all(masters().map((node) => (section ? node.info(section) : node.info())))),
    script: (...args: [string, ...string[]]) =>
      args[0].toUpperCase() === "KILL"
        ? Promise.any(masters().map((node) => node.script("KILL")))
        : onAll(masters, (node) => node.script(...(args as ["FLUSH"])), "first"),
    call: (name: string, ...args: string[]) =>
      name.toUpperCase() === "FUNCTION"
        ? onAll(masters, (node) => node.call(name, ...args), "first")
        : cluster.call(name, ...args),
  };
  return new Proxy(cluster, {
    get(target, property, receiver) {
      if (typeof property === "string" && property in perKey) return perKey[property as keyof typeof perKey];
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as unknown as Redis;
}

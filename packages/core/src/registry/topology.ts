import type { HostPort, ParsedAddress } from "../transport.js";
import { type ResolvedAddress, resolveAddress, withoutCredentials } from "./address.js";

/** The Sentinel database range: Redis' default 16 databases. */
const MAX_SENTINEL_DB = 15;

/** How a pool reaches its server(s): one address, a Redis Cluster, or a master found through Sentinels. */
export type Topology =
  | { readonly kind: "single"; readonly address: string }
  | { readonly kind: "cluster"; readonly nodes: readonly string[] }
  | { readonly kind: "sentinel"; readonly masterName: string; readonly sentinels: readonly string[] };

/**
 * Resolves a cluster's seed nodes or a Sentinel set into one address, with credentials split off so they never
 * reach `getAddress()`: `cluster(h:p,h:p)` or `sentinel(name@h:p,h:p)`.
 * @returns the resolved address, or a sentence saying what is wrong.
 * @internal
 */
export function resolveTopology(topology: Topology, db: number): ResolvedAddress | string {
  if (topology.kind === "single") return resolveAddress(topology.address);
  const list = topology.kind === "cluster" ? topology.nodes : topology.sentinels;
  const what = topology.kind === "cluster" ? "cluster node" : "sentinel";
  if (!Array.isArray(list) || list.length === 0) return `at least one ${what} address is needed`;
  const nodes: HostPort[] = [];
  let tls = false;
  let first: ResolvedAddress | undefined;
  for (const entry of list) {
    const resolved = resolveAddress(entry);
    if (typeof resolved === "string") {
      const shown = typeof entry === "string" ? withoutCredentials(entry) : entry;
      return `${what} ${JSON.stringify(shown)}: ${resolved}`;
    }
    if (resolved.parsed.kind !== "tcp")
      return `${what} "${resolved.display}" must be host:port or redis(s)://`;
    if (resolved.pathDb !== undefined) return `${what} "${resolved.display}" must not name a database`;
    nodes.push({ host: resolved.parsed.host, port: resolved.parsed.port });
    tls ||= resolved.parsed.tls;
    first ??= resolved;
  }
  const hostPorts = nodes.map(format).join(",");
  const credentials = {
    ...(first?.username ? { username: first.username } : {}),
    ...(first?.password ? { password: first.password } : {}),
  };
  if (topology.kind === "cluster") {
    if (db !== 0) return `Redis Cluster serves database 0 only, not database ${String(db)}`;
    const parsed: ParsedAddress = { kind: "cluster", nodes, tls };
    return { parsed, display: `cluster(${hostPorts})`, ...credentials };
  }
  if (typeof topology.masterName !== "string" || !/^[^\s@,()]+$/.test(topology.masterName)) {
    return `the sentinel master name ${JSON.stringify(topology.masterName)} is not a valid name`;
  }
  if (!Number.isInteger(db) || db < 0 || db > MAX_SENTINEL_DB)
    return `database ${String(db)} is outside 0..${MAX_SENTINEL_DB}`;
  const parsed: ParsedAddress = { kind: "sentinel", masterName: topology.masterName, sentinels: nodes, tls };
  // Sentinel credentials are the Sentinels' own; the master's come from the pool options.
  return { parsed, display: `sentinel(${topology.masterName}@${hostPorts})` };
}

function format({ host, port }: HostPort): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

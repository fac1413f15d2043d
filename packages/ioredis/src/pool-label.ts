import type { Endpoint, ParsedAddress } from "@beeredis/core";

/** How errors name a pool: `Redis pool "default" (127.0.0.1:6379)`, never with a credential. */
export function poolLabel(endpoint: Endpoint): string {
  return `Redis pool "${endpoint.code}" (${describeAddress(endpoint.address)})`;
}

/** The address as `getAddress()` shows it, without credentials (an endpoint's address never holds any). */
export function describeAddress(address: ParsedAddress): string {
  const hostPort = ({ host, port }: { host: string; port: number }) =>
    host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  switch (address.kind) {
    case "tcp":
      return hostPort(address);
    case "unix":
      return address.path;
    case "sentinel":
      return `sentinel(${address.masterName}@${address.sentinels.map(hostPort).join(",")})`;
    case "cluster":
      return `cluster(${address.nodes.map(hostPort).join(",")})`;
    case "http":
      return address.url;
  }
}

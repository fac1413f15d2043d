import type { ParsedAddress } from "../transport.js";

/** An address as the registry understood it, with credentials split off so they never reach `getAddress()`. */
export interface ResolvedAddress {
  readonly parsed: ParsedAddress;
  /** The address as registered, minus any password. */
  readonly display: string;
  readonly username?: string;
  readonly password?: string;
  /** A database index written in a `redis://host/3` path, if any. */
  readonly pathDb?: number;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@[\]]+)(?::(\d{1,5}))?$/;

/**
 * Parses `host:port`, `redis://`, `rediss://`, `unix://`, a socket path, `http://` or `https://`.
 * @returns the parsed address, or a sentence saying what is wrong with it.
 * @internal
 */
export function resolveAddress(address: string): ResolvedAddress | string {
  if (typeof address !== "string" || address.trim() === "") return "the address is empty";
  const text = address.trim();
  if (text.startsWith("/")) return { parsed: { kind: "unix", path: text }, display: text };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return fromHostPort(text, false, text);
  if (scheme === "unix") {
    const path = text.slice("unix://".length);
    return path.startsWith("/")
      ? { parsed: { kind: "unix", path }, display: text }
      : "a unix address needs an absolute path";
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${withoutCredentials(text)}" is not a valid URL`;
  }
  if (scheme === "http" || scheme === "https") {
    if (url.username || url.password) return "put the HTTP token in options.token, not in the URL";
    return {
      parsed: { kind: "http", url: url.origin + url.pathname.replace(/\/$/, "") },
      display: url.origin,
    };
  }
  if (scheme !== "redis" && scheme !== "rediss") {
    return `unsupported scheme "${scheme}://" (use redis://, rediss://, unix://, http:// or https://)`;
  }
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d+$/.test(dbText)) {
    return `"${withoutCredentials(url.pathname)}" is not a database index`;
  }
  const hostPort = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  const user = percentDecoded(url.username);
  const password = percentDecoded(url.password);
  if (user === undefined || password === undefined)
    return "the URL's user or password is not valid percent-encoding";
  const display = `${scheme}://${user ? `${encodeURIComponent(user)}@` : ""}${hostPort}${url.pathname === "/" ? "" : url.pathname}`;
  const resolved = fromHostPort(hostPort, scheme === "rediss", display);
  if (typeof resolved === "string") return resolved;
  return {
    ...resolved,
    ...(user ? { username: user } : {}),
    ...(password ? { password } : {}),
    ...(dbText !== "" ? { pathDb: Number(dbText) } : {}),
  };
}

function fromHostPort(text: string, tls: boolean, display: string): ResolvedAddress | string {
  const match = HOST_PORT.exec(text);
  if (!match) {
    return `"${withoutCredentials(display)}" is not host:port, a redis:// URL, a socket path or an http(s):// URL`;
  }
  const port = match[2] === undefined ? 6379 : Number(match[2]);
  if (port < 1 || port > 65535) return `port ${port} is outside 1..65535`;
  const host = match[1]!.replace(/^\[|\]$/g, "");
  return { parsed: { kind: "tcp", host, port, tls }, display };
}

/**
 * `text` with everything between the scheme and its last `@` hidden, for error messages: an address that failed to
 * parse may still carry a password (`redis://u:pa/ss@h` is not a URL; `redis://us/er:pass@h` has it in its path).
 * @internal
 */
export function withoutCredentials(text: string): string {
  const at = text.lastIndexOf("@");
  if (at === -1) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? "";
  return `${scheme}***@${text.slice(at + 1)}`;
}

function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

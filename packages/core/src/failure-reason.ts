/** @module Low-level connection failures (socket, DNS, TLS, fetch) in plain words, for every transport's errors. */

/** A failure as a user reads it. */
export interface FailureReason {
  /** The cause in plain words: `"connection refused"`, `"TLS: self-signed certificate"`. */
  readonly reason: string;
  /** The server cannot be reached at all, so every command would fail the same way until it is back. */
  readonly unreachable: boolean;
  /** What to check, when something can be said. */
  readonly hint?: string;
  /**
   * The server answered, and its answer says the pool is set up wrong (a refused login, a Sentinel master name it
   * does not know, a standalone server registered as a cluster): waiting for a reconnect will not help, so commands
   * fail at once, until an attempt succeeds.
   */
  readonly misconfigured?: boolean;
}

const RUNNING = "Is the server running, and is the address right?";
const TRUST = "Pass the server's CA certificate in the pool's tls option ({ ca }).";

/** Known error codes (Node's socket and TLS codes, Bun's and Deno's spellings), by what they mean. */
const BY_CODE: Record<string, FailureReason> = {
  ECONNREFUSED: { reason: "connection refused", unreachable: true, hint: RUNNING },
  ConnectionRefused: { reason: "connection refused", unreachable: true, hint: RUNNING },
  ECONNRESET: { reason: "connection reset", unreachable: true },
  ConnectionReset: { reason: "connection reset", unreachable: true },
  EPIPE: { reason: "connection reset", unreachable: true },
  ENOTFOUND: { reason: "host not found (DNS)", unreachable: true, hint: "Check the host name." },
  EAI_AGAIN: { reason: "host name lookup failed (DNS)", unreachable: true },
  ETIMEDOUT: { reason: "connect timed out", unreachable: true, hint: RUNNING },
  EHOSTUNREACH: { reason: "host unreachable", unreachable: true },
  ENETUNREACH: { reason: "network unreachable", unreachable: true },
  UND_ERR_SOCKET: { reason: "connection lost", unreachable: true },
  UND_ERR_CONNECT_TIMEOUT: { reason: "connect timed out", unreachable: true, hint: RUNNING },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "TLS: self-signed certificate", unreachable: true, hint: TRUST },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: "TLS: self-signed certificate", unreachable: true, hint: TRUST },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { reason: "TLS: untrusted certificate", unreachable: true, hint: TRUST },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { reason: "TLS: untrusted certificate", unreachable: true, hint: TRUST },
  CERT_HAS_EXPIRED: { reason: "TLS: certificate expired", unreachable: true },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    reason: "TLS: the certificate does not name this host",
    unreachable: true,
    hint: "Connect with the host name the certificate was issued for.",
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    reason: "TLS: the server does not speak TLS on this port",
    unreachable: true,
    hint: "Use redis:// for a plain-text port, rediss:// for a TLS one.",
  },
};

/** Messages without a code (ioredis' own, fetch's), by a fragment of their text. */
const BY_MESSAGE: [RegExp, FailureReason][] = [
  [
    /connection is closed|connection closed|socket closed|other side closed/i,
    { reason: "connection lost", unreachable: true },
  ],
  [/max retries per request|stream isn't writeable/i, { reason: "not connected", unreachable: true }],
  // Before "all sentinels are unreachable": ioredis says so too when the Sentinels answered, with their answer.
  [
    /no such master with that name/i,
    {
      reason: "the Sentinels know no master by this name",
      unreachable: true,
      misconfigured: true,
      hint: "Check the master name (SENTINEL MASTERS on a Sentinel lists them).",
    },
  ],
  [
    /unknown command .sentinel./i,
    {
      reason: "a Sentinel address is a plain Redis server",
      unreachable: true,
      misconfigured: true,
      hint: "List the Sentinels' addresses (port 26379 by default), not the master's.",
    },
  ],
  [
    /cluster support disabled/i,
    {
      reason: "the server is not a cluster node",
      unreachable: true,
      misconfigured: true,
      hint: "Register it with registerRedis(), not registerRedisCluster().",
    },
  ],
  [/all sentinels are unreachable/i, { reason: "no Sentinel reachable", unreachable: true, hint: RUNNING }],
  [
    /fetch failed|network ?error|failed to fetch|network connection was lost/i,
    { reason: "network failure", unreachable: true },
  ],
  [/wrong version number/i, BY_CODE.ERR_SSL_WRONG_VERSION_NUMBER!],
  [
    // ioredis' reply parser meeting bytes no Redis server sends: an HTTP server answers "HTTP/1.1 ...".
    /unknown RESP type/i,
    {
      reason: "the server does not speak the Redis protocol",
      unreachable: true,
      hint: "Is a Redis server listening on this port? An http(s):// endpoint (Upstash, the beeredis gateway) needs the HTTP transport.",
    },
  ],
  [/self[- ]signed certificate/i, BY_CODE.DEPTH_ZERO_SELF_SIGNED_CERT!],
  [
    /^(WRONGPASS|NOAUTH)\b/,
    {
      reason: "authentication failed",
      unreachable: false,
      misconfigured: true,
      hint: "Check the pool's username and password.",
    },
  ],
];

/**
 * What a socket, DNS, TLS or fetch failure means in plain words, found from a `code` along its `cause` chain (fetch
 * wraps the socket's error), else from a message.
 * @example describeFailure(error).reason // "connection refused"
 */
export function describeFailure(error: unknown): FailureReason {
  const chain = causeChain(error);
  for (const { code } of chain) {
    if (typeof code === "string" && BY_CODE[code]) return BY_CODE[code]!;
  }
  for (const { message } of chain) {
    if (typeof message !== "string") continue;
    for (const [pattern, meaning] of BY_MESSAGE) if (pattern.test(message)) return meaning;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { reason: message.replace(/\.$/, ""), unreachable: false };
}

/** `error` and its causes, outermost first (a few levels: enough for fetch's wrapping, safe from a cycle). */
function causeChain(error: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown; cause?: unknown }[] = [];
  for (let current = error; chain.length < 5 && typeof current === "object" && current !== null; ) {
    const link = current as { code?: unknown; message?: unknown; cause?: unknown };
    chain.push(link);
    current = link.cause;
  }
  return chain;
}

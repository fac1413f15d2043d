/**
 * Arbitrary HTTP requests for the gateway fuzz test, and a raw sender (node:http, one connection per request, so
 * nothing is normalised on the way: any method token, any path, any header, any body).
 */
import { type IncomingMessage, request } from "node:http";
import type { Duplex, Readable } from "node:stream";
import fc from "fast-check";

export const TOKENS = { readWrite: "rw-token", readOnly: "ro-token", database3: "db3-token" } as const;
/** The key every run checks: requests without a read-write token must leave it as it is. */
export const SENTINEL = "fuzz:sentinel";

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `req` as it is and resolves to the answer; rejects when the connection ends without one. */
export function send(url: string, req: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const options = {
      hostname,
      port,
      method: req.method,
      path: req.path,
      headers: req.headers,
      agent: false,
    };
    const outgoing = request(options, (res) => read(res, res, Buffer.alloc(0)));
    // The answer to CONNECT comes as a `connect` event, its body on the raw socket.
    outgoing.on("connect", (res: IncomingMessage, socket: Duplex, head: Buffer) => read(res, socket, head));
    outgoing.on("error", reject);
    outgoing.end(req.body);

    function read(res: IncomingMessage, stream: Readable | Duplex, head: Buffer) {
      const chunks: Buffer[] = [head];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      stream.on("error", reject);
    }
  });
}

/** Writing commands (and some reads), aimed at the sentinel; every one must be refused without a read-write token. */
const WRITES: string[][] = [
  ["SET", SENTINEL, "changed"],
  ["DEL", SENTINEL],
  ["FLUSHDB"],
  ["FLUSHALL"],
  ["APPEND", SENTINEL, "x"],
  ["SETRANGE", SENTINEL, "0", "x"],
  ["GETDEL", SENTINEL],
  ["GETEX", SENTINEL, "PX", "1"],
  ["EXPIRE", SENTINEL, "1"],
  ["RENAME", SENTINEL, "fuzz:moved"],
  ["COPY", SENTINEL, "fuzz:copy"],
  ["MOVE", SENTINEL, "1"],
  ["SWAPDB", "0", "1"],
  ["MSET", "fuzz:a", "1"],
  ["INCR", "fuzz:n"],
  ["LPUSH", "fuzz:l", "x"],
  ["HSET", "fuzz:h", "f", "v"],
  ["ZADD", "fuzz:z", "1", "m"],
  ["XADD", "fuzz:s", "*", "f", "v"],
  ["PFADD", "fuzz:p", "x"],
  ["GEOADD", "fuzz:g", "0", "0", "m"],
  ["SORT", "fuzz:l", "STORE", "fuzz:sorted"],
  ["SUNIONSTORE", "fuzz:u", "fuzz:a"],
  ["BITOP", "OR", "fuzz:b", "fuzz:a"],
  ["EVAL", `return redis.call('SET', KEYS[1], 'x')`, "1", SENTINEL],
  ["EVAL_RO", `return redis.call('SET', KEYS[1], 'x')`, "1", SENTINEL],
  ["FCALL", "fuzzfn", "0"],
  [
    "FUNCTION",
    "LOAD",
    "#!lua name=fuzzlib\nredis.register_function('fuzzfn', function() return redis.call('SET', 'fuzz:f', 'v') end)",
  ],
  ["FUNCTION", "FLUSH"],
  ["SCRIPT", "FLUSH"],
  ["PUBLISH", "fuzz:channel", "m"],
  ["CONFIG", "RESETSTAT"],
  ["CONFIG", "SET", "maxmemory", "1"],
  ["CLIENT", "PAUSE", "20"],
  ["DEBUG", "SLEEP", "0"],
];
const READS: string[][] = [
  ["GET", SENTINEL],
  ["PING"],
  ["ECHO", "x"],
  ["EXISTS", SENTINEL],
  ["DBSIZE"],
  ["SCAN", "0"],
  ["EVAL_RO", "return 1", "0"],
];

const randomCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

/** A JSON argument as raw text: strings, numbers JSON cannot carry exactly, and values that are no argument. */
const jsonArg = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 12 }).map((text) => JSON.stringify(text)) },
  fc.constantFrom(
    "1e400",
    "-1e400",
    "123456789012345678901234567890",
    "-0",
    "1.5",
    "true",
    "null",
    "{}",
    "[[]]",
    '{"a":[1]}',
  ),
  fc.integer().map(String),
);

/** One command as JSON elements (raw text): a known one in any case, or a random name, with optional extra arguments. */
const command = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...WRITES, ...READS) },
      fc.tuple(fc.string({ maxLength: 8 })),
    ),
    fc.array(jsonArg, { maxLength: 2 }),
  )
  .chain(([[name, ...args], extra]) =>
    randomCase(name!).map((cased) => [
      JSON.stringify(cased),
      ...args.map((a) => JSON.stringify(a)),
      ...extra,
    ]),
  );

const commandJson = command.map((parts) => `[${parts.join(",")}]`);
const batchJson = fc
  .array(commandJson, { minLength: 1, maxLength: 4 })
  .map((items) => `[${items.join(",")}]`);
const nested: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  tree: fc.oneof(
    // At maxDepth oneof takes its first arbitrary, so the leaves come first.
    { depthSize: "small", maxDepth: 40 },
    fc.string(),
    fc.integer(),
    fc.array(tie("tree"), { maxLength: 3 }),
  ),
})).tree;

/** A body: one command, a batch, any JSON, deeply nested arrays, random bytes, or nothing. */
const body = fc.oneof(
  { weight: 4, arbitrary: commandJson },
  { weight: 3, arbitrary: batchJson },
  fc.json(),
  nested.map((tree) => JSON.stringify(tree)),
  fc.uint8Array({ maxLength: 512 }),
  fc.constant(""),
);

/** Path-segment junk: percent-encoded anything, raw printable ASCII (no ? or #), broken percent escapes. */
const segment = fc.oneof(
  fc.string({ unit: "binary", maxLength: 10 }).map(encodeURIComponent),
  fc.stringMatching(/^[!-"$-&(-/:->@-~]{0,10}$/),
  fc.constantFrom("%", "%zz", "%E0%A4", "%00", "%2F", "..", ".", ""),
);
const commandPath = command.map(
  (parts) => `/${parts.map((p) => encodeURIComponent(String(JSON.parse(p)))).join("/")}`,
);
const path = fc.oneof(
  fc.constantFrom("/", "/pipeline", "/multi-exec", "/pipeline/", "//", "/set/a/b"),
  commandPath,
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join("/")}`),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => `/get/${"a".repeat(n)}`),
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD") },
  fc.constantFrom("CONNECT", "PROPFIND", "PURGE", "M-SEARCH", "post", "Get"),
  fc.stringMatching(/^[A-Z]{1,8}$/),
);

/** Tokens that are none of the configured ones, as sent (header) and as written in a query string. */
const wrongToken = fc
  .string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz-_.~!*0123456789".split("")),
    minLength: 1,
    maxLength: 12,
  })
  .filter((token) => !Object.values(TOKENS).includes(token as never));

/** How a request authenticates, and what it should be allowed to do. */
export type Auth = { kind: "none" | "invalid" | "read-only" | "read-write"; header?: string; query?: string };

const bearer = (token: string) => fc.constantFrom(`Bearer ${token}`, `bearer  ${token}`, `BEARER\t${token} `);

export const authNone: fc.Arbitrary<Auth> = fc.constant({ kind: "none" });
export const authInvalid: fc.Arbitrary<Auth> = fc.oneof(
  wrongToken.chain(bearer).map((header) => ({ kind: "invalid" as const, header })),
  fc
    .constantFrom(
      `Basic ${Buffer.from(TOKENS.readWrite).toString("base64")}`,
      `Token ${TOKENS.readWrite}`,
      `Bearer ${TOKENS.readWrite} extra`,
      `Bearer${TOKENS.readWrite}`,
      "Bearer",
      `Bearer ${TOKENS.readWrite.toUpperCase()}`,
    )
    // A present but wrong header wins over a right query token.
    .chain((header) =>
      fc.record({
        kind: fc.constant("invalid" as const),
        header: fc.constant(header),
        query: fc.constantFrom(undefined, TOKENS.readWrite),
      }),
    ),
  wrongToken.map((token) => ({ kind: "invalid" as const, query: encodeURIComponent(token) })),
);
export const authReadOnly: fc.Arbitrary<Auth> = fc.oneof(
  bearer(TOKENS.readOnly).map((header) => ({ kind: "read-only" as const, header })),
  fc.constant({ kind: "read-only" as const, query: TOKENS.readOnly }),
);
export const authReadWrite: fc.Arbitrary<Auth> = fc.oneof(
  bearer(TOKENS.readWrite).map((header) => ({ kind: "read-write" as const, header })),
  fc.constant({ kind: "read-write" as const, query: TOKENS.readWrite }),
);

/** A header name node:http lets through, other than the ones that frame the message. */
const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/)
  .filter(
    (name) =>
      !["content-length", "transfer-encoding", "host", "connection", "expect"].includes(name.toLowerCase()),
  );
const extraHeaders = fc.dictionary(headerName, fc.stringMatching(/^[ -~]{0,30}$/), { maxKeys: 3 });

/** An arbitrary request with the given authentication. */
/** What a request says, before authentication and framing are added. */
const anyShape = fc.record({ method, path, body: fc.option(body, { freq: 4 }) });
/** Requests shaped as the protocol asks (so they reach the command checks), with commands of any kind. */
const plausibleShape = fc.oneof(
  fc.record({ method: fc.constant("POST"), path: fc.constant("/"), body: commandJson }),
  fc.record({
    method: fc.constant("POST"),
    path: fc.constantFrom("/pipeline", "/multi-exec"),
    body: batchJson,
  }),
  fc.record({ method: fc.constantFrom("GET", "POST"), path: commandPath, body: fc.constant(null) }),
);

/** A request with the given authentication: any method, path and body, or (as often) a plausible one. */
export function anyRequest(auth: fc.Arbitrary<Auth>): fc.Arbitrary<{ auth: Auth; req: RawRequest }> {
  return fc
    .record({
      auth,
      shape: fc.oneof(anyShape, plausibleShape),
      encoding: fc.constantFrom(undefined, "base64", "BASE64", "gzip", "bas64"),
      extra: extraHeaders,
      upgrade: fc.boolean(),
    })
    .map(
      ({ auth: given, shape: { method: verb, path: target, body: payload }, encoding, extra, upgrade }) => {
        const headers: Record<string, string> = { ...extra };
        if (given.header !== undefined) headers.authorization = given.header;
        if (encoding !== undefined) headers["upstash-encoding"] = encoding;
        if (upgrade) Object.assign(headers, { connection: "Upgrade", upgrade: "websocket" });
        const query = given.query === undefined ? "" : `?_token=${given.query}`;
        const bytes =
          typeof payload === "string" ? new TextEncoder().encode(payload) : (payload ?? undefined);
        // Framed explicitly: node:http sends a GET, HEAD or DELETE body unframed, which would read as a second request.
        if (bytes !== undefined) headers["content-length"] = String(bytes.length);
        return { auth: given, req: { method: verb, path: `${target}${query}`, headers, body: bytes } };
      },
    );
}

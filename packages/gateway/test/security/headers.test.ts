/**
 * Which token a request carries, when an attacker shapes the headers: several Authorization headers, a header
 * and a `_token` query parameter, two tokens in one header. The request runs with exactly one token's rights (the
 * first header's, as node reads it), or with none: judged by what Redis holds afterwards.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, TOKENS } from "./fixture.js";

/** Sends a raw HTTP/1.1 request (headers exactly as given, in order) and answers its status and body. */
function rawPost(
  pg: Playground,
  path: string,
  headers: readonly [string, string][],
  body: unknown,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(pg.gateway.url);
  const json = JSON.stringify(body);
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Connection: close",
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ status: Number(text.slice(9, 12)), body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
    // Not `end()`: a half-closed client counts as gone. `Connection: close` makes the gateway end the socket.
    socket.write(`${head.join("\r\n")}\r\n\r\n${json}`);
  });
}

const bearer = (token: string): [string, string] => ["Authorization", `Bearer ${token}`];

describe("the token of a request with shaped headers", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
  });
  afterAll(() => pg.stop());

  it("a read-only token first and the admin token second: read-only, FLUSHALL refused", async () => {
    for (const order of [
      [bearer(TOKENS.readOnly), bearer(TOKENS.admin)],
      [
        ["authorization", `Bearer ${TOKENS.readOnly}`],
        ["AUTHORIZATION", `Bearer ${TOKENS.admin}`],
      ],
    ] as [string, string][][]) {
      const answer = await rawPost(pg, "/", order, ["FLUSHALL"]);
      expect(answer.status).toBe(403);
      await pg.assertIntact();
    }
  });

  it("two tenants' tokens: the command runs in the first one's database only", async () => {
    const answer = await rawPost(
      pg,
      "/",
      [bearer(TOKENS.tenant), bearer(TOKENS.other)],
      ["SET", "shaped", "v"],
    );
    expect(answer.status, answer.body).toBe(200);
    expect(await pg.read(3, "shaped")).toBe("v");
    expect(await pg.read(0, "shaped")).toBeNull();
    await pg.direct.select(3);
    await pg.direct.del("shaped");
    await pg.direct.select(0);
  });

  it("a header wins over the `_token` query parameter: the admin token in the query grants nothing", async () => {
    const answer = await rawPost(pg, `/?_token=${TOKENS.admin}`, [bearer(TOKENS.readOnly)], ["FLUSHALL"]);
    expect(answer.status).toBe(403);
    await pg.assertIntact();
  });

  it("two tokens in one header, or a token with blanks around it: no token at all, or exactly the one", async () => {
    for (const value of [
      `Bearer ${TOKENS.readOnly}, Bearer ${TOKENS.admin}`,
      `Bearer ${TOKENS.readOnly} ${TOKENS.admin}`,
      `Bearer ${TOKENS.admin}${TOKENS.readOnly}`,
    ]) {
      const answer = await rawPost(pg, "/", [["Authorization", value]], ["FLUSHALL"]);
      expect(answer.status, value).toBe(401);
      await pg.assertIntact();
    }
    // Blanks around one token (read as Redis clients send it): that token, read-only, so still refused.
    const padded = await rawPost(pg, "/", [["Authorization", `bearer   ${TOKENS.readOnly}  `]], ["FLUSHALL"]);
    expect(padded.status).toBe(403);
    await pg.assertIntact();
  });
});

/**
 * Malformed bytes on a connection that is already answering (an SSE stream, a request still waiting on Redis):
 * the connection is cut, and no raw 400 is written into the answer under way or ahead of it.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, TOKENS } from "./fixture.js";

/**
 * Writes `first`, waits until the answer contains `until` (or `until` ms), writes `garbage`, and resolves to all
 * it read.
 */
function exchange(pg: Playground, first: string, until: string | number, garbage: string): Promise<string> {
  const { hostname, port } = new URL(pg.gateway.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    let sent = false;
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (!sent && typeof until === "string" && text.includes(until)) {
        sent = true;
        socket.write(garbage);
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(text));
    socket.write(first);
    if (typeof until === "number") setTimeout(() => socket.write(garbage), until);
    setTimeout(() => socket.destroy(), 5000);
  });
}

describe("malformed bytes on a connection already answering", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground({}, []);
  });
  afterAll(() => pg.stop());

  const auth = `Authorization: Bearer ${TOKENS.tenant}\r\n`;

  it("an SSE stream is cut, not given a second status line", async () => {
    const text = await exchange(
      pg,
      `POST /subscribe/news HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 0\r\n\r\n`,
      "subscribe,news,1",
      "\u0000garbage\r\n\r\n",
    );
    expect(text.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 200"]);
  });

  it("a request waiting on Redis gets no raw 400 ahead of its answer", async () => {
    const body = JSON.stringify(["BLPOP", "nothing-here", "0.5"]);
    const text = await exchange(
      pg,
      `POST / HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${body.length}\r\n\r\n${body}`,
      100, // while the BLPOP still waits
      "\u0000garbage\r\n\r\n",
    );
    expect(text).not.toMatch(/HTTP\/1\.1 400/);
  });
});

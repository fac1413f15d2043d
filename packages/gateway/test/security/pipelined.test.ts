/**
 * A body the gateway stops reading (over 8 × maxBodyBytes) condemns its connection: the answer closes it. A request
 * pipelined behind that body on the same connection, already received, must not run, since its answer could never
 * be sent and its client could not tell whether it ran. Judged by what Redis holds.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, TOKENS } from "./fixture.js";

describe("a request pipelined behind a body the gateway gave up on", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground({ maxBodyBytes: 1000 });
  });
  afterAll(() => pg.stop());

  const auth = `Authorization: Bearer ${TOKENS.tenant}\r\n`;
  for (const [name, head, status] of [
    ["no token (401)", "POST / HTTP/1.1\r\nHost: x\r\n", 401],
    ["a body over the limit (413)", `POST / HTTP/1.1\r\nHost: x\r\n${auth}`, 413],
    ["a method not allowed (405)", `GET / HTTP/1.1\r\nHost: x\r\n${auth}`, 405],
    ["an SSE subscription (413)", `POST /subscribe/news HTTP/1.1\r\nHost: x\r\n${auth}`, 413],
  ] as const) {
    it(`after ${name}: only that answer, and the pipelined write never reaches Redis`, async () => {
      const key = `pipelined-${status}-${name.length}`;
      const { hostname, port } = new URL(pg.gateway.url);
      const text = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), hostname);
        let read = "";
        socket.on("data", (chunk: Buffer) => {
          read += chunk.toString("latin1");
        });
        socket.on("error", () => undefined);
        socket.on("close", () => resolve(read));
        socket.write(
          `${head}Content-Length: 9000\r\n\r\n${"x".repeat(9000)}GET /set/${key}/ran HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
        );
        setTimeout(() => socket.destroy(), 3000);
      });
      expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual([`HTTP/1.1 ${status}`]);
      expect(text).toMatch(/connection: close/i);
      await new Promise((resolve) => setTimeout(resolve, 200)); // a write would have landed by now
      expect(await pg.read(3, key)).toBeNull();
    });
  }
});

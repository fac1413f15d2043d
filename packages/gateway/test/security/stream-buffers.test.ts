/**
 * An SSE client that stops reading while large messages are published: the gateway ends its stream once it holds
 * `maxStreamBufferBytes` of them, rather than holding every message (1,000 of a megabyte each were a gigabyte).
 * Checked by Redis: the stream's subscriber connection is gone.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, TOKENS } from "./fixture.js";

const subscribers = async (pg: Playground, channel: string) =>
  Number(((await pg.direct.pubsub("NUMSUB", channel)) as [string, number])[1]);

describe("SSE stream buffers", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground({ maxStreamBufferBytes: 256 * 1024 });
  });
  afterAll(() => pg.stop());

  it("a stream whose client does not read is ended past maxStreamBufferBytes, and its Redis subscriber goes", async () => {
    const { hostname, port } = new URL(pg.gateway.url);
    // A client that sends the request, then never reads: the kernel's buffers fill, then the gateway's.
    const socket = connect(Number(port), hostname);
    socket.pause();
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /subscribe/hoard HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${TOKENS.tenant}\r\nContent-Length: 0\r\n\r\n`,
    );
    const channel = "db3:hoard";
    for (let i = 0; i < 100 && (await subscribers(pg, channel)) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await subscribers(pg, channel)).toBe(1);
    // 64 MiB in all: far past what loopback socket buffers hold, and past the 256 KiB the stream may hold.
    const message = "x".repeat(1024 * 1024);
    for (let i = 0; i < 64 && (await subscribers(pg, channel)) > 0; i++) {
      await pg.direct.publish(channel, message);
    }
    for (let i = 0; i < 100 && (await subscribers(pg, channel)) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await subscribers(pg, channel)).toBe(0);
    socket.destroy();
  });
});

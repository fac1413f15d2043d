/**
 * The smallest Upstash-REST server that `@upstash/redis` runs GET and SET against (POST `/` and `/pipeline`,
 * base64 replies): one ioredis connection, no policy, no limits, a plain token compare. The gateway's own cost
 * is measured against it. Never expose it: it lets its token run anything.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";

type Reply = Buffer | string | number | null | Reply[] | Error;

export async function startBareRestServer(
  redisUrl: string,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const redis = new Redis(redisUrl);
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: "Unauthorized" });
    const body = JSON.parse(await text(req)) as unknown[];
    const run = (argv: unknown[]) =>
      redis.callBuffer(String(argv[0]), ...argv.slice(1).map(String)).then(
        (value) => ({ result: encode(value as Reply, true) }),
        (error: Error) => ({ error: error.message }),
      );
    if (req.url === "/pipeline") return reply(200, await Promise.all((body as unknown[][]).map(run)));
    const one = await run(body);
    reply("error" in one ? 400 : 200, one);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}

/** Replies as `@upstash/redis` asks for them (Upstash-Encoding: base64): every string in base64, but a top "OK". */
function encode(value: Reply, top: boolean): unknown {
  if (Buffer.isBuffer(value)) return top && value.toString() === "OK" ? "OK" : value.toString("base64");
  if (Array.isArray(value)) return value.map((item) => encode(item, false));
  return value instanceof Error ? { error: value.message } : value;
}

function text(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    req.on("error", reject);
  });
}

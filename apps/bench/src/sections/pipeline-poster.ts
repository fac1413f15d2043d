/** POSTs `/pipeline` requests as `@upstash/redis` sends them, over keep-alive connections, and little else. */
import { Agent, request } from "node:http";

const BODIES = [
  JSON.stringify([["SET", "bench:poster", "v".repeat(16)]]),
  JSON.stringify([["GET", "bench:value"]]),
];

/** `post(i)`: a SET for even i, a GET for odd i; rejects on a status other than 200. */
export function pipelinePoster(
  url: string,
  token: string,
): { post(i: number): Promise<void>; close(): void } {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = BODIES[i % 2]!;
      const req = request(
        {
          host: hostname,
          port,
          path: "/pipeline",
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "upstash-encoding": "base64",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

import { connect, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/**
 * Resolves true when a RESP server answers PING on host:port within `timeoutMs` (NOAUTH counts: it is up).
 * With `tls`, it connects over TLS trusting `tls.ca`.
 */
export function ping(host: string, port: number, timeoutMs = 500, tls?: { ca: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = tls ? connectTls({ host, port, ca: tls.ca }) : connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on(tls ? "secureConnect" : "connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(/^[+-]/.test(data.toString())));
  });
}

/** Polls until `check` resolves true, or throws after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { ping, waitFor } from "./ping.js";

/** A redis-server process started by {@link startRedis}. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port, with an empty dataset. */
  restart(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Extra `redis-server` arguments, such as `["--maxmemory", "1mb"]`. */
  args?: string[];
  /** The binary. @default "redis-server" (from PATH) */
  binary?: string;
}

/**
 * Spawns `redis-server` from PATH on a free loopback port, with persistence off.
 * @example const server = await startRedis(); ...; await server.stop();
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const host = "127.0.0.1";
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "beeredis-redis-"));
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ["--port", String(port), "--bind", host, "--save", "", "--appendonly", "no", "--dir", dir];
    args.push("--enable-debug-command", "yes", ...(options.args ?? []));
    const proc = spawn(options.binary ?? "redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
    child = proc;
    let failure: Error | undefined;
    proc.on("error", (error) => {
      failure = new Error(
        `Could not start redis-server (${error.message}). Install it: apt-get install -y redis-server`,
      );
    });
    await waitFor(async () => {
      if (failure) throw failure;
      if (proc.exitCode !== null)
        throw new Error(`redis-server exited with code ${proc.exitCode} on port ${port}.`);
      return ping(host, port);
    }, `redis-server on port ${port}`);
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
  };
}

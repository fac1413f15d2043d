import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { ping, waitFor } from "./ping.js";
import { type TlsFiles, writeTlsFiles } from "./tls-certs.js";

/** A redis-server process started by {@link startRedis}. */
export interface RedisServer {
  readonly host: string;
  /** The port it listens on: the TLS port when started with `tls: true` (the plain-text port is then off). */
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, or `rediss://127.0.0.1:<port>` with `tls: true`. */
  readonly url: string;
  /** What a TLS client needs, when started with `tls: true`. */
  readonly tls?: RedisTls;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port, with an empty dataset. */
  restart(): Promise<void>;
}

/** A redis-server process this testkit started: it can also be taken down and brought back, for outage tests. */
export interface LocalRedisServer extends RedisServer {
  /** Stops the server (its clients see refused connections) without giving up its port or directory. */
  down(): Promise<void>;
  /** Starts it again on the same port, with an empty dataset, after {@link down}. */
  up(): Promise<void>;
}

/** The TLS side of a server started with `tls: true`. */
export interface RedisTls {
  /** The TLS port (the same as the server's `port`). */
  readonly port: number;
  /** The PEM certificate of the throwaway CA that signed the server's certificate: pass it as the client's `ca`. */
  readonly ca: string;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Extra `redis-server` arguments, such as `["--maxmemory", "1mb"]`. */
  args?: string[];
  /** The binary. @default "redis-server" (from PATH) */
  binary?: string;
  /**
   * Serve TLS only, with a certificate for 127.0.0.1 and localhost signed by a throwaway CA generated in memory
   * (see `RedisServer.tls`). Clients need no certificate of their own.
   * @default false
   */
  tls?: boolean;
}

/**
 * Spawns `redis-server` from PATH on a free loopback port, with persistence off.
 * @example const server = await startRedis(); ...; await server.stop();
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<LocalRedisServer> {
  const host = "127.0.0.1";
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "beeredis-redis-"));
  const tlsFiles = options.tls ? await writeTlsFiles(dir) : undefined;
  const listen = listenArgs(port, tlsFiles);
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = [...listen, "--bind", host, "--save", "", "--appendonly", "no", "--dir", dir];
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
      return ping(host, port, 500, tlsFiles);
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
    url: `${tlsFiles ? "rediss" : "redis"}://${host}:${port}`,
    ...(tlsFiles ? { tls: { port, ca: tlsFiles.ca } } : {}),
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
    down: stop,
    up: start,
  };
}

/** Where the server listens: the plain-text port, or with TLS files that port over TLS only. */
function listenArgs(port: number, tls: TlsFiles | undefined): string[] {
  if (!tls) return ["--port", String(port)];
  return [
    ["--port", "0"],
    ["--tls-port", String(port)],
    ["--tls-cert-file", tls.certFile],
    ["--tls-key-file", tls.keyFile],
    ["--tls-ca-cert-file", tls.caFile],
    ["--tls-auth-clients", "no"],
  ].flat();
}

/** @module Starting a program that serves HTTP, for end-to-end tests of examples and apps. */
import { spawn } from "node:child_process";

/** A program started by {@link startServerProcess}, serving at `url`. */
export interface ServerProcess {
  /** The URL the program printed, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Everything the program printed so far (stdout and stderr). */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startServerProcess}. */
export interface StartServerProcessOptions {
  /** Extra environment variables, on top of this process' own. */
  env?: Record<string, string>;
  /** The working directory. */
  cwd?: string;
  /**
   * How long to wait for the URL to be printed.
   * @default 30000
   */
  timeoutMs?: number;
}

/**
 * Spawns `command args` and resolves once it prints an `http://host:port` URL (the first one in its output),
 * rejecting with what it printed when it exits or stays silent past `timeoutMs`.
 * @example const server = await startServerProcess("node", ["server.js"], { env: { PORT: "0" } });
 */
export function startServerProcess(
  command: string,
  args: readonly string[],
  options: StartServerProcessOptions = {},
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${command} ${args.join(" ")}: ${why}\n${printed}`)));
    };
    const timer = setTimeout(() => fail("printed no URL in time"), options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const url = /https?:\/\/[\w.[\]:-]+:\d+/.exec(printed)?.[0];
      if (url) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve({ url, output: () => printed, stop });
      }
    };
    const onExit = () => fail(`exited (${child.exitCode ?? child.signalCode}) before printing a URL`);
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", onExit);
    child.on("error", (error) => fail(error.message));
  });
}

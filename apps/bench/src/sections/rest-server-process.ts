/**
 * Starts the gateway or the bare REST server in a child process (rest-server.ts), so a table comparing the two
 * measures each server as it is deployed: on its own event loop, not sharing one with the client that drives it.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** A server in its own process. */
export interface RestServerProcess {
  readonly url: string;
  /** CPU time (user + system) the server process has used so far, in µs. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export async function startRestServerProcess(
  kind: "gateway" | "bare",
  redisUrl: string,
  token: string,
): Promise<RestServerProcess> {
  const entry = fileURLToPath(new URL("./rest-server.js", import.meta.url));
  const child = spawn(process.execPath, [entry, kind, redisUrl, token], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(line));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      for (const waiter of waiting.splice(0)) {
        waiter.reject(new Error(`bench: the ${kind} server process exited.`));
      }
      resolve();
    }),
  );
  const nextLine = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const url = await nextLine();
  return {
    url,
    async cpuMicros() {
      const line = nextLine();
      child.stdin.write("cpu\n");
      return Number(await line);
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}

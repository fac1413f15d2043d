/** The built `beeredis-gateway` CLI, run as a child process with its output collected. */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

/** The CLI entry built into `outDir` (turbo builds dependencies before tests, not this package itself). */
export async function buildCli(outDir: string): Promise<{ script: string; remove(): void }> {
  await build({
    entry: { cli: fileURLToPath(new URL("../src/cli.ts", import.meta.url)) },
    format: ["esm"],
    outDir,
    dts: false,
    clean: true,
    silent: true,
    config: false,
    target: "es2022",
  });
  return { script: `${outDir}/cli.js`, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly child: ChildProcess;
  /** The exit code once it exited. */
  readonly exited: Promise<number | null>;
  /** Everything written so far. */
  output(): { stdout: string; stderr: string };
  /** The URL it printed once listening; rejects after `timeoutMs` or when it exits first. */
  url(timeoutMs?: number): Promise<string>;
}

/**
 * Runs the built CLI with only PATH and `env` in its environment; with `openFiles`, under that limit of open file
 * descriptors (`ulimit -n`, set by bash before it becomes node).
 */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  openFiles?: number,
): CliRun {
  const stdio: ["ignore", "pipe", "pipe"] = ["ignore", "pipe", "pipe"];
  const options = { env: { PATH: process.env.PATH ?? "", ...env }, stdio };
  const child =
    openFiles === undefined
      ? spawn(process.execPath, [script, ...args], options)
      : spawn(
          "bash",
          ["-c", `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, script, ...args],
          options,
        );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  const url = (timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no URL printed: ${JSON.stringify(output())}`)),
        timeoutMs,
      );
      const check = () => {
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (!match) return;
        clearTimeout(timer);
        resolve(match[1]!);
      };
      child.stdout!.on("data", check);
      check();
      exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the CLI exited: ${JSON.stringify(output())}`));
      });
    });
  return { child, exited, output, url };
}

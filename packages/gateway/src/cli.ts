#!/usr/bin/env node
/** @module `beeredis-gateway`: starts the gateway from the command line; SIGINT/SIGTERM close it. */
import { parseCliArgs, USAGE, UsageError } from "./cli-args.js";
import { createGateway } from "./server.js";

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`beeredis-gateway: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const gateway = await createGateway(parsed.options);
  // Only the URL is printed: never a token, nor the Redis URL (it may hold a password).
  process.stdout.write(`beeredis-gateway listening on ${gateway.url}\n`);
  for (const warning of gateway.warnings) process.stderr.write(`beeredis-gateway: warning: ${warning}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await gateway.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Startup failures (bad options, port in use): the message only, no stack.
    process.stderr.write(`beeredis-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

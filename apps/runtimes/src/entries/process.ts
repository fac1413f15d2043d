/**
 * The scenario as a command-line program, shared by the Node, Bun and Deno entries: the first argument is a
 * JSON {@link ScenarioConfig}; HTTP reads its endpoint from the environment (process.env, or Deno.env in Deno).
 * The result is printed as one `RESULT {...}` line.
 */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { http } from "@beeredis/upstash";
import { runScenario, type ScenarioConfig } from "../scenario.js";

/** Runs the scenario for `argv[0]` and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const config = JSON.parse(argv[0] ?? "") as ScenarioConfig;
    const { transport, url } =
      config.transport === "tcp" ? { transport: tcp(), url: config.address } : http.fromEnv();
    const registry = new Registry({ transport }).registerRedis(url, 0);
    const result = await runScenario(registry, config.transport);
    console.log(`RESULT ${JSON.stringify(result)}`);
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  }
}

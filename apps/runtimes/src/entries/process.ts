/**
 * The scenario as a command-line program, shared by the Node, Bun and Deno entries: the first argument is a
 * JSON {@link ScenarioConfig}; the result is printed as one `RESULT {...}` line.
 */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { http } from "@beeredis/upstash";
import { runScenario, type ScenarioConfig } from "../scenario.js";

/** Runs the scenario for `argv[0]` and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const config = JSON.parse(argv[0] ?? "") as ScenarioConfig;
    const registry = new Registry({
      transport: config.transport === "tcp" ? tcp() : http({ token: config.token }),
    });
    registry.registerRedis(config.address, 0);
    const result = await runScenario(registry, config.transport);
    console.log(`RESULT ${JSON.stringify(result)}`);
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  }
}

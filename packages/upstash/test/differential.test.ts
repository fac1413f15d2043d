import { runDifferential } from "@beeredis/testkit/conformance";
import { afterAll } from "vitest";
import { closeGateways, createRegistry } from "./gateway-target.js";

afterAll(closeGateways);

runDifferential("http via gateway", {
  createRegistry,
  textOnlyArguments: true,
  numRuns: Number(process.env.DIFF_RUNS ?? 30),
});

/** The conformance suite over HTTP with `nodeFetch()` (node:http) in place of the global `fetch`. */
import { nodeFetch } from "../src/node.js";
import { registryOver } from "./gateway-target.js";
import { runHttpConformance } from "./http-conformance.js";

runHttpConformance("http via gateway, nodeFetch", registryOver({ fetch: nodeFetch() }));

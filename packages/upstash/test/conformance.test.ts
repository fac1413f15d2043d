import { createRegistry } from "./gateway-target.js";
import { runHttpConformance } from "./http-conformance.js";

runHttpConformance("http via gateway", createRegistry);

/** The conformance suite's HTTP target: what the REST protocol cannot carry, and why. */
import { type ConformanceTarget, runConformance } from "@beeredis/testkit/conformance";
import { afterAll } from "vitest";
import { closeGateways } from "./gateway-target.js";

const BINARY = "the REST protocol carries arguments as JSON text, so non-UTF-8 byte arguments are refused";

const SHARDED =
  "the Upstash REST protocol streams SUBSCRIBE and PSUBSCRIBE only; ssubscribe() rejects with UnsupportedError (test/pubsub.test.ts)";
const TEXT_MESSAGES =
  "SSE carries text: a message arrives as the UTF-8 bytes of its text, so non-UTF-8 bytes cannot round-trip (test/pubsub.test.ts)";

const SECRETS =
  "the gateway lets no token read ACL password hashes or other clients' arguments (ACL GETUSER, ACL LIST, ACL LOG, SLOWLOG GET)";

/** Runs the conformance suite over HTTP through the gateway, skipping what the REST protocol cannot carry. */
export function runHttpConformance(name: string, createRegistry: ConformanceTarget["createRegistry"]): void {
  afterAll(closeGateways);
  runConformance(name, {
    user: "beeredis-gateway-admin",
    // Closing a subscription aborts its SSE request; the gateway unsubscribes once it sees the request gone.
    asyncUnsubscribe: true,
    createRegistry,
    skip: [
      {
        reason: BINARY,
        tests: [
          "binary: a Uint8Array with every byte value round-trips through set and getBytes",
          "binary: binary keys work",
          "binary: callBytes keeps bulk strings as bytes",
          "keys: dump and restore round-trip bytes, with replace, ttl, absTtl and idleTime",
          "keys: restore freq sets the LFU counter",
          "hashes: hgetBytes and hgetallBytes return the stored bytes exactly",
          "lists: byte variants keep every byte",
          "sets: binary members round-trip",
          "streams: xadd with generated and explicit IDs, fields as a record or pairs; xlen",
        ],
      },
      {
        reason: SHARDED,
        tests: [
          "pubsub: ssubscribe and spublish (sharded pub/sub); pubsubShardchannels and pubsubShardnumsub",
        ],
      },
      {
        reason: TEXT_MESSAGES,
        tests: ["pubsub: with { bytes: true } messages arrive as their exact bytes"],
      },
      {
        reason: SECRETS,
        tests: [
          "acl: aclCat, aclWhoami, aclGenpass, aclUsers, aclList and aclHelp",
          "acl: aclSetuser, aclGetuser, aclDryrun, aclLog, aclLogReset, aclSave, aclDeluser and aclLoad (private server)",
          "admin: slowlogGet, slowlogLen, slowlogReset and slowlogHelp (private server)",
        ],
      },
      {
        reason: "the gateway holds its own connection to Redis, so client counts do not follow HTTP pools",
        tests: ["registry: validate does not connect, and a pool connects lazily on first use"],
      },
    ],
  });
}

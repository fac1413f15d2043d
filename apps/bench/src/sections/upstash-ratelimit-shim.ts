/**
 * @upstash/ratelimit's Lua scripts start with `#!lua flags=allow-key-locking`, a shebang flag only Upstash
 * accepts: plain Redis 7.0 answers "ERR Unexpected flag in script shebang". To benchmark it at all, this proxy
 * strips that first line from EVAL and maps its EVALSHA hashes to the stripped scripts' hashes. It changes no
 * script logic and adds no round trip.
 */
import { createHash } from "node:crypto";
import type { Redis as UpstashRedis } from "@upstash/redis";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export function withoutShebangFlags(redis: UpstashRedis): UpstashRedis {
  const strippedSha = new Map<string, string>();
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === "eval") {
        return (script: string, keys: string[], args: unknown[]) => {
          const stripped = script.replace(/^#!lua[^\n]*\n/, "");
          strippedSha.set(sha1(script), sha1(stripped));
          return target.eval(stripped, keys, args);
        };
      }
      if (property === "evalsha") {
        return (hash: string, keys: string[], args: unknown[]) => {
          const mapped = strippedSha.get(hash);
          if (mapped === undefined)
            return Promise.reject(new Error("NOSCRIPT (shim: first call goes through EVAL)"));
          return target.evalsha(mapped, keys, args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * The REST endpoint from the environment, read portably: an object the caller passes (a Cloudflare Worker's
 * `env`), or else `Deno.env` and `process.env` where they exist. Core never reads the environment; adapters may.
 */
import { ConfigError } from "@beeredis/core";

/**
 * Environment variables as the properties of an object, such as a Worker's `env` binding or `process.env`. Any
 * object type fits (a Worker's `interface Env` has no index signature); values that are not strings are ignored.
 */
export type EnvVariables = object;

/** The variable pairs {@link readRestEnv} tries, in order: Upstash's, then Vercel KV's. */
const PAIRS = [
  ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
  ["KV_REST_API_URL", "KV_REST_API_TOKEN"],
] as const;

interface Runtime {
  Deno?: { env: { get(name: string): string | undefined } };
  process?: { env?: Record<string, string | undefined> };
}

/**
 * The URL and token of the first pair that is set. A pair set by half, or none at all, is a ConfigError naming
 * the variables; it never repeats a value (the token is a secret).
 */
export function readRestEnv(env?: EnvVariables): { url: string; token: string } {
  let refused = false;
  const read = (name: string): string | undefined => {
    let value: unknown;
    try {
      const runtime = globalThis as Runtime;
      value = env
        ? (env as Record<string, unknown>)[name]
        : (runtime.Deno?.env.get(name) ?? runtime.process?.env?.[name]);
    } catch {
      refused = true; // Deno without --allow-env
    }
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  for (const [urlName, tokenName] of PAIRS) {
    const url = read(urlName);
    const token = read(tokenName);
    if (url && token) {
      if (!/^https?:\/\//i.test(url))
        throw new ConfigError(`${urlName} must be an https:// (or http://) URL.`);
      return { url, token };
    }
    if (url || token) {
      const [set, missing] = url ? [urlName, tokenName] : [tokenName, urlName];
      throw new ConfigError(`http.fromEnv(): ${set} is set but ${missing} is not; set both.`);
    }
  }
  const where = env
    ? "in the env object given"
    : refused
      ? "(reading the environment was refused: run Deno with --allow-env)"
      : "in the environment (on Cloudflare Workers, pass the worker's env: http.fromEnv(env))";
  throw new ConfigError(
    `http.fromEnv(): set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or Vercel KV's KV_REST_API_URL and KV_REST_API_TOKEN; none is set ${where}.`,
  );
}

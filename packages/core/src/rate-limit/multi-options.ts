/** @module Input checks of the multi-limit rate limiter: each throws InvalidArgumentError before anything is sent. */
import { optionsObject } from "../commands/args.js";
import { describe } from "../commands/command.js";
import type { Duration } from "../duration.js";
import { InvalidArgumentError, UnsupportedError } from "../errors.js";
import type { MultiRateLimiterOptions, RateLimitRule } from "./multi-types.js";
import type { RateLimitOnError } from "./types.js";
import { checkKey, checkLimit, decisionTimeout, windowMicros } from "./validate.js";

/** The default key prefix of the multi-limit limiter. */
export const DEFAULT_MULTI_RATE_LIMIT_PREFIX = "rate:multi:";
/** The most limits one decision takes. */
export const MAX_RATE_LIMIT_RULES = 16;

/** One limit, checked, with its window in µs. */
export interface ResolvedRule {
  readonly name: string;
  readonly limit: number;
  readonly windowUs: number;
  /** The key name it counts (`undefined`: the decision's one key). */
  readonly key: string | undefined;
}

/** {@link MultiRateLimiterOptions} with every default applied: `limiter.options`. */
export interface ResolvedMultiRateLimiterOptions {
  readonly rules: readonly ResolvedRule[];
  readonly prefix: string;
  readonly dynamicLimits: boolean;
  readonly onError: RateLimitOnError;
  /** The decision timeout in ms. */
  readonly timeoutMs: number;
  /** The distinct key names, in first-use order; empty when the decision takes one string key. */
  readonly keyNames: readonly string[];
}

/** Checks `pool.rateLimiter({ limits })` options and applies the defaults. @internal */
export function resolveMultiOptions(given: MultiRateLimiterOptions<string>): ResolvedMultiRateLimiterOptions {
  const options = optionsObject(given, "rate limiter");
  const extra = ["limit", "window", "algorithm", "localCache"].find((name) => name in options);
  if (extra !== undefined) {
    throw new InvalidArgumentError(
      `rate limiter: with \`limits\`, give each limit its window and limit, and leave out \`${extra}\` (several limits use the sliding log, with no local deny cache).`,
    );
  }
  const given_ = options.limits as unknown;
  if (!Array.isArray(given_) || given_.length === 0 || given_.length > MAX_RATE_LIMIT_RULES) {
    throw new InvalidArgumentError(
      `rate limiter limits must be an array of 1 to ${MAX_RATE_LIMIT_RULES} limits, got ${describe(given_)}.`,
    );
  }
  const rules = (given_ as RateLimitRule<string>[]).map(resolveRule);
  const names = new Set(rules.map((rule) => rule.name));
  if (names.size !== rules.length) {
    throw new InvalidArgumentError(
      `rate limiter limits must have distinct names, got ${rules.map((rule) => describe(rule.name)).join(", ")}; give each a \`name\`.`,
    );
  }
  const keyed = rules.filter((rule) => rule.key !== undefined).length;
  if (keyed !== 0 && keyed !== rules.length) {
    throw new InvalidArgumentError("rate limiter limits: give every limit a `key`, or none.");
  }
  const onError = options.onError ?? "throw";
  if (!["throw", "allow", "deny"].includes(onError)) {
    throw new InvalidArgumentError(
      `rate limiter onError must be "throw", "allow" or "deny", got ${describe(onError)}.`,
    );
  }
  const prefix = options.prefix ?? DEFAULT_MULTI_RATE_LIMIT_PREFIX;
  if (typeof prefix !== "string") {
    throw new InvalidArgumentError(`rate limiter prefix must be a string, got ${describe(prefix)}.`);
  }
  const dynamicLimits = options.dynamicLimits ?? false;
  if (typeof dynamicLimits !== "boolean") {
    throw new InvalidArgumentError(
      `rate limiter dynamicLimits must be a boolean, got ${describe(dynamicLimits)}.`,
    );
  }
  return {
    rules,
    prefix,
    dynamicLimits,
    onError,
    timeoutMs: decisionTimeout(options.timeout as Duration | undefined),
    keyNames: [...new Set(rules.flatMap((rule) => (rule.key === undefined ? [] : [rule.key])))],
  };
}

function resolveRule(rule: RateLimitRule<string>, index: number): ResolvedRule {
  const checked = optionsObject(rule, `rate limiter limits[${index}]`);
  const windowUs = windowMicros(checked.window as Duration);
  const name = checked.name ?? (typeof checked.window === "string" ? checked.window : `${windowUs / 1000}ms`);
  if (typeof name !== "string" || name === "") {
    throw new InvalidArgumentError(
      `rate limiter limits[${index}].name must be a non-empty string, got ${describe(name)}.`,
    );
  }
  if (checked.key !== undefined && (typeof checked.key !== "string" || checked.key === "")) {
    throw new InvalidArgumentError(
      `rate limiter limits[${index}].key must be a non-empty string, got ${describe(checked.key)}.`,
    );
  }
  return { name, limit: checkLimit(checked.limit), windowUs, key: checked.key };
}

/**
 * The distinct keys a decision counts, and for each limit the index of its key. Rejects an empty key, and a
 * record missing one of the limits' key names.
 * @internal
 */
export function decisionKeys(
  options: ResolvedMultiRateLimiterOptions,
  key: unknown,
): { keys: string[]; keyOfRule: number[] } {
  if (options.keyNames.length === 0) {
    checkKey(key);
    return { keys: [key as string], keyOfRule: options.rules.map(() => 0) };
  }
  if (typeof key !== "object" || key === null) {
    throw new InvalidArgumentError(
      `rate limiter: these limits count keys ${options.keyNames.map(describe).join(", ")}; pass a record of them, got ${describe(key)}.`,
    );
  }
  const record = key as Record<string, unknown>;
  const keys: string[] = [];
  const keyOfRule = options.rules.map((rule) => {
    const value = record[rule.key!];
    checkKey(value);
    const at = keys.indexOf(value as string);
    return at >= 0 ? at : keys.push(value as string) - 1;
  });
  return { keys, keyOfRule };
}

/** The hash tag of a Redis key, as Redis Cluster finds it: the text inside the first `{...}`, else the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/**
 * On Redis Cluster, refuses a decision whose Redis keys do not all share one hash tag (so one slot) with a clear
 * UnsupportedError, instead of the server's CROSSSLOT. @internal
 */
export function checkOneSlot(cluster: boolean, redisKeys: readonly string[]): void {
  if (!cluster) return;
  const tag = hashTag(redisKeys[0]!);
  const other = redisKeys.find((key) => hashTag(key) !== tag);
  if (other === undefined) return;
  throw new UnsupportedError(
    `rate limiter: on Redis Cluster one decision must keep all its keys in one slot, but ${JSON.stringify(redisKeys[0])} and ${JSON.stringify(other)} have different hash tags. Start every key of a decision with the same {tag}, such as "{tenant:7}user:42" and "{tenant:7}ip:203.0.113.9", or use one limiter per key.`,
  );
}

/** @module One generated command: the typed call, the same command sent raw, and the rule that links their results. */
import fc from "fast-check";
import type { InputOptions } from "./inputs.js";
import type { Rule } from "./rules.js";

/** A raw argument as the plain ioredis client sends it. */
export type RawArg = string | Uint8Array;

/** One command, as the typed API and as a raw client send it. */
export interface Op {
  /** The method, called with `args` on a pool, a `pipeline()` or a `multi()`. */
  readonly method: string;
  readonly args: readonly unknown[];
  /** The same command, argument for argument, as Redis reads it. */
  readonly raw: readonly RawArg[];
  /** What the typed method must resolve to, made from the raw reply. */
  readonly expect: Rule;
  /** The reply's order is Redis' hash order (SMEMBERS, KEYS): compared sorted. */
  readonly unordered?: boolean;
  /** An error reply the typed method turns into a result (XGROUP CREATE's BUSYGROUP), or `undefined`. */
  readonly recover?: (error: Error) => unknown;
}

/** A family: the commands it generates, given what the transport can carry. */
export type Family = (inputs: InputOptions) => fc.Arbitrary<Op>[];

/** Builds an {@link Op}. */
export function op(
  method: string,
  args: readonly unknown[],
  raw: readonly RawArg[],
  expect: Rule,
  unordered = false,
): Op {
  return { method, args, raw, expect, unordered };
}

/** `fc.tuple(...).map(build)`, the shape of every entry of a family. */
export function gen<T extends unknown[]>(
  parts: { [K in keyof T]: fc.Arbitrary<T[K]> },
  build: (...values: T) => Op,
): fc.Arbitrary<Op> {
  return fc.tuple(...(parts as fc.Arbitrary<unknown>[])).map((values) => build(...(values as T)));
}

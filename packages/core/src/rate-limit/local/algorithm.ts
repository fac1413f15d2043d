/** @module What an in-process algorithm is: the server script's decision, on a state kept in memory. */
import type { RateLimitScriptReply } from "../reply.js";

/** One call's inputs, as the scripts take them: durations and clock in µs. */
export interface LocalCall {
  readonly limit: number;
  readonly windowUs: number;
  readonly cost: number;
  /** Report only: never change the state. */
  readonly peek: boolean;
  /** The local clock, in µs since the Unix epoch. */
  readonly nowUs: number;
}

/** A decision and the key's state after it (undefined: nothing to keep), kept until `expiresAtUs`. */
export interface LocalDecision<S> {
  readonly reply: RateLimitScriptReply;
  readonly state: S | undefined;
  readonly expiresAtUs: number;
}

/**
 * An algorithm run in memory. Each one mirrors its Lua script line for line (see ../<algorithm>.ts): the same
 * arithmetic and the same reply, on the local clock instead of the server's.
 */
export interface LocalAlgorithm<S> {
  decide(state: S | undefined, call: LocalCall): LocalDecision<S>;
}

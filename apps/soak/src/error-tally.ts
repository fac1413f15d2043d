/** @module Counts the errors the load meets, by type. */
import { isBeeRedisError, ReplyError } from "@beeredis/core";

/** Rejections counted by class name and code (and the reply prefix for server error replies). */
export class ErrorTally {
  readonly byType = new Map<string, number>();
  /** Rejections that were not a BeeRedisError: the spec says there must be none. */
  foreign = 0;

  record(error: unknown): void {
    const type = describe(error);
    if (!isBeeRedisError(error)) this.foreign++;
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
  }
}

function describe(error: unknown): string {
  if (error instanceof ReplyError) return `ReplyError ${error.code} ${error.prefix}`;
  if (isBeeRedisError(error)) return `${error.constructor.name} ${error.code}`;
  if (error instanceof Error) return `${error.constructor.name} (not a BeeRedisError: ${error.message})`;
  return `${typeof error} (not an Error)`;
}

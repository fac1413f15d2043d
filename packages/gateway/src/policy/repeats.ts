/**
 * @module Reads whose reply grows with a number the client names, not with the data: SRANDMEMBER, ZRANDMEMBER and
 * HRANDFIELD with a negative count repeat members, so `SRANDMEMBER s -20000000` on a one-member set makes Redis
 * build, and the gateway parse, twenty million replies before `maxResponseBytes` can look at them (the gateway's
 * heap grew by half a gigabyte). A token may ask for at most {@link MAX_REPEATS}.
 */
import { HttpError } from "../http-error.js";
import type { Argv } from "../request.js";
import { word } from "./words.js";

/** The commands judged here. */
export const REPEATERS: ReadonlySet<string> = new Set(["SRANDMEMBER", "ZRANDMEMBER", "HRANDFIELD"]);

/** Members one request may ask to be repeated: enough for sampling, far below what strains Redis or the gateway. */
export const MAX_REPEATS = 100_000;

/**
 * @throws HttpError 400 when `argv` (a repeater, canonical) asks for more than {@link MAX_REPEATS} members. The
 * count is read as Redis reads it (plain decimal digits); one Redis would refuse is left to Redis.
 */
export function checkRepeats(argv: Argv): void {
  const text = word(argv[2]);
  if (!/^-\d+$/.test(text) || Number(text.slice(1)) <= MAX_REPEATS) return;
  throw new HttpError(
    400,
    `ERR ${argv[0]} with a count of ${text} would repeat more than ${MAX_REPEATS} members; ask for fewer, or a positive count for distinct ones.`,
  );
}

/**
 * @module Writes that grow a string to the offset they name, at once: `SETRANGE k 536870911 x` and
 * `SETBIT k 4294967295 1` are tiny requests that make Redis allocate 512 MB. A token's write may not address a
 * byte past `maxValueBytes`. Arguments are read as Redis reads them (offsets in strict decimal digits, BITFIELD's
 * `#n` in units of the type's width, its subcommands up to a NUL byte); one Redis would refuse is left to Redis.
 */
import { optionWord } from "@beeredis/core";
import { HttpError } from "../http-error.js";
import type { Argv } from "../request.js";
import { word } from "./words.js";

/** The commands judged here. */
export const GROWERS: ReadonlySet<string> = new Set(["SETRANGE", "SETBIT", "BITFIELD"]);

/** The default of the gateway's `maxValueBytes`: 16 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();
const DIGITS = /^\d+$/;

/** @throws HttpError 400 when `argv` (a grower, canonical) would make a string longer than `maxBytes`. */
export function checkGrowth(argv: Argv, maxBytes: number): void {
  const bytes = grownTo(argv);
  if (bytes > maxBytes) {
    throw new HttpError(
      400,
      `ERR ${argv[0]} would grow the value to ${bytes} bytes, over this gateway's limit of ${maxBytes} (maxValueBytes).`,
    );
  }
}

/** The length the command may grow its string to, in bytes (0 when it names no offset Redis would accept). */
function grownTo(argv: Argv): number {
  switch (argv[0]) {
    case "SETRANGE": {
      const offset = integer(argv[2]);
      const value = argv[3];
      const length = typeof value === "string" ? encoder.encode(value).length : (value?.length ?? 0);
      // Redis leaves the string as it is for an empty value.
      return length === 0 ? 0 : offset + length;
    }
    case "SETBIT":
      return Math.floor(integer(argv[2]) / 8) + 1;
    default:
      return bitfieldGrowth(argv);
  }
}

/** BITFIELD's SET and INCRBY write `type offset`: the highest byte any of them reaches. */
function bitfieldGrowth(argv: Argv): number {
  let bytes = 0;
  for (let i = 2; i < argv.length; i++) {
    const op = optionWord(argv[i]);
    if (op === "OVERFLOW") {
      i++;
      continue;
    }
    if (op !== "GET" && op !== "SET" && op !== "INCRBY") continue; // Redis refuses the command
    const width = Number(/^[iu](\d+)$/i.exec(word(argv[i + 1]))?.[1] ?? 0);
    const written = word(argv[i + 2]);
    const offset = written.startsWith("#") ? integer(written.slice(1)) * width : integer(written);
    if (op !== "GET") bytes = Math.max(bytes, Math.ceil((offset + width) / 8));
    i += op === "GET" ? 2 : 3;
  }
  return bytes;
}

/** A non-negative integer in plain digits, as Redis' `string2ll` reads one; 0 for anything else (Redis refuses). */
function integer(arg: Argv[number] | string | undefined): number {
  const digits = word(arg);
  return DIGITS.test(digits) ? Number(digits) : 0;
}

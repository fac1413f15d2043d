import type { WireArg } from "@beeredis/core";
import { getKeyIndexes } from "@ioredis/commands";
import calculateSlot from "cluster-key-slot";

/** A key as ioredis and cluster-key-slot take it: a string, or the bytes wrapped as a Buffer without copying. */
export function toKeyArg(arg: WireArg): string | Buffer {
  return typeof arg === "string" ? arg : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}

/** The hash slot of one key. */
export function slotOfKey(key: WireArg): number {
  return calculateSlot(toKeyArg(key));
}

/**
 * The slots of a command's keys, from ioredis' command table (`undefined` for an unknown command, such as a
 * module's). Keyless commands have none.
 */
export function slotsOf(argv: readonly WireArg[]): number[] | undefined {
  const name = String(argv[0]).toLowerCase();
  const args = argv.slice(1).map(toKeyArg);
  let indexes: number[];
  try {
    indexes = getKeyIndexes(name, args);
  } catch {
    return undefined;
  }
  return indexes.map((i) => calculateSlot(args[i]!));
}

/** The one slot all of a command's keys hash to; `null` when keyless; `"cross"` when they span slots. */
export function singleSlot(argv: readonly WireArg[]): number | null | "cross" {
  const slots = slotsOf(argv) ?? [];
  if (slots.length === 0) return null;
  return slots.every((slot) => slot === slots[0]) ? slots[0]! : "cross";
}

/** The error Redis itself gives for keys in different slots, with what to do about it. */
export function crossSlotMessage(what: string): string {
  return `CROSSSLOT Keys in request don't hash to the same slot: ${what} on Redis Cluster needs every key in one hash slot; put a hash tag in the keys, such as {user:1}:name and {user:1}:email`;
}

import { type RawReply, ReplyError, type WireArg } from "@beeredis/core";
import { slotOfKey } from "./keys.js";

/**
 * Multi-key commands that Redis semantics allow to split across slots, and how to merge the parts back:
 * MGET keeps the caller's key order, counting commands sum, MSET is OK when every part is (not atomic across
 * slots, unlike on one server).
 */
const SPLITTABLE: Record<string, { step: 1 | 2; merge: "values" | "sum" | "ok" }> = {
  MGET: { step: 1, merge: "values" },
  DEL: { step: 1, merge: "sum" },
  UNLINK: { step: 1, merge: "sum" },
  EXISTS: { step: 1, merge: "sum" },
  TOUCH: { step: 1, merge: "sum" },
  MSET: { step: 2, merge: "ok" },
};

/** One part of a split command: its argv, and where each of its keys sat in the caller's command. */
export interface Part {
  readonly argv: WireArg[];
  readonly positions: number[];
}

/** Splits a splittable multi-key command whose keys span slots into one command per slot; else `undefined`. */
export function splitBySlot(
  argv: readonly WireArg[],
): { parts: Part[]; merge: (r: RawReply[]) => RawReply } | undefined {
  const name = String(argv[0]).toUpperCase();
  const spec = SPLITTABLE[name];
  if (!spec || argv.length < 1 + 2 * spec.step || (argv.length - 1) % spec.step !== 0) return undefined;
  const bySlot = new Map<number, Part>();
  for (let i = 1, position = 0; i < argv.length; i += spec.step, position++) {
    const slot = slotOfKey(argv[i]!);
    let part = bySlot.get(slot);
    if (!part) {
      part = { argv: [argv[0]!], positions: [] };
      bySlot.set(slot, part);
    }
    part.argv.push(...argv.slice(i, i + spec.step));
    part.positions.push(position);
  }
  if (bySlot.size < 2) return undefined;
  const parts = [...bySlot.values()];
  const keyCount = (argv.length - 1) / spec.step;
  return { parts, merge: (replies) => merge(spec.merge, parts, replies, keyCount) };
}

function merge(kind: "values" | "sum" | "ok", parts: Part[], replies: RawReply[], keys: number): RawReply {
  const failed = replies.find((reply) => reply instanceof ReplyError);
  if (failed) throw failed;
  if (kind === "ok") return replies[0]!;
  if (kind === "sum") return replies.reduce<number>((total, reply) => total + Number(reply), 0);
  const values: RawReply[] = new Array(keys);
  parts.forEach((part, p) => {
    const reply = replies[p] as RawReply[];
    part.positions.forEach((position, i) => {
      values[position] = reply[i] ?? null;
    });
  });
  return values;
}

import { type RawReply, ReplyError, type WireArg } from "@beeredis/core";

/**
 * Commands about the whole dataset or the script/function caches: on a cluster they run on every master and
 * the replies are merged (sum, concatenation, AND of flags), so the result means what it means on one server.
 */
const MERGES: Record<string, "same" | "sum" | "concat" | "and" | "any"> = {
  FLUSHDB: "same",
  FLUSHALL: "same",
  DBSIZE: "sum",
  KEYS: "concat",
  "SCRIPT LOAD": "same",
  "SCRIPT FLUSH": "same",
  "SCRIPT EXISTS": "and",
  "FUNCTION LOAD": "same",
  "FUNCTION FLUSH": "same",
  "FUNCTION DELETE": "same",
  "FUNCTION RESTORE": "same",
  // Pub/sub introspection: each subscription lives on one master.
  "PUBSUB CHANNELS": "concat",
  "PUBSUB SHARDCHANNELS": "concat",
  "PUBSUB NUMPAT": "sum",
  // The busy script or function runs on one master: the kill succeeds where it runs, NOTBUSY elsewhere.
  "SCRIPT KILL": "any",
  "FUNCTION KILL": "any",
};

/** How a command's replies from every master merge, or `undefined` when it runs on one node. */
export function allMastersMerge(argv: readonly WireArg[]): ((replies: RawReply[]) => RawReply) | undefined {
  const name = String(argv[0]).toUpperCase();
  const kind =
    MERGES[name] ?? (argv.length > 1 ? MERGES[`${name} ${String(argv[1]).toUpperCase()}`] : undefined);
  if (kind === undefined) return undefined;
  return (replies) => {
    const failed = replies.find((reply) => reply instanceof ReplyError);
    if (kind === "any") {
      const ok = replies.find((reply) => !(reply instanceof ReplyError));
      if (ok !== undefined) return ok;
    }
    if (failed) throw failed;
    if (kind === "same") return replies[0] ?? null;
    if (kind === "sum") return replies.reduce<number>((total, reply) => total + Number(reply), 0);
    if (kind === "concat") return replies.flatMap((reply) => reply as RawReply[]);
    const lists = replies as RawReply[][];
    return (lists[0] ?? []).map((_, i) => (lists.every((list) => Number(list[i]) === 1) ? 1 : 0));
  };
}

/** Masters a SCAN cursor can address: a cluster never has more masters than slots. */
const SLOTS = 16384n;

/**
 * SCAN over every master, one after the other. The cursor stays a decimal number, as core expects: the
 * master's cursor times 16384 plus the master's index (`"0"` to start, and `"0"` once the last master is
 * done). Masters are ordered by address, so a cursor stays valid while the topology does.
 */
export function scanCursor(cursor: string): { index: number; cursor: string } {
  const value = /^\d+$/.test(cursor) ? BigInt(cursor) : 0n;
  return { index: Number(value % SLOTS), cursor: String(value / SLOTS) };
}

/** The cursor to hand back after master `index` answered `next`, out of `count` masters. */
export function nextScanCursor(index: number, next: string, count: number): string {
  if (next !== "0") return String(BigInt(next) * SLOTS + BigInt(index));
  return index + 1 < count ? String(index + 1) : "0";
}

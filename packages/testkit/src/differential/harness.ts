/**
 * @module Runs one sequence of commands on two databases of one server: typed (through the transport under test)
 * on one, raw (a plain ioredis client) on the other; then compares every result and the data each left behind.
 */
import { type RedisPool, ReplyError } from "@beeredis/core";
import type { Redis } from "ioredis";
import { expect } from "vitest";
import type { Op } from "./op.js";
import { callBytesReply, callReply, type Raw } from "./rules.js";

/** How the typed side sends the sequence. */
export type Mode = "direct" | "pipeline" | "multi" | "call" | "callBytes";
export const MODES: readonly Mode[] = ["direct", "pipeline", "multi", "call", "callBytes"];

/** The two sides: the pool under test and a direct client on its database, and a raw client on another. */
export interface Sides {
  readonly pool: RedisPool;
  /** A plain client on the pool's database, to read what the typed side left. */
  readonly typedDb: Redis;
  /** A plain client (RESP2, `stringNumbers`) on a database of its own, where the same commands run raw. */
  readonly rawDb: Redis;
}

type Outcome = { ok: unknown } | { error: string } | { thrown: string };

/** Runs `ops` on both sides from empty databases and expects the same results and the same data. */
export async function checkSequence(sides: Sides, ops: readonly Op[], mode: Mode): Promise<void> {
  await Promise.all([sides.typedDb.flushdb(), sides.rawDb.flushdb()]);
  const raw: Raw[] = [];
  for (const o of ops) {
    const [name, ...args] = o.raw;
    raw.push(
      await sides.rawDb.callBuffer(String(name), ...args.map(toBuffer)).then(
        (r) => r as Raw,
        (e: Error) => e,
      ),
    );
  }
  const typed = await typedOutcomes(sides.pool, ops, mode);
  ops.forEach((o, i) => {
    const label = `${mode} #${i} ${describeOp(o)}`;
    expect(typed[i], label).toEqual(expected(o, raw[i]!, mode));
  });
  await expectSameData(sides);
}

function expected(o: Op, reply: Raw, mode: Mode): Outcome {
  if (reply instanceof Error) {
    const recovered = mode === "call" || mode === "callBytes" ? undefined : o.recover?.(reply);
    return recovered === undefined ? { error: reply.message } : { ok: recovered };
  }
  if (mode === "call") return { ok: callReply(reply) };
  if (mode === "callBytes") return { ok: callBytesReply(reply) };
  return { ok: sortIf(o.unordered, o.expect(reply)) };
}

async function typedOutcomes(pool: RedisPool, ops: readonly Op[], mode: Mode): Promise<Outcome[]> {
  if (mode === "pipeline" || mode === "multi") {
    const batch = (mode === "pipeline" ? pool.pipeline() : pool.multi()) as unknown as Record<string, Method>;
    for (const o of ops) batch[o.method]!(...o.args);
    const results = await (batch as unknown as { exec(): Promise<unknown[]> }).exec();
    return results.map((value, i) => outcome(ops[i]!, value));
  }
  const out: Outcome[] = [];
  for (const o of ops) {
    const run =
      mode === "direct"
        ? () => (pool as unknown as Record<string, Method>)[o.method]!(...o.args)
        : () =>
            mode === "call" ? pool.call(...(o.raw as [string])) : pool.callBytes(...(o.raw as [string]));
    out.push(
      await (run() as Promise<unknown>).then(
        (value) => outcome(mode === "direct" ? o : undefined, value),
        (error: unknown) => failure(error),
      ),
    );
  }
  return out;
}

type Method = (...args: unknown[]) => unknown;

function outcome(o: Op | undefined, value: unknown): Outcome {
  if (value instanceof ReplyError) return { error: value.message };
  return { ok: sortIf(o?.unordered, plain(value)) };
}

function failure(error: unknown): Outcome {
  if (error instanceof ReplyError) return { error: error.message };
  return { thrown: `${(error as Error)?.name}: ${(error as Error)?.message}` };
}

/** Errors nested in `call()` results become `{ error }`, as the oracle writes them. */
function plain(value: unknown): unknown {
  if (value instanceof ReplyError) return { error: value.message };
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function sortIf(unordered: boolean | undefined, value: unknown): unknown {
  if (!unordered || !Array.isArray(value)) return value;
  return [...value].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function sortKey(value: unknown): string {
  return typeof value === "string"
    ? value
    : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
}

/** Same keys, same DUMP of each (type, encoding and contents), and an expiry on the same keys. */
async function expectSameData(sides: Sides): Promise<void> {
  const [typedKeys, rawKeys] = await Promise.all([keysOf(sides.typedDb), keysOf(sides.rawDb)]);
  expect(typedKeys.map(hex), "keys").toEqual(rawKeys.map(hex));
  for (const key of typedKeys) {
    const [typed, raw] = await Promise.all([state(sides.typedDb, key), state(sides.rawDb, key)]);
    expect(typed, `data of ${JSON.stringify(key.toString("utf8"))}`).toEqual(raw);
  }
}

async function keysOf(client: Redis): Promise<Buffer[]> {
  return (await client.keysBuffer("*")).sort(Buffer.compare);
}

async function state(client: Redis, key: Buffer): Promise<{ data: unknown; expires: boolean }> {
  const [data, pttl] = await Promise.all([contents(client, key), client.pttl(key)]);
  return { data, expires: Number(pttl) > 0 };
}

/**
 * DUMP (type, encoding and contents), except for a stream, whose DUMP holds the times consumers were seen and
 * entries delivered: its entries, XINFO STREAM and XINFO GROUPS instead.
 */
async function contents(client: Redis, key: Buffer): Promise<unknown> {
  if ((await client.type(key)) !== "stream") return hex((await client.dumpBuffer(key)) ?? Buffer.alloc(0));
  return Promise.all([
    client.callBuffer("XRANGE", key, "-", "+"),
    client.callBuffer("XINFO", "STREAM", key),
    client.callBuffer("XINFO", "GROUPS", key),
  ]);
}

const hex = (b: Buffer) => b.toString("hex");

function toBuffer(arg: unknown): string | Buffer {
  return arg instanceof Uint8Array ? Buffer.from(arg) : String(arg);
}

/** The raw command, readable: text quoted with anything but printable ASCII escaped, bytes in hex. */
function describeOp(o: Op): string {
  const quote = (a: string) =>
    JSON.stringify(a).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return o.raw
    .map((a) => (typeof a === "string" ? quote(a) : `<${Buffer.from(a).toString("hex")}>`))
    .join(" ");
}

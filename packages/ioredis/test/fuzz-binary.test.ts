/**
 * Property tests of binary and text data against a real redis-server: any bytes (empty, NUL, invalid UTF-8, a view
 * into a larger buffer) and any Unicode text round-trip exactly, as an independent client confirms.
 */
import type { RedisPool } from "@beeredis/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FuzzServer } from "./fuzz-helpers.js";

const utf8 = new TextEncoder();

/** Bytes, sometimes as a view at an offset into a larger buffer (what a parser or a stream hands over). */
const bytes = (maxLength: number) =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    fc
      .tuple(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength }), fc.uint8Array({ maxLength: 8 }))
      .map(([before, data, after]) => {
        const whole = new Uint8Array([...before, ...data, ...after]);
        return whole.subarray(before.length, before.length + data.length);
      }),
  );

/** Text with lone surrogates among full code points: not valid Unicode, so it is sent as UTF-8 with U+FFFD. */
const brokenText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
});

const same = (actual: Uint8Array | null, expected: Uint8Array) =>
  expect(actual && [...actual]).toEqual([...expected]);

describe("fuzz: binary and text data", () => {
  let redis: FuzzServer;
  let pool: RedisPool;

  beforeAll(async () => {
    redis = await FuzzServer.start();
    pool = await redis.pool();
  });
  afterAll(() => redis?.stop());

  it("any bytes as key and value round-trip exactly through set, hset, rpush, callBytes and a pipeline", async () => {
    await fc.assert(
      fc.asyncProperty(bytes(64), bytes(2048), async (key, value) => {
        await redis.admin.del(Buffer.from(key));
        expect(await pool.set(key, value)).toBe("OK");
        same(await pool.getBytes(key), value);
        same(await redis.admin.getBuffer(Buffer.from(key)), value);
        same((await pool.callBytes("GET", key)) as Uint8Array, value);

        const [, piped] = await pool.pipeline().set(key, value).getBytes(key).exec();
        same(piped as Uint8Array, value);

        await pool.del(key);
        await pool.hset(key, { field: value });
        same(await pool.hgetBytes(key, "field"), value);
        await pool.del(key);
        await pool.rpush(key, value, key);
        const [first, second] = await pool.lrangeBytes(key, 0, -1);
        same(first!, value);
        same(second!, key);
        await pool.del(key);
      }),
      { numRuns: 150 },
    );
  });

  it("any Unicode text as key and value round-trips, stored as its UTF-8 bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary" }),
        fc.string({ unit: "binary", maxLength: 512 }),
        async (key, value) => {
          expect(await pool.set(key, value)).toBe("OK");
          expect(await pool.get(key)).toBe(value);
          expect(await pool.get(utf8.encode(key))).toBe(value);
          same(await redis.admin.getBuffer(Buffer.from(utf8.encode(key))), utf8.encode(value));
          expect(await pool.call("GET", key)).toBe(value);
          await pool.del(key);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("text with lone surrogates is stored as its UTF-8 encoding (U+FFFD for each), like TextEncoder", async () => {
    await fc.assert(
      fc.asyncProperty(brokenText, brokenText, async (key, value) => {
        await pool.set(key, value);
        same(await redis.admin.getBuffer(Buffer.from(utf8.encode(key))), utf8.encode(value));
        expect(await pool.get(key)).toBe(
          new TextDecoder("utf-8", { ignoreBOM: true }).decode(utf8.encode(value)),
        );
        await pool.del(key);
      }),
      { numRuns: 100 },
    );
  });
});

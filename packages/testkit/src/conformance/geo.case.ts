import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases, ConformanceContext } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";

const PALERMO = { longitude: 13.361389, latitude: 38.115556, member: "Palermo" };
const CATANIA = { longitude: 15.087269, latitude: 37.502669, member: "Catania" };
const CENTER = { longitude: 15, latitude: 37 };

async function sicily(ctx: ConformanceContext): Promise<void> {
  expect(await ctx.pool.geoadd("sicily", [PALERMO, CATANIA])).toBe(2);
}

export const geoCases: Cases = (ctx, it) => {
  it("geoadd with nx, xx and ch", async () => {
    await sicily(ctx);
    expect(await ctx.admin.zcard("sicily")).toBe(2);
    const moved = { ...PALERMO, longitude: 13.4 };
    expect(await ctx.pool.geoadd("sicily", [moved], { nx: true })).toBe(0);
    expect(await ctx.pool.geoadd("sicily", [moved], { xx: true, ch: true })).toBe(1);
    expect(await ctx.pool.geoadd("sicily", [{ ...CENTER, member: "new" }], { xx: true })).toBe(0);
    expect(await ctx.pool.geoadd("sicily", [{ ...CENTER, member: "new" }], { nx: true })).toBe(1);
    expect(await ctx.admin.zcard("sicily")).toBe(3);
  });

  it("geodist in meters and other units, null for a missing member", async () => {
    await sicily(ctx);
    expect(await ctx.pool.geodist("sicily", "Palermo", "Catania")).toBeCloseTo(166274.1516, 3);
    expect(await ctx.pool.geodist("sicily", "Palermo", "Catania", "km")).toBeCloseTo(166.2742, 3);
    expect(await ctx.pool.geodist("sicily", "Palermo", "Catania", "mi")).toBeCloseTo(103.3182, 3);
    expect(await ctx.pool.geodist("sicily", "Palermo", "Catania", "ft")).toBeCloseTo(545518.87, 2);
    expect(await ctx.pool.geodist("sicily", "Palermo", "nowhere")).toBeNull();
  });

  it("geohash and geopos, null for a missing member", async () => {
    await sicily(ctx);
    expect(await ctx.pool.geohash("sicily", "Palermo", "Catania", "nowhere")).toEqual([
      "sqc8b49rny0",
      "sqdtr74hyu0",
      null,
    ]);
    const [palermo, missing] = await ctx.pool.geopos("sicily", "Palermo", "nowhere");
    expect(palermo!.longitude).toBeCloseTo(PALERMO.longitude, 5);
    expect(palermo!.latitude).toBeCloseTo(PALERMO.latitude, 5);
    expect(missing).toBeNull();
  });

  it("geosearch from a point or a member, by radius or box, with typed extras", async () => {
    await sicily(ctx);
    const plain = await ctx.pool.geosearch("sicily", CENTER, { radius: 200, unit: "km" }, { order: "ASC" });
    expect(plain).toEqual([{ member: "Catania" }, { member: "Palermo" }]);
    const full = await ctx.pool.geosearch(
      "sicily",
      CENTER,
      { radius: 200, unit: "km" },
      { order: "DESC", withCoord: true, withDist: true, withHash: true },
    );
    expect(full.map((m) => m.member)).toEqual(["Palermo", "Catania"]);
    expect(full[0]!.distance).toBeCloseTo(190.4424, 3);
    expect(full[0]!.hash).toBe(3479099956230698);
    expect(full[0]!.coordinates!.longitude).toBeCloseTo(PALERMO.longitude, 5);
    expect(full[1]!.distance).toBeCloseTo(56.4413, 3);
    const near = await ctx.pool.geosearch(
      "sicily",
      { member: "Palermo" },
      { width: 400, height: 400, unit: "km" },
      {
        order: "ASC",
        count: 1,
        withDist: true,
      },
    );
    expect(near).toEqual([{ member: "Palermo", distance: 0 }]);
    const any = await ctx.pool.geosearch(
      "sicily",
      CENTER,
      { radius: 500, unit: "mi" },
      { count: 1, any: true },
    );
    expect(any).toHaveLength(1);
    expect(await ctx.pool.geosearch("sicily", CENTER, { radius: 1, unit: "m" })).toEqual([]);
  });

  it("geosearchstore stores members or distances", SINGLE_SLOT_KEYS, async () => {
    await sicily(ctx);
    expect(await ctx.pool.geosearchstore("near", "sicily", CENTER, { radius: 100, unit: "km" })).toBe(1);
    expect(await ctx.pool.geopos("near", "Catania")).toHaveLength(1);
    expect(
      await ctx.pool.geosearchstore(
        "dist",
        "sicily",
        CENTER,
        { radius: 200, unit: "km" },
        { storeDist: true, order: "ASC" },
      ),
    ).toBe(2);
    expect(Number(await ctx.admin.zscore("dist", "Catania"))).toBeCloseTo(56.4413, 3);
  });

  it("georadius and georadiusRo", async () => {
    await sicily(ctx);
    const matches = await ctx.pool.georadius("sicily", CENTER, 200, "km", { order: "ASC", withDist: true });
    expect(matches.map((m) => m.member)).toEqual(["Catania", "Palermo"]);
    expect(matches[0]!.distance).toBeCloseTo(56.4413, 3);
    expect(await ctx.pool.georadiusRo("sicily", CENTER, 100, "km")).toEqual([{ member: "Catania" }]);
    const coords = await ctx.pool.georadiusRo("sicily", CENTER, 200, "km", {
      withCoord: true,
      count: 1,
      order: "DESC",
    });
    expect(coords[0]!.member).toBe("Palermo");
    expect(coords[0]!.coordinates!.latitude).toBeCloseTo(PALERMO.latitude, 5);
  });

  it("georadiusbymember and georadiusbymemberRo", async () => {
    await sicily(ctx);
    const matches = await ctx.pool.georadiusbymember("sicily", "Palermo", 200, "km", {
      withHash: true,
      order: "ASC",
    });
    expect(matches).toEqual([
      { member: "Palermo", hash: 3479099956230698 },
      { member: "Catania", hash: 3479447370796909 },
    ]);
    expect(await ctx.pool.georadiusbymemberRo("sicily", "Catania", 10, "km")).toEqual([
      { member: "Catania" },
    ]);
  });

  it("georadiusStore and georadiusbymemberStore store members or distances", SINGLE_SLOT_KEYS, async () => {
    await sicily(ctx);
    expect(await ctx.pool.georadiusStore("sicily", CENTER, 200, "km", "all")).toBe(2);
    expect(await ctx.admin.zrange("all", "0", "-1")).toEqual(["Palermo", "Catania"]);
    expect(
      await ctx.pool.georadiusbymemberStore("sicily", "Palermo", 200, "km", "d", { storeDist: true }),
    ).toBe(2);
    expect(Number(await ctx.admin.zscore("d", "Catania"))).toBeCloseTo(166.2742, 3);
    expect(await ctx.pool.georadiusbymemberStore("sicily", "Palermo", 1, "km", "one", { count: 1 })).toBe(1);
  });

  it("bad input rejects with InvalidArgumentError before sending", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.geoadd("k", []),
      () => ctx.pool.geoadd("k", [{ longitude: 200, latitude: 0, member: "x" }]),
      () => ctx.pool.geoadd("k", [{ longitude: 0, latitude: 86, member: "x" }]),
      () => ctx.pool.geoadd("k", [{ longitude: Number.NaN, latitude: 0, member: "x" }]),
      () => ctx.pool.geoadd("k", [{ longitude: 0, latitude: 0 } as never]),
      () => ctx.pool.geoadd("k", [{ ...CENTER, member: "x" }], { nx: true, xx: true }),
      () => ctx.pool.geodist("k", "a", "b", "yards" as never),
      () => ctx.pool.geosearch("k", CENTER, { radius: -1, unit: "m" }),
      () => ctx.pool.geosearch("k", CENTER, { radius: 1, unit: "parsec" as never }),
      () => ctx.pool.geosearch("k", CENTER, { radius: 1, unit: "m" }, { any: true }),
      () => ctx.pool.geosearch("k", CENTER, { radius: 1, unit: "m" }, { count: 0 }),
      () => ctx.pool.geosearch("k", CENTER, { radius: 1, unit: "m" }, { order: "UP" as never }),
      () => ctx.pool.geosearch("k", null as never, { radius: 1, unit: "m" }),
      () => ctx.pool.geosearch("k", CENTER, null as never),
      () => ctx.pool.georadius("k", CENTER, Number.POSITIVE_INFINITY, "m"),
      () => ctx.pool.georadiusbymemberStore("k", "a", 1, "m", "dest", { count: 1.5 }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.exists("k", "dest")).toBe(0);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.set("str", "x");
    const error = await ctx.pool.geoadd("str", [{ ...CENTER, member: "a" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await expect(ctx.pool.geosearch("str", CENTER, { radius: 1, unit: "m" })).rejects.toMatchObject({
      prefix: "WRONGTYPE",
    });
  });
};

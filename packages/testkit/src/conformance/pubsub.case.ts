import {
  InvalidArgumentError,
  type PubSubMessage,
  type SubscribeOptions,
  UnsupportedError,
} from "@beeredis/core";
import { expect } from "vitest";
import { type Cases, needing } from "./context.js";
import { ONE_NODE, ONE_SERVER, PUBSUB } from "./needs.js";
import { afterClose, connectionCount, lacking, requiring, waitFor } from "./pubsub/helpers.js";

export const pubsubCases: Cases = (ctx, it) => {
  const withPubsub = requiring("pubsub", it);
  const withoutPubsub = lacking("pubsub", it);
  const onOneNode = needing(it, [PUBSUB, ONE_NODE]);

  it("publish counts receivers (none here); pubsub introspection of an idle server", async () => {
    expect(await ctx.pool.publish("nobody", "hello")).toBe(0);
    expect(await ctx.pool.spublish("nobody", "hello")).toBe(0);
    expect(await ctx.pool.pubsubChannels()).toEqual([]);
    expect(await ctx.pool.pubsubNumsub("nobody")).toEqual({ nobody: 0 });
    expect(await ctx.pool.pubsubNumsub()).toEqual({});
    expect(await ctx.pool.pubsubNumpat()).toBe(0);
    expect(await ctx.pool.pubsubShardchannels()).toEqual([]);
    expect(await ctx.pool.pubsubShardnumsub("nobody")).toEqual({ nobody: 0 });
  });

  withoutPubsub(
    "a transport without pub/sub rejects subscribing with UnsupportedError naming the TCP transport",
    async () => {
      for (const sub of [ctx.pool.subscribe("a"), ctx.pool.psubscribe("a*"), ctx.pool.ssubscribe("a")]) {
        await expect(sub.ready).rejects.toBeInstanceOf(UnsupportedError);
        await expect(sub.next()).rejects.toThrow(/TCP transport \(@beeredis\/ioredis\)/);
        expect(await sub.next()).toEqual({ done: true, value: undefined });
      }
    },
  );
  it(
    "a subscriber receives what a publisher sends, in order, and breaking out unsubscribes and disconnects",
    [PUBSUB, ONE_SERVER],
    async () => {
      await ctx.pool.ping();
      const before = await connectionCount(ctx.admin);
      const news = ctx.pool.subscribe("news");
      await waitFor("the subscriber", async () => (await ctx.pool.pubsubNumsub("news")).news === 1);
      expect(await connectionCount(ctx.admin)).toBe(before + 1);
      for (const message of ["one", "two", "three"]) expect(await ctx.pool.publish("news", message)).toBe(1);
      const received: PubSubMessage[] = [];
      for await (const message of news) {
        received.push(message);
        if (received.length === 3) break;
      }
      expect(received).toEqual([
        { channel: "news", message: "one" },
        { channel: "news", message: "two" },
        { channel: "news", message: "three" },
      ]);
      await afterClose(ctx, () => ctx.pool.pubsubNumsub("news"), { news: 0 });
      await waitFor(
        "the subscriber's connection to close",
        async () => (await connectionCount(ctx.admin)) === before,
      );
      expect(await ctx.pool.publish("news", "nobody")).toBe(0);
      expect(await news.next()).toEqual({ done: true, value: undefined });
    },
  );

  onOneNode("ready resolves once subscribed; several channels; publish counts receivers", async () => {
    expect(await ctx.pool.publish("a", "nobody listens")).toBe(0);
    const sub = ctx.pool.subscribe("a", "b");
    await sub.ready;
    expect(await ctx.pool.pubsubNumsub("a", "b", "c")).toEqual({ a: 1, b: 1, c: 0 });
    expect((await ctx.pool.pubsubChannels()).sort()).toEqual(["a", "b"]);
    expect(await ctx.pool.pubsubChannels("b*")).toEqual(["b"]);
    await ctx.admin.publish("b", "to b");
    await ctx.admin.publish("a", "to a");
    expect((await sub.next()).value).toEqual({ channel: "b", message: "to b" });
    expect((await sub.next()).value).toEqual({ channel: "a", message: "to a" });
    await sub.close();
    await sub.close(); // idempotent
    await afterClose(ctx, () => ctx.pool.pubsubNumsub("a"), { a: 0 });
    await afterClose(ctx, () => ctx.pool.pubsubChannels(), []);
  });

  onOneNode("psubscribe delivers the matching pattern with each message; pubsubNumpat", async () => {
    expect(await ctx.pool.pubsubNumpat()).toBe(0);
    const sub = ctx.pool.psubscribe("news.*", "alerts.*");
    await sub.ready;
    expect(await ctx.pool.pubsubNumpat()).toBe(2);
    expect(await ctx.pool.publish("news.tech", "bees")).toBe(1);
    expect(await ctx.pool.publish("other", "ignored")).toBe(0);
    expect(await ctx.pool.publish("alerts.fire", "run")).toBe(1);
    const received = [];
    for await (const message of sub) {
      received.push(message);
      if (received.length === 2) break;
    }
    expect(received).toEqual([
      { pattern: "news.*", channel: "news.tech", message: "bees" },
      { pattern: "alerts.*", channel: "alerts.fire", message: "run" },
    ]);
    await afterClose(ctx, () => ctx.pool.pubsubNumpat(), 0);
  });

  withPubsub("with { bytes: true } messages arrive as their exact bytes", async () => {
    const payload = new Uint8Array([0, 1, 127, 128, 255]);
    const sub = ctx.pool.subscribe(["bin"], { bytes: true });
    const patterns = ctx.pool.psubscribe(["bi*"], { bytes: true });
    await Promise.all([sub.ready, patterns.ready]);
    expect(await ctx.pool.publish("bin", payload)).toBe(2);
    const { value } = await sub.next();
    expect(value!.channel).toBe("bin");
    expect(value!.message).toBeInstanceOf(Uint8Array);
    expect(Array.from(value!.message)).toEqual(Array.from(payload));
    const matched = (await patterns.next()).value!;
    expect(matched.pattern).toBe("bi*");
    expect(Array.from(matched.message)).toEqual(Array.from(payload));
    await Promise.all([sub.close(), patterns.close()]);
  });

  withPubsub(
    "ssubscribe and spublish (sharded pub/sub); pubsubShardchannels and pubsubShardnumsub",
    async () => {
      expect(await ctx.pool.spublish("orders", "nobody")).toBe(0);
      const sub = ctx.pool.ssubscribe("orders");
      await sub.ready;
      expect(await ctx.pool.pubsubShardchannels()).toEqual(["orders"]);
      expect(await ctx.pool.pubsubShardchannels("x*")).toEqual([]);
      expect(await ctx.pool.pubsubShardnumsub("orders", "none")).toEqual({ orders: 1, none: 0 });
      expect(await ctx.pool.spublish("orders", "order-1")).toBe(1);
      expect((await sub.next()).value).toEqual({ channel: "orders", message: "order-1" });
      await sub.close();
      expect(await ctx.pool.pubsubShardnumsub("orders")).toEqual({ orders: 0 });
    },
  );

  withPubsub("messages published before the consumer pulls wait in order; await using closes", async () => {
    {
      await using sub = ctx.pool.subscribe("queue");
      await sub.ready;
      for (let i = 0; i < 50; i++) await ctx.pool.publish("queue", `m${i}`);
      const received: string[] = [];
      for (let i = 0; i < 50; i++) received.push((await sub.next()).value!.message);
      expect(received).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    }
    await afterClose(ctx, () => ctx.pool.pubsubNumsub("queue"), { queue: 0 });
  });

  /**
   * Subscribes to `channel` with `options`, publishes `messages` without consuming until the overflow closed the
   * subscription, then consumes: the messages it kept, and the error the loop ended with.
   */
  async function overflow(
    channel: string,
    options: SubscribeOptions,
    messages: readonly string[],
  ): Promise<{ received: string[]; error: unknown }> {
    const sub = ctx.pool.subscribe([channel], options);
    await sub.ready;
    for (const message of messages) await ctx.admin.publish(channel, message);
    await waitFor(
      "the overflow to close the subscription",
      async () => (await ctx.pool.pubsubNumsub(channel))[channel] === 0,
    );
    const received: string[] = [];
    const error = await (async () => {
      for await (const message of sub) received.push(message.message);
    })().catch((e: unknown) => e);
    return { received, error };
  }

  onOneNode(
    "a consumer that falls more than maxBuffered behind gets the waiting messages, then TransportError",
    async () => {
      const messages = Array.from({ length: 5 }, (_, i) => `m${i}`);
      const { received, error } = await overflow("firehose", { maxBuffered: 3 }, messages);
      expect(received).toEqual(["m0", "m1", "m2"]);
      expect(error).toMatchObject({ code: "TRANSPORT" });
      expect(String((error as Error).message)).toMatch(/fell behind/);
    },
  );

  onOneNode(
    "a consumer holding more than maxBufferedBytes of messages gets those that fit, then TransportError",
    async () => {
      // Each message costs its channel (5 bytes) and payload (100): two fit in 250 bytes, the third does not.
      const messages = Array.from({ length: 4 }, (_, i) => `${i}`.repeat(100));
      const { received, error } = await overflow("bulky", { maxBufferedBytes: 250 }, messages);
      expect(received).toEqual(["0".repeat(100), "1".repeat(100)]);
      expect(error).toMatchObject({ code: "TRANSPORT" });
      expect(String((error as Error).message)).toMatch(/more than 250 bytes of messages were waiting/);
    },
  );

  withPubsub("closing before the subscription is confirmed leaves no subscriber", async () => {
    const sub = ctx.pool.subscribe("early");
    const pending = sub.next();
    await sub.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await sub.ready;
    await afterClose(ctx, () => ctx.pool.pubsubNumsub("early"), { early: 0 });
  });

  withPubsub("closing the registry ends a subscription's iteration cleanly", async () => {
    const registry = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    const sub = registry.createEngine().getRedis().subscribe("bye");
    await sub.ready;
    const got: string[] = [];
    const loop = (async () => {
      for await (const message of sub) got.push(message.message);
      return "ended";
    })();
    await ctx.pool.publish("bye", "last");
    await waitFor("the message", () => got.length === 1);
    await registry.close();
    expect(await loop).toBe("ended");
    expect(got).toEqual(["last"]);
    await afterClose(ctx, () => ctx.pool.pubsubNumsub("bye"), { bye: 0 });
  });

  it("bad input rejects through ready and the iterator with InvalidArgumentError; raw SUBSCRIBE stays forbidden", async () => {
    for (const sub of [
      ctx.pool.subscribe(),
      ctx.pool.psubscribe([]),
      ctx.pool.subscribe([""]),
      ctx.pool.subscribe(["a"], { maxBuffered: 0 }),
      ctx.pool.subscribe(["a"], { maxBufferedBytes: 1.5 }),
      ctx.pool.ssubscribe(["a"], "bytes" as never),
    ]) {
      await expect(sub.ready).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(sub.next()).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await sub.next()).toEqual({ done: true, value: undefined });
    }
    await expect(ctx.pool.call("SUBSCRIBE", "a")).rejects.toMatchObject({ code: "FORBIDDEN_COMMAND" });
    await expect(ctx.pool.call("SSUBSCRIBE", "a")).rejects.toMatchObject({ code: "FORBIDDEN_COMMAND" });
    expect(await ctx.pool.pubsubChannels()).toEqual([]);
  });

  it("pubsubHelp returns the server's help lines", async () => {
    expect((await ctx.pool.pubsubHelp()).join("\n")).toMatch(/NUMSUB/);
  });
};

/**
 * @module Pub/sub over Server-Sent Events, as Upstash serves it: `POST /subscribe/<channel>...` and
 * `POST /psubscribe/<pattern>...` answer a `text/event-stream` of `data: subscribe,<channel>,<count>`, then
 * `data: message,<channel>,<message>` (`data: pmessage,<pattern>,<channel>,<message>`) per message. Each
 * stream holds a Redis connection of its own, counted against the blocking-connection caps, and gives it back
 * as soon as the client goes away.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Grant } from "./auth.js";
import type { Backend } from "./backend.js";
import { HttpError } from "./http-error.js";
import type { Limits } from "./limits.js";
import { channelPrefix } from "./policy/channels.js";
import { withTimeout } from "./respond.js";

/** A stream request: what it subscribes to. */
export interface SubscriptionRoute {
  readonly kind: "channel" | "pattern";
  readonly names: readonly string[];
}

/** What serving a stream needs. */
export interface StreamContext {
  readonly backend: Backend;
  readonly limits: Limits;
  readonly grant: Grant;
  readonly heartbeatMs: number;
  /** How long subscribing may take before the request fails. */
  readonly timeoutMs: number;
  /** Open streams, each with the function that ends it (the gateway ends them all when it closes). */
  readonly open: Set<() => void>;
  readonly syncToken: () => string;
}

/** A Map, not an object literal: a path named like an Object.prototype member ("/constructor/x") is no route. */
const KINDS: ReadonlyMap<string, "channel" | "pattern"> = new Map([
  ["subscribe", "channel"],
  ["psubscribe", "pattern"],
]);

/** The stream route of a path, or `undefined` when it is not one. @throws HttpError 400 for bad names */
export function subscriptionRoute(rawPath: string): SubscriptionRoute | undefined {
  const [first, ...rest] = rawPath.split("/").slice(1);
  const kind = first === undefined ? undefined : KINDS.get(first.toLowerCase());
  if (kind === undefined) return undefined;
  if (rest.length > 1 && rest[rest.length - 1] === "") rest.pop();
  let names: string[];
  try {
    names = rest.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, "The path is not valid URL encoding.");
  }
  if (names.length === 0 || names.some((name) => name === "")) {
    throw new HttpError(400, `Name at least one ${kind}: /${first}/<${kind}>[/<${kind}>...].`);
  }
  return { kind, names };
}

/**
 * Streams the messages of `route` until the client goes away, the gateway closes, or the subscription fails.
 * Rejects (before anything is written) when no blocking slot is free (429) or subscribing fails.
 */
export async function serveSubscription(
  ctx: StreamContext,
  res: ServerResponse,
  req: IncomingMessage,
  route: SubscriptionRoute,
): Promise<void> {
  const release = ctx.limits.blockingSlot(ctx.grant);
  const prefix = channelPrefix(ctx.grant);
  const subscription = ctx.backend.subscribe(
    route.kind,
    route.names.map((name) => prefix + name),
  );
  const end = () => {
    subscription.close();
    if (!res.writableEnded) res.end();
  };
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  try {
    await withTimeout(subscription.ready, ctx.timeoutMs);
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no", // proxies such as nginx would otherwise hold events back
      "upstash-sync-token": ctx.syncToken(),
    });
    const verb = route.kind === "channel" ? "subscribe" : "psubscribe";
    res.write(route.names.map((name, i) => event(`${verb},${name},${i + 1}`)).join(""));
    ctx.open.add(end);
    res.once("close", end);
    req.once("close", end);
    heartbeat = setInterval(() => res.write(": heartbeat\n\n"), ctx.heartbeatMs);
    for await (const message of subscription) {
      const channel = message.channel.slice(prefix.length);
      const data =
        "pattern" in message
          ? `pmessage,${message.pattern.slice(prefix.length)},${channel},${message.message}`
          : `message,${channel},${message.message}`;
      if (!res.write(event(data))) await drained(res);
    }
  } catch (error) {
    // Before the stream started, the request fails with a status; after, the stream simply ends.
    if (!res.headersSent) throw error;
  } finally {
    clearInterval(heartbeat);
    ctx.open.delete(end);
    end();
    release();
  }
}

/** One SSE event; a message with line breaks becomes several `data:` lines, as the SSE format wants. */
function event(data: string): string {
  return `${data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}

/** Resolves when the response can take more, or when the client is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

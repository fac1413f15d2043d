/** @module The three kinds of request: one command, a pipeline, and a MULTI/EXEC transaction. */
import type { CallBytesReply } from "@beeredis/core";
import type { Grant } from "./auth.js";
import { type Backend, recordBytes } from "./backend.js";
import { type Encoding, type Item, itemsBody, resultBody } from "./encode.js";
import { HttpError, isGatewayAuthFailure, toHttpError } from "./http-error.js";
import type { CommandPolicy } from "./policy.js";
import type { Argv } from "./request.js";

/** What a handler needs to serve one authenticated request. */
export interface RequestContext {
  readonly backend: Backend;
  readonly policy: CommandPolicy;
  readonly grant: Grant;
  readonly encoding: Encoding;
}

/**
 * `POST /` and path style: `{ result }`. Any failure rejects, and the server answers it with its status
 * (400 for a command error, as Upstash does).
 */
export async function runCommand(ctx: RequestContext, argv: Argv): Promise<string> {
  await ctx.policy.check(argv, ctx.grant);
  return resultBody(await ctx.backend.run(ctx.grant.db, argv), ctx.encoding);
}

/**
 * `POST /pipeline`: one `{ result }` or `{ error }` per command, in order, status 200. Not atomic. A command the
 * token may not run, or that core refuses, gets its `{ error }` while the others still run (`@upstash/redis`
 * auto-pipelining puts unrelated calls in one request). Only a Redis failure (5xx) fails the whole request.
 */
export async function runPipeline(ctx: RequestContext, commands: readonly Argv[]): Promise<string> {
  const items: (Item | undefined)[] = new Array(commands.length);
  const batch = ctx.backend.batch(ctx.grant.db, false);
  const sent: number[] = [];
  for (const [i, argv] of commands.entries()) {
    try {
      await ctx.policy.check(argv, ctx.grant);
      recordBytes(batch, argv);
      sent.push(i);
    } catch (error) {
      const failure = toHttpError(error, ctx.encoding.scrub);
      if (failure.status >= 500) throw error;
      items[i] = { error: failure.message };
    }
  }
  if (sent.length > 0) {
    const replies = await batch.exec();
    sent.forEach((index, j) => {
      items[index] = entry(replies[j] ?? null, ctx.encoding);
    });
  }
  return itemsBody(items as Item[], ctx.encoding);
}

/**
 * `POST /multi-exec`: all or nothing. Every command is checked first; one refusal refuses the transaction
 * (nothing is sent) with that refusal's status. A transaction Redis aborts (EXECABORT, e.g. a wrong number of
 * arguments) is one `{ error }` with 400. Otherwise one `{ result }` or `{ error }` per command, status 200.
 */
export async function runTransaction(ctx: RequestContext, commands: readonly Argv[]): Promise<string> {
  const batch = ctx.backend.batch(ctx.grant.db, true);
  for (const [i, argv] of commands.entries()) {
    try {
      await ctx.policy.check(argv, ctx.grant);
      recordBytes(batch, argv);
    } catch (error) {
      const failure = toHttpError(error, ctx.encoding.scrub);
      if (failure.status >= 500) throw error;
      throw new HttpError(
        failure.status,
        `EXECABORT Transaction discarded, nothing was sent: command ${i + 1} was refused: ${failure.message}`,
      );
    }
  }
  const replies = await batch.exec();
  return itemsBody(
    replies.map((reply) => entry(reply, ctx.encoding)),
    ctx.encoding,
  );
}

/**
 * A batch entry: a ReplyError (or a decoding error) becomes `{ error }`. A refused login fails the whole request
 * instead (503), as it does for a single command.
 */
function entry(reply: unknown, encoding: Encoding): Item {
  if (isGatewayAuthFailure(reply)) throw reply;
  if (reply instanceof Error) return { error: encoding.scrub(reply.message) };
  return { reply: reply as CallBytesReply };
}

/** @module The three kinds of request: one command, a pipeline, and a MULTI/EXEC transaction. */
import type { CallBytesReply } from "@beeredis/core";
import { type Encoding, itemsBody as encodeItems, type Item, resultBody } from "./encode.js";
import { HttpError, toHttpError } from "./http-error.js";
import { batchLane, type CommandPolicy, type Verdict } from "./policy/policy.js";
import { checkReplySize } from "./reply-size.js";
import type { Argv } from "./request.js";
import { execBatch, fitLane, type LaneContext, runOne } from "./run-on-lane.js";
import type { SyncClock } from "./sync-token.js";

/** What a handler needs to serve one authenticated request. */
export interface RequestContext extends LaneContext {
  readonly policy: CommandPolicy;
  readonly sync: SyncClock;
  readonly encoding: Encoding;
  readonly maxResponseBytes: number;
}

/**
 * `POST /` and path style: `{ result }`. Any failure rejects, and the server answers it with its status
 * (400 for a command error, as Upstash does).
 */
export async function runCommand(ctx: RequestContext, argv: Argv): Promise<string> {
  const verdict = ctx.policy.check(argv, ctx.grant);
  const release = verdict.blockMs === undefined ? undefined : ctx.limits.blockingSlot(ctx.grant);
  if (verdict.writes) ctx.sync.wrote();
  let reply: CallBytesReply;
  try {
    reply = await runOne(ctx, verdict);
  } finally {
    release?.();
  }
  reply = verdict.filter ? verdict.filter(reply) : reply;
  checkReplySize([{ reply }], ctx.maxResponseBytes);
  return resultBody(reply, ctx.encoding);
}

/**
 * `POST /pipeline`: one `{ result }` or `{ error }` per command, in order, status 200. Not atomic. A command the
 * token may not run, or that core refuses, gets its `{ error }` while the others still run (`@upstash/redis`
 * auto-pipelining puts unrelated calls in one request). Only a Redis failure (5xx) fails the whole request.
 */
export async function runPipeline(ctx: RequestContext, commands: readonly Argv[]): Promise<string> {
  if (commands.length === 1) return itemsBody([await pipelineOfOne(ctx, commands[0]!)], ctx);
  const items: (Item | undefined)[] = new Array(commands.length);
  const refuse = (i: number, error: unknown) => {
    items[i] = { error: refusal(ctx, error).message };
  };
  const verdicts = commands.map((argv, i) => {
    try {
      return ctx.policy.check(argv, ctx.grant);
    } catch (error) {
      refuse(i, error);
      return undefined;
    }
  });
  const lane = batchLane(verdicts.filter((verdict) => verdict !== undefined));
  const sent: { verdict: Verdict; i: number }[] = [];
  verdicts.forEach((verdict, i) => {
    if (verdict === undefined || lane === undefined) return;
    try {
      fitLane(verdict, lane);
      sent.push({ verdict, i });
    } catch (error) {
      refuse(i, error);
    }
  });
  if (sent.some(({ verdict }) => verdict.writes)) ctx.sync.wrote();
  if (lane !== undefined && sent.length > 0) {
    const replies = await execBatch(
      ctx,
      lane,
      false,
      sent.map(({ verdict }) => verdict),
      (j, error) => refuse(sent[j]!.i, error),
    );
    sent.forEach(({ verdict, i }, j) => {
      items[i] ??= entry(replies[j] ?? null, verdict, ctx);
    });
  }
  return itemsBody(items as Item[], ctx);
}

/**
 * A pipeline of one command (what `@upstash/redis` auto-pipelining sends at one call in flight) runs as a single
 * command: the same checks, lane and answer as in a batch, without building one. Its error reply or refusal is its
 * `{ error }`; a Redis failure (5xx) fails the request, as it fails a batch.
 */
async function pipelineOfOne(ctx: RequestContext, argv: Argv): Promise<Item> {
  let verdict: Verdict;
  try {
    verdict = ctx.policy.check(argv, ctx.grant);
  } catch (error) {
    return { error: refusal(ctx, error).message };
  }
  if (verdict.writes) ctx.sync.wrote();
  // As for a batch: a 429 for the blocking slot answers the whole request.
  const release = verdict.blockMs === undefined ? undefined : ctx.limits.blockingSlot(ctx.grant);
  try {
    const reply = await runOne(ctx, verdict);
    return { reply: verdict.filter ? verdict.filter(reply) : reply };
  } catch (error) {
    return { error: refusal(ctx, error).message };
  } finally {
    release?.();
  }
}

/** The `/pipeline` and `/multi-exec` answer, once the replies are within the response-size bound. */
function itemsBody(items: readonly Item[], ctx: RequestContext): string {
  checkReplySize(items, ctx.maxResponseBytes);
  return encodeItems(items, ctx.encoding);
}

/**
 * `POST /multi-exec`: all or nothing. Every command is checked first; one refusal refuses the transaction
 * (nothing is sent) with that refusal's status. A transaction Redis aborts (EXECABORT, e.g. a wrong number of
 * arguments) is one `{ error }` with 400. Otherwise one `{ result }` or `{ error }` per command, status 200.
 */
export async function runTransaction(ctx: RequestContext, commands: readonly Argv[]): Promise<string> {
  const refuse = (i: number, error: unknown): never => {
    const failure = refusal(ctx, error);
    throw new HttpError(
      failure.status,
      `EXECABORT Transaction discarded, nothing was sent: command ${i + 1} was refused: ${failure.message}`,
    );
  };
  const verdicts = commands.map((argv, i) => {
    try {
      return ctx.policy.check(argv, ctx.grant);
    } catch (error) {
      return refuse(i, error);
    }
  });
  const lane = batchLane(verdicts)!;
  verdicts.forEach((verdict, i) => {
    try {
      fitLane(verdict, lane);
    } catch (error) {
      refuse(i, error);
    }
  });
  if (verdicts.some((verdict) => verdict.writes)) ctx.sync.wrote();
  const replies = await execBatch(ctx, lane, true, verdicts, refuse);
  return itemsBody(
    replies.map((reply, i) => entry(reply, verdicts[i]!, ctx)),
    ctx,
  );
}

/** A refusal of one command as the client sees it; a Redis failure (5xx) fails the whole request instead. */
function refusal(ctx: RequestContext, error: unknown): HttpError {
  const failure = toHttpError(error, ctx.encoding.scrub);
  if (failure.status >= 500) throw error;
  return failure;
}

/** A batch entry: a ReplyError (or a decoding error) becomes `{ error }`. */
function entry(reply: unknown, verdict: Verdict, ctx: RequestContext): Item {
  if (reply instanceof Error) return { error: ctx.encoding.scrub(reply.message) };
  const raw = reply as CallBytesReply;
  return { reply: verdict.filter ? verdict.filter(raw) : raw };
}

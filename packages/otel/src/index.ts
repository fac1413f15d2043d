/**
 * OpenTelemetry tracing for beeredis, on the registry's hooks: one span per command (or batch), per rate-limit
 * decision and per lock operation. Spans carry the pool code and the command name, never an argument value, a
 * key, a lock name or an error message (only the error's type).
 * @module @beeredis/otel
 */
import type { BaseRegistry, CommandEvent, DecisionEvent, LitePool, LockEvent } from "@beeredis/core";
import { type Attributes, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** The tracer spans are made with. @default trace.getTracer("@beeredis/otel") (the global provider's) */
  tracer?: Tracer;
  /** Which spans to record. @default all three */
  spans?: { commands?: boolean; decisions?: boolean; locks?: boolean };
}

/** The tracer's name when none is given. */
export const TRACER_NAME = "@beeredis/otel";

/**
 * Records spans for `registry`'s commands, decisions and lock operations. Call it before `registry.validate()`.
 * Each span ends when the operation settled, and starts its duration earlier; its parent is the context that was
 * active when the operation was called.
 * - a command: name `GET` (`PIPELINE` / `MULTI` for a batch), kind client, `db.system.name` "redis",
 *   `db.operation.name`, `beeredis.pool`, and `db.operation.batch.size` for a batch;
 * - a decision: name `beeredis.rate_limit`, with `beeredis.rate_limit.algorithm`, `.action`, `.allowed`, `.source`;
 * - a lock operation: name `beeredis.lock`, with `beeredis.lock.action` and `beeredis.lock.acquired`.
 * A failure sets the span's status to error and `error.type` to the error's `code` (such as `REPLY_ERROR`).
 * @example
 * import { instrument } from "@beeredis/otel";
 * const registry = instrument(new Registry({ transport: tcp() })).registerRedis("localhost:6379", 0);
 */
export function instrument<R extends BaseRegistry<LitePool>>(
  registry: R,
  options: InstrumentOptions = {},
): R {
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  const spans = options.spans ?? {};
  if (spans.commands !== false)
    registry.onCommand((event) => record(tracer, event.command, commandAttributes(event), event));
  if (spans.decisions !== false)
    registry.onDecision((event) => record(tracer, "beeredis.rate_limit", decisionAttributes(event), event));
  if (spans.locks !== false)
    registry.onLock((event) => record(tracer, "beeredis.lock", lockAttributes(event), event));
  return registry;
}

function commandAttributes(event: CommandEvent): Attributes {
  const attributes: Attributes = {
    "db.system.name": "redis",
    "db.operation.name": event.command,
    "beeredis.pool": event.pool,
  };
  if (event.batch !== undefined) attributes["db.operation.batch.size"] = event.batch.length;
  return attributes;
}

function decisionAttributes(event: DecisionEvent): Attributes {
  return {
    "beeredis.pool": event.pool,
    "beeredis.rate_limit.algorithm": event.algorithm,
    "beeredis.rate_limit.action": event.action,
    "beeredis.rate_limit.allowed": event.allowed,
    "beeredis.rate_limit.source": event.source,
  };
}

function lockAttributes(event: LockEvent): Attributes {
  return {
    "beeredis.pool": event.pool,
    "beeredis.lock.action": event.action,
    "beeredis.lock.acquired": event.acquired,
  };
}

/** One finished span, `ms` long, ending now. */
function record(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  event: { readonly ms: number; readonly error?: unknown },
): void {
  const end = Date.now();
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: end - event.ms, attributes });
  if (event.error !== undefined) {
    span.setAttribute("error.type", errorType(event.error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(end);
}

/** The error's stable `code` (beeredis errors), else its class name: never its message, which may quote values. */
function errorType(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (error instanceof Error) return error.name;
  }
  return "unknown";
}

/**
 * Shared by the fuzz tests: a real redis-server with an independent ioredis admin connection, a hang guard, and
 * oracles read from the server itself (bytes received, writes made).
 */
import { BeeRedisError, type RedisPool, Registry, type ValidatedRegistry } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import fc from "fast-check";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { tcp } from "../src/index.js";

/** Only there to catch hangs: every call must settle well within this. */
export const HANG_MS = 4000;

/** A call's outcome: what it resolved to, or what it threw or rejected with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

class HangError extends Error {}

/** Runs `run` (a sync throw counts as a rejection); fails the property when it has not settled within `ms`. */
export async function settle<T>(run: () => T | Promise<T>, ms = HANG_MS): Promise<Outcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return { ok: true, value: await Promise.race([Promise.resolve().then(run), hang]) };
  } catch (error) {
    if (error instanceof HangError) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts a rejection is one of beeredis' typed errors (of one of `classes` when given), never a plain Error. */
export function expectTyped(outcome: Outcome<unknown>, ...classes: ErrorClass[]): void {
  expect(outcome.ok, "expected a rejection").toBe(false);
  const error = (outcome as { error: unknown }).error;
  expect(error, String(error)).toBeInstanceOf(BeeRedisError);
  if (classes.length > 0)
    expect(
      classes.some((type) => error instanceof type),
      String(error),
    ).toBe(true);
}

/** A live redis-server, an admin connection that bypasses beeredis, and pools on it. */
export class FuzzServer {
  private readonly registries: ValidatedRegistry[] = [];

  private constructor(
    readonly server: RedisServer,
    readonly admin: Redis,
  ) {}

  static async start(): Promise<FuzzServer> {
    const server = await startRedis();
    return new FuzzServer(server, new Redis({ host: server.host, port: server.port }));
  }

  get address(): string {
    return `${this.server.host}:${this.server.port}`;
  }

  /** A connected pool, closed by {@link stop}. Its command timeout is well within the hang guard. */
  async pool(): Promise<RedisPool> {
    const registry = await new Registry({ transport: tcp(), commandTimeout: HANG_MS / 2 })
      .registerRedis(this.address, 0)
      .validate({ connect: true });
    this.registries.push(registry);
    return registry.createEngine().getRedis();
  }

  /** Bytes the server received since `mark`, not counting the INFO commands that read them. */
  async bytesSince(mark: number): Promise<number> {
    return (await this.bytesReceived()) - mark - INFO_STATS_BYTES;
  }

  /** A mark for {@link bytesSince}. */
  async bytesReceived(): Promise<number> {
    return Number(/total_net_input_bytes:(\d+)/.exec(await this.admin.info("stats"))?.[1]);
  }

  /** Writes the server has made so far (its dirty counter): unchanged means nothing was written. */
  async writes(): Promise<number> {
    return Number(/rdb_changes_since_last_save:(\d+)/.exec(await this.admin.info("persistence"))?.[1]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.registries.splice(0).map((registry) => registry.close()));
    this.admin.disconnect();
    await this.server.stop();
  }
}

/** `*2 $4 info $5 stats` as RESP: what reading the counter itself adds to it. */
const INFO_STATS_BYTES = 25;

/** A unique key per run, so runs never see each other's data. */
let counter = 0;
export const freshKey = (label: string) => `fuzz:${label}:${++counter}`;

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration-like input and the milliseconds it stands for: `null` when it is no duration at all, `undefined` when
 * the SPEC does not say (a random string, which the implementation may read leniently).
 */
export interface DurationInput {
  input: unknown;
  ms: number | null | undefined;
}

/** A duration as the SPEC documents it: milliseconds, or a decimal with a unit such as "1.5s". */
const documentedDuration: fc.Arbitrary<DurationInput> = fc.oneof(
  fc.double({ min: 0, max: 1e9, noNaN: true }).map((ms) => ({ input: ms, ms })),
  fc
    .tuple(
      fc.nat(1000),
      fc.option(fc.nat(99)),
      fc.constantFrom("ms", "s", "m", "h", "d") as fc.Arbitrary<keyof typeof UNITS>,
    )
    .map(([whole, fraction, unit]) => {
      const text = fraction === null ? `${whole}` : `${whole}.${fraction}`;
      return { input: `${text}${unit}`, ms: Number(text) * UNITS[unit] };
    }),
);

/** Any duration-like input: documented ones, any double (negative, NaN, infinite), garbage and random strings. */
export const anyDuration: fc.Arbitrary<DurationInput> = fc.oneof(
  documentedDuration,
  fc.double().map((input) => ({ input, ms: Number.isFinite(input) ? input : null })),
  fc
    .constantFrom<unknown>(
      null,
      true,
      {},
      [],
      10n,
      "",
      "ms",
      "1",
      "1M",
      "1S",
      "1 min",
      "-1s",
      "+1s",
      "Infinityms",
      "1y",
    )
    .map((input) => ({ input, ms: null })),
  fc.string().map((input) => ({ input, ms: /\d/.test(input) ? undefined : null })),
);

/** What the SPEC says of a duration input to an API that takes the durations `valid` accepts. */
export function verdict(
  { ms }: DurationInput,
  valid: (ms: number) => boolean,
): "accept" | "refuse" | "either" {
  if (ms === undefined) return "either";
  return ms !== null && valid(ms) ? "accept" : "refuse";
}

/**
 * What the SPEC says of a span given deliberately (a lock ttl, a rate-limit window): a positive duration, and a
 * bare number of ms under 1000 refused as a likely unit mistake (`30` meant as 30 s).
 */
export function deliberateVerdict(span: DurationInput): "accept" | "refuse" | "either" {
  return typeof span.input === "number" && span.input > 0 && span.input < 1000
    ? "refuse"
    : verdict(span, (ms) => ms > 0);
}

/** @module LATENCY, MEMORY and SLOWLOG subcommands. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { integer } from "../args.js";
import { command, type Key } from "../command.js";
import { asArray, asCount, asNullableCount, asStrings, asText } from "../decode.js";
import { asMap, asNumeric, define } from "./replies.js";

/** One event of LATENCY LATEST. */
export interface LatencyEvent {
  event: string;
  /** Unix time in seconds of the latest spike. */
  timestamp: number;
  latestMs: number;
  maxMs: number;
}

/** One sample of LATENCY HISTORY. */
export interface LatencySample {
  /** Unix time in seconds. */
  timestamp: number;
  latencyMs: number;
}

/** One command of LATENCY HISTOGRAM. */
export interface LatencyHistogram {
  calls: number;
  /** `[upper bound in microseconds, calls]` buckets, ascending (power-of-two bounds). */
  histogramUsec: [bucketUsec: number, calls: number][];
}

/** MEMORY STATS: each figure as a number; per-database figures (`db.0`, ...) as nested records. */
export type MemoryStats = Record<string, number | Record<string, number>>;

/** One entry of SLOWLOG GET. */
export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds. */
  timestamp: number;
  durationMicros: number;
  /** The command line (long ones are cut by the server). */
  args: string[];
  /** `ip:port` of the client. */
  clientAddress: string;
  clientName: string;
}

function asLatencyHistograms(reply: RawReply): Record<string, LatencyHistogram> {
  const out: Record<string, LatencyHistogram> = {};
  for (const [name, value] of Object.entries(asMap(reply))) {
    const entry = asMap(value);
    const flat = asArray(entry.histogram_usec ?? []);
    const buckets: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) buckets.push([asCount(flat[i]!), asCount(flat[i + 1]!)]);
    define(out, name, { calls: asCount(entry.calls ?? null), histogramUsec: buckets });
  }
  return out;
}

function asMemoryStats(reply: RawReply): MemoryStats {
  const out: MemoryStats = {};
  for (const [name, value] of Object.entries(asMap(reply))) {
    if (Array.isArray(value)) {
      const nested: Record<string, number> = {};
      for (const [inner, figure] of Object.entries(asMap(value))) define(nested, inner, asNumeric(figure));
      define<MemoryStats[string]>(out, name, nested);
    } else {
      define<MemoryStats[string]>(out, name, asNumeric(value));
    }
  }
  return out;
}

function asSlowlogEntry(reply: RawReply): SlowlogEntry {
  const [id, timestamp, duration, args, address, name] = asArray(reply);
  return {
    id: asCount(id ?? null),
    timestamp: asCount(timestamp ?? null),
    durationMicros: asCount(duration ?? null),
    args: asStrings(args ?? null),
    clientAddress: address === undefined ? "" : asText(address),
    clientName: name === undefined ? "" : asText(name),
  };
}

export const diagnosticsCommands = {
  /** A human-readable analysis of the latency events. @see https://redis.io/commands/latency-doctor */
  latencyDoctor: () => command(["LATENCY", "DOCTOR"], asText),
  /** An ASCII-art graph of one event's latency samples. @see https://redis.io/commands/latency-graph */
  latencyGraph: (event: string) => command(["LATENCY", "GRAPH", event], asText),
  /**
   * Per-command latency histograms (of every command, or the named ones) since the last CONFIG RESETSTAT.
   * @see https://redis.io/commands/latency-histogram
   */
  latencyHistogram: (...commands: string[]) =>
    command(["LATENCY", "HISTOGRAM", ...commands], asLatencyHistograms),
  /** The latest samples of one event (needs `latency-monitor-threshold`). @see https://redis.io/commands/latency-history */
  latencyHistory: (event: string) =>
    command(["LATENCY", "HISTORY", event], (reply) =>
      asArray(reply).map((sample): LatencySample => {
        const [timestamp, latency] = asArray(sample);
        return { timestamp: asCount(timestamp ?? null), latencyMs: asCount(latency ?? null) };
      }),
    ),
  /** The latest spike of every event. @see https://redis.io/commands/latency-latest */
  latencyLatest: () =>
    command(["LATENCY", "LATEST"], (reply) =>
      asArray(reply).map((entry): LatencyEvent => {
        const [event, timestamp, latest, max] = asArray(entry);
        return {
          event: asText(event ?? null),
          timestamp: asCount(timestamp ?? null),
          latestMs: asCount(latest ?? null),
          maxMs: asCount(max ?? null),
        };
      }),
    ),
  /** Clears the samples of the named events (or all). @returns how many event series were reset. @see https://redis.io/commands/latency-reset */
  latencyReset: (...events: string[]) => command(["LATENCY", "RESET", ...events], asCount),
  /** Usage text of LATENCY, one line per entry. @see https://redis.io/commands/latency-help */
  latencyHelp: () => command(["LATENCY", "HELP"], asStrings),
  /** A human-readable analysis of memory use. @see https://redis.io/commands/memory-doctor */
  memoryDoctor: () => command(["MEMORY", "DOCTOR"], asText),
  /** The allocator's internal statistics as text. @see https://redis.io/commands/memory-malloc-stats */
  memoryMallocStats: () => command(["MEMORY", "MALLOC-STATS"], asText),
  /** Asks the allocator to release dirty pages (jemalloc). @see https://redis.io/commands/memory-purge */
  memoryPurge: () => command(["MEMORY", "PURGE"], asText),
  /** Memory figures of the server. @see https://redis.io/commands/memory-stats */
  memoryStats: () => command(["MEMORY", "STATS"], asMemoryStats),
  /**
   * Bytes a key and its value take, `null` for a missing key. `samples` nested values are sampled for
   * aggregates (default 5; 0 samples them all).
   * @see https://redis.io/commands/memory-usage
   */
  memoryUsage: (key: Key, options: { samples?: number } = {}) => {
    const samples = options.samples;
    if (samples !== undefined && integer(samples, "MEMORY USAGE samples") < 0)
      throw new InvalidArgumentError(`MEMORY USAGE samples must not be negative, got ${samples}.`);
    return command(
      ["MEMORY", "USAGE", key, ...(samples === undefined ? [] : ["SAMPLES", samples])],
      asNullableCount,
    );
  },
  /** Usage text of MEMORY, one line per entry. @see https://redis.io/commands/memory-help */
  memoryHelp: () => command(["MEMORY", "HELP"], asStrings),
  /**
   * The latest slow log entries, newest first (10 by default; -1 for all).
   * @see https://redis.io/commands/slowlog-get
   */
  slowlogGet: (count?: number) => {
    if (count !== undefined && integer(count, "SLOWLOG GET count") < -1)
      throw new InvalidArgumentError(`SLOWLOG GET count must be -1 (all) or more, got ${count}.`);
    return command(["SLOWLOG", "GET", ...(count === undefined ? [] : [count])], (reply) =>
      asArray(reply).map(asSlowlogEntry),
    );
  },
  /** How many entries the slow log holds. @see https://redis.io/commands/slowlog-len */
  slowlogLen: () => command(["SLOWLOG", "LEN"], asCount),
  /** Empties the slow log. @see https://redis.io/commands/slowlog-reset */
  slowlogReset: () => command(["SLOWLOG", "RESET"], asText),
  /** Usage text of SLOWLOG, one line per entry. @see https://redis.io/commands/slowlog-help */
  slowlogHelp: () => command(["SLOWLOG", "HELP"], asStrings),
};

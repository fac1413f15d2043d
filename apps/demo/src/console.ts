/** The Pools page's command console: parsing a command line, the allow-list, and formatting replies. */
import { type CallReply, FORBIDDEN_COMMANDS, isBeeRedisError, type RedisPool } from "@beeredis/core";

/**
 * Commands the console runs: reads and small writes on demo keys. Nothing that scans the whole keyspace at
 * once (KEYS), flushes data (FLUSHDB, FLUSHALL), changes the server (CONFIG, SHUTDOWN) or blocks.
 */
export const ALLOWED_COMMANDS: readonly string[] = [
  "PING",
  "ECHO",
  "TIME",
  "DBSIZE",
  "GET",
  "SET",
  "DEL",
  "EXISTS",
  "TYPE",
  "TTL",
  "PTTL",
  "EXPIRE",
  "INCR",
  "INCRBY",
  "DECR",
  "APPEND",
  "STRLEN",
  "MGET",
  "LPUSH",
  "RPUSH",
  "LRANGE",
  "LLEN",
  "HSET",
  "HGET",
  "HGETALL",
  "SADD",
  "SMEMBERS",
  "ZADD",
  "ZRANGE",
  "SCAN",
];

const MAX_ARGS = 32;

/** What running a console line came to. */
export type ConsoleResult =
  | { ok: true; reply: string }
  | { ok: false; by: RefusedBy; error: string; message: string };

/** Who refused a command: beeredis before sending it, the Redis server's error reply, or this demo's allow-list. */
export type RefusedBy = "library" | "server" | "demo";

/**
 * Splits a command line into words: whitespace separates, "double" or 'single' quotes group,
 * and a backslash escapes the next character inside double quotes.
 * @returns the words, or a string describing the syntax error.
 */
export function parseCommandLine(line: string): string[] | string {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let word = "";
    while (i < line.length && !/\s/.test(line[i]!)) {
      const ch = line[i]!;
      if (ch === '"' || ch === "'") {
        const close = ch;
        i++;
        let closed = false;
        while (i < line.length) {
          const c = line[i]!;
          if (c === close) {
            closed = true;
            i++;
            break;
          }
          if (c === "\\" && close === '"' && i + 1 < line.length) {
            word += line[i + 1];
            i += 2;
            continue;
          }
          word += c;
          i++;
        }
        if (!closed) return `Unclosed ${close === '"' ? "double" : "single"} quote.`;
      } else {
        word += ch;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

/**
 * Runs a console line on `pool`. Allow-listed commands run; commands beeredis forbids (SELECT, QUIT, MONITOR...)
 * are handed to the library so its own `ForbiddenCommandError` is shown; everything else is refused here.
 */
export async function runConsoleCommand(pool: RedisPool, line: string): Promise<ConsoleResult> {
  const words = parseCommandLine(line);
  if (typeof words === "string") return { ok: false, by: "demo", error: "SyntaxError", message: words };
  const [name, ...args] = words;
  if (name === undefined) return { ok: false, by: "demo", error: "SyntaxError", message: "Type a command." };
  if (args.length > MAX_ARGS) {
    return { ok: false, by: "demo", error: "DemoLimit", message: `At most ${MAX_ARGS} arguments.` };
  }
  const upper = name.toUpperCase();
  const forbiddenByLibrary = Object.hasOwn(FORBIDDEN_COMMANDS, upper);
  if (!forbiddenByLibrary && !ALLOWED_COMMANDS.includes(upper)) {
    return {
      ok: false,
      by: "demo",
      error: "NotAllowed",
      message: `${upper} is not on this demo's allow-list. Try one of: ${ALLOWED_COMMANDS.join(", ")}.`,
    };
  }
  try {
    return { ok: true, reply: formatReply(await pool.call(name, ...args)) };
  } catch (error) {
    if (isBeeRedisError(error)) {
      const by = error.code === "REPLY_ERROR" ? "server" : "library";
      return { ok: false, by, error: error.name, message: error.message };
    }
    throw error;
  }
}

/** Formats a reply the way redis-cli does. */
export function formatReply(reply: CallReply, indent = ""): string {
  if (reply === null) return "(nil)";
  if (typeof reply === "number" || typeof reply === "bigint") return `(integer) ${reply}`;
  if (typeof reply === "string") return JSON.stringify(reply);
  if (Array.isArray(reply)) {
    if (reply.length === 0) return "(empty array)";
    const width = String(reply.length).length;
    return reply
      .map((item, i) => {
        const prefix = `${String(i + 1).padStart(width)}) `;
        const nested = formatReply(item, `${indent}${" ".repeat(prefix.length)}`);
        return `${i === 0 ? "" : indent}${prefix}${nested}`;
      })
      .join("\n");
  }
  return `(error) ${reply.message}`;
}

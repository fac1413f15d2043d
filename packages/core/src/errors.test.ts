import { describe, expect, it } from "vitest";
import {
  BeeRedisError,
  ConfigError,
  ForbiddenCommandError,
  InvalidArgumentError,
  isBeeRedisError,
  isReplyError,
  LockLostError,
  LockTimeoutError,
  RateLimitTimeoutError,
  ReplyError,
  TransportError,
  UnknownPoolError,
  UnsupportedError,
  WatchConflictError,
} from "./errors.js";

describe("errors", () => {
  it("every class has a stable code and is a BeeRedisError", () => {
    const errors = [
      [new ConfigError("x"), "CONFIG"],
      [new UnknownPoolError("nope", ["default"]), "UNKNOWN_POOL"],
      [new ForbiddenCommandError("SELECT", "why."), "FORBIDDEN_COMMAND"],
      [new InvalidArgumentError("x"), "INVALID_ARGUMENT"],
      [new ReplyError("WRONGTYPE Operation against a key"), "REPLY_ERROR"],
      [new TransportError("x"), "TRANSPORT"],
      [new UnsupportedError("x"), "UNSUPPORTED"],
      [new LockLostError("x"), "LOCK_LOST"],
      [new LockTimeoutError("x"), "LOCK_TIMEOUT"],
      [new RateLimitTimeoutError("x"), "RATE_LIMIT_TIMEOUT"],
      [new WatchConflictError("x"), "WATCH_CONFLICT"],
    ] as const;
    for (const [error, code] of errors) {
      expect(error).toBeInstanceOf(BeeRedisError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(isBeeRedisError(error)).toBe(true);
    }
  });

  it("isBeeRedisError recognises the brand across copies, and nothing else", () => {
    const foreign = Object.assign(new Error("from another install"), {
      [Symbol.for("beeredis.error")]: true,
    });
    expect(isBeeRedisError(foreign)).toBe(true);
    expect(isBeeRedisError(new Error("plain"))).toBe(false);
    expect(isBeeRedisError(null)).toBe(false);
  });

  it("ReplyError takes its prefix from the server message", () => {
    expect(new ReplyError("WRONGTYPE Operation").prefix).toBe("WRONGTYPE");
    expect(new ReplyError("NOSCRIPT No matching script").prefix).toBe("NOSCRIPT");
    expect(new ReplyError("weird lower-case").prefix).toBe("");
    expect(new ReplyError("My error here").prefix).toBe("");
    expect(new ReplyError("ERR").prefix).toBe("ERR");
  });

  it("TransportError keeps its cause", () => {
    const cause = new Error("ECONNREFUSED");
    expect(new TransportError("down", { cause }).cause).toBe(cause);
  });

  it("TransportError says whether it was a timeout, by a flag rather than by its text", () => {
    expect(new TransportError("the command timed out").timedOut).toBe(false);
    expect(new TransportError("no reply within 5 ms", { timedOut: true }).timedOut).toBe(true);
  });

  it("isReplyError recognises reply errors across copies, by prefix when one is given", () => {
    const reply = new ReplyError("NOSCRIPT No matching script");
    expect(isReplyError(reply)).toBe(true);
    expect(isReplyError(reply, "NOSCRIPT")).toBe(true);
    expect(isReplyError(reply, "NOSCRIPTS")).toBe(false);
    expect(isReplyError(new ReplyError("My error here"), "")).toBe(true);
    const foreign = Object.assign(new Error("WRONGTYPE Operation"), {
      [Symbol.for("beeredis.error")]: true,
      code: "REPLY_ERROR",
      prefix: "WRONGTYPE",
    });
    expect(isReplyError(foreign, "WRONGTYPE")).toBe(true);
    expect(isReplyError(new TransportError("NOSCRIPT"), "NOSCRIPT")).toBe(false);
    expect(isReplyError(new Error("NOSCRIPT No matching script"))).toBe(false);
  });

  it("UnknownPoolError names the registered codes", () => {
    expect(new UnknownPoolError("nope", ["default", "test"]).message).toBe(
      'Unknown Redis pool "nope". Registered pools: "default", "test".',
    );
  });
});

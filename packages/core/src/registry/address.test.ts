import { describe, expect, it } from "vitest";
import { resolveAddress } from "./address.js";

describe("addresses", () => {
  it("host:port, with the default port and IPv6", () => {
    expect(resolveAddress("localhost:6379")).toEqual({
      parsed: { kind: "tcp", host: "localhost", port: 6379, tls: false },
      display: "localhost:6379",
    });
    expect(resolveAddress("redis.internal")).toMatchObject({
      parsed: { host: "redis.internal", port: 6379 },
    });
    expect(resolveAddress("[::1]:7000")).toMatchObject({ parsed: { host: "::1", port: 7000 } });
  });

  it("redis:// and rediss:// keep credentials out of the display form", () => {
    const resolved = resolveAddress("rediss://app:s3cret%21@cache.example:6380/2");
    expect(resolved).toEqual({
      parsed: { kind: "tcp", host: "cache.example", port: 6380, tls: true },
      display: "rediss://app@cache.example:6380/2",
      username: "app",
      password: "s3cret!",
      pathDb: 2,
    });
    expect(JSON.stringify(resolveAddress("redis://:pw@h:1"))).not.toMatch(/pw@/);
  });

  it("unix sockets and http(s) URLs", () => {
    expect(resolveAddress("/var/run/redis.sock")).toMatchObject({
      parsed: { kind: "unix", path: "/var/run/redis.sock" },
    });
    expect(resolveAddress("unix:///tmp/r.sock")).toMatchObject({
      parsed: { kind: "unix", path: "/tmp/r.sock" },
    });
    expect(resolveAddress("https://eu1.upstash.io/")).toMatchObject({
      parsed: { kind: "http", url: "https://eu1.upstash.io" },
    });
  });

  it("bad addresses are explained", () => {
    expect(resolveAddress("")).toBe("the address is empty");
    expect(resolveAddress("host:99999")).toMatch(/outside 1..65535/);
    expect(resolveAddress("ftp://x")).toMatch(/unsupported scheme/);
    expect(resolveAddress("redis://h/abc")).toMatch(/not a database index/);
    expect(resolveAddress("a b:1")).toMatch(/is not host:port/);
    expect(resolveAddress("https://user:tok@h")).toMatch(/options.token/);
  });
});

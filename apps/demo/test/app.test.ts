/**
 * The app over both transports, through Hono's `app.request()`: the landing page, login, pools and console.
 * The nightly job has its own file (job.test.ts).
 */
import { FORBIDDEN_COMMANDS, ForbiddenCommandError } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { type Backend, form, startBackend, testApp } from "./helpers.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Escapes like hono/html, to look for the library's messages in a page. */
const escapeHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

describe.each(["tcp", "http"] as const)("the demo app over %s", (transport) => {
  let backend: Backend;
  let app: Hono;
  const peer = { name: "The Other Runtime", url: "http://127.0.0.1:9/" };

  beforeAll(async () => {
    backend = await startBackend(transport, redis);
    app = testApp(backend, { peer });
  });
  afterAll(async () => {
    await backend?.close();
  });

  describe("every page", () => {
    it("says which runtime and transport served it, and links to the same page on the other runtime", async () => {
      const expected =
        transport === "tcp"
          ? { runtime: "node", name: "Node (test)", transport: "TCP (@beeredis/ioredis)" }
          : {
              runtime: "edge",
              name: "Edge (test)",
              transport: "HTTP (@beeredis/upstash) through @beeredis/gateway",
            };
      for (const [path, twin] of [
        ["/", "/"],
        ["/login", "/login"],
        ["/job", "/job"],
        ["/pools", "/pools"],
        ["/login?email=a%40b.io", "/login?email=a%40b.io"],
      ] as const) {
        const page = await (await app.request(path)).text();
        expect(page).toContain(`data-runtime="${expected.runtime}"`);
        expect(page).toContain(`<strong id="runtime-name">${expected.name}</strong>`);
        expect(page).toContain(`<strong id="runtime-transport">${expected.transport}</strong>`);
        expect(page).toContain(
          `<a id="peer-link" href="http://127.0.0.1:9${twin}">The same page on ${peer.name}</a>`,
        );
      }
    });
  });

  describe("the landing page", () => {
    it("explains the three pages and the two runtimes", async () => {
      const response = await app.request("/");
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain("<h1>beeredis demo</h1>");
      const cards = [...page.matchAll(/<h2 id="\w+-card"><a href="([^"]+)">([^<]+)<\/a><\/h2>/g)];
      expect(cards.map((card) => [card[1], card[2]])).toEqual([
        ["/login", "Login"],
        ["/job", "Nightly job"],
        ["/pools", "Pools"],
      ]);
      expect(page).toContain('<dl class="runtimes" id="runtimes">');
      const here = transport === "tcp" ? "Node" : "Edge: Cloudflare workerd";
      expect(page).toContain(`<dt>${here} <span class="hint">(this page)</span></dt>`);
    });
  });

  describe("Login", () => {
    it("serves the login form at /login with labelled inputs, prefilled from ?email=", async () => {
      const response = await app.request("/login?email=ada%40example.com");
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain("<h1>Login</h1>");
      expect(page).toContain('<label for="email">');
      expect(page).toContain('<label for="password">');
      expect(page).toContain('value="ada@example.com"');
      expect(page).toContain('<link rel="stylesheet" href="/style.css">');
      expect(page).toContain('id="shared-limit"');
    });

    it("links to the same email on the other runtime, which counts against the same limit", async () => {
      const email = `peer-${crypto.randomUUID()}@example.com`;
      const page = await (await app.request("/login", form({ email, password: "x" }))).text();
      expect(page).toContain(
        `<a id="peer-login" href="http://127.0.0.1:9/login?email=${encodeURIComponent(email)}">`,
      );
    });

    it("allows 5 attempts per email per minute, then answers 429 with the time of the next attempt", async () => {
      const email = `user-${crypto.randomUUID()}@example.com`;
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await app.request("/login", form({ email, password: "wrong" }));
        expect(response.status).toBe(200);
        const page = await response.text();
        expect(page).toContain(`data-remaining="${5 - attempt}"`);
      }
      const refused = await app.request("/login", form({ email, password: "wrong" }));
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const page = await refused.text();
      expect(page).toContain("Too many login attempts");
      const ms = Number(/data-retry-after-ms="(\d+)"/.exec(page)?.[1]);
      expect(ms).toBeGreaterThan(55_000);
      expect(ms).toBeLessThanOrEqual(60_000);
      expect(page).toMatch(/<time id="next-attempt" datetime="\d{4}-\d\d-\d\dT/);
      // Denied attempts do not count, and the limit is per email (normalised).
      const again = form({ email: ` ${email.toUpperCase()} `, password: "x" });
      expect((await app.request("/login", again)).status).toBe(429);
      const other = await app.request("/login", form({ email: `other-${email}`, password: "x" }));
      expect(other.status).toBe(200);
      // The key is the seed's.
      const pool = backend.validated.createEngine().getRedis();
      expect(await pool.exists(`rate:{login_attempt_${email}}`)).toBe(1);
    });

    it("answers 400 for a missing email or password", async () => {
      const response = await app.request("/login", form({ email: "not-an-email", password: "x" }));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Enter a valid email address.");
      expect((await app.request("/login", form({ email: "a@b.c", password: "" }))).status).toBe(400);
    });
  });

  describe("Pools", () => {
    it("lists the registered pools with code, address and database, and no secret", async () => {
      const response = await app.request("/pools");
      expect(response.status).toBe(200);
      const page = await response.text();
      const rows = [
        ...page.matchAll(
          /<tr><th scope="row"><code>([^<]+)<\/code><\/th><td><code>([^<]+)<\/code><\/td><td class="num">(\d+)<\/td><\/tr>/g,
        ),
      ];
      expect(rows.map((row) => [row[1], row[3]])).toEqual([
        ["default", "0"],
        ["test", "3"],
      ]);
      const address = transport === "tcp" ? `${redis.host}:${redis.port}` : backend.gateway!.url;
      expect(rows[0]![2]).toBe(address);
      for (const token of Object.values(backend.tokens ?? {})) expect(page).not.toContain(token);
    });

    it("runs allow-listed commands on the chosen pool", async () => {
      const key = `demo-${crypto.randomUUID()}`;
      const set = await app.request(
        "/pools/console",
        form({ pool: "test", command: `SET ${key} "hello world"` }),
      );
      expect(set.status).toBe(200);
      expect(await set.text()).toContain(escapeHtml('"OK"'));
      const get = await app.request("/pools/console", form({ pool: "test", command: `get ${key}` }));
      expect(await get.text()).toContain(escapeHtml('"hello world"'));
      const onDefault = await app.request("/pools/console", form({ pool: "default", command: `GET ${key}` }));
      expect(await onDefault.text()).toContain("(nil)");
    });

    it("refuses SELECT with the library's own error, and other commands with the allow-list", async () => {
      const select = await app.request("/pools/console", form({ pool: "default", command: "SELECT 3" }));
      expect(select.status).toBe(403);
      const page = await select.text();
      const expected = new ForbiddenCommandError("SELECT", FORBIDDEN_COMMANDS.SELECT!).message;
      expect(page).toContain("ForbiddenCommandError");
      expect(page).toContain(escapeHtml(expected));
      const flush = await app.request("/pools/console", form({ pool: "default", command: "FLUSHALL" }));
      expect(flush.status).toBe(400);
      expect(await flush.text()).toContain("FLUSHALL is not on this demo");
      const unknown = await app.request("/pools/console", form({ pool: "nope", command: "PING" }));
      expect(unknown.status).toBe(403);
      expect(await unknown.text()).toContain("UnknownPoolError");
    });
  });
});

describe("the assets", () => {
  it("serves the stylesheet and the job script with their types", async () => {
    const app = createApp({
      // No Redis is touched by these routes.
      registry: undefined as never,
      connect: () => Promise.reject(new Error("unused")),
      runtime: { kind: "node", name: "none", transport: "none" },
    });
    const css = await app.request("/style.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toContain(":focus-visible");
    const js = await app.request("/job.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await app.request("/nope")).status).toBe(404);
  });
});

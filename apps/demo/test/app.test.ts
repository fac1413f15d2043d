/** The app over both transports, through Hono's `app.request()`: login, pools and console, nightly job. */
import { FORBIDDEN_COMMANDS, ForbiddenCommandError } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { JobBoard } from "../src/jobs/job-board.js";
import type { RunView } from "../src/jobs/run-view.js";
import { type Backend, form, startBackend } from "./helpers.js";

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
  let jobs: JobBoard;

  beforeAll(async () => {
    backend = await startBackend(transport, redis);
    jobs = new JobBoard({ connect: () => backend.registry.validate(), ttlPollMs: 50 });
    app = createApp({ registry: backend.validated, jobs, transport });
  });
  afterAll(async () => {
    await jobs?.stop();
    await backend?.close();
  });

  describe("Login", () => {
    it("serves the login form with labelled inputs", async () => {
      const response = await app.request("/");
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain("<h1>Login</h1>");
      expect(page).toContain('<label for="email">');
      expect(page).toContain('<label for="password">');
      expect(page).toContain('<link rel="stylesheet" href="/style.css">');
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
      expect(
        (await app.request("/login", form({ email: ` ${email.toUpperCase()} `, password: "x" }))).status,
      ).toBe(429);
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

  describe("Nightly job", () => {
    const waitForRun = async (id: string, until: (run: RunView) => boolean, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = (await (await app.request(`/job/runs/${id}`)).json()) as RunView;
        if (until(run)) return run;
        if (Date.now() > deadline) throw new Error(`Run ${id} timed out: ${JSON.stringify(run, null, 1)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const start = async (fields: Record<string, string>) => {
      const response = await app.request("/job/runs", {
        ...form(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };

    it("runs the instances one at a time, with increasing fencing tokens", async () => {
      const id = await start({ instances: "4", ttl: "2", work: "0.15", wait: "10" });
      const run = await waitForRun(id, (r) => r.finished);
      expect(run.instances.map((i) => i.state)).toEqual(["done", "done", "done", "done"]);
      expect(run.maxConcurrentHolders).toBe(1);
      const tokens = run.holds.map((hold) => BigInt(hold.fencingToken));
      expect(tokens).toHaveLength(4);
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]! > tokens[i - 1]!).toBe(true);
      // Served in arrival order, and no tenure overlaps the next.
      expect(run.holds.map((hold) => hold.instance)).toEqual([1, 2, 3, 4]);
      for (let i = 1; i < run.holds.length; i++) {
        expect(run.holds[i]!.acquiredAt).toBeGreaterThanOrEqual(run.holds[i - 1]!.releasedAt!);
      }
      const page = await (await app.request(`/job?run=${id}`)).text();
      expect(page).toContain("<h1>Nightly job</h1>");
      expect(page).toContain('data-state="done"');
    });

    it("lets waiters give up after their wait timeout", async () => {
      const id = await start({ instances: "2", ttl: "2", work: "0.8", wait: "0.2" });
      const run = await waitForRun(id, (r) => r.finished);
      expect(run.instances.map((i) => i.state)).toEqual(["done", "gave-up"]);
      expect(run.holds).toHaveLength(1);
    });

    it("refuses a second run while one is active", async () => {
      const id = await start({ instances: "1", ttl: "2", work: "0.5", wait: "1" });
      const busy = await app.request("/job/runs", form({ instances: "1", ttl: "2", work: "0.1", wait: "1" }));
      expect(busy.status).toBe(409);
      await waitForRun(id, (r) => r.finished);
    });

    it("kill holder: the crashed holder's lock expires on its TTL and the next waiter takes over", async () => {
      const id = await start({ instances: "2", ttl: "1", work: "5", wait: "10" });
      const holding = await waitForRun(id, (r) => r.holder !== null && !r.holder.crashed);
      expect(holding.holder!.instance).toBe(1);
      const killed = await app.request("/job/kill", {
        method: "POST",
        headers: { accept: "application/json" },
      });
      expect(await killed.json()).toEqual({ killed: 1 });
      const orphaned = (await (await app.request(`/job/runs/${id}`)).json()) as RunView;
      expect(orphaned.holder).toMatchObject({ instance: 1, crashed: true });
      expect(orphaned.holder!.ttlMs).toBeGreaterThan(0);
      expect(orphaned.holder!.ttlMs).toBeLessThanOrEqual(1000);
      const takeover = await waitForRun(id, (r) => r.holder?.instance === 2 && !r.holder.crashed);
      expect(BigInt(takeover.holder!.fencingToken) > BigInt(holding.holder!.fencingToken)).toBe(true);
      const [first, second] = takeover.holds;
      expect(first).toMatchObject({ instance: 1, outcome: "crashed" });
      // Instance 2 only got the lock once the crashed holder's TTL ran out.
      expect(second!.acquiredAt - first!.releasedAt!).toBeGreaterThanOrEqual(orphaned.holder!.ttlMs - 150);
      expect(takeover.events.some((e) => e.kind === "acquire" && e.text.includes("crashed lock"))).toBe(true);
      await jobs.get(id)!.abort();
    });
  });
});

describe("the assets", () => {
  it("serves the stylesheet and the job script with their types", async () => {
    const app = createApp({
      // No Redis is touched by these routes.
      registry: undefined as never,
      jobs: new JobBoard({ connect: () => Promise.reject(new Error("unused")) }),
      transport: "none",
    });
    const css = await app.request("/style.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toContain(":focus-visible");
    const js = await app.request("/job.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await app.request("/nope")).status).toBe(404);
  });
});

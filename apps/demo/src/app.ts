/**
 * The demo as one Hono app, for every runtime: Node (src/node.ts), Workers (worker.ts), Bun and Deno.
 * Runtime-agnostic: no node:* imports, so the Worker bundles it as it is.
 */
import { isBeeRedisError, type ValidatedRegistry } from "@beeredis/core";
import { Hono } from "hono";
import { html } from "hono/html";
import { ALLOWED_COMMANDS, runConsoleCommand } from "./console.js";
import { type JobBoard, JobBusyError } from "./jobs/job-board.js";
import { DEFAULT_JOB_SETTINGS, JOB_LIMITS, type JobSettings } from "./jobs/settings.js";
import { attemptLogin, LOGIN_LIMIT, normaliseEmail } from "./login.js";
import { jobPage, runView } from "./pages/job.js";
import { jobClientJs } from "./pages/job-client.js";
import { type Html, layout, type PageId } from "./pages/layout.js";
import { loginPage } from "./pages/login.js";
import { type ConsoleOutcome, poolsPage } from "./pages/pools.js";
import { css, faviconSvg } from "./pages/style.js";

export interface AppOptions {
  /** The validated registry whose pools the pages use. The app never closes it. */
  registry: ValidatedRegistry;
  /** The nightly-job runs. Each instance opens its own registry through the board's `connect`. */
  jobs: JobBoard;
  /** The transport, as the footer names it, e.g. "TCP (@beeredis/ioredis)". */
  transport: string;
  /** The pool the login limiter uses. @default "default" */
  pool?: string;
  /** A note on the job page for runtimes that keep runs per isolate (Workers). */
  perIsolateNote?: string;
}

/** Builds the demo app. */
export function createApp(options: AppOptions): Hono {
  const { registry, jobs, transport } = options;
  const app = new Hono();
  const page = (title: string, active: PageId, body: Html) => layout({ title, active, transport, body });
  const pool = () => registry.createEngine().getRedis(options.pool);

  app.use(async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
  });

  app.get("/style.css", (c) => c.body(css, 200, { "content-type": "text/css; charset=utf-8" }));
  app.get("/favicon.svg", (c) => c.body(faviconSvg, 200, { "content-type": "image/svg+xml" }));
  app.get("/favicon.ico", (c) => c.redirect("/favicon.svg", 301));
  app.get("/job.js", (c) => c.body(jobClientJs, 200, { "content-type": "text/javascript; charset=utf-8" }));

  // ---- Login ----
  const login = { limit: LOGIN_LIMIT, windowLabel: "minute" };
  app.get("/", (c) =>
    c.html(page("Login", "login", loginPage({ ...login, email: "", outcome: { kind: "none" } }))),
  );
  app.get("/login", (c) => c.redirect("/", 301));
  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = normaliseEmail(form.email);
    const typed = typeof form.email === "string" ? form.email.slice(0, 254) : "";
    if (email === undefined || typeof form.password !== "string" || form.password === "") {
      const message = email === undefined ? "Enter a valid email address." : "Enter a password.";
      const body = loginPage({ ...login, email: typed, outcome: { kind: "invalid", message } });
      return c.html(page("Login", "login", body), 400);
    }
    const outcome = await attemptLogin(pool(), email);
    if (outcome.kind === "limited")
      c.header("Retry-After", String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
    return c.html(
      page("Login", "login", loginPage({ ...login, email, outcome })),
      outcome.kind === "limited" ? 429 : 200,
    );
  });

  // ---- Nightly job ----
  const jobView = (
    settings: JobSettings,
    runId?: string,
    notice?: { kind: "bad" | "info"; text: string },
  ) => {
    const run = runId === undefined ? jobs.latest() : jobs.get(runId);
    const body = jobPage({ run: run?.view(), settings, notice, perIsolateNote: options.perIsolateNote });
    return page("Nightly job", "job", body);
  };
  app.get("/job", (c) => {
    const runId = c.req.query("run");
    const run = runId === undefined ? jobs.latest() : jobs.get(runId);
    if (runId !== undefined && !run) {
      return c.html(jobView(DEFAULT_JOB_SETTINGS, runId, { kind: "bad", text: unknownRun(runId) }), 404);
    }
    return c.html(jobView(run?.settings ?? DEFAULT_JOB_SETTINGS, run?.id));
  });
  app.post("/job/runs", async (c) => {
    const settings = parseSettings(await c.req.parseBody());
    if (typeof settings === "string") {
      return c.html(jobView(DEFAULT_JOB_SETTINGS, undefined, { kind: "bad", text: settings }), 400);
    }
    try {
      const run = jobs.start(settings);
      keepAlive(c, run.done);
      if (wantsJson(c.req.header("accept"))) return c.json({ id: run.id }, 201);
      return c.redirect(`/job?run=${run.id}`, 303);
    } catch (error) {
      if (!(error instanceof JobBusyError)) throw error;
      if (wantsJson(c.req.header("accept"))) return c.json({ error: error.message, run: error.runId }, 409);
      return c.html(jobView(settings, error.runId, { kind: "bad", text: error.message }), 409);
    }
  });
  app.get("/job/runs/:id", (c) => {
    const run = jobs.get(c.req.param("id"));
    return run ? c.json(run.view()) : c.json({ error: unknownRun(c.req.param("id")) }, 404);
  });
  app.get("/job/runs/:id/view", (c) => {
    const run = jobs.get(c.req.param("id"));
    c.header("Cache-Control", "no-store");
    return run ? c.html(runView(run.view())) : c.html(html`<p>${unknownRun(c.req.param("id"))}</p>`, 404);
  });
  app.post("/job/kill", async (c) => {
    const run = jobs.latest();
    const killed = run ? await run.kill() : undefined;
    if (wantsJson(c.req.header("accept"))) {
      return killed === undefined ? c.json({ error: "Nobody holds the lock." }, 409) : c.json({ killed });
    }
    if (killed === undefined) {
      return c.html(
        jobView(run?.settings ?? DEFAULT_JOB_SETTINGS, run?.id, {
          kind: "bad",
          text: "Nobody holds the lock.",
        }),
        409,
      );
    }
    return c.redirect(`/job?run=${run!.id}`, 303);
  });

  // ---- Pools ----
  const poolRows = () =>
    registry.getPoolConfigs().map((config) => ({
      code: config.getCode(),
      address: config.getAddress(),
      database: config.getDatabase(),
    }));
  const poolsView = (selectedPool: string, command: string, outcome: ConsoleOutcome) =>
    page(
      "Pools",
      "pools",
      poolsPage({ pools: poolRows(), allowed: ALLOWED_COMMANDS, selectedPool, command, outcome }),
    );
  app.get("/pools", (c) => c.html(poolsView(options.pool ?? "default", "", { kind: "none" })));
  app.post("/pools/console", async (c) => {
    const form = await c.req.parseBody();
    const code = typeof form.pool === "string" ? form.pool : "default";
    const command = typeof form.command === "string" ? form.command.slice(0, 1000) : "";
    let result: Awaited<ReturnType<typeof runConsoleCommand>>;
    try {
      result = await runConsoleCommand(registry.createEngine().getRedis(code), command);
    } catch (error) {
      if (!isBeeRedisError(error)) throw error;
      result = { ok: false, by: "library", error: error.name, message: error.message }; // UnknownPoolError
    }
    if (result.ok)
      return c.html(poolsView(code, command, { kind: "ok", pool: code, command, reply: result.reply }));
    const outcome: ConsoleOutcome = { kind: "refused", pool: code, command, ...result };
    return c.html(poolsView(code, command, outcome), result.by === "library" ? 403 : 400);
  });

  app.notFound((c) =>
    c.html(
      page("Not found", "login", html`<h1>Not found</h1><p><a href="/">Back to the login page</a></p>`),
      404,
    ),
  );
  app.onError((error, c) => {
    const redis = isBeeRedisError(error);
    if (!redis) console.error(error);
    const body = html`<h1>${redis ? "Redis is unavailable" : "Something went wrong"}</h1>
<div class="notice bad" role="alert"><p><strong>${error.name}</strong>: ${error.message}</p></div>
<p><a href="/">Back to the login page</a></p>`;
    return c.html(page("Error", "login", body), redis ? 503 : 500);
  });
  return app;
}

/** Reads the start form (seconds in the form, milliseconds in the settings). */
function parseSettings(form: Record<string, unknown>): JobSettings | string {
  const read = (name: string, field: keyof JobSettings, scale: number): number | string => {
    const raw = form[name];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) * scale : Number.NaN;
    const [min, max] = JOB_LIMITS[field];
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (field === "instances" && !Number.isInteger(value))
    ) {
      return `${name} must be ${field === "instances" ? "a whole number" : "a number of seconds"} from ${min / scale} to ${max / scale}.`;
    }
    return Math.round(value);
  };
  const instances = read("instances", "instances", 1);
  const ttlMs = read("ttl", "ttlMs", 1000);
  const workMs = read("work", "workMs", 1000);
  const waitMs = read("wait", "waitMs", 1000);
  for (const value of [instances, ttlMs, workMs, waitMs]) if (typeof value === "string") return value;
  return { instances, ttlMs, workMs, waitMs } as JobSettings;
}

function unknownRun(id: string): string {
  return `No run "${id}" here. Runs live in the memory of one server process (one isolate on Workers).`;
}

function wantsJson(accept: string | undefined): boolean {
  return accept?.includes("application/json") === true;
}

/** On Workers, keeps the isolate running the instances after the response is sent. */
function keepAlive(
  c: { executionCtx: { waitUntil(promise: Promise<unknown>): void } },
  promise: Promise<unknown>,
): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // Node, Bun and Deno have no execution context: the process keeps running anyway.
  }
}

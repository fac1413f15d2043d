/**
 * The Nightly job page's routes. A run is created by the page's script, which then sends one request per
 * instance; each request runs its instance to the end (on the edge: one Worker invocation each). Runs live in
 * Redis (RunStore), so any invocation, and either runtime, can read or write them.
 */
import type { Context, Hono } from "hono";
import { html } from "hono/html";
import { parseSettings } from "../jobs/parse-settings.js";
import { type InstanceContext, runInstance } from "../jobs/run-instance.js";
import { JobBusyError, RunStore } from "../jobs/run-store.js";
import type { RunView } from "../jobs/run-view.js";
import { DEFAULT_JOB_SETTINGS, type JobSettings } from "../jobs/settings.js";
import { jobPage, runView } from "../pages/job.js";
import type { AppContext } from "./context.js";

type Notice = { kind: "bad" | "info"; text: string };

const NEEDS_SCRIPT =
  "Starting a run needs JavaScript: each instance is a request that the page's script sends to the server.";
const NOBODY = "Nobody holds the lock.";

/** Mounts the Nightly job page, its JSON API and the instance endpoint on `app`. */
export function jobRoutes(app: Hono, ctx: AppContext): void {
  const { options } = ctx;
  const store = new RunStore(ctx.pool);
  const instances: InstanceContext = {
    store,
    connect: options.connect,
    pool: options.pool,
    signal: options.signal,
  };
  const view = (settings: JobSettings, run?: RunView, notice?: Notice) =>
    ctx.page(
      "Nightly job",
      "job",
      run ? `/job?run=${run.id}` : "/job",
      jobPage({ run, settings, runtime: options.runtime, notice }),
    );

  app.get("/job", async (c) => {
    const id = c.req.query("run");
    const run = id === undefined ? await store.latest() : await store.view(id);
    if (id !== undefined && !run) {
      return c.html(view(DEFAULT_JOB_SETTINGS, undefined, { kind: "bad", text: unknownRun(id) }), 404);
    }
    return c.html(view(run?.settings ?? DEFAULT_JOB_SETTINGS, run));
  });

  app.post("/job/runs", async (c) => {
    const json = wantsJson(c);
    const settings = parseSettings(await c.req.parseBody());
    if (typeof settings === "string") {
      if (json) return c.json({ error: settings }, 400);
      return c.html(view(DEFAULT_JOB_SETTINGS, undefined, { kind: "bad", text: settings }), 400);
    }
    if (!json) return c.html(view(settings, undefined, { kind: "bad", text: NEEDS_SCRIPT }), 400);
    try {
      const run = await store.create(settings, options.runtime.name);
      return c.json({ id: run.id, instances: settings.instances }, 201);
    } catch (error) {
      if (!(error instanceof JobBusyError)) throw error;
      return c.json({ error: error.message, run: error.runId }, 409);
    }
  });

  app.post("/job/runs/:id/instances/:n", async (c) => {
    const id = c.req.param("id");
    const run = await store.get(id);
    if (!run) return c.json({ error: unknownRun(id) }, 404);
    const n = Number(c.req.param("n"));
    if (!Number.isInteger(n) || n < 1 || n > run.settings.instances) {
      return c.json({ error: `Run ${id} has instances 1 to ${run.settings.instances}.` }, 400);
    }
    if (!(await store.claim(id, n))) return c.json({ error: `Instance ${n} of run ${id} already ran.` }, 409);
    const outcome = runInstance(instances, run, n);
    keepAlive(c, outcome);
    return c.json(await outcome);
  });

  app.get("/job/runs/:id", async (c) => {
    const run = await store.view(c.req.param("id"));
    c.header("Cache-Control", "no-store");
    return run ? c.json(run) : c.json({ error: unknownRun(c.req.param("id")) }, 404);
  });
  app.get("/job/runs/:id/view", async (c) => {
    const run = await store.view(c.req.param("id"));
    c.header("Cache-Control", "no-store");
    return run ? c.html(runView(run)) : c.html(html`<p>${unknownRun(c.req.param("id"))}</p>`, 404);
  });

  app.post("/job/kill", async (c) => {
    const form = await c.req.parseBody();
    const id = typeof form.run === "string" ? form.run : "";
    const killed = id === "" ? undefined : await store.kill(id);
    if (wantsJson(c)) return killed === undefined ? c.json({ error: NOBODY }, 409) : c.json({ killed });
    if (killed !== undefined) return c.redirect(`/job?run=${encodeURIComponent(id)}`, 303);
    const run = id === "" ? undefined : await store.view(id);
    return c.html(view(run?.settings ?? DEFAULT_JOB_SETTINGS, run, { kind: "bad", text: NOBODY }), 409);
  });
}

function unknownRun(id: string): string {
  return `No run "${id}": runs are kept in Redis for 10 minutes.`;
}

function wantsJson(c: Context): boolean {
  return c.req.header("accept")?.includes("application/json") === true;
}

/**
 * On Workers, keeps the invocation running to the instance's end even if the browser goes away (a reload):
 * otherwise the runtime would cancel it mid-wait. Node, Bun and Deno have no execution context, and need none.
 */
function keepAlive(c: Context, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context: the process keeps running anyway.
  }
}

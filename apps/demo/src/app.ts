/**
 * The demo as one Hono app, for every runtime: Node (src/node/), Workers (worker.ts), Bun and Deno.
 * Runtime-agnostic: nothing outside src/node/ imports a node:* module, so the Worker bundles the app as it is.
 */
import { isBeeRedisError } from "@beeredis/core";
import { Hono } from "hono";
import { html } from "hono/html";
import { jobClientJs } from "./pages/job-client.js";
import { landingPage } from "./pages/landing.js";
import { layout } from "./pages/layout.js";
import { css, faviconSvg } from "./pages/style.js";
import type { AppContext, AppOptions } from "./routes/context.js";
import { jobRoutes } from "./routes/job.js";
import { loginRoutes } from "./routes/login.js";
import { poolsRoutes } from "./routes/pools.js";

export type { AppOptions } from "./routes/context.js";

/** Builds the demo app. */
export function createApp(options: AppOptions): Hono {
  const { runtime, peer } = options;
  const ctx: AppContext = {
    options,
    pool: () => options.registry.createEngine().getRedis(options.pool),
    page: (title, active, path, body) => layout({ title, active, path, runtime, peer, body }),
  };
  const app = new Hono();

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

  app.get("/", (c) => c.html(ctx.page("Home", "home", "/", landingPage({ runtime, peer }))));
  loginRoutes(app, ctx);
  jobRoutes(app, ctx);
  poolsRoutes(app, ctx);

  app.notFound((c) =>
    c.html(
      ctx.page("Not found", "home", "/", html`<h1>Not found</h1><p><a href="/">Back to the start</a></p>`),
      404,
    ),
  );
  app.onError((error, c) => {
    const redis = isBeeRedisError(error);
    if (!redis) console.error(error);
    const body = html`<h1>${redis ? "Redis is unavailable" : "Something went wrong"}</h1>
<div class="notice bad" role="alert"><p><strong>${error.name}</strong>: ${error.message}</p></div>
<p><a href="/">Back to the start</a></p>`;
    return c.html(ctx.page("Error", "home", "/", body), redis ? 503 : 500);
  });
  return app;
}

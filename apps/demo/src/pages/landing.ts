/** The landing page: the three pages and the two runtimes, in two lines each. */
import { html } from "hono/html";
import type { Peer, RuntimeInfo } from "../runtime.js";
import type { Html } from "./layout.js";

/** The runtime serving the landing page, and the other one if any. */
export interface LandingProps {
  runtime: RuntimeInfo;
  peer?: Peer;
}

/** The landing page's body. */
export function landingPage({ runtime, peer }: LandingProps): Html {
  const here = (kind: RuntimeInfo["kind"]) =>
    runtime.kind === kind ? html` <span class="hint">(this page)</span>` : "";
  return html`<h1>beeredis demo</h1>
<p class="lead">One Hono app and one Redis, served by two runtimes side by side. Every page says which runtime and
transport served it${peer ? html`, and links to the same page on ${peer.name}` : ""}.</p>
<div class="cards">
<section aria-labelledby="login-card">
  <h2 id="login-card"><a href="/login">Login</a></h2>
  <p>The seed's rate limiter: at most 5 login attempts per email in any minute, each decided in one round trip.</p>
  <p>Node and the edge count against the same key in Redis, so attempts on either use up the same five.</p>
</section>
<section aria-labelledby="job-card">
  <h2 id="job-card"><a href="/job">Nightly job</a></h2>
  <p>The seed's lock: up to 5 instances of a scheduled job call <code>withLock("nightly_job")</code> at once; one runs
  the job, the others wait their turn or give up.</p>
  <p>Each instance is its own request (on the edge, its own Worker invocation); every holder gets a higher fencing
  token, and <em>Kill holder</em> shows a crashed holder's lock expiring.</p>
</section>
<section aria-labelledby="pools-card">
  <h2 id="pools-card"><a href="/pools">Pools</a></h2>
  <p>The registered pools as <code>getPoolConfig()</code> describes them: code, address and database, never a
  password or token.</p>
  <p>A console runs allow-listed commands on a pool; <code>SELECT</code> is refused by the library before anything
  reaches Redis.</p>
</section>
</div>
<h2>The two runtimes</h2>
<dl class="runtimes" id="runtimes">
  <div data-runtime="node">
    <dt>Node${here("node")}</dt>
    <dd>@hono/node-server serves the app (Bun and Deno run the same entry); its pools talk TCP to Redis through
    <code>@beeredis/ioredis</code>.</dd>
  </div>
  <div data-runtime="edge">
    <dt>Edge: Cloudflare workerd${here("edge")}</dt>
    <dd><code>worker.ts</code> runs the same app in workerd (miniflare on your machine, Cloudflare's network in
    production); its pools talk HTTP through <code>@beeredis/upstash</code> to <code>@beeredis/gateway</code> in front
    of the same Redis.</dd>
  </div>
</dl>`;
}

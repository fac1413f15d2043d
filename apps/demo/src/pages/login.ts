/** The "Login" page: the seed's rate-limiter example behind an email and password form. */
import { html } from "hono/html";
import { type Peer, peerHref } from "../runtime.js";
import type { Html } from "./layout.js";

/** What the last attempt came to. */
export type LoginOutcome =
  | { kind: "none" }
  | { kind: "invalid"; message: string }
  | { kind: "allowed"; remaining: number; limit: number }
  | { kind: "limited"; limit: number; retryAfterMs: number; nextAttemptAt: Date };

export interface LoginPageProps {
  email: string;
  outcome: LoginOutcome;
  limit: number;
  windowLabel: string;
  /** The same app on the other runtime, which counts against the same limit. */
  peer?: Peer;
}

export function loginPage({ email, outcome, limit, windowLabel, peer }: LoginPageProps): Html {
  const there = peer && peerHref(peer, email ? `/login?email=${encodeURIComponent(email)}` : "/login");
  return html`<h1>Login</h1>
<p class="lead">The seed's rate limiter: at most ${limit} login attempts per email in any ${windowLabel}, decided in one
round trip by <code>pool.rateLimit()</code>. Denied attempts do not count. This demo checks no password.</p>
<div class="notice info" id="shared-limit">
  <p><strong>One limit, wherever the attempt lands.</strong> The count lives in Redis under
  <code>login_attempt_&lt;email&gt;</code> in database 0, not in this server, so every server on that database counts
  against the same ${limit}.${
    peer && there
      ? html` The app on ${peer.name} counts against it too: <a id="peer-login" href="${there}">try ${email ? "this email" : "an email"} there</a>.`
      : ""
  }</p>
</div>
${result(outcome)}
<form class="stack" method="post" action="/login">
  <div>
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${email}">
  </div>
  <div>
    <label for="password">Password</label>
    <span class="hint" id="password-hint">Any value: only the attempt is counted.</span>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200" aria-describedby="password-hint">
  </div>
  <div><button type="submit">Log in</button></div>
</form>
<h2>The code behind it</h2>
<pre><code>const pool = engine.getRedis();
const key = "login_attempt_" + email;
if (!(await pool.rateLimit(key, Minute, ${limit}))) {
  // Denied calls do not consume, so asking the limiter again is free and tells when to come back.
  const { retryAfterMs } = await pool.rateLimiter({ limit: ${limit}, window: Minute }).limit(key);
  return c.html(tooManyAttempts(retryAfterMs), 429);
}
const { remaining } = await pool.rateLimiter({ limit: ${limit}, window: Minute }).peek(key);</code></pre>`;
}

function result(outcome: LoginOutcome): Html | string {
  switch (outcome.kind) {
    case "none":
      return "";
    case "invalid":
      return html`<div class="notice bad" role="alert" id="login-result"><p>${outcome.message}</p></div>`;
    case "allowed":
      return html`<div class="notice ok" role="status" id="login-result" data-outcome="allowed">
  <p><strong>Attempt accepted.</strong> Attempts left in this window:
  <output id="attempts-left" data-remaining="${outcome.remaining}">${outcome.remaining}</output> of ${outcome.limit}.</p>
</div>`;
    case "limited": {
      const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
      const iso = outcome.nextAttemptAt.toISOString();
      return html`<div class="notice bad" role="alert" id="login-result" data-outcome="limited">
  <p><strong>Too many login attempts.</strong> The limit is ${outcome.limit} per minute; this attempt was refused and did not count.</p>
  <p>Attempts left: <output id="attempts-left" data-remaining="0">0</output>.
  Next attempt allowed in <strong id="retry-after" data-retry-after-ms="${outcome.retryAfterMs}">${seconds} s</strong>,
  at <time id="next-attempt" datetime="${iso}">${iso.slice(11, 19)} UTC</time>.</p>
</div>`;
    }
  }
}

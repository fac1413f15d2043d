/** The Login page's routes: the form, and one attempt per POST. */
import type { Hono } from "hono";
import { attemptLogin, LOGIN_LIMIT, normaliseEmail } from "../login.js";
import { type LoginOutcome, loginPage } from "../pages/login.js";
import type { AppContext } from "./context.js";

/** Mounts the Login page (GET, and POST for an attempt) on `app`. */
export function loginRoutes(app: Hono, ctx: AppContext): void {
  const view = (email: string, outcome: LoginOutcome) => {
    const path = email ? `/login?email=${encodeURIComponent(email)}` : "/login";
    const body = loginPage({
      limit: LOGIN_LIMIT,
      windowLabel: "minute",
      peer: ctx.options.peer,
      email,
      outcome,
    });
    return ctx.page("Login", "login", path, body);
  };

  // ?email= prefills the form: the other runtime's page links here with the email just tried.
  app.get("/login", (c) => c.html(view((c.req.query("email") ?? "").slice(0, 254), { kind: "none" })));
  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = normaliseEmail(form.email);
    const typed = typeof form.email === "string" ? form.email.slice(0, 254) : "";
    if (email === undefined || typeof form.password !== "string" || form.password === "") {
      const message = email === undefined ? "Enter a valid email address." : "Enter a password.";
      return c.html(view(typed, { kind: "invalid", message }), 400);
    }
    const outcome = await attemptLogin(ctx.pool(), email);
    if (outcome.kind === "limited")
      c.header("Retry-After", String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
    return c.html(view(email, outcome), outcome.kind === "limited" ? 429 : 200);
  });
}

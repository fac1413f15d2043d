/** The page shell: skip link, header with navigation, which runtime served the page, main, footer. */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Peer, peerHref, type RuntimeInfo } from "../runtime.js";

/** What a page renders to: hono/html's escaped string (or its promise). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The pages in the navigation, in order. */
export const PAGES = [
  { path: "/login", label: "Login", id: "login" },
  { path: "/job", label: "Nightly job", id: "job" },
  { path: "/pools", label: "Pools", id: "pools" },
] as const;

/** A page in the navigation, or the landing page. */
export type PageId = (typeof PAGES)[number]["id"] | "home";

/** One page: its title, its place in the navigation, who serves it, and its body. */
export interface LayoutProps {
  title: string;
  active: PageId;
  runtime: RuntimeInfo;
  /** The same app on the other runtime, if any: the page links to its twin there. */
  peer?: Peer;
  /** This page's path (with its query), as the other runtime would serve it. */
  path: string;
  body: Html;
}

/** Wraps a page's body in the shell. */
export function layout({ title, active, runtime, peer, path, body }: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · beeredis demo</title>
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <div class="bar">
    <a class="brand" href="/"${active === "home" ? html` aria-current="page"` : ""}>beeredis demo</a>
    <nav aria-label="Demo pages">
      <ul>
        ${PAGES.map(
          (page) =>
            html`<li><a href="${page.path}"${page.id === active ? html` aria-current="page"` : ""}>${page.label}</a></li>`,
        )}
      </ul>
    </nav>
  </div>
  <div class="runtime runtime-${runtime.kind}" id="runtime" data-runtime="${runtime.kind}">
    <p>Served by <strong id="runtime-name">${runtime.name}</strong> over
    <strong id="runtime-transport">${runtime.transport}</strong>.
    ${peer ? html`<a id="peer-link" href="${peerHref(peer, path)}">The same page on ${peer.name}</a>` : ""}</p>
  </div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer>
  <p>The same Hono app runs on Node, Bun, Deno and Cloudflare Workers; the <a href="/">landing page</a> says how.</p>
</footer>
</body>
</html>`;
}

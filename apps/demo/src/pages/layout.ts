/** The page shell: skip link, header with navigation, main, footer. */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** What a page renders to: hono/html's escaped string (or its promise). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The pages in the navigation, in order. */
export const PAGES = [
  { path: "/", label: "Login", id: "login" },
  { path: "/job", label: "Nightly job", id: "job" },
  { path: "/pools", label: "Pools", id: "pools" },
] as const;

export type PageId = (typeof PAGES)[number]["id"];

export interface LayoutProps {
  title: string;
  active: PageId;
  /** Shown in the footer, e.g. "TCP (@beeredis/ioredis)". */
  transport: string;
  body: Html;
  /** Extra scripts (same-origin paths). */
  scripts?: readonly string[];
}

export function layout({ title, active, transport, body, scripts = [] }: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · beeredis demo</title>
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <div class="bar">
    <a class="brand" href="/">beeredis demo</a>
    <nav aria-label="Demo pages">
      <ul>
        ${PAGES.map(
          (page) =>
            html`<li><a href="${page.path}"${page.id === active ? html` aria-current="page"` : ""}>${page.label}</a></li>`,
        )}
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer>
  <p>Transport: <strong>${transport}</strong>. Every page runs the same Hono app on Node, Bun, Deno and Cloudflare Workers.</p>
</footer>
</body>
</html>`;
}

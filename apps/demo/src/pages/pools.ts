/** The "Pools" page: the registered pools (no secrets) and a small allow-listed command console. */
import { html } from "hono/html";
import type { RefusedBy } from "../console.js";
import type { Html } from "./layout.js";

export interface PoolRow {
  code: string;
  address: string;
  database: number;
}

/** What the console's last command came to. */
export type ConsoleOutcome =
  | { kind: "none" }
  | { kind: "ok"; pool: string; command: string; reply: string }
  | { kind: "refused"; pool: string; command: string; error: string; message: string; by: RefusedBy };

export interface PoolsPageProps {
  pools: readonly PoolRow[];
  allowed: readonly string[];
  selectedPool: string;
  command: string;
  outcome: ConsoleOutcome;
}

export function poolsPage({ pools, allowed, selectedPool, command, outcome }: PoolsPageProps): Html {
  return html`<h1>Pools</h1>
<p class="lead">The pools registered in the registry, as <code>getPoolConfig()</code> describes them: code, address and
database. Addresses never contain a password or token.</p>
<table id="pools">
  <caption>Registered pools</caption>
  <thead><tr><th scope="col">Code</th><th scope="col">Address</th><th scope="col" class="num">Database</th></tr></thead>
  <tbody>
    ${pools.map(
      (pool) =>
        html`<tr><th scope="row"><code>${pool.code}</code></th><td><code>${pool.address}</code></td><td class="num">${pool.database}</td></tr>`,
    )}
  </tbody>
</table>
<h2 id="console-heading">Command console</h2>
<p>Runs one command on the chosen pool with <code>pool.call()</code>. Allowed: ${allowed.map(
    (name, i) => html`${i > 0 ? ", " : ""}<code>${name}</code>`,
  )}. Commands the library forbids, such as <code>SELECT</code>, are passed through so you see its own refusal:
nothing reaches Redis.</p>
<form class="row" method="post" action="/pools/console" aria-labelledby="console-heading">
  <div>
    <label for="pool">Pool</label>
    <select id="pool" name="pool">
      ${pools.map(
        (pool) =>
          html`<option value="${pool.code}"${pool.code === selectedPool ? html` selected` : ""}>${pool.code} (db ${pool.database})</option>`,
      )}
    </select>
  </div>
  <div>
    <label for="command">Command</label>
    <span class="hint" id="command-hint">e.g. <kbd>SET greeting hello</kbd>, <kbd>GET greeting</kbd>, <kbd>SELECT 3</kbd></span>
    <input id="command" class="command" name="command" required maxlength="1000" autocomplete="off" spellcheck="false" aria-describedby="command-hint" value="${command}">
  </div>
  <div><button type="submit">Run</button></div>
</form>
${result(outcome)}`;
}

function result(outcome: ConsoleOutcome): Html | string {
  switch (outcome.kind) {
    case "none":
      return "";
    case "ok":
      return html`<section class="notice ok" id="console-result" data-outcome="ok" aria-labelledby="reply-heading">
  <h3 id="reply-heading">Reply from pool <code>${outcome.pool}</code> to <code>${outcome.command}</code></h3>
  <pre><output id="reply">${outcome.reply}</output></pre>
</section>`;
    case "refused":
      return html`<section class="notice bad" id="console-result" data-outcome="refused" role="alert" aria-labelledby="error-heading">
  <h3 id="error-heading">${REFUSED_BY[outcome.by]}: <code>${outcome.command}</code></h3>
  <pre><output id="error"><strong>${outcome.error}</strong>: ${outcome.message}</output></pre>
</section>`;
  }
}

const REFUSED_BY: Record<RefusedBy, string> = {
  library: "Refused by beeredis",
  server: "Redis answered with an error",
  demo: "Not allowed in this demo",
};

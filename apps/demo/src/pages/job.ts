/** The "Nightly job" page: the seed's lock example, live. */
import { html } from "hono/html";
import { seconds } from "../jobs/format-seconds.js";
import { JOB_LOCK_KEY } from "../jobs/job-keys.js";
import type { RunView } from "../jobs/run-view.js";
import { JOB_LIMITS, type JobSettings } from "../jobs/settings.js";
import type { RuntimeInfo } from "../runtime.js";
import type { Html } from "./layout.js";

export interface JobPageProps {
  run: RunView | undefined;
  settings: JobSettings;
  /** The runtime serving the page: the instances' requests go to it. */
  runtime: RuntimeInfo;
  /** A message above the form (a refused start or kill). */
  notice?: { kind: "bad" | "info"; text: string };
}

const STATE_LABELS: Record<string, string> = {
  starting: "not started",
  waiting: "waiting",
  holding: "holding the lock",
  done: "done",
  "gave-up": "gave up",
  crashed: "crashed",
  lost: "lost the lock",
  failed: "failed",
};

export function jobPage({ run, settings, runtime, notice }: JobPageProps): Html {
  const [, maxInstances] = JOB_LIMITS.instances;
  return html`<h1>Nightly job</h1>
<p class="lead">Up to ${maxInstances} instances of a scheduled handler wake up at once. Each runs
<code>locker.withLock("${JOB_LOCK_KEY}", { ttl, wait, signal }, job)</code>: one holds the lock and runs the job, the
others wait their turn (in arrival order) or give up. Every holder gets a higher fencing token.</p>
<div class="notice info" id="how-instances-run">
  <p><strong>Each instance is a separate request</strong> that this page sends to ${runtime.name}${
    runtime.kind === "edge" ? html`: a separate Worker invocation` : ""
  }, with its own client. The instances report to the run's log in Redis (kept 10 minutes), which this page polls, so
  either runtime can show any run. At most ${maxInstances}: a browser keeps at most 6 connections open to one server
  over HTTP/1.1, each instance's request stays open while it waits and works, and the page needs one to poll.</p>
</div>
${notice ? html`<div class="notice ${notice.kind}" role="alert" id="job-notice"><p>${notice.text}</p></div>` : ""}
<form class="row" method="post" action="/job/runs" id="start-form" aria-label="Start a run">
  ${numberField("instances", "Instances", settings.instances, JOB_LIMITS.instances, 1, "")}
  ${numberField(
    "ttl",
    "Lock TTL",
    settings.ttlMs / 1000,
    JOB_LIMITS.ttlMs.map((v) => v / 1000),
    0.1,
    "s",
  )}
  ${numberField(
    "work",
    "Job takes",
    settings.workMs / 1000,
    JOB_LIMITS.workMs.map((v) => v / 1000),
    0.1,
    "s",
  )}
  ${numberField(
    "wait",
    "Wait at most",
    settings.waitMs / 1000,
    JOB_LIMITS.waitMs.map((v) => v / 1000),
    0.1,
    "s",
  )}
  <div><button type="submit" id="start">Start instances</button></div>
</form>
<form method="post" action="/job/kill" id="kill-form">
  <input type="hidden" name="run" id="kill-run" value="${run?.id ?? ""}">
  <p><button type="submit" class="danger" id="kill"${run?.holder && !run.holder.crashed ? "" : html` disabled`}>Kill holder</button>
  <span class="hint">Simulates a crash of the instance holding the lock: it stops without releasing, so the lock
  expires on its TTL and the next waiter takes over.</span></p>
</form>
<noscript><p>JavaScript is off: starting a run needs it (the instances are requests this page sends).
<a href="${run ? `/job?run=${run.id}` : "/job"}">Reload</a> to see a run progress.</p></noscript>
<div id="run-view" aria-live="off">${run ? runView(run) : html`<p>No run yet: press <strong>Start instances</strong>.</p>`}</div>
<p class="visually-hidden" role="status" aria-live="polite" id="announce"></p>
<script src="/job.js" defer></script>`;
}

function numberField(
  name: string,
  label: string,
  value: number,
  [min, max]: readonly number[],
  step: number,
  unit: string,
): Html {
  return html`<div>
    <label for="${name}">${label}${unit ? html` <span class="hint">(${unit === "s" ? "seconds" : unit})</span>` : ""}</label>
    <input id="${name}" name="${name}" type="number" inputmode="decimal" required min="${min}" max="${max}" step="${step}" value="${value}">
  </div>`;
}

/** The live part of the page, re-rendered by /job/runs/:id/view while the run is active. */
export function runView(run: RunView): Html {
  const holder = run.holder;
  return html`<section aria-labelledby="run-heading" id="run" data-run="${run.id}" data-finished="${String(run.finished)}"
  data-killable="${String(holder !== null && !holder.crashed)}" data-events="${run.events.length}"
  data-max-concurrent="${run.maxConcurrentHolders}">
<h2 id="run-heading">Run ${run.id} <span class="hint">started on ${run.runtime}, ${run.finished ? `finished after ${seconds(Math.round(run.elapsedMs / 100) * 100)}` : `running for ${seconds(Math.floor(run.elapsedMs / 100) * 100)}`}</span></h2>
<div id="holder" class="notice ${holder === null ? "info" : holder.crashed ? "warn" : "ok"}"
  data-instance="${holder?.instance ?? ""}" data-fencing-token="${holder?.fencingToken ?? ""}" data-crashed="${String(holder?.crashed ?? false)}">
${
  holder === null
    ? html`<p><strong>Nobody holds the lock${run.finished ? "" : " right now"}.</strong></p>`
    : html`<dl class="holder">
  <div><dt>${holder.crashed ? "Held by a crashed instance" : "Holder"}</dt><dd>Instance ${holder.instance}</dd></div>
  <div><dt>Fencing token</dt><dd>${holder.fencingToken}</dd></div>
  <div><dt>${holder.crashed ? "Expires in" : "TTL left"}</dt><dd><span id="ttl">${(holder.ttlMs / 1000).toFixed(1)} s</span></dd></div>
</dl>
<meter min="0" max="${run.settings.ttlMs}" value="${holder.ttlMs}" aria-label="Lock TTL left">${Math.round(holder.ttlMs)} ms</meter>
${holder.crashed ? html`<p>Nobody refreshes it any more: when it expires, the next waiter takes over.</p>` : ""}`
}
</div>
${run.maxConcurrentHolders > 1 ? html`<div class="notice bad" role="alert"><p><strong>Bug:</strong> ${run.maxConcurrentHolders} instances held the lock at once.</p></div>` : ""}
<table id="instances">
  <caption>Instances</caption>
  <thead><tr><th scope="col">Instance</th><th scope="col">State</th><th scope="col" class="num">Fencing token</th><th scope="col" class="num">Waited</th><th scope="col">Detail</th></tr></thead>
  <tbody>
  ${run.instances.map(
    (instance) => html`<tr data-instance="${instance.id}" data-state="${instance.state}">
    <th scope="row">Instance ${instance.id}</th>
    <td><span class="state state-${instance.state}">${STATE_LABELS[instance.state] ?? instance.state}</span></td>
    <td class="num">${instance.fencingToken ?? "–"}</td>
    <td class="num">${instance.waitedMs === undefined ? "–" : seconds(Math.round(instance.waitedMs / 100) * 100)}</td>
    <td>${instance.detail ?? ""}</td>
  </tr>`,
  )}
  </tbody>
</table>
<table id="holds">
  <caption>Holders, in order</caption>
  <thead><tr><th scope="col">#</th><th scope="col">Instance</th><th scope="col" class="num">Fencing token</th><th scope="col" class="num">From</th><th scope="col" class="num">To</th><th scope="col">Outcome</th></tr></thead>
  <tbody>
  ${run.holds.map(
    (hold, i) => html`<tr data-fencing-token="${hold.fencingToken}" data-instance="${hold.instance}">
    <td>${i + 1}</td><td>Instance ${hold.instance}</td><td class="num">${hold.fencingToken}</td>
    <td class="num">${seconds(Math.round(hold.acquiredAt / 100) * 100)}</td>
    <td class="num">${hold.releasedAt === undefined ? "–" : seconds(Math.round(hold.releasedAt / 100) * 100)}</td>
    <td>${hold.outcome ?? "holding"}</td>
  </tr>`,
  )}
  </tbody>
</table>
<h3>Log</h3>
<ol class="log" id="log">
${run.events.map(
  (event) =>
    html`<li data-kind="${event.kind}"><time>+${(event.at / 1000).toFixed(2)} s</time> Instance ${event.instance} ${event.text}</li>`,
)}
</ol>
</section>`;
}

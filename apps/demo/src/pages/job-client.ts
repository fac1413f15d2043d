/**
 * The Nightly job page's script, served at /job.js. "Start instances" creates a run, then sends one request per
 * instance to this server (on the edge, each is its own Worker invocation); the page then polls the run's view
 * in Redis and swaps it in, announcing each new log line to screen readers. "Kill holder" posts without leaving
 * the page. Viewing a run works without the script (reload to refresh); starting one needs it.
 */
export const jobClientJs = `"use strict";
(() => {
  const view = document.getElementById("run-view");
  const announce = document.getElementById("announce");
  const start = document.getElementById("start-form");
  const kill = document.getElementById("kill");
  const killForm = document.getElementById("kill-form");
  const killRun = document.getElementById("kill-run");
  if (!view || !start || !kill || !killForm || !killRun) return;
  const current = () => view.querySelector("#run");
  let seen = Number(current()?.dataset.events ?? 0);
  let polling = false;

  const notify = (kind, text) => {
    document.getElementById("job-notice")?.remove();
    if (!text) return;
    const notice = document.createElement("div");
    notice.className = "notice " + kind;
    notice.id = "job-notice";
    notice.setAttribute("role", "alert");
    const line = document.createElement("p");
    line.textContent = text;
    notice.append(line);
    start.before(notice);
  };

  const apply = () => {
    const run = current();
    if (!run) return;
    killRun.value = run.dataset.run;
    kill.disabled = run.dataset.killable !== "true";
    const items = view.querySelectorAll("#log li");
    if (items.length > seen && announce) announce.textContent = items[items.length - 1].textContent;
    seen = items.length;
    const log = view.querySelector("#log");
    if (log) log.scrollTop = log.scrollHeight;
  };

  /** Swaps in the run's latest view; false when the run is gone. */
  const refresh = async (id) => {
    const response = await fetch("/job/runs/" + encodeURIComponent(id) + "/view", { cache: "no-store" });
    if (response.status === 404) {
      notify("warn", "This run is no longer in Redis (runs are kept 10 minutes): start a new one.");
      return false;
    }
    if (response.ok) {
      view.innerHTML = await response.text();
      apply();
    }
    return true;
  };

  const poll = async () => {
    const run = current();
    if (!run || run.dataset.finished === "true") {
      polling = false;
      return;
    }
    let keep = true;
    try {
      keep = await refresh(run.dataset.run);
    } catch {
      // The server is restarting or the network blinked: try again.
    }
    if (keep) setTimeout(poll, 150);
    else polling = false;
  };
  const startPolling = () => {
    if (polling) return;
    polling = true;
    setTimeout(poll, 150);
  };

  // One request per instance, a few ms apart so that their arrival order shows. Each request stays open while its
  // instance waits and works; the instance reports to the run's log itself, so the answers are not needed here.
  const fire = (id, count) => {
    for (let n = 1; n <= count; n++) {
      setTimeout(() => {
        const url = "/job/runs/" + encodeURIComponent(id) + "/instances/" + n;
        fetch(url, { method: "POST", headers: { accept: "application/json" } }).catch(() => {});
      }, 25 * (n - 1));
    }
  };

  // Shows run id here: the address, the link to the other runtime, the view, then polling.
  const show = async (id) => {
    const address = "/job?run=" + encodeURIComponent(id);
    history.replaceState(null, "", address);
    const peer = document.getElementById("peer-link");
    if (peer) peer.href = new URL(address, peer.href).href;
    if (await refresh(id)) startPolling();
  };

  const post = (form) =>
    fetch(form.action, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)),
    });

  start.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = start.querySelector("button");
    button.disabled = true;
    try {
      const response = await post(start);
      const body = await response.json();
      if (!response.ok) {
        notify("bad", body.error);
        if (body.run) await show(body.run); // the run in progress, wherever it was started
        return;
      }
      notify("", "");
      fire(body.id, body.instances);
      await show(body.id);
    } catch {
      notify("bad", "The server did not answer: is it still running?");
    } finally {
      button.disabled = false;
    }
  });

  killForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    kill.disabled = true;
    try {
      const response = await post(killForm);
      if (!response.ok) notify("bad", (await response.json()).error);
    } catch {
      kill.disabled = false;
    }
  });

  apply();
  startPolling();
})();
`;

/**
 * The Nightly job page's script, served at /job.js: polls the run's view while it is active and swaps it in,
 * announces each new log line to screen readers, and posts "Kill holder" without leaving the page.
 * The page works without it (reload to refresh).
 */
export const jobClientJs = `"use strict";
(() => {
  const view = document.getElementById("run-view");
  const announce = document.getElementById("announce");
  const kill = document.getElementById("kill");
  const killForm = document.getElementById("kill-form");
  if (!view || !kill || !killForm) return;
  const current = () => view.querySelector("#run");
  let seen = Number(current()?.dataset.events ?? 0);

  const apply = () => {
    const run = current();
    if (!run) return;
    kill.disabled = run.dataset.killable !== "true";
    const items = view.querySelectorAll("#log li");
    if (items.length > seen && announce) announce.textContent = items[items.length - 1].textContent;
    seen = items.length;
    const log = view.querySelector("#log");
    if (log) log.scrollTop = log.scrollHeight;
  };

  const poll = async () => {
    const run = current();
    if (!run || run.dataset.finished === "true") return;
    try {
      const response = await fetch("/job/runs/" + encodeURIComponent(run.dataset.run) + "/view", { cache: "no-store" });
      if (response.status === 404) {
        view.insertAdjacentHTML("afterbegin", '<div class="notice warn" role="alert"><p>The server that answered does not know this run. On Workers each isolate keeps its own runs: start a new one.</p></div>');
        return;
      }
      if (response.ok) {
        view.innerHTML = await response.text();
        apply();
      }
    } catch {
      // The server is restarting or the network blinked: try again.
    }
    setTimeout(poll, 150);
  };

  killForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    kill.disabled = true;
    try {
      await fetch(killForm.action, { method: "POST", headers: { accept: "application/json" } });
    } catch {
      kill.disabled = false;
    }
  });

  apply();
  setTimeout(poll, 150);
})();
`;

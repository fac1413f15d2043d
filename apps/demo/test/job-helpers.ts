/** Drives the Nightly job as the page's script does, through any fetch (Hono's app.request, miniflare's dispatchFetch). */
import { expect } from "vitest";
import type { InstanceOutcome } from "../src/jobs/run-instance.js";
import type { RunView } from "../src/jobs/run-view.js";

/** A request to the app: a path and the usual init. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

const JSON_FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

/** Creates a run as the start form's script does: resolves to its id. */
export async function startRun(fetcher: Fetcher, fields: Record<string, string>): Promise<string> {
  const response = await fetcher("/job/runs", {
    method: "POST",
    headers: JSON_FORM,
    body: new URLSearchParams(fields).toString(),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Runs instance `n` of run `id`: one request, answered when the instance has ended. */
export async function runInstance(fetcher: Fetcher, id: string, n: number): Promise<InstanceOutcome> {
  const response = await fetcher(`/job/runs/${id}/instances/${n}`, {
    method: "POST",
    headers: { accept: "application/json" },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as InstanceOutcome;
}

/** Runs instances 1..count of run `id`, each its own concurrent request. */
export function runInstances(fetcher: Fetcher, id: string, count: number): Promise<InstanceOutcome[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => runInstance(fetcher, id, i + 1)));
}

/** The run as the JSON API shows it. */
export async function readRun(fetcher: Fetcher, id: string): Promise<RunView> {
  return (await (await fetcher(`/job/runs/${id}`)).json()) as RunView;
}

/** Polls the run until `until` holds (or fails after `timeoutMs`, a "does not hang" bound). */
export async function waitForRun(
  fetcher: Fetcher,
  id: string,
  until: (run: RunView) => boolean,
  timeoutMs = 20_000,
): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await readRun(fetcher, id);
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`Run ${id} timed out: ${JSON.stringify(run, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One holder at a time: strictly increasing fencing tokens, and no tenure overlapping the next. */
export function expectOneHolderAtATime(run: RunView): void {
  expect(run.maxConcurrentHolders).toBe(1);
  for (let i = 1; i < run.holds.length; i++) {
    expect(run.holds[i]!.fencingToken).toBeGreaterThan(run.holds[i - 1]!.fencingToken);
    expect(run.holds[i]!.acquiredAt).toBeGreaterThanOrEqual(run.holds[i - 1]!.releasedAt!);
  }
}

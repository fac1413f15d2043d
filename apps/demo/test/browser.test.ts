/**
 * The demo in a real browser (playwright-core driving Debian's /usr/bin/chromium), as `pnpm demo` serves it: the
 * Node server over TCP and the Worker in workerd (miniflare) over HTTP through the gateway, both on a private
 * redis-server. Screenshots go to apps/demo/test-results/ (gitignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../src/node/serve.js";
import { bundleWorker } from "../worker-build.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-results/", import.meta.url));

describe("the demo in Chromium, on Node and on the edge", () => {
  let redis: RedisServer;
  let demo: RunningDemo;
  let node: string;
  let edge: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const [server, workerScript, launched] = await Promise.all([
      startRedis(),
      bundleWorker(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      }),
    ]);
    redis = server;
    browser = launched;
    demo = await startDemo({
      port: 0,
      workerScript,
      redis: {
        address: `${redis.host}:${redis.port}`,
        source: "the test's redis-server",
        release: async () => {},
      },
    });
    node = demo.url;
    edge = demo.edgeUrl!;
    expect(edge, demo.describe.join("\n")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await redis?.stop();
  });

  const served = async () => ({
    runtime: await page.locator("#runtime").getAttribute("data-runtime"),
    name: await page.locator("#runtime-name").textContent(),
    transport: await page.locator("#runtime-transport").textContent(),
  });

  it("Landing: each runtime says it served the page, over which transport, and links to the other", async () => {
    await page.goto(node);
    expect(await page.title()).toContain("Home");
    const cards = page.getByRole("main").getByRole("heading", { level: 2 }).getByRole("link");
    expect(await cards.allTextContents()).toEqual(["Login", "Nightly job", "Pools"]);
    expect(await served()).toEqual({
      runtime: "node",
      name: `Node ${process.versions.node}`,
      transport: "TCP (@beeredis/ioredis)",
    });
    await Promise.all([page.waitForURL(edge), page.locator("#peer-link").click()]);
    expect(await served()).toEqual({
      runtime: "edge",
      name: "Cloudflare workerd (miniflare)",
      transport: "HTTP (@beeredis/upstash) through @beeredis/gateway",
    });
    await page.screenshot({ path: `${ARTIFACTS}landing-edge.png`, fullPage: true });
    await Promise.all([page.waitForURL(node), page.locator("#peer-link").click()]);
  });

  it("Login: attempts on Node and on the edge count against one limit of 5", async () => {
    const email = `browser-${Date.now()}@example.com`;
    const attempt = async (status: number, left: string) => {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("correct horse battery staple");
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/login") && r.request().method() === "POST"),
        page.getByRole("button", { name: "Log in" }).click(),
      ]);
      await page.waitForLoadState("domcontentloaded");
      expect(response.status()).toBe(status);
      expect(await page.locator("#attempts-left").getAttribute("data-remaining")).toBe(left);
    };
    const switchRuntime = async (to: string) => {
      await Promise.all([
        page.waitForURL((url) => url.href.startsWith(to)),
        page.locator("#peer-login").click(),
      ]);
      expect(await page.getByLabel("Email").inputValue()).toBe(email); // the link carries the email
    };

    await page.goto(`${node}login`);
    for (const left of ["4", "3", "2"]) await attempt(200, left);
    await switchRuntime(edge);
    expect((await served()).runtime).toBe("edge");
    for (const left of ["1", "0"]) await attempt(200, left);
    await attempt(429, "0");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Too many login attempts");
    const retryMs = Number(await page.locator("#retry-after").getAttribute("data-retry-after-ms"));
    expect(retryMs).toBeGreaterThan(50_000);
    expect(retryMs).toBeLessThanOrEqual(60_000);
    expect(await page.locator("#next-attempt").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: `${ARTIFACTS}login-edge.png`, fullPage: true });
    await switchRuntime(node);
    await attempt(429, "0");
  });

  it("Nightly job on the edge: 5 Worker invocations, one holder at a time, increasing fencing tokens", async () => {
    const instanceRequests: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().includes("/instances/"))
        instanceRequests.push(request.url());
    });
    await page.goto(`${edge}job`);
    await page.getByLabel("Instances").fill("5");
    await page.getByLabel("Lock TTL").fill("2");
    await page.getByLabel("Job takes").fill("0.6");
    await page.getByLabel("Wait at most").fill("15");
    await page.getByRole("button", { name: "Start instances" }).click();
    await page.waitForFunction(() => document.querySelector("#run") !== null);

    // Record every render of the live view: how many instances show "holding", and the holder's token.
    await page.evaluate(() => {
      const samples: { holding: number; token: string }[] = [];
      (window as unknown as { samples: typeof samples }).samples = samples;
      const view = document.getElementById("run-view")!;
      const sample = () =>
        samples.push({
          holding: view.querySelectorAll('#instances tr[data-state="holding"]').length,
          token: view.querySelector<HTMLElement>("#holder")?.dataset.fencingToken ?? "",
        });
      sample();
      new MutationObserver(sample).observe(view, { childList: true, subtree: true });
    });

    // A screenshot mid-run: done, holding and waiting side by side.
    await page.locator("#holds tbody tr:nth-child(3)").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}job-edge.png`, fullPage: true });
    await page.locator('#run[data-finished="true"]').waitFor({ timeout: 20_000 });

    expect(page.url()).toMatch(/\/job\?run=[0-9a-f]+$/);
    expect(await page.locator("#run-heading").textContent()).toContain(
      "started on Cloudflare workerd (miniflare)",
    );
    // Each instance was its own request to the worker.
    const paths = instanceRequests.map((url) => new URL(url));
    expect(paths.every((url) => url.href.startsWith(edge))).toBe(true);
    expect(paths.map((url) => url.pathname.split("/").at(-1)).sort()).toEqual(["1", "2", "3", "4", "5"]);

    const samples = await page.evaluate(
      () => (window as unknown as { samples: { holding: number; token: string }[] }).samples,
    );
    expect(samples.length).toBeGreaterThan(5);
    expect(Math.max(...samples.map((s) => s.holding))).toBe(1);
    const seen = samples.map((s) => s.token).filter((token, i, all) => token !== "" && token !== all[i - 1]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(Number(seen[i])).toBeGreaterThan(Number(seen[i - 1]));

    const states = await page
      .locator("#instances tbody tr")
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.state));
    expect(states).toEqual(["done", "done", "done", "done", "done"]);
    const tokens = await page
      .locator("#holds tbody tr")
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.fencingToken)));
    expect(tokens).toHaveLength(5);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
    expect(await page.locator("#run").getAttribute("data-max-concurrent")).toBe("1");
    page.removeAllListeners("request");
  });

  it("Nightly job on Node: killing the holder lets its lock expire, then the next waiter takes over", async () => {
    await page.goto(`${node}job`);
    await page.getByLabel("Instances").fill("2");
    await page.getByLabel("Lock TTL").fill("1.5");
    await page.getByLabel("Job takes").fill("1");
    await page.getByLabel("Wait at most").fill("10");
    await page.getByRole("button", { name: "Start instances" }).click();
    const holding = page.locator('#instances tr[data-state="holding"]');
    await holding.waitFor({ timeout: 5000 });
    const crashedInstance = await holding.getAttribute("data-instance");
    const crashedToken = Number(await page.locator("#holder").getAttribute("data-fencing-token"));
    await page.getByRole("button", { name: "Kill holder" }).click();
    await page.locator('#holder[data-crashed="true"]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${ARTIFACTS}job-kill.png`, fullPage: true });
    const other = crashedInstance === "1" ? "2" : "1";
    await page
      .locator(`#instances tr[data-instance="${other}"][data-state="holding"]`)
      .waitFor({ timeout: 5000 });
    const takeoverToken = Number(await page.locator("#holder").getAttribute("data-fencing-token"));
    expect(takeoverToken).toBeGreaterThan(crashedToken);
    expect(
      await page.locator(`#instances tr[data-instance="${crashedInstance}"]`).getAttribute("data-state"),
    ).toBe("crashed");
    await page.locator('#run[data-finished="true"]').waitFor({ timeout: 10_000 });
  });
});

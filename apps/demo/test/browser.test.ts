/**
 * The demo in a real browser (playwright-core driving Debian's /usr/bin/chromium), served on Node over TCP with a
 * private redis-server. Screenshots go to apps/demo/test-results/ (gitignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../src/serve.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-results/", import.meta.url));

describe("the demo in Chromium", () => {
  let redis: RedisServer;
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    redis = await startRedis();
    const [running, launched] = await Promise.all([
      startDemo({
        port: 0,
        redis: {
          address: `${redis.host}:${redis.port}`,
          source: "the test's redis-server",
          release: async () => {},
        },
      }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      }),
    ]);
    demo = running;
    browser = launched;
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await redis?.stop();
  });

  it("Login: the 6th attempt for one email is refused with a retry time", async () => {
    const email = `browser-${Date.now()}@example.com`;
    await page.goto(demo.url);
    expect(await page.title()).toContain("Login");
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("correct horse battery staple");
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/login") && r.request().method() === "POST"),
        page.getByRole("button", { name: "Log in" }).click(),
      ]);
      await page.waitForLoadState("domcontentloaded");
      const left = await page.locator("#attempts-left").getAttribute("data-remaining");
      if (attempt <= 5) {
        expect(response.status()).toBe(200);
        expect(left).toBe(String(5 - attempt));
      } else {
        expect(response.status()).toBe(429);
        expect(left).toBe("0");
      }
    }
    const alert = page.getByRole("alert");
    await expect(alert.textContent()).resolves.toContain("Too many login attempts");
    const retryMs = Number(await page.locator("#retry-after").getAttribute("data-retry-after-ms"));
    expect(retryMs).toBeGreaterThan(50_000);
    expect(retryMs).toBeLessThanOrEqual(60_000);
    expect(await page.locator("#retry-after").textContent()).toMatch(/^\d+ s$/);
    expect(await page.locator("#next-attempt").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: `${ARTIFACTS}login.png`, fullPage: true });
  });

  it("Nightly job: 5 instances, exactly one holder at a time, increasing fencing tokens", async () => {
    await page.goto(`${demo.url}job`);
    await page.getByLabel("Instances").fill("5");
    await page.getByLabel("Lock TTL").fill("2");
    await page.getByLabel("Job takes").fill("0.6");
    await page.getByLabel("Wait at most").fill("15");
    await Promise.all([
      page.waitForURL(/\/job\?run=/),
      page.getByRole("button", { name: "Start instances" }).click(),
    ]);

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

    // A screenshot while the third instance holds the lock: done, holding and waiting side by side.
    await page.locator('#instances tr[data-instance="3"][data-state="holding"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}job.png`, fullPage: true });
    await page.locator('#run[data-finished="true"]').waitFor({ timeout: 20_000 });

    const samples = await page.evaluate(
      () => (window as unknown as { samples: { holding: number; token: string }[] }).samples,
    );
    expect(samples.length).toBeGreaterThan(5);
    expect(Math.max(...samples.map((s) => s.holding))).toBe(1);
    const seen = samples.map((s) => s.token).filter((token, i, all) => token !== "" && token !== all[i - 1]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(BigInt(seen[i]!) > BigInt(seen[i - 1]!)).toBe(true);

    const states = await page
      .locator("#instances tbody tr")
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.state));
    expect(states).toEqual(["done", "done", "done", "done", "done"]);
    const tokens = await page
      .locator("#holds tbody tr")
      .evaluateAll((rows) => rows.map((row) => BigInt((row as HTMLElement).dataset.fencingToken!)));
    expect(tokens).toHaveLength(5);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]! > tokens[i - 1]!).toBe(true);
    expect(await page.locator("#run").getAttribute("data-max-concurrent")).toBe("1");
  });

  it("Nightly job: killing the holder lets its lock expire, then the next waiter takes over", async () => {
    await page.goto(`${demo.url}job`);
    await page.getByLabel("Instances").fill("2");
    await page.getByLabel("Lock TTL").fill("1.5");
    await page.getByLabel("Job takes").fill("1");
    await page.getByLabel("Wait at most").fill("10");
    await Promise.all([
      page.waitForURL(/\/job\?run=/),
      page.getByRole("button", { name: "Start instances" }).click(),
    ]);
    await page.locator('#instances tr[data-instance="1"][data-state="holding"]').waitFor({ timeout: 5000 });
    const crashedToken = BigInt((await page.locator("#holder").getAttribute("data-fencing-token"))!);
    await page.getByRole("button", { name: "Kill holder" }).click();
    await page.locator('#holder[data-crashed="true"]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${ARTIFACTS}job-kill.png`, fullPage: true });
    await page.locator('#instances tr[data-instance="2"][data-state="holding"]').waitFor({ timeout: 5000 });
    const takeoverToken = BigInt((await page.locator("#holder").getAttribute("data-fencing-token"))!);
    expect(takeoverToken > crashedToken).toBe(true);
    expect(await page.locator('#instances tr[data-instance="1"]').getAttribute("data-state")).toBe("crashed");
    await page.locator('#run[data-finished="true"]').waitFor({ timeout: 10_000 });
  });
});

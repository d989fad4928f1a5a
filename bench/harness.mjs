// The start-up the one-question benchmarks share (profile, trace, memory timeline):
// the generated 1M document next to the build, the build served on `port`, and a
// headless Chromium.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { writeBigDocument } from "./big-document.mjs";
import { seedAnnotations, seedValue } from "./seeding.mjs";

/** Serves `dist` on `port` and launches the browser; `stop()` ends both. */
export async function startBench(dist, port) {
  writeBigDocument(dist);
  const server = spawn("node", ["tests/e2e/serve.mjs", dist, String(port)], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  return { browser, stop: async () => (await browser.close(), server.kill()) };
}

/** Opens `url` on `page` with N seeded annotations (as after a reload), once every block is scanned. */
export async function openSeeded(page, url, n) {
  await page.goto(url);
  await page.waitForSelector("article:not([aria-busy]) h1", { timeout: 120_000 });
  const text = await page.evaluate(() => [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n"));
  const seed = seedValue(text, seedAnnotations([...text], n));
  await page.evaluate(({ key, value }) => (localStorage.clear(), localStorage.setItem(key, value)), seed);
  await page.reload();
  await page.waitForSelector("article:not([aria-busy]) h1", { timeout: 120_000 });
  if (await page.locator(".suggestion-bar").count()) await page.waitForSelector('.suggestion-bar[data-ready="true"]', { timeout: 600_000 });
}

/** Drags the mouse over the start of the `trial`-th paragraph (cycling), until the tag toolbar shows. */
export async function selectInParagraph(page, trial) {
  const blocks = page.locator("article p[data-start]");
  const count = await blocks.count();
  const block = blocks.nth(4 + ((trial * 7) % Math.max(1, count - 4)));
  await block.scrollIntoViewIfNeeded();
  const box = await block.boundingBox();
  await page.mouse.move(box.x + 40, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 12, { steps: 4 });
  await page.mouse.up();
  await page.waitForSelector(".tag-toolbar");
}

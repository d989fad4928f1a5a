// Issue 19's freezes, measured: a 2 MB text with no line break, and long
// texts where the tagged phrase recurs in every paragraph. For each: how
// long until the page is ready, the longest task while it loads, and for an
// arrow key and a tag (key "2" on a selection), the time from the key to
// the next frame and the longest task in the 3 s after it.
// Usage: node bench/long-line.mjs [dist] [port]  (writes bench/long-line.json)
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] || "dist";
const port = Number(process.argv[3] || 4190);
const MARKER = "标记𠮷😀短语";

function oneLine(length) {
  const unit = "春色新𠮷😀东方风来，";
  const half = unit.repeat(Math.ceil(length / 2 / [...unit].length));
  return half + MARKER + half;
}

function recurring(length) {
  const paragraph = "2017年12月1日，记者在现场看到，一百六十多个项目同时开工，工人们说：“我们会继续努力。”";
  const lines = [];
  for (let n = 0; n < length; n += paragraph.length + 1) lines.push(paragraph);
  return "每段都有同一个日期\n\n" + lines.join("\n\n");
}

const only = process.env.BENCH_ONLY;
const cases = [
  { name: "one line, 2 MB", file: "bench-long-line.txt", text: oneLine(2_000_000), phrase: MARKER },
  { name: "a date in every paragraph, 1 M characters", file: "bench-recurring-1m.txt", text: recurring(1_000_000), phrase: "2017年12月1日" },
  { name: "a date in every paragraph, 3 M characters", file: "bench-recurring-3m.txt", text: recurring(3_000_000), phrase: "2017年12月1日" },
];

/** In the page: long tasks, and the time from each key press to the frame after it. */
function instrument() {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  window.__keys = [];
  addEventListener(
    "keydown",
    (e) => {
      const down = performance.now();
      requestAnimationFrame(() => window.__keys.push({ key: e.key, ms: performance.now() - down }));
    },
    true,
  );
}

const longestSince = (page, since) => page.evaluate((since) => Math.max(0, ...window.__long.filter((t) => t.at >= since).map((t) => t.ms)), since);
const now = (page) => page.evaluate(() => performance.now());
const settle = (page, ms) => page.evaluate((ms) => new Promise((done) => setTimeout(done, ms)), ms);

async function measure(browser, c) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  const began = Date.now();
  await page.goto(`http://127.0.0.1:${port}/?doc=/${c.file}`);
  await page.waitForSelector("article:not([aria-busy]) [data-start]", { timeout: 600_000 });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const ready_ms = Date.now() - began;
  await settle(page, 3000);
  const load_longest_task_ms = await longestSince(page, 0);

  await page.locator("article").focus();
  let t = await now(page);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => window.__keys.some((k) => k.key === "ArrowRight"));
  await settle(page, 3000);
  const arrow = { key_to_frame_ms: await page.evaluate(() => window.__keys.find((k) => k.key === "ArrowRight").ms), longest_task_ms: await longestSince(page, t) };

  // Select the phrase's first occurrence as a drag would, then press 2.
  await page.evaluate((phrase) => {
    const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(phrase);
      if (at >= 0) {
        n.parentElement.scrollIntoView({ block: "center" });
        getSelection().setBaseAndExtent(n, at, n, at + phrase.length);
        return;
      }
    }
    throw new Error("phrase not found");
  }, c.phrase);
  await page.mouse.move(10, 10);
  await page.waitForSelector(".tag-toolbar", { timeout: 60_000 });
  t = await now(page);
  await page.keyboard.press("2");
  await page.waitForFunction(() => window.__keys.some((k) => k.key === "2"));
  await page.waitForSelector("article mark", { timeout: 600_000 });
  await settle(page, 3000);
  const tag = { key_to_frame_ms: await page.evaluate(() => window.__keys.find((k) => k.key === "2").ms), longest_task_ms: await longestSince(page, t) };
  const errors = await page.locator(".crash").count();
  await page.close();
  return { case: c.name, characters: [...c.text].length, ready_ms, load_longest_task_ms, arrow, tag, crash_banner: errors > 0 };
}

const chosen = cases.filter((c) => !only || c.name.includes(only));
for (const c of chosen) writeFileSync(join(dist, c.file), c.text);
const server = spawn("node", ["tests/e2e/serve.mjs", dist, String(port)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const results = [];
const out = process.env.BENCH_OUT || "./long-line.json";
try {
  for (const c of chosen) {
    const r = await measure(browser, c);
    console.log(JSON.stringify(r));
    results.push(r);
  }
} finally {
  await browser.close();
  server.kill();
}
writeFileSync(new URL(out, import.meta.url), JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + "\n");

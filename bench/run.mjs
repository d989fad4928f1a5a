// Tagmark benchmark: the release build in headless Chromium, with N = 0,
// 1,000 and 10,000 annotations pre-seeded in storage on the seed article.
//
//   trunk build --release && node bench/run.mjs      (writes bench/results.json)
//
// For each N it measures: navigation → article painted, → all highlights
// painted; key press → new highlight painted (p50/p95 of 30); mouseup → tag
// toolbar painted (p50/p95 of 30); Export JSON click → file ready; JS heap and
// wasm memory; longest main-thread task during load and during 20 edits; the
// time each save takes (the app marks "tagmark:save"); the stored size.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const PORT = Number(process.env.BENCH_PORT || 4200);
const URL_ = `http://127.0.0.1:${PORT}/`;
const SIZES = (process.env.BENCH_N || "0,1000,10000").split(",").map(Number);
const TRIALS = 30;
const DIST = process.env.BENCH_DIST || "dist";

// The generated document: the article repeated with variation to about
// 1,000,000 code points, served next to the build and opened with ?doc=.
function writeBigDocument() {
  const article = readFileSync("content/article.txt", "utf8");
  const parts = [];
  let length = 0;
  for (let i = 1; length < 1_000_000; i++) {
    const copy = i === 1 ? article : `\n\n（第${i}期）\n\n` + article.replaceAll("2020年", `${2000 + (i % 25)}年`);
    parts.push(copy);
    length += [...copy].length;
  }
  writeFileSync(`${DIST}/bench-1m.txt`, parts.join(""));
}
const DOCUMENTS = [
  { name: "seed article", path: "" },
  { name: "generated 1,000,000 characters", path: "?doc=/bench-1m.txt" },
].filter((d) => !process.env.BENCH_DOCS || process.env.BENCH_DOCS.split(",").includes(d.name.split(" ")[0]));

writeBigDocument();
const server = spawn("node", ["tests/e2e/serve.mjs", DIST, String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-precise-memory-info"],
});

// Deterministic pseudo-random numbers, so every run seeds the same annotations.
function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const fnv32 = (s) => {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
};
const fnv64 = (s) => {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `doc-${h.toString(16).padStart(16, "0")}`;
};

function seedValue(text, n) {
  const chars = [...text];
  const random = rng(42 + n);
  const annotations = [];
  for (let i = 0; i < n; i++) {
    const len = 2 + Math.floor(random() * 10);
    const start = Math.floor(random() * (chars.length - len));
    const quote = chars.slice(start, start + len).join("");
    annotations.push([`bench-${i}`, "qse"[i % 3], start, start + len, "2026-01-01T00:00:00.000Z", "", fnv32(quote), ""]);
  }
  annotations.sort((a, b) => a[2] - b[2] || b[3] - a[3]);
  const docId = fnv64(text);
  return { key: `tagmark:v2:${docId}:a`, value: JSON.stringify({ format: "tagmark-store", version: 2, document: docId, generation: 1, annotations, history: {} }) };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x) => Math.round(x * 10) / 10;

async function canonicalText(path) {
  const page = await browser.newPage();
  await page.goto(URL_ + path);
  await page.waitForSelector("article h1", { timeout: 120_000 });
  const text = await page.evaluate(() => [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n"));
  await page.close();
  return text;
}

async function measure(path, text, n) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seed = seedValue(text, n);
  await page.goto(URL_ + path);
  await page.waitForSelector("article h1", { timeout: 120_000 });
  await page.evaluate(({ key, value }) => {
    localStorage.clear();
    localStorage.setItem(key, value);
  }, seed);
  await page.addInitScript((expected) => {
    window.__longest = { load: 0, burst: 0 };
    window.__phase = "load";
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest[window.__phase] = Math.max(window.__longest[window.__phase], e.duration);
    }).observe({ type: "longtask", buffered: true });
    addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));
    // Painted = the frame after the DOM holds it.
    const painted = (check) =>
      new Promise((resolve) => {
        const poll = () => (check() ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)) : requestAnimationFrame(poll));
        poll();
      });
    window.__painted = painted;
    window.__loadTimes = (async () => {
      const article = await painted(() => document.querySelector("article h1"));
      const all = await painted(() => {
        if (expected === 0) return true;
        const ids = new Set();
        for (const m of document.querySelectorAll("article mark")) for (const id of m.dataset.ids.split(" ")) ids.add(id);
        return ids.size >= expected;
      });
      return { article, all };
    })();
  }, n);
  await page.reload();
  const load = await page.evaluate(() => window.__loadTimes, null, { timeout: 300_000 });
  await page.waitForTimeout(300);

  // Key press → highlight painted, and mouseup → toolbar painted.
  const keyLatency = [];
  const toolbarLatency = [];
  const blocks = await page.locator("article p").count();
  for (let i = 0; i < TRIALS; i++) {
    const block = page.locator("article p").nth(5 + (i % Math.max(1, blocks - 10)));
    await block.scrollIntoViewIfNeeded();
    const box = await block.boundingBox();
    const y = box.y + 12;
    await page.mouse.move(box.x + 40, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, y, { steps: 4 });
    await page.evaluate(() => {
      window.__toolbarLatency = new Promise((resolve) => {
        addEventListener("mouseup", () => {
          const t0 = performance.now();
          window.__painted(() => document.querySelector(".tag-toolbar")).then((t1) => resolve(t1 - t0));
        }, { once: true, capture: true });
        setTimeout(() => resolve(null), 10_000);
      });
    });
    await page.mouse.up();
    const toolbarMs = await page.evaluate(() => window.__toolbarLatency);
    if (toolbarMs === null) throw new Error(`trial ${i}: no toolbar within 10 s`);
    toolbarLatency.push(toolbarMs);
    // Listen first (awaited), then press, then collect.
    await page.evaluate(() => {
      window.__keyLatency = new Promise((resolve) => {
        addEventListener("keydown", () => {
          const t0 = performance.now();
          window.__painted(() => !document.querySelector(".tag-toolbar")).then((t1) => resolve(t1 - t0));
        }, { once: true, capture: true });
        setTimeout(() => resolve(null), 10_000);
      });
    });
    await page.keyboard.press(String(1 + (i % 3)));
    const ms = await page.evaluate(() => window.__keyLatency);
    if (ms === null) {
      await page.screenshot({ path: `/tmp/bench-fail-${n}-${i}.png` });
      throw new Error(`trial ${i}: no highlight painted within 10 s`);
    }
    keyLatency.push(ms);
    await page.keyboard.press("Escape");
  }

  // A burst of 20 edits (undo/redo), watching for long tasks.
  await page.evaluate(() => (window.__phase = "burst"));
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+Shift+z");
  }
  await page.waitForTimeout(300);

  // Export: click → object URL created.
  const exportMs = await page.evaluate(() => new Promise((resolve) => {
    const real = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
      URL.createObjectURL = real;
      resolve(performance.now() - t0);
      return real(blob);
    };
    const t0 = performance.now();
    [...document.querySelectorAll("button")].find((b) => b.textContent === "Export JSON").click();
  }));

  const stats = await page.evaluate(() => ({
    heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    wasm: window.__wasm ? window.__wasm.memory.buffer.byteLength : null,
    longest: window.__longest,
    saves: performance.getEntriesByName("tagmark:save").map((e) => e.duration),
    stored: Object.entries(localStorage).filter(([k]) => k.startsWith("tagmark:")).reduce((n, [k, v]) => n + k.length + v.length, 0),
  }));
  await context.close();
  return {
    n,
    article_painted_ms: round(load.article),
    all_highlights_painted_ms: round(load.all),
    key_to_highlight_ms: { p50: round(quantile(keyLatency, 0.5)), p95: round(quantile(keyLatency, 0.95)) },
    mouseup_to_toolbar_ms: { p50: round(quantile(toolbarLatency, 0.5)), p95: round(quantile(toolbarLatency, 0.95)) },
    export_ms: round(exportMs),
    js_heap_mb: stats.heap && round(stats.heap / 1048576),
    wasm_memory_mb: stats.wasm && round(stats.wasm / 1048576),
    longest_task_ms: { load: round(stats.longest.load), burst_of_20_edits: round(stats.longest.burst) },
    save_ms: { p50: round(quantile(stats.saves, 0.5)), max: round(Math.max(...stats.saves)), count: stats.saves.length },
    stored_utf16_units: stats.stored,
  };
}

try {
  const documents = [];
  for (const { name, path } of DOCUMENTS) {
    const text = await canonicalText(path);
    const results = [];
    for (const n of SIZES) {
      const r = await measure(path, text, n);
      console.log(JSON.stringify({ document: name, ...r }));
      results.push(r);
    }
    documents.push({ name, code_points: [...text].length, results });
  }
  writeFileSync(
    "bench/results.json",
    JSON.stringify({ measured: new Date().toISOString(), machine: "2 cores, headless Chromium", documents }, null, 2) + "\n",
  );
} finally {
  await browser.close();
  server.kill();
}

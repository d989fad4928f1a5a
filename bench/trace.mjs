// Where a key press's time goes between the handler and the painted frame: a Chromium
// trace of N tag trials on the seed article with 10,000 annotations, summed by the
// renderer main thread's top-level event names (script, style, layout, paint…).
//
//   trunk build --release && node bench/trace.mjs
//
// Knobs: BENCH_N=10000  BENCH_TRIALS=8  BENCH_DOCS=seed|1m  BENCH_PORT=4220  BENCH_DIST=dist
import { readFileSync } from "node:fs";
import { openSeeded, selectInParagraph, startBench } from "./harness.mjs";

const DIST = process.env.BENCH_DIST || "dist";
const PORT = Number(process.env.BENCH_PORT || 4220);
const N = Number(process.env.BENCH_N ?? 10000);
const TRIALS = Number(process.env.BENCH_TRIALS || 8);
const PATH = (process.env.BENCH_DOCS || "seed") === "seed" ? "" : "?doc=/bench-1m.txt";
const { browser, stop } = await startBench(DIST, PORT);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openSeeded(page, `http://127.0.0.1:${PORT}/${PATH}`, N);
  const file = "/tmp/tagmark-trace.json";
  const windows = [];
  await browser.startTracing(page, { path: file, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"] });
  for (let i = 0; i < TRIALS; i++) {
    await selectInParagraph(page, i);
    await page.evaluate(() => {
      window.__painted = new Promise((resolve) =>
        addEventListener("keydown", (e) => {
          const t0 = e.timeStamp;
          requestAnimationFrame(() => setTimeout(() => resolve([t0, performance.now()]), 0));
        }, { once: true, capture: true }));
    });
    await page.keyboard.press(String(1 + (i % 3)));
    windows.push(await page.evaluate(() => window.__painted));
    await page.keyboard.press("Escape");
  }
  await browser.stopTracing();
  const { traceEvents } = JSON.parse(readFileSync(file, "utf8"));
  // The renderer main thread: the one that ran the page's script.
  const main = traceEvents.find((e) => e.name === "FunctionCall" || e.name === "EventDispatch");
  const onMain = traceEvents.filter((e) => e.ph === "X" && e.pid === main.pid && e.tid === main.tid);
  // Trace times are µs on another clock than performance.now(): each window starts at
  // its key press's keydown dispatch and lasts as long as the page measured.
  const dispatches = onMain.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown").map((e) => e.ts);
  const sums = new Map();
  let total = 0;
  windows.forEach(([t0, t1], i) => {
    const start = dispatches[i * 2] ?? dispatches[i]; // key press (and the Escape after it)
    const end = start + (t1 - t0) * 1000;
    for (const e of onMain) {
      if (e.ts < start || e.ts >= end) continue;
      sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
    }
    total += t1 - t0;
  });
  console.log(`${TRIALS} key presses, ${(total / TRIALS).toFixed(1)} ms each from the key to after the painted frame; main-thread slices summed per press (nested slices count in their parents too):`);
  for (const [name, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((ms / TRIALS).toFixed(1).padStart(8), name);
} finally {
  await stop();
}

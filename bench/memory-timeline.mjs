// Wasm memory over the life of a page on the generated 1,000,000-code-point text with
// no annotations: sampled every animation frame, from navigation until every block has
// been scanned for suggestions. Wasm memory never shrinks, so each step is a new high
// water mark; the phases (loading, rendering the runs, the background scan) show where
// it is spent.
//
//   trunk build --release && node bench/memory-timeline.mjs        (prints the timeline)
//
// Knobs: BENCH_DIST=dist  BENCH_PORT=4230  CHROMIUM
import { startBench } from "./harness.mjs";

const DIST = process.env.BENCH_DIST || "dist";
const PORT = Number(process.env.BENCH_PORT || 4230);
const { browser, stop } = await startBench(DIST, PORT);
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__timeline = [];
    addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));
    const phase = () =>
      !document.querySelector("article")
        ? "loading"
        : document.querySelector("article[aria-busy]")
          ? "rendering runs"
          : document.querySelector('.suggestion-bar[data-ready="true"]')
            ? "scanned"
            : "scanning";
    const tick = () => {
      const bytes = window.__wasm?.memory.buffer.byteLength ?? 0;
      const last = window.__timeline.at(-1);
      if (!last || last[1] !== bytes || last[2] !== phase()) window.__timeline.push([Math.round(performance.now()), bytes, phase()]);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(`http://127.0.0.1:${PORT}/?doc=/bench-1m.txt`);
  await page.waitForSelector('.suggestion-bar[data-ready="true"]', { timeout: 600_000 });
  const timeline = await page.evaluate(() => window.__timeline);
  // The high water mark at the end of each phase.
  const ends = new Map();
  for (const [ms, bytes, phase] of timeline) ends.set(phase, { ms, mb: Math.round((bytes / 1048576) * 10) / 10 });
  for (const [phase, { ms, mb }] of ends) console.log(`${phase.padEnd(16)} until ${String(ms).padStart(7)} ms: ${mb} MB`);
} finally {
  await stop();
}

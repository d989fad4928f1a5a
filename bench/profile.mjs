// Where the time of one change goes: a CPU profile (Chromium's sampling profiler,
// through CDP) of tagging a dragged phrase by key, and of accepting a suggestion,
// with N annotations seeded, on a build that keeps the wasm's function names.
//
//   sed 's/data-wasm-opt="z"/data-wasm-opt="0" data-keep-debug="true"/' index.html > index.profile.html
//   trunk build --release index.profile.html --dist dist-profile
//   BENCH_DIST=dist-profile node bench/profile.mjs        (prints the top functions)
//
// Knobs: BENCH_DOCS=seed|1m  BENCH_N=10000  BENCH_TRIALS=10  BENCH_PORT=4210  PROFILE_TOP=40
// Self time is summed over the samples taken between each key press and the frame
// that painted it; "inclusive" sums every sample a function is on the stack of.
import { openSeeded, selectInParagraph, startBench } from "./harness.mjs";

const PORT = Number(process.env.BENCH_PORT || 4210);
const DIST = process.env.BENCH_DIST || "dist-profile";
const N = Number(process.env.BENCH_N ?? 10000);
const TRIALS = Number(process.env.BENCH_TRIALS || 10);
const TOP = Number(process.env.PROFILE_TOP || 40);
const DOC = process.env.BENCH_DOCS || "seed";
const PATH = DOC === "seed" ? "" : "?doc=/bench-1m.txt";
const URL_ = `http://127.0.0.1:${PORT}/`;

const { browser, stop } = await startBench(DIST, PORT);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await openSeeded(page, URL_ + PATH, N);
  await page.waitForFunction((n) => document.querySelectorAll("article mark[data-ids]").length >= Math.min(n, 1), N);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  const totals = { self: new Map(), inclusive: new Map(), sampled: new Map() };
  // One profile per change: started just before the key, stopped once the frame
  // that shows the change has been painted.
  const profiled = async (kind, key) => {
    await page.evaluate(() => {
      window.__painted = new Promise((resolve) =>
        addEventListener("keydown", () => requestAnimationFrame(() => (frameMark(), setTimeout(resolve, 0))), { once: true, capture: true }));
      // A named function that runs long enough to be sampled: the samples after its
      // first one belong to the frame and what follows it (the save, the learning).
      function frameMark() {
        const until = performance.now() + 1;
        while (performance.now() < until);
      }
    });
    await cdp.send("Profiler.start");
    await page.keyboard.press(key);
    await page.evaluate(() => window.__painted);
    const { profile } = await cdp.send("Profiler.stop");
    add(totals, kind, profile);
  };
  for (let i = 0; i < TRIALS; i++) {
    await selectInParagraph(page, i);
    await profiled("tag", String(1 + (i % 3)));
    await page.keyboard.press("Escape");
  }
  // As in run.mjs: n focuses the next suggestion, a accepts it (and focuses the next).
  const offered = () => page.evaluate(() => document.querySelectorAll("article [data-sg-open]").length);
  for (let i = 0; (await page.locator(".suggestion-bar").count()) && i < TRIALS && (await offered()) > 0; i++) {
    const before = await page.evaluate(() => document.activeElement?.dataset.sgOpen ?? null);
    await page.keyboard.press("n");
    await page.waitForFunction(
      (before) => {
        const open = document.activeElement?.dataset.sgOpen;
        return !!open && (open !== before || document.querySelectorAll("article [data-sg-open]").length <= 1);
      },
      before,
    );
    await profiled("accept", "a");
  }
  print(totals);
} finally {
  await stop();
}

// Adds one profile's samples to the totals, by kind of change: self time per function,
// and inclusive time (every function on the sampled stack, once).
function add(totals, kind, profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split("/").pop() || "anonymous"})`;
  const bump = (m, k, dt) => m.set(k, (m.get(k) || 0) + dt);
  let phase = "before the frame";
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]);
    if (name(node) === "frameMark") phase = "after the frame";
    if (["(idle)", "(root)", "frameMark"].includes(name(node))) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
    kind = `${kind.split(",")[0]}, ${phase}`;
    bump(totals.sampled, kind, dt);
    bump(totals.self, `${kind}  ${name(node)}`, dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = `${kind}  ${name(nodes.get(id))}`;
      if (!seen.has(k)) (seen.add(k), bump(totals.inclusive, k, dt));
    }
  }
}

function print(totals) {
  console.log(`${DOC}, N = ${N}, ${TRIALS} trials; busy ms per kind (summed):`,
    Object.fromEntries([...totals.sampled].map(([k, v]) => [k, Math.round(v)])));
  for (const [title, m] of [["self ms (summed over trials)", totals.self], ["inclusive ms (summed over trials)", totals.inclusive]]) {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(v.toFixed(1).padStart(8), k);
  }
}

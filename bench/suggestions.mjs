// Tagmark suggestions benchmark: how long the offline suggestion scan takes, whether it
// stays off the main thread's critical path, and what it costs the rest of the app, in
// headless Chromium with the release build.
//
//   trunk build --release && node bench/suggestions.mjs
//        (writes bench/suggestions.json and bench/suggestions.md)
//
// Knobs: BENCH_DIST=dist  BENCH_PORT=4300  BENCH_RUNS=15 (seed-article runs; the
//        1,000,000-character document gets BENCH_BIG_RUNS=3)  CHROMIUM=/usr/bin/chromium
//        BENCH_PARTS=seed,big (add accept,accept-scan-first,load to spawn bench/run.mjs as below)
//        BENCH_OLD_DIST=<a build from before suggestions, for "load">  BENCH_LOAD_RUNS=3
//
// The app scans the first run of blocks (the first screen; the whole seed article)
// just before it draws it, measured as "tagmark:suggestions:run", and the rest once
// the article is all rendered, in the background: it marks "tagmark:suggestions:start"
// and measures "tagmark:suggestions" (start → every block scanned) and, when that
// needs more than one 3 ms slice, "tagmark:suggestions:first-slice" (start → end of
// the first slice). When every block is scanned `.suggestion-bar` has data-ready="true".
// The seed figure is the first-run scan plus the background part (none on the seed:
// it is one run, so nothing is left for the background and no "tagmark:suggestions").
//
// seed: the seed article ("/") in a fresh context (localStorage cleared, then reload),
//   wait for data-ready="true" and the measure, read it and the per-tag counts
//   (.suggestion-count.<tag> .count). BENCH_RUNS times; p50/p95/max. Target: < 20 ms.
// big: the generated ~1,000,000-code-point document (bench/big-document.mjs, shared with bench/run.mjs,
//   same code, written to <dist>/bench-1m.txt, opened with ?doc=/bench-1m.txt), fresh
//   localStorage. Installed before any page script: a PerformanceObserver for
//   "longtask" (buffered; every task ≥ 50 ms, start + duration) and one for
//   "long-animation-frame" (its script attribution says which callback a long frame
//   ran: the scan's slices resume from a MessageChannel message, the article's render
//   slices (≤ ~40 ms each, concurrent with the scan) from a setTimeout); and a poll in
//   every requestAnimationFrame callback for the first `article [data-sg]` element with
//   a box in the initial viewport (1280×900, not scrolled): that time is relative to
//   navigation start, as seen by the frame that paints it. Reported per run: the scan
//   window [start mark, end of the "tagmark:suggestions" measure], the longest task
//   that starts in it, every long task that overlaps it (and what it ran), the
//   first-slice and total durations, the counts, when the article finished rendering
//   (aria-busy gone). Targets: computed in slices (first-slice measure present), no task
//   over 50 ms starting in the scan window, the first screen's suggestions drawn before
//   the scan ends.
// accept: `node bench/run.mjs` with BENCH_DIST=<dist> BENCH_PEER=0 BENCH_N=0,1000,10000
//   BENCH_TRIALS=15: its accept trials (n, then a → new mark in that block) side by side
//   with its key trials (drag, then 1/2/3 → new mark). Target: accept p50 and p95 ≤ key's.
//   accept-scan-first: the same on the generated document with BENCH_SCAN_FIRST=1 (the
//   key trials also wait for the scan, which otherwise runs beside them for seconds).
// load: `node bench/run.mjs` with BENCH_PEER=0 BENCH_N=10000 BENCH_DOCS=generated
//   BENCH_TRIALS=3, BENCH_LOAD_RUNS times alternating BENCH_OLD_DIST and BENCH_DIST;
//   medians of the load figures. Target: all highlights painted ≤ 1.10 × old.
// For accept and load, bench/results.json and bench/results.md (run.mjs's) are put back
// byte for byte afterwards; each run's results.json is kept in /tmp/suggestions-*.json.
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { writeBigDocument } from "./big-document.mjs";

const PORT = Number(process.env.BENCH_PORT || 4300);
const URL_ = `http://127.0.0.1:${PORT}/`;
const DIST = process.env.BENCH_DIST || "dist";
const OLD_DIST = process.env.BENCH_OLD_DIST || "";
const RUNS = Number(process.env.BENCH_RUNS || 15);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS || 3);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS || 3);
const PARTS = (process.env.BENCH_PARTS || "seed,big").split(",");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const VIEWPORT = { width: 1280, height: 900 };
const TAGS = ["quote", "statistic", "event"];
const TIMEOUT = 300_000;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x) => (x == null ? x : Math.round(x * 10) / 10);
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

// In-page instrumentation, installed before any page script.
function instrument({ poll: polling }) {
  const tasks = [];
  const frames = [];
  window.__tasks = tasks;
  window.__frames = frames;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        frames.push({
          start: e.startTime,
          duration: e.duration,
          scripts: e.scripts.map((s) => ({ invoker: s.invoker, type: s.invokerType, start: s.startTime, duration: s.duration, forced: s.forcedStyleAndLayoutDuration })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {
    // No long-animation-frame entries in this browser: no attribution.
  }
  const seen = { firstSg: null, firstSgInView: null, articleDone: null, ready: null };
  window.__seen = seen;
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  };
  const poll = () => {
    const now = performance.now();
    const article = document.querySelector("article");
    if (seen.firstSg === null && document.querySelector("article [data-sg]")) seen.firstSg = now;
    if (seen.firstSgInView === null && scrollY === 0) {
      for (const el of document.querySelectorAll("article [data-sg]")) {
        if (inView(el)) {
          seen.firstSgInView = now;
          break;
        }
      }
    }
    if (seen.articleDone === null && article && document.querySelector("article h1") && !article.hasAttribute("aria-busy")) seen.articleDone = now;
    if (seen.ready === null && document.querySelector('.suggestion-bar[data-ready="true"]')) seen.ready = now;
    if (seen.firstSgInView === null || seen.articleDone === null || seen.ready === null) requestAnimationFrame(poll);
  };
  if (polling) requestAnimationFrame(poll);
}

const counts = (page) =>
  page.evaluate((tags) => Object.fromEntries(tags.map((t) => [t, Number(document.querySelector(`.suggestion-count.${t} .count`).textContent.trim())])), TAGS);

// The scan's marks and measures, relative to navigation start.
const scanEntries = (page) =>
  page.evaluate(() => {
    const pick = (name) => performance.getEntriesByName(name).map((e) => ({ start: e.startTime, duration: e.duration }));
    return {
      starts: pick("tagmark:suggestions:start"),
      scans: pick("tagmark:suggestions"),
      firstSlices: pick("tagmark:suggestions:first-slice"),
      firstRuns: pick("tagmark:suggestions:run"),
    };
  });

// A fresh page at `path`: storage cleared, then reloaded (with `init` installed).
async function openFresh(browser, path, init) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(URL_ + path);
  await page.waitForSelector("article h1", { timeout: TIMEOUT });
  await page.evaluate(() => localStorage.clear());
  if (init) await page.addInitScript(...init);
  await page.reload();
  // Scanned to the end, and the measure recorded.
  await page.waitForFunction(
    () =>
      document.querySelector('.suggestion-bar[data-ready="true"]') &&
      (performance.getEntriesByName("tagmark:suggestions").length > 0 || document.querySelector("article:not([aria-busy])")),
    null,
    { timeout: TIMEOUT, polling: "raf" },
  );
  return { context, page, errors };
}

async function seedRuns(browser) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page, errors } = await openFresh(browser, "", [instrument, { poll: false }]);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
    const e = await scanEntries(page);
    const got = await page.evaluate(() => ({ tasks: window.__tasks, frames: window.__frames }));
    const scan = e.scans[0] ?? e.firstRuns[0];
    const from = scan.start;
    const to = from + scan.duration + (e.scans[0] ? 0 : e.firstRuns.slice(1).reduce((sum, r) => sum + r.duration, 0));
    // What ran meanwhile: the long animation frames overlapping the scan, and their scripts.
    const during = got.frames
      .filter((f) => f.start < to && f.start + f.duration > from)
      .map((f) => ({ start: round(f.start), duration: round(f.duration), ran: f.scripts.filter((x) => x.duration >= 5).map((x) => `${x.invoker} (${round(x.duration)} ms)`) }));
    runs.push({
      // The first run of blocks is scanned just before it is drawn, the rest in the background.
      scan_ms: round(e.firstRuns.reduce((sum, r) => sum + r.duration, 0) + (e.scans[0]?.duration ?? 0)),
      first_run_scan_ms: round(e.firstRuns.reduce((sum, r) => sum + r.duration, 0)),
      background_scan_ms: round(e.scans[0]?.duration ?? 0),
      scan_window_ms: [round(from), round(to)],
      scans: e.scans.length,
      first_slice_ms: round(e.firstSlices[0]?.duration),
      longest_task_in_scan_ms: round(Math.max(0, ...got.tasks.filter((t) => t.start < to && t.start + t.duration > from).map((t) => t.duration))),
      long_frames_overlapping_scan: during,
      counts: await counts(page),
      errors,
    });
    await context.close();
  }
  const ms = runs.map((r) => r.scan_ms);
  return {
    runs: RUNS,
    scan_ms: { p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), max: round(Math.max(...ms)), all: ms },
    runs_with_more_than_one_slice: runs.filter((r) => r.first_slice_ms != null).length,
    first_slice_ms: runs.map((r) => r.first_slice_ms),
    per_run: runs.map(({ counts, errors, ...r }) => r),
    runs_with_a_rescan: runs.filter((r) => r.scans > 1).length,
    counts: runs[0].counts,
    counts_same_every_run: runs.every((r) => JSON.stringify(r.counts) === JSON.stringify(runs[0].counts)),
    errors: runs.flatMap((r) => r.errors),
  };
}

// Which callback a long task ran, from the long animation frame that holds it.
function attribute(task, frames) {
  const end = task.start + task.duration;
  const scripts = frames
    .flatMap((f) => f.scripts)
    .filter((s) => s.start < end && s.start + s.duration > task.start && s.duration >= 5)
    .map((s) => `${s.invoker} (${s.type}, ${round(s.duration)} ms${s.forced >= 1 ? `, ${round(s.forced)} ms forced style/layout` : ""})`);
  return [...new Set(scripts)];
}

async function bigRuns(browser, codePoints) {
  const runs = [];
  for (let i = 0; i < BIG_RUNS; i++) {
    const { context, page, errors } = await openFresh(browser, "?doc=/bench-1m.txt", [instrument, { poll: true }]);
    await page.waitForFunction(() => Object.values(window.__seen).every((v) => v !== null), null, { timeout: TIMEOUT, polling: "raf" });
    // Two more frames and a task, so the observers have delivered every entry.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
    const e = await scanEntries(page);
    const got = await page.evaluate(() => ({ tasks: window.__tasks, frames: window.__frames, seen: window.__seen }));
    const scan = e.scans[0];
    const from = scan.start;
    const to = scan.start + scan.duration;
    const startsIn = got.tasks.filter((t) => t.start >= from && t.start < to);
    const overlaps = got.tasks
      .filter((t) => t.start < to && t.start + t.duration > from)
      .map((t) => ({ start: round(t.start), duration: round(t.duration), starts_in_window: t.start >= from && t.start < to, ran: attribute(t, got.frames) }));
    // Overlapping long tasks grouped by the callback they ran.
    const byCallback = {};
    for (const t of overlaps) {
      const key = t.ran.map((r) => r.split(" (")[0]).join(" + ") || "no attribution";
      const g = (byCallback[key] ??= { count: 0, max_ms: 0, total_ms: 0 });
      g.count++;
      g.max_ms = Math.max(g.max_ms, t.duration);
      g.total_ms = round(g.total_ms + t.duration);
    }
    runs.push({
      scan_window_ms: [round(from), round(to)],
      long_tasks_overlapping_scan_by_callback: byCallback,
      scan_ms: round(scan.duration),
      first_slice_ms: round(e.firstSlices[0]?.duration),
      scans: e.scans.length,
      longest_task_starting_in_scan_ms: round(Math.max(0, ...startsIn.map((t) => t.duration))),
      long_tasks_overlapping_scan: overlaps,
      first_suggestion_in_viewport_ms: round(got.seen.firstSgInView),
      first_suggestion_anywhere_ms: round(got.seen.firstSg),
      article_rendered_ms: round(got.seen.articleDone),
      ready_seen_ms: round(got.seen.ready),
      long_tasks_all: got.tasks.map((t) => ({ start: round(t.start), duration: round(t.duration), ran: attribute(t, got.frames) })),
      counts: await counts(page),
      errors,
    });
    await context.close();
  }
  return { runs: BIG_RUNS, code_points: codePoints, per_run: runs };
}

// bench/run.mjs, with bench/results.{json,md} put back byte for byte afterwards.
function runBench(env, label) {
  const keep = Object.fromEntries(["bench/results.json", "bench/results.md"].map((f) => [f, existsSync(f) ? readFileSync(f) : null]));
  try {
    const r = spawnSync("node", ["bench/run.mjs"], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`bench/run.mjs (${label}) exited with ${r.status}`);
    const out = readFileSync("bench/results.json", "utf8");
    writeFileSync(`/tmp/suggestions-${label}.json`, out);
    return JSON.parse(out);
  } finally {
    for (const [f, bytes] of Object.entries(keep)) if (bytes) writeFileSync(f, bytes);
  }
}
const commandOf = (env) => `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")} node bench/run.mjs`;

function acceptPart(scanFirst) {
  const env = { BENCH_DIST: DIST, BENCH_PEER: "0", BENCH_N: process.env.BENCH_ACCEPT_N || "0,1000,10000", BENCH_TRIALS: "15", BENCH_PORT: String(PORT + 1) };
  if (scanFirst) Object.assign(env, { BENCH_DOCS: process.env.BENCH_SCAN_FIRST_DOCS || "generated", BENCH_SCAN_FIRST: "1" });
  const res = runBench(env, scanFirst ? "accept-scan-first" : "accept");
  const rows = res.documents.flatMap((d) =>
    d.results.map((t) => ({
      document: d.name.split(" ")[0],
      n: t.n,
      key_to_highlight_ms: t.key_to_highlight_ms,
      accept_to_highlight_ms: t.accept_to_highlight_ms,
      met: !!t.accept_to_highlight_ms && t.accept_to_highlight_ms.p50 <= t.key_to_highlight_ms.p50 && t.accept_to_highlight_ms.p95 <= t.key_to_highlight_ms.p95,
    })),
  );
  return { command: commandOf(env), rows };
}

const LOAD_FIGURES = {
  all_highlights_painted_ms: (t) => t.all_highlights_painted_ms,
  article_painted_ms: (t) => t.article_painted_ms,
  viewport_highlights_painted_ms: (t) => t.viewport_highlights_painted_ms,
  longest_load_task_ms: (t) => t.longest_task_ms.load,
  memory_js_plus_wasm_mb: (t) => t.memory_after_load_mb.total,
  memory_renderer_process_mb: (t) => t.memory_after_load_mb.renderer_process,
};
function loadPart() {
  if (!OLD_DIST) throw new Error("load needs BENCH_OLD_DIST (a build from before suggestions)");
  const base = { BENCH_PEER: "0", BENCH_N: "10000", BENCH_DOCS: "generated", BENCH_TRIALS: "3", BENCH_PORT: String(PORT + 2) };
  const raw = { old: [], new: [] };
  for (let i = 0; i < LOAD_RUNS; i++) {
    for (const [side, dist] of [["old", OLD_DIST], ["new", DIST]]) {
      const t = runBench({ ...base, BENCH_DIST: dist }, `load-${side}-${i + 1}`).documents[0].results[0];
      raw[side].push(Object.fromEntries(Object.entries(LOAD_FIGURES).map(([k, f]) => [k, f(t)])));
    }
  }
  const medians = Object.fromEntries(["old", "new"].map((s) => [s, Object.fromEntries(Object.keys(LOAD_FIGURES).map((k) => [k, median(raw[s].map((r) => r[k]))]))]));
  const ratio = Object.fromEntries(Object.keys(LOAD_FIGURES).map((k) => [k, medians.old[k] ? Math.round((medians.new[k] / medians.old[k]) * 1000) / 1000 : null]));
  return {
    commands: { old: commandOf({ ...base, BENCH_DIST: OLD_DIST }), new: commandOf({ ...base, BENCH_DIST: DIST }) },
    order: "old, new, old, new, …",
    runs: raw,
    medians,
    new_over_old: ratio,
    met: ratio.all_highlights_painted_ms != null && ratio.all_highlights_painted_ms <= 1.1,
  };
}

function markdown(out) {
  const rows = [["figure", "value", "target", "met"], ["---", "---", "---", "---"]];
  const yes = (b) => (b ? "yes" : "**no**");
  if (out.seed) {
    const s = out.seed;
    rows.push([`seed article: scan (p50 / p95 / max of ${s.runs})`, `${s.scan_ms.p50} / ${s.scan_ms.p95} / ${s.scan_ms.max} ms`, "< 20 ms", yes(s.scan_ms.max < 20)]);
    rows.push(["seed article: suggestions (quote / statistic / event)", `${s.counts.quote} / ${s.counts.statistic} / ${s.counts.event}`, "", ""]);
  }
  if (out.big) {
    const r = out.big.per_run;
    const span = (f) => `${r.map(f).join(", ")}`;
    rows.push([`1M chars: total scan (runs: ${r.length})`, span((x) => `${x.scan_ms} ms`), "", ""]);
    rows.push(["1M chars: first slice (start → end of first slice)", span((x) => (x.first_slice_ms == null ? "–" : `${x.first_slice_ms} ms`)), "computed in slices", yes(r.every((x) => x.first_slice_ms != null))]);
    rows.push(["1M chars: longest task starting in the scan window", span((x) => `${x.longest_task_starting_in_scan_ms} ms`), "none > 50 ms", yes(r.every((x) => x.longest_task_starting_in_scan_ms <= 50))]);
    rows.push(["1M chars: long tasks overlapping the scan window", span((x) => `${x.long_tasks_overlapping_scan.length}`), "", ""]);
    rows.push(["1M chars: navigation → first suggestion in the initial viewport", span((x) => `${x.first_suggestion_in_viewport_ms} ms`), "before the scan ends", yes(r.every((x) => x.first_suggestion_in_viewport_ms < x.scan_window_ms[1]))]);
    rows.push(["1M chars: scan window (navigation-relative)", span((x) => `${x.scan_window_ms[0]}–${x.scan_window_ms[1]} ms`), "", ""]);
    rows.push(["1M chars: article fully rendered (aria-busy gone)", span((x) => `${x.article_rendered_ms} ms`), "", ""]);
    rows.push(["1M chars: suggestions (quote / statistic / event)", span((x) => `${x.counts.quote} / ${x.counts.statistic} / ${x.counts.event}`), "", ""]);
  }
  if (out.accept) {
    for (const a of out.accept.rows) {
      const k = a.key_to_highlight_ms;
      const s = a.accept_to_highlight_ms;
      rows.push([`${a.document}, N=${a.n}: accept vs key → highlight painted, p50 / p95 (${k.trials} key, ${s ? s.trials : 0} accept trials)`,
        s ? `accept ${s.p50} / ${s.p95} ms vs key ${k.p50} / ${k.p95} ms${s.missed ? ` (${s.missed} missed)` : ""}` : "no suggestions", "accept ≤ key", yes(a.met)]);
    }
  }
  if (out["accept-scan-first"]) {
    for (const a of out["accept-scan-first"].rows) {
      const k = a.key_to_highlight_ms;
      const s = a.accept_to_highlight_ms;
      rows.push([`${a.document}, N=${a.n}, key trials also after the scan (BENCH_SCAN_FIRST=1): accept vs key, p50 / p95`,
        s ? `accept ${s.p50} / ${s.p95} ms vs key ${k.p50} / ${k.p95} ms${s.missed ? ` (${s.missed} missed)` : ""}` : "no suggestions", "accept ≤ key", yes(a.met)]);
    }
  }
  if (out.load) {
    const { medians, new_over_old: r } = out.load;
    for (const k of Object.keys(medians.old)) {
      rows.push([`1M chars, N=10000: ${k} (median of ${out.load.runs.old.length}, old → new)`, `${medians.old[k]} → ${medians.new[k]} (×${r[k]})`,
        k === "all_highlights_painted_ms" ? "≤ ×1.10" : "", k === "all_highlights_painted_ms" ? yes(out.load.met) : ""]);
    }
  }
  const big = out.big?.per_run
    .map((x, i) => `Run ${i + 1}, long tasks overlapping the scan window ${x.scan_window_ms[0]}–${x.scan_window_ms[1]} ms, by the callback they ran ` +
      `(MessagePort.onmessage = a scan slice resumed by yield_to_browser; TimerHandler:setTimeout = an article render slice): ` +
      Object.entries(x.long_tasks_overlapping_scan_by_callback).map(([k, g]) => `${k}: ${g.count} (max ${g.max_ms} ms, total ${g.total_ms} ms)`).join("; ") + `\n\n` +
      (x.long_tasks_overlapping_scan.length
        ? x.long_tasks_overlapping_scan.map((t) => `- ${t.start} ms, ${t.duration} ms${t.starts_in_window ? "" : " (starts before)"}: ${t.ran.join("; ") || "no attribution"}`).join("\n")
        : "- none"))
    .join("\n\n");
  return `# Suggestions benchmark\n\nMeasured ${out.measured} with ${out.chromium}, build ${out.dist}; ${out.machine}. ` +
    `How: bench/suggestions.mjs (header comment). Raw figures: bench/suggestions.json.\n\n` +
    `Commands:\n\n${out.commands.map((c) => `    ${c}`).join("\n")}\n\n${rows.map((l) => `| ${l.join(" | ")} |`).join("\n")}\n` +
    (big ? `\n${big}\n` : "");
}

const out = { measured: new Date().toISOString(), machine: "2 cores, headless Chromium", dist: DIST, commands: [] };
const partsCommand = `BENCH_DIST=${DIST} BENCH_PORT=${PORT} BENCH_RUNS=${RUNS} BENCH_BIG_RUNS=${BIG_RUNS} BENCH_PARTS=${PARTS.join(",")}${OLD_DIST ? ` BENCH_OLD_DIST=${OLD_DIST} BENCH_LOAD_RUNS=${LOAD_RUNS}` : ""} node bench/suggestions.mjs`;
out.commands.push(partsCommand);
if (PARTS.includes("seed") || PARTS.includes("big")) {
  const codePoints = writeBigDocument(DIST);
  const server = spawn("node", ["tests/e2e/serve.mjs", DIST, String(PORT)], { stdio: "ignore" });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    // The server is up once it answers.
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(URL_)).ok) break;
      } catch {}
      if (i > 100) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
    out.chromium = `Chromium ${browser.version()}`;
    if (PARTS.includes("seed")) out.seed = await seedRuns(browser);
    if (PARTS.includes("big")) out.big = await bigRuns(browser, codePoints);
  } finally {
    await browser.close();
    server.kill();
  }
}
out.chromium ??= spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim();
if (PARTS.includes("accept")) {
  out.accept = acceptPart();
  out.commands.push(out.accept.command);
}
// accept-scan-first: the same, but run.mjs's key trials also wait for the scan to end
// (BENCH_SCAN_FIRST=1), so on the big document neither trial kind runs beside the scan.
if (PARTS.includes("accept-scan-first")) {
  out["accept-scan-first"] = acceptPart(true);
  out.commands.push(out["accept-scan-first"].command);
}
if (PARTS.includes("load")) {
  out.load = loadPart();
  out.commands.push(`${out.load.commands.old}   # then the same with BENCH_DIST=${DIST}; alternating, ${LOAD_RUNS} times each`);
}
// Parts not run this time are kept from the last bench/suggestions.json (so the parts can
// be run one at a time); `parts_run` says which were measured in this run.
out.parts_run = PARTS;
if (existsSync("bench/suggestions.json")) {
  const prev = JSON.parse(readFileSync("bench/suggestions.json", "utf8"));
  for (const part of ["seed", "big", "accept", "accept-scan-first", "load"]) {
    if (!PARTS.includes(part) && prev[part]) {
      out[part] = prev[part];
      out.kept_from_earlier = { ...(out.kept_from_earlier || {}), [part]: prev.measured_parts?.[part] || prev.measured };
    }
  }
  out.commands = [...new Set([...(prev.commands || []), ...out.commands])];
}
out.measured_parts = Object.fromEntries(["seed", "big", "accept", "accept-scan-first", "load"].filter((p) => out[p]).map((p) => [p, PARTS.includes(p) ? out.measured : out.kept_from_earlier[p]]));
writeFileSync("bench/suggestions.json", JSON.stringify(out, null, 2) + "\n");
writeFileSync("bench/suggestions.md", markdown(out));
console.log(markdown(out));

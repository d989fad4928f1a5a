// Tagmark benchmark, side by side with a peer: @recogito/text-annotator 4.1.1 (npm,
// its UMD bundle on a small page, bench/peer/), on the same text and the same
// annotations, in headless Chromium with the release build.
//
//   trunk build --release && node bench/run.mjs      (writes bench/results.json)
//
// Knobs: BENCH_N=0,1000,10000  BENCH_DOCS=seed,generated  BENCH_PEER=0 (Tagmark only)
//        BENCH_RENDERERS=SPANS,CSS_HIGHLIGHTS  BENCH_PEER_TIMEOUT_MS=180000
//        BENCH_TRIALS=30  BENCH_PEER_TRIALS=30  BENCH_PORT  BENCH_DIST  CHROMIUM
//        BENCH_SCAN_FIRST=1 (Tagmark's key trials wait for the suggestion scan too)
//        BENCH_ONLY=list-scroll (only the list's wheel-scroll trial)  BENCH_WHEEL_DELTA=400
//
// Workload, per document (the seed article; a generated ~1,000,000-code-point text) and
// per N (annotations pre-seeded in storage, deterministic random positions, 2 to 12
// code points long), for Tagmark and for each peer renderer (SPANS, CSS_HIGHLIGHTS):
//
// "Painted" (the one rule for both sides): once per rendered frame a check looks at the
// state that frame paints (in a ResizeObserver callback: after all requestAnimationFrame
// callbacks and layout, before paint), and something is painted at performance.now() in
// a task posted from there, i.e. right after the first frame whose check sees it
// (requestAnimationFrame → setTimeout, but immune to a task slipping in between the
// frame and the timeout). Load times are relative to navigation start.
//
// The peer page renders Tagmark's canonical text (its blocks' text joined by "\n") as
// <h1>/<p> with "\n" text nodes between, so its textContent is the same string (the
// harness checks this); the same seeded annotations are stored in its localStorage with
// UTF-16 offsets (converted from code points) and handed to setAnnotations at start-up;
// it paints the text before anchoring them (see bench/peer/app.js).
//
// - article painted: the first block (h1) painted.
// - all highlights ready:
//     Tagmark: every seeded id is in some `article mark[data-ids]` (all drawn in the DOM);
//     peer: it only ever draws the highlights that intersect the viewport (it keeps an
//     R-tree of every annotation's rects and redraws the visible ones on scroll), so its
//     "all" is the later of: the first check after setAnnotations returned (every
//     annotation anchored to a Range and measured), and viewport highlights painted.
//     Either way, nothing per-annotation is left to compute before a highlight shows.
// - viewport highlights painted: V = the seeded annotations whose text range (built from
//   its offsets over the rendered blocks, the same code on both sides) has a client
//   rect in the initial viewport (1280×900, scrolled to the top), computed once loading
//   is over; the time is the first post-frame check at which every annotation in V had
//   been drawn (Tagmark: its id in a mark; peer SPANS: a span.r6o-annotation with its
//   id; peer CSS_HIGHLIGHTS: its entry in CSS.highlights).
// - new highlight (p50/p95 over 30 trials): a mouse drag over a block (held ≥ 350 ms,
//   like a person), then Tagmark: key 1/2/3 → a mark with a new id in that block;
//   peer: the release (pointerup, which it listens to) → a drawn highlight with a new
//   id. t0 = a capture listener on window for that input event. `frames` = rendered
//   frames from the event to the paint (1 = the very next frame). `handler_ms` = event
//   → the DOM (or CSS.highlights) first holds the change: the same check, run in a
//   task posted through a MessageChannel from the capture listener (it runs after the
//   event's task and its microtasks; re-posted until the check passes) and in each
//   frame's check (Chromium may run an overdue frame before that task), whichever sees
//   it first. So it is the end of the input event's task when the app changes the DOM
//   synchronously, and later when it defers the change.
//   A trial with nothing painted within 5 s is a miss: counted (`missed`), left out of
//   the percentiles, screenshot in /tmp. (Seen on the peer with SPANS and 10,000
//   annotations: its selection handler is debounced, and when a ~300 ms redraw holds the
//   main thread the release is handled first and no annotation is created.)
// - accept a suggestion (Tagmark, p50/p95 over TRIALS, right after the key trials): once
//   every block is scanned (.suggestion-bar[data-ready="true"]), key n (wait until a
//   suggestion has the focus: document.activeElement.dataset.sgOpen), then key a → a mark
//   with a new id in that suggestion's block; t0, frames and handler_ms as above. null on
//   a build without suggestions (no .suggestion-bar). The trials' longest task covers them.
// - memory after load: gc() (--js-flags=--expose-gc), then performance.memory
//   .usedJSHeapSize, plus the wasm memory for Tagmark; total = JS heap + wasm. Neither
//   side's DOM and layout (Blink's heap) is in it; elements_after_load is given, and
//   renderer_process: the proportional set size (/proc/<pid>/smaps_rollup) of the
//   renderer process, which holds all of it (JS, wasm, DOM, layout, Blink).
// - longest task: PerformanceObserver "longtask" (only tasks ≥ 50 ms; 0 = none seen),
//   by start time: during load (navigation → all highlights ready), during the
//   trials, and (Tagmark) during a burst of 20 undo/redo.
// Tagmark also: mouseup → tag toolbar painted, Export JSON click → file ready, the
// time of each save (the app's "tagmark:save" measure), the stored size.
// If a peer load takes longer than BENCH_PEER_TIMEOUT_MS it is recorded as
// { timed_out_after_ms } and that configuration is skipped.
// List scroll (Tagmark only; BENCH_ONLY=list-scroll runs nothing else and writes no
// results file): LIST_N (10,000) annotations seeded as above on each document, the
// suggestion scan left to finish, then the annotation list scrolled from top to bottom
// by page.mouse.wheel steps of BENCH_WHEEL_DELTA px (default 400) over it. Every frame's
// duration is the delta between consecutive requestAnimationFrame callbacks (a rAF
// loop runs throughout, so an idle frame is 16.7 ms, not a gap): max, p95, p50, and the
// count over 50 ms (the target: none); also the longest task, the most rows the list
// had in the page, the app's own work per scroll event (listener to listener, its
// redraw included), and the time from a tag filter's click (hide Quote, show it again)
// to the list painted at its new size.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { writeBigDocument } from "./big-document.mjs";
import { seedAnnotations, seedValue } from "./seeding.mjs";

const PORT = Number(process.env.BENCH_PORT || 4200);
const URL_ = `http://127.0.0.1:${PORT}/`;
const SIZES = (process.env.BENCH_N || "0,1000,10000").split(",").map(Number);
const TRIALS = Number(process.env.BENCH_TRIALS || 30);
const PEER_TRIALS = Number(process.env.BENCH_PEER_TRIALS || TRIALS);
const DIST = process.env.BENCH_DIST || "dist";
const PEER = process.env.BENCH_PEER !== "0";
const SCAN_FIRST = process.env.BENCH_SCAN_FIRST === "1";
const RENDERERS = (process.env.BENCH_RENDERERS || "SPANS,CSS_HIGHLIGHTS").split(",");
const PEER_TIMEOUT = Number(process.env.BENCH_PEER_TIMEOUT_MS || 180_000);
const TAGMARK_TIMEOUT = 300_000;
const TRIAL_LIMIT_MS = 5000;
const VIEWPORT = { width: 1280, height: 900 };
const PEER_PACKAGE = "@recogito/text-annotator";
const PEER_VERSION = JSON.parse(readFileSync(`node_modules/${PEER_PACKAGE}/package.json`, "utf8")).version;
const PEER_KEY = "peer-bench:annotations";
const TAGS = ["quote", "statistic", "event"];
const ONLY = process.env.BENCH_ONLY || "";
const LIST_N = 10000;
const WHEEL_DELTA = Number(process.env.BENCH_WHEEL_DELTA || 400);

const DOCUMENTS = [
  { name: "seed article", key: "seed", path: "" },
  { name: "generated 1,000,000 characters", key: "1m", path: "?doc=/bench-1m.txt" },
].filter((d) => !process.env.BENCH_DOCS || process.env.BENCH_DOCS.split(",").includes(d.name.split(" ")[0]));

// The peer page: bench/peer/* and the package's UMD bundle + CSS, served from dist/peer/.
function writePeerPage() {
  mkdirSync(`${DIST}/peer`, { recursive: true });
  for (const f of ["index.html", "app.js", "shim.js", "peer.css"]) copyFileSync(`bench/peer/${f}`, `${DIST}/peer/${f}`);
  for (const f of ["text-annotator.umd.js", "text-annotator.css"]) {
    copyFileSync(`node_modules/${PEER_PACKAGE}/dist/${f}`, `${DIST}/peer/${f}`);
  }
}

writeBigDocument(DIST);
if (PEER) writePeerPage();
const server = spawn("node", ["tests/e2e/serve.mjs", DIST, String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});

// Code-point offset → UTF-16 offset (the peer's offsets, and the DOM's).
function utf16Offsets(chars) {
  const at = new Uint32Array(chars.length + 1);
  for (let i = 0; i < chars.length; i++) at[i + 1] = at[i] + chars[i].length;
  return at;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x) => (x == null ? x : Math.round(x * 10) / 10);
const mb = (bytes) => bytes && round(bytes / 1048576);
const pct = (xs) => ({ p50: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)) });

async function canonicalText(path) {
  const page = await browser.newPage();
  await page.goto(URL_ + path);
  // A long text is aria-busy until its last run of blocks is rendered.
  await page.waitForSelector("article:not([aria-busy]) h1", { timeout: 120_000 });
  const text = await page.evaluate(() => [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n"));
  await page.close();
  return text;
}

// In-page instrumentation, installed before any page script. `side` is "tagmark",
// "SPANS" or "CSS_HIGHLIGHTS".
function instrument({ side, n, timeoutMs }) {
  const tasks = [];
  window.__tasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  if (side === "tagmark") addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));

  // The ids of the highlights drawn right now.
  const drawn =
    side === "tagmark"
      ? (root) => [...(root || document).querySelectorAll(root ? "mark[data-ids]" : "article mark[data-ids]")].flatMap((m) => m.dataset.ids.split(" "))
      : side === "SPANS"
        ? () => [...document.querySelectorAll(".r6o-span-highlight-layer .r6o-annotation")].map((s) => s.dataset.annotation)
        : () => [...CSS.highlights.keys()].map((k) => k.slice(1));
  window.__drawn = drawn;

  // The "painted" rule. Once per rendered frame, `look` runs on the state that frame
  // paints: in a ResizeObserver callback (observing a new target makes it fire in that
  // frame, after every requestAnimationFrame callback and after layout, just before
  // paint), so a change made by a task that slips in between the frame and the check
  // below is not counted for this frame. Then `after(seen, now, frames)` runs in a task
  // posted from there, right after the frame: `now` is the painted time. It returns true
  // to stop.
  const perFrame = (look, after) => {
    let frames = 0;
    const frame = () =>
      requestAnimationFrame(() => {
        frames++;
        let fired = false;
        const run = () => {
          fired = true;
          const seen = look();
          setTimeout(() => after(seen, performance.now(), frames) || frame(), 0);
        };
        const observer = new ResizeObserver(() => {
          observer.disconnect();
          run();
        });
        observer.observe(document.documentElement);
        // Should not happen; if the observer did not fire in this frame, go on anyway.
        requestAnimationFrame(() => fired || (observer.disconnect(), run()));
      });
    frame();
  };

  // Load: per frame, the article, the first time each highlight was drawn, the end.
  const firstSeen = new Map();
  window.__firstSeen = firstSeen;
  const articleSelector = side === "tagmark" ? "article h1" : "#doc h1";
  // Peer: loaded once setAnnotations returned and a redraw followed it.
  const peerLoaded = () => {
    const p = window.__peer;
    return n === 0 ? !!p : !!p && p.redraws.some((t) => t > p.loadedAt);
  };
  window.__load = new Promise((resolve) => {
    let article = null;
    let anchored = null; // peer: the first frame after setAnnotations returned
    perFrame(
      () => ({ article: !!document.querySelector(articleSelector), anchored: !!window.__peer, peerLoaded: peerLoaded(), ids: drawn() }),
      (seen, now) => {
        if (article === null && seen.article) article = now;
        if (anchored === null && seen.anchored) anchored = now;
        for (const id of seen.ids) if (!firstSeen.has(id)) firstSeen.set(id, now);
        const loaded = side === "tagmark" ? firstSeen.size >= n : seen.peerLoaded;
        if (article !== null && loaded) return resolve({ article, anchored, all: now }), true;
        if (now > timeoutMs) return resolve({ article, timedOut: now }), true;
        return false;
      },
    );
  });

  // One input trial: from the next `type` event (capture, on window) to the first frame
  // that paints the change (see the header for `frames` and `handler`).
  window.__trial = (type, check, limitMs) =>
    new Promise((resolve) => {
      addEventListener(type, () => {
        const t0 = performance.now();
        let handler = null;
        const holds = () => {
          const ok = check();
          if (ok) handler ??= performance.now() - t0;
          return ok;
        };
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          if (!holds() && handler === null && performance.now() - t0 < limitMs) channel.port2.postMessage(0);
        };
        channel.port2.postMessage(0);
        perFrame(holds, (seen, now, frames) => {
          if (seen) return resolve({ ms: now - t0, frames, handler }), true;
          if (now - t0 > limitMs) return resolve(null), true;
          return false;
        });
      }, { once: true, capture: true });
    });

  // The ids (of `rows` [id, start, end], UTF-16 offsets into the blocks' text joined by
  // "\n") whose range has a client rect in the viewport. The same code on both sides.
  window.__inViewport = (blockSelector, rows) => {
    const nodes = [];
    const starts = [];
    let pos = 0;
    for (const block of document.querySelectorAll(blockSelector)) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        nodes.push(t);
        starts.push(pos);
        pos += t.length;
      }
      pos += 1; // the "\n" between blocks
    }
    const locate = (offset, isEnd) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] < offset || (!isEnd && starts[mid] === offset)) lo = mid;
        else hi = mid - 1;
      }
      return [nodes[lo], Math.min(offset - starts[lo], nodes[lo].length)];
    };
    const inView = [];
    const range = document.createRange();
    for (const [id, start, end] of rows) {
      range.setStart(...locate(start, false));
      range.setEnd(...locate(end, true));
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth) {
          inView.push(id);
          break;
        }
      }
    }
    return inView;
  };
}

// Wait for the page's load promise, at most `ms` (a page stuck in one long task can't
// time itself out).
async function waitLoad(page, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve({ timedOut: ms }), ms + 5000)));
  const result = await Promise.race([page.evaluate(() => window.__load), timeout]);
  clearTimeout(timer);
  return result;
}

// The whole renderer process the page runs in, proportional set size (MiB): JS, wasm,
// DOM, layout and everything else Blink keeps, which the JS heap figure leaves out.
// One page is open at a time; the largest renderer is it (others are spares).
async function rendererPssMb() {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = await session.send("SystemInfo.getProcessInfo");
  await session.detach();
  const pss = processInfo
    .filter((p) => p.type === "renderer")
    .map((p) => {
      try {
        const rollup = readFileSync(`/proc/${p.id}/smaps_rollup`, "utf8");
        return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]) / 1024;
      } catch {
        return 0;
      }
    });
  return pss.length ? round(Math.max(...pss)) : null;
}

// After loading: the viewport set V and when all of it was painted; memory after gc().
async function afterLoad(page, blockSelector, rows) {
  await page.waitForTimeout(300);
  const measured = await page.evaluate(({ blockSelector, rows }) => {
    const inView = window.__inViewport(blockSelector, rows);
    const missing = inView.filter((id) => !window.__firstSeen.has(id));
    // null when V is empty (nothing to paint) or some of it was never drawn (`missing`).
    const viewport = missing.length || !inView.length ? null : Math.max(...inView.map((id) => window.__firstSeen.get(id)));
    window.gc();
    window.gc();
    return {
      viewport,
      inView: inView.length,
      missing: missing.length,
      drawn: new Set(window.__drawn()).size,
      heap: performance.memory.usedJSHeapSize,
      wasm: window.__wasm ? window.__wasm.memory.buffer.byteLength : null,
      elements: document.getElementsByTagName("*").length,
    };
  }, { blockSelector, rows });
  return { ...measured, process: await rendererPssMb() };
}

const longest = (tasks, from, to) => round(Math.max(0, ...tasks.filter(([start]) => start >= from && start < to).map(([, d]) => d)));

// A mouse drag over the block's first line, held ≥ 350 ms; `beforeUp` runs just before
// the release.
async function drag(page, block, beforeUp) {
  await block.scrollIntoViewIfNeeded();
  await page.waitForTimeout(150); // let scroll-triggered redraws settle
  const box = await block.boundingBox();
  const y = box.y + 12;
  await page.mouse.move(box.x + 40, y);
  await page.mouse.down();
  const down = Date.now();
  await page.mouse.move(box.x + 120, y, { steps: 4 });
  await beforeUp();
  await page.waitForTimeout(Math.max(0, 350 - (Date.now() - down)));
  await page.mouse.up();
}

// One trial's result, or null (and a screenshot in /tmp) when nothing was painted
// within TRIAL_LIMIT_MS: a miss, counted and left out of the percentiles.
async function trialResult(page, what) {
  const r = await Promise.race([page.evaluate(() => window.__pending), new Promise((res) => setTimeout(() => res(null), TRIAL_LIMIT_MS + 5000))]);
  if (!r) {
    const shot = `/tmp/bench-miss-${Date.now()}.png`;
    await page.screenshot({ path: shot });
    console.warn(`${what}: nothing painted within ${TRIAL_LIMIT_MS} ms (counted as missed; ${shot})`);
  }
  return r;
}

const latency = (rs) => {
  const ok = rs.filter(Boolean);
  return {
    ...pct(ok.map((r) => r.ms)),
    frames: pct(ok.map((r) => r.frames)),
    handler_ms: pct(ok.map((r) => r.handler)),
    trials: rs.length,
    ...(ok.length < rs.length ? { missed: rs.length - ok.length } : {}),
  };
};

// Blocks long enough to drag over, by index in the canonical text (same on both sides).
function trialBlocks(text) {
  const blocks = text.split("\n");
  return blocks.map((b, i) => [b, i]).filter(([b, i]) => i >= 4 && [...b].length >= 40).map(([, i]) => i);
}

async function measureTagmark(path, text, seeded, rows, n) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const seed = seedValue(text, seeded);
  await page.goto(URL_ + path);
  await page.waitForSelector("article h1", { timeout: 120_000 });
  await page.evaluate(({ key, value }) => {
    localStorage.clear();
    localStorage.setItem(key, value);
  }, seed);
  await page.addInitScript(instrument, { side: "tagmark", n, timeoutMs: TAGMARK_TIMEOUT });
  await page.reload();
  const load = await waitLoad(page, TAGMARK_TIMEOUT);
  if (load.timedOut) throw new Error(`Tagmark did not load within ${TAGMARK_TIMEOUT} ms`);
  const after = await afterLoad(page, "article [data-start]", rows);
  // BENCH_SCAN_FIRST=1: the key trials too wait until every block is scanned for
  // suggestions (when the build has them), so neither trial kind runs beside the scan.
  if (SCAN_FIRST && (await page.locator(".suggestion-bar").count())) {
    await page.waitForSelector('.suggestion-bar[data-ready="true"]', { timeout: TAGMARK_TIMEOUT });
  }
  const trialsStart = await page.evaluate(() => performance.now());

  // Mouseup → toolbar painted, then key press → new highlight painted.
  const keys = [];
  const toolbar = [];
  const eligible = trialBlocks(text);
  for (let i = 0; i < TRIALS; i++) {
    const block = page.locator("article [data-start]").nth(eligible[i % eligible.length]);
    await drag(page, block, () =>
      page.evaluate((limit) => {
        window.__pending = window.__trial("mouseup", () => !!document.querySelector(".tag-toolbar"), limit);
      }, TRIAL_LIMIT_MS),
    );
    toolbar.push(await trialResult(page, `Tagmark trial ${i} toolbar`));
    const start = await block.getAttribute("data-start");
    // Listen first (awaited), then press, then collect.
    await page.evaluate(([start, limit]) => {
      const inBlock = () => document.querySelector(`article [data-start="${start}"]`);
      const known = new Set(window.__drawn(inBlock()));
      window.__pending = window.__trial("keydown", () => window.__drawn(inBlock()).some((id) => !known.has(id)), limit);
    }, [start, TRIAL_LIMIT_MS]);
    await page.keyboard.press(String(1 + (i % 3)));
    keys.push(await trialResult(page, `Tagmark trial ${i} key`));
    await page.keyboard.press("Escape");
  }

  // Accepting a suggestion: n → the next suggestion focused, then a → a mark with a new
  // id in its block. Skipped (null) on a build without suggestions (no .suggestion-bar).
  const accepts = (await page.locator(".suggestion-bar").count()) ? [] : null;
  if (accepts) await page.waitForSelector('.suggestion-bar[data-ready="true"]', { timeout: TAGMARK_TIMEOUT });
  const offered = () =>
    page.evaluate(() => [...document.querySelectorAll(".suggestion-count .count")].reduce((n, c) => n + Number(c.textContent.trim()), 0));
  for (let i = 0; accepts && i < TRIALS && (await offered()) > 0; i++) {
    // The token focused now (after an accept the app focuses the next one by itself).
    const before = await page.evaluate(() => document.activeElement?.dataset.sgOpen ?? null);
    await page.keyboard.press("n");
    const moved = await page
      .waitForFunction(
        (before) => {
          const open = document.activeElement?.dataset.sgOpen;
          // Moved on, or there is only one suggestion left to move to.
          return !!open && (open !== before || document.querySelectorAll("article [data-sg-open]").length <= 1);
        },
        before,
        { timeout: TRIAL_LIMIT_MS },
      )
      .then(() => true, () => false);
    if (!moved) {
      // n focused no suggestion: counted as a miss, and the accept trials end here.
      const shot = `/tmp/bench-miss-${Date.now()}.png`;
      await page.screenshot({ path: shot });
      console.warn(`Tagmark trial ${i} accept: n focused no suggestion within ${TRIAL_LIMIT_MS} ms (${shot})`);
      accepts.push(null);
      break;
    }
    await page.evaluate((limit) => {
      const start = document.activeElement.closest("[data-start]").dataset.start;
      const inBlock = () => document.querySelector(`article [data-start="${start}"]`);
      const known = new Set(window.__drawn(inBlock()));
      window.__pending = window.__trial("keydown", () => window.__drawn(inBlock()).some((id) => !known.has(id)), limit);
    }, TRIAL_LIMIT_MS);
    await page.keyboard.press("a");
    accepts.push(await trialResult(page, `Tagmark trial ${i} accept`));
  }

  // A burst of 20 edits (undo/redo), watching for long tasks.
  const burstStart = await page.evaluate(() => performance.now());
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

  const stats = await page.evaluate(() => {
    window.gc();
    return {
      heap: performance.memory.usedJSHeapSize,
      wasm: window.__wasm ? window.__wasm.memory.buffer.byteLength : null,
      tasks: window.__tasks,
      saves: performance.getEntriesByName("tagmark:save").map((e) => e.duration),
      suggestion_measures: performance
        .getEntriesByType("measure")
        .filter((m) => m.name.startsWith("tagmark:suggestions"))
        .map((m) => [m.name, Math.round(m.startTime), Math.round(m.duration * 10) / 10]),
      stored: Object.entries(localStorage).filter(([k]) => k.startsWith("tagmark:")).reduce((n, [k, v]) => n + k.length + v.length, 0),
    };
  });
  await context.close();
  return {
    n,
    article_painted_ms: round(load.article),
    all_highlights_painted_ms: round(load.all),
    viewport_highlights_painted_ms: round(after.viewport),
    viewport_annotations: after.inView,
    ...(after.missing ? { viewport_not_drawn: after.missing } : {}),
    key_to_highlight_ms: latency(keys),
    accept_to_highlight_ms: accepts && accepts.length ? latency(accepts) : null,
    mouseup_to_toolbar_ms: (({ p50, p95, missed }) => ({ p50, p95, ...(missed ? { missed } : {}) }))(latency(toolbar)),
    export_ms: round(exportMs),
    memory_after_load_mb: { js_heap: mb(after.heap), wasm: mb(after.wasm), total: mb(after.heap + after.wasm), renderer_process: after.process },
    elements_after_load: after.elements,
    // At the end (after the trials, burst and export), after gc().
    js_heap_mb: mb(stats.heap),
    wasm_memory_mb: mb(stats.wasm),
    longest_task_ms: {
      load: longest(stats.tasks, 0, load.all + 1),
      trials: longest(stats.tasks, trialsStart, burstStart),
      burst_of_20_edits: longest(stats.tasks, burstStart, Infinity),
    },
    save_ms: { p50: round(quantile(stats.saves, 0.5)), max: round(Math.max(...stats.saves)), count: stats.saves.length },
    stored_utf16_units: stats.stored,
    ...(stats.suggestion_measures.length ? { suggestion_measures: stats.suggestion_measures.slice(0, 6) } : {}),
  };
}

// The list-scroll trial (see the header).
async function measureListScroll(path, text, seeded) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const seed = seedValue(text, seeded);
  await page.goto(URL_ + path);
  await page.waitForSelector("article h1", { timeout: 120_000 });
  await page.evaluate(({ key, value }) => {
    localStorage.clear();
    localStorage.setItem(key, value);
  }, seed);
  await page.addInitScript(instrument, { side: "tagmark", n: seeded.length, timeoutMs: TAGMARK_TIMEOUT });
  await page.reload();
  const load = await waitLoad(page, TAGMARK_TIMEOUT);
  if (load.timedOut) throw new Error(`Tagmark did not load within ${TAGMARK_TIMEOUT} ms`);
  // Nothing else running: the suggestion scan done (on a build that has it).
  if (await page.locator(".suggestion-bar").count()) {
    await page.waitForSelector('.suggestion-bar[data-ready="true"]', { timeout: TAGMARK_TIMEOUT });
  }
  const viewport = page.locator(".entries-viewport");
  await viewport.waitFor();
  await page.waitForFunction((n) => document.querySelector(".entries > li")?.getAttribute("aria-setsize") === String(n), seeded.length);
  await page.waitForTimeout(500);

  // Tag filter: click → the list painted at its new size, hiding Quote then showing it.
  const filter = [];
  for (let i = 0; i < 10; i++) {
    const size = String(i % 2 === 0 ? seeded.filter((a) => a.tag !== 0).length : seeded.length);
    await page.evaluate(([size, limit]) => {
      window.__pending = window.__trial("click", () => document.querySelector(".entries > li")?.getAttribute("aria-setsize") === size, limit);
    }, [size, TRIAL_LIMIT_MS]);
    await page.locator(".filters .filter.quote").click();
    filter.push(await trialResult(page, `list filter trial ${i}`));
  }

  const box = await viewport.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const frames = [];
    let last = null;
    let rows = 0;
    // The app's own work per scroll event: from a capture listener (first at the
    // target) to a listener added after the app's, which runs once the app's
    // handler and the redraw it queued (microtasks) are done.
    const handler = [];
    const el = document.querySelector(".entries-viewport");
    let t0 = 0;
    el.addEventListener("scroll", () => (t0 = performance.now()), { capture: true });
    el.addEventListener("scroll", () => handler.push(performance.now() - t0));
    window.__scroll = { frames, handler, rows: () => rows, start: performance.now(), running: true };
    const tick = (t) => {
      if (last !== null) frames.push(t - last);
      last = t;
      rows = Math.max(rows, document.querySelectorAll(".entries > li").length);
      if (window.__scroll.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const atBottom = () => viewport.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
  let steps = 0;
  const maxSteps = Math.ceil((seeded.length * 80) / WHEEL_DELTA) + 200;
  while (steps < maxSteps) {
    await page.mouse.wheel(0, WHEEL_DELTA);
    steps++;
    if (steps % 25 === 0 && (await atBottom())) break;
  }
  // The last row drawn at the bottom, then two more frames.
  await page.waitForFunction((n) => !!document.querySelector(`.entries > li[aria-posinset="${n}"]`), seeded.length, { timeout: 10_000 });
  const scroll = await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const s = window.__scroll;
            s.running = false;
            resolve({ frames: s.frames, handler: s.handler, rows: s.rows(), start: s.start, end: performance.now(), tasks: window.__tasks });
          }),
        ),
      ),
  );
  const reached = await atBottom();
  await context.close();
  const frames = scroll.frames;
  return {
    n: seeded.length,
    wheel_delta_px: WHEEL_DELTA,
    wheel_steps: steps,
    reached_bottom: reached,
    scroll_ms: round(scroll.end - scroll.start),
    frames: frames.length,
    frame_ms: { p50: round(quantile(frames, 0.5)), p95: round(quantile(frames, 0.95)), max: round(Math.max(...frames)) },
    frames_over_50ms: frames.filter((f) => f > 50).length,
    scroll_event_ms: { events: scroll.handler.length, p50: round(quantile(scroll.handler, 0.5)), p95: round(quantile(scroll.handler, 0.95)), max: round(Math.max(...scroll.handler)) },
    longest_task_ms: longest(scroll.tasks, scroll.start, Infinity),
    tasks_over_50ms: scroll.tasks.filter(([start, d]) => start >= scroll.start && d > 50).length,
    most_rows_in_page: scroll.rows,
    tag_filter_click_to_painted_ms: (({ p50, p95, missed }) => ({ p50, p95, ...(missed ? { missed } : {}) }))(latency(filter)),
  };
}

async function measurePeer(docKey, text, seeded, rows, n, renderer) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Stored the way the peer page's app keeps them: [id, tag, start, end, quote], UTF-16.
  const stored = JSON.stringify(seeded.map((a, i) => [a.id, TAGS[a.tag], rows[i][1], rows[i][2], a.quote]));
  await page.goto(URL_ + "peer/peer.css");
  await page.evaluate(({ key, value }) => {
    localStorage.clear();
    localStorage.setItem(key, value);
  }, { key: PEER_KEY, value: stored });
  await page.addInitScript(instrument, { side: renderer, n, timeoutMs: PEER_TIMEOUT });
  await page.goto(URL_ + `peer/?doc=${docKey}&renderer=${renderer}`);
  const load = await waitLoad(page, PEER_TIMEOUT);
  if (load.timedOut || errors.length) {
    await context.close();
    if (errors.length) throw new Error(`peer page: ${errors.join("; ")}`);
    return { n, renderer, article_painted_ms: round(load.article), all_highlights_ready_ms: { timed_out_after_ms: PEER_TIMEOUT } };
  }
  const after = await afterLoad(page, "#doc > :is(h1, p)", rows);
  await page.screenshot({ path: `/tmp/bench-peer-${docKey}-${n}-${renderer}.png` });
  // Same text, and every annotation anchored on its quote.
  const check = await page.evaluate((rows) => {
    const { anno, renderer } = window.__peer;
    const store = anno.state.store;
    let unplaced = 0;
    let misquoted = 0;
    for (const a of anno.getAnnotations()) {
      if (store.getAnnotationRects(a.id).length === 0) unplaced++;
      const s = a.target.selector[0];
      if (!s.range || s.range.toString() !== s.quote) misquoted++;
    }
    return { text: document.getElementById("doc").textContent, count: anno.getAnnotations().length, unplaced, misquoted, renderer };
  }, rows);
  if (check.text !== text) throw new Error(`peer page text differs from Tagmark's canonical text (${docKey})`);
  if (check.renderer !== renderer || check.count !== n) throw new Error(`peer: ${check.count} annotations with ${check.renderer}`);
  const trialsStart = await page.evaluate(() => performance.now());

  // Drag → release → new highlight painted.
  const release = [];
  const eligible = trialBlocks(text);
  for (let i = 0; i < PEER_TRIALS; i++) {
    const block = page.locator("#doc > :is(h1, p)").nth(eligible[i % eligible.length]);
    await drag(page, block, () =>
      page.evaluate((limit) => {
        const known = new Set(window.__peer.anno.getAnnotations().map((a) => a.id));
        window.__pending = window.__trial("pointerup", () => window.__drawn().some((id) => !known.has(id)), limit);
      }, TRIAL_LIMIT_MS),
    );
    release.push(await trialResult(page, `peer ${renderer} trial ${i}`));
  }
  if (n === 10000) await page.screenshot({ path: `/tmp/bench-peer-${docKey}-${n}-${renderer}-after-trials.png` });
  await page.waitForTimeout(1500); // let the idle save run
  const stats = await page.evaluate((key) => {
    window.gc();
    const value = localStorage.getItem(key) || "";
    return {
      heap: performance.memory.usedJSHeapSize,
      tasks: window.__tasks,
      saves: performance.getEntriesByName("peer:save").map((e) => e.duration),
      stored: key.length + value.length,
      count: window.__peer.anno.getAnnotations().length,
    };
  }, PEER_KEY);
  await context.close();
  return {
    n,
    renderer,
    article_painted_ms: round(load.article),
    all_highlights_ready_ms: after.missing ? null : round(Math.max(load.anchored, after.viewport ?? 0)),
    viewport_highlights_painted_ms: round(after.viewport),
    viewport_annotations: after.inView,
    ...(after.missing ? { viewport_not_drawn: after.missing } : {}),
    highlights_drawn_after_load: after.drawn,
    anchoring: { unplaced: check.unplaced, misquoted: check.misquoted },
    mouseup_to_highlight_ms: latency(release),
    memory_after_load_mb: { js_heap: mb(after.heap), total: mb(after.heap), renderer_process: after.process },
    elements_after_load: after.elements,
    js_heap_mb: mb(stats.heap),
    longest_task_ms: { load: longest(stats.tasks, 0, load.all + 1), trials: longest(stats.tasks, trialsStart, Infinity) },
    save_ms: stats.saves.length ? { p50: round(quantile(stats.saves, 0.5)), max: round(Math.max(...stats.saves)), count: stats.saves.length } : null,
    stored_utf16_units: stats.stored,
    annotations_at_end: stats.count,
  };
}

// Ratios: times are peer / Tagmark (> 1 = Tagmark faster); memory (after load) is
// Tagmark / peer (> 1 = Tagmark uses more). A timed-out peer gives { at_least } (its
// timeout / Tagmark's time). "best" = the peer renderer that did best on that metric.
const peerTime = (p, key) => {
  const v = p[key];
  if (v && typeof v === "object" && "timed_out_after_ms" in v) return { bound: v.timed_out_after_ms };
  return v == null ? null : { value: v };
};
function ratios(t, peers) {
  const metrics = {
    load_all_highlights: [t.all_highlights_painted_ms, (p) => peerTime(p, "all_highlights_ready_ms")],
    viewport_highlights: [t.viewport_highlights_painted_ms, (p) => peerTime(p, "viewport_highlights_painted_ms")],
    new_highlight_p95: [t.key_to_highlight_ms.p95, (p) => (p.mouseup_to_highlight_ms ? { value: p.mouseup_to_highlight_ms.p95 } : null)],
  };
  const out = {};
  const timeRatio = (tv, pv) => (pv == null || !tv ? null : pv.bound ? { at_least: round(pv.bound / tv) } : Math.round((pv.value / tv) * 100) / 100);
  for (const p of peers) {
    const r = {};
    for (const [name, [tv, get]] of Object.entries(metrics)) r[`${name}_peer_over_tagmark`] = timeRatio(tv, get(p));
    r.memory_tagmark_over_peer = p.memory_after_load_mb ? Math.round((t.memory_after_load_mb.total / p.memory_after_load_mb.total) * 100) / 100 : null;
    r.process_memory_tagmark_over_peer = p.memory_after_load_mb?.renderer_process
      ? Math.round((t.memory_after_load_mb.renderer_process / p.memory_after_load_mb.renderer_process) * 100) / 100
      : null;
    out[p.renderer] = r;
  }
  // The peer's best renderer per metric.
  const best = {};
  for (const [name, [tv, get]] of Object.entries(metrics)) {
    const candidates = peers.map((p) => [p.renderer, get(p)]).filter(([, v]) => v);
    candidates.sort(([, a], [, b]) => (a.value ?? a.bound) - (b.value ?? b.bound) || (a.bound ? 1 : 0) - (b.bound ? 1 : 0));
    best[`${name}_peer_over_tagmark`] = candidates.length ? { renderer: candidates[0][0], ratio: timeRatio(tv, candidates[0][1]) } : null;
  }
  const mem = peers.filter((p) => p.memory_after_load_mb).sort((a, b) => a.memory_after_load_mb.total - b.memory_after_load_mb.total)[0];
  best.memory_tagmark_over_peer = mem ? { renderer: mem.renderer, ratio: out[mem.renderer].memory_tagmark_over_peer } : null;
  const proc = peers.filter((p) => p.memory_after_load_mb?.renderer_process).sort((a, b) => a.memory_after_load_mb.renderer_process - b.memory_after_load_mb.renderer_process)[0];
  best.process_memory_tagmark_over_peer = proc ? { renderer: proc.renderer, ratio: out[proc.renderer].process_memory_tagmark_over_peer } : null;
  out.best = best;
  return out;
}

const show = (v) => (v == null ? "–" : typeof v === "object" ? ("at_least" in v ? `≥${v.at_least}` : "timed_out_after_ms" in v ? `>${v.timed_out_after_ms}` : JSON.stringify(v)) : String(v));
function printTable(documents) {
  const head = ["document", "N", "side", "article", "all ready", "viewport (|V|)", "new hl p50/p95 (frames p95, handler p95)", "accept suggestion p50/p95 (frames p95, handler p95)", "mem MiB (JS+wasm / process)", "longest load task"];
  const lines = [head, head.map(() => "---")];
  for (const d of documents) {
    for (const t of d.results) {
      lines.push([d.name.split(" ")[0], t.n, "Tagmark", t.article_painted_ms, t.all_highlights_painted_ms, `${show(t.viewport_highlights_painted_ms)} (${t.viewport_annotations})`,
        `${t.key_to_highlight_ms.p50} / ${t.key_to_highlight_ms.p95} (${t.key_to_highlight_ms.frames.p95}, ${t.key_to_highlight_ms.handler_ms.p95})`,
        t.accept_to_highlight_ms
          ? `${t.accept_to_highlight_ms.p50} / ${t.accept_to_highlight_ms.p95} (${t.accept_to_highlight_ms.frames.p95}, ${t.accept_to_highlight_ms.handler_ms.p95})${t.accept_to_highlight_ms.missed ? `, ${t.accept_to_highlight_ms.missed}/${t.accept_to_highlight_ms.trials} missed` : ""}`
          : "–",
        `${t.memory_after_load_mb.total} / ${show(t.memory_after_load_mb.renderer_process)}`, t.longest_task_ms.load]);
      for (const p of (d.peer || []).filter((p) => p.n === t.n)) {
        const l = p.mouseup_to_highlight_ms;
        lines.push(["", "", p.renderer, p.article_painted_ms, show(p.all_highlights_ready_ms), `${show(p.viewport_highlights_painted_ms)} (${show(p.viewport_annotations)})`,
          l ? `${l.p50} / ${l.p95} (${l.frames.p95}, ${l.handler_ms.p95})${l.missed ? `, ${l.missed}/${l.trials} missed` : ""}` : "–", "–", `${show(p.memory_after_load_mb?.total)} / ${show(p.memory_after_load_mb?.renderer_process)}`, show(p.longest_task_ms?.load)]);
      }
    }
  }
  console.log("\n" + lines.map((l) => `| ${l.join(" | ")} |`).join("\n"));
  const rh = ["document", "N", "vs", "load all: peer/Tagmark", "viewport: peer/Tagmark", "new highlight p95: peer/Tagmark", "memory JS+wasm: Tagmark/peer", "memory process: Tagmark/peer"];
  const rl = [rh, rh.map(() => "---")];
  for (const d of documents) {
    for (const r of d.ratios || []) {
      for (const [vs, x] of Object.entries(r.vs)) {
        const cell = (k) => (vs === "best" ? (x[k] ? `${show(x[k].ratio)} (${x[k].renderer})` : "–") : show(x[k]));
        rl.push([d.name.split(" ")[0], r.n, vs, cell("load_all_highlights_peer_over_tagmark"), cell("viewport_highlights_peer_over_tagmark"),
          cell("new_highlight_p95_peer_over_tagmark"), cell("memory_tagmark_over_peer"), cell("process_memory_tagmark_over_peer")]);
      }
    }
  }
  console.log("\nRatios (> 1 on the time columns = Tagmark faster; memory > 1 = Tagmark uses more):\n" + rl.map((l) => `| ${l.join(" | ")} |`).join("\n"));
}

function printListScroll(documents) {
  const head = ["document", "N", "wheel steps (px)", "frames", "frame p50 / p95 / max ms", "frames > 50 ms", "longest task", "scroll event: app's work p50 / p95 / max", "most rows in page", "tag filter p50 / p95"];
  const lines = [head, head.map(() => "---")];
  for (const d of documents.filter((d) => d.list_scroll)) {
    const l = d.list_scroll;
    lines.push([d.name.split(" ")[0], l.n, `${l.wheel_steps} (${l.wheel_delta_px})${l.reached_bottom ? "" : ", bottom not reached"}`, l.frames,
      `${l.frame_ms.p50} / ${l.frame_ms.p95} / ${l.frame_ms.max}`, l.frames_over_50ms, l.longest_task_ms,
      `${l.scroll_event_ms.p50} / ${l.scroll_event_ms.p95} / ${l.scroll_event_ms.max} (${l.scroll_event_ms.events} events)`, l.most_rows_in_page,
      `${l.tag_filter_click_to_painted_ms.p50} / ${l.tag_filter_click_to_painted_ms.p95}`]);
  }
  if (lines.length > 2) console.log("\nList scroll (the annotation list, top to bottom by wheel):\n" + lines.map((l) => `| ${l.join(" | ")} |`).join("\n"));
}

try {
  const documents = [];
  for (const { name, key, path } of DOCUMENTS) {
    const text = await canonicalText(path);
    const chars = [...text];
    const at = utf16Offsets(chars);
    if (PEER) writeFileSync(`${DIST}/peer/doc-${key}.txt`, text);
    const results = [];
    const peer = [];
    const ratioRows = [];
    let listScroll = null;
    if (!ONLY || ONLY === "list-scroll") {
      listScroll = await measureListScroll(path, text, seedAnnotations(chars, LIST_N));
      console.log(JSON.stringify({ document: name, trial: "list-scroll", ...listScroll }));
    }
    for (const n of ONLY ? [] : SIZES) {
      const seeded = seedAnnotations(chars, n);
      const rows = seeded.map((a) => [a.id, at[a.start], at[a.end]]).sort((a, b) => a[1] - b[1]);
      const byId = new Map(rows.map((r) => [r[0], r]));
      const rowsInSeedOrder = seeded.map((a) => byId.get(a.id));
      const t = await measureTagmark(path, text, seeded, rows, n);
      console.log(JSON.stringify({ document: name, side: "tagmark", ...t }));
      results.push(t);
      if (!PEER) continue;
      const peers = [];
      for (const renderer of RENDERERS) {
        const p = await measurePeer(key, text, seeded, rowsInSeedOrder, n, renderer);
        console.log(JSON.stringify({ document: name, side: `peer ${renderer}`, ...p }));
        peers.push(p);
      }
      peer.push(...peers);
      ratioRows.push({ n, vs: ratios(t, peers) });
    }
    documents.push({
      name,
      code_points: chars.length,
      utf16_units: at[chars.length],
      results,
      ...(PEER && !ONLY ? { peer, ratios: ratioRows } : {}),
      ...(listScroll ? { list_scroll: listScroll } : {}),
    });
  }
  printListScroll(documents);
  if (ONLY) {
    console.log(`\nBENCH_ONLY=${ONLY}: a partial run, bench/results.json left as it was.`);
  } else {
    printTable(documents);
  }
  if (!ONLY) writeFileSync(
    "bench/results.json",
    JSON.stringify({
      measured: new Date().toISOString(),
      machine: "2 cores, headless Chromium",
      ...(PEER ? { peer: { package: PEER_PACKAGE, version: PEER_VERSION, renderers: RENDERERS, page: "bench/peer/" } } : {}),
      documents,
    }, null, 2) + "\n",
  );
} finally {
  await browser.close();
  server.kill();
}

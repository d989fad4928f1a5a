// Tagmark library benchmark: a library of 1,000 generated documents, in headless
// Chromium with the release build.
//
//   trunk build --release && node bench/library.mjs   (writes bench/library.json and bench/library.md)
//
// Knobs: BENCH_TRIALS=5 (repeats of every figure)  BENCH_IMPORT_TRIALS (default BENCH_TRIALS)  BENCH_DOCS=1000  BENCH_OPENS=20
//        BENCH_SWITCHES=50  BENCH_PORT=4210  BENCH_DIST=dist  CHROMIUM=/usr/bin/chromium
//
// The documents: BENCH_DOCS plain-text files of about 5,000 code points each, made from
// the sentences of content/article.txt (shuffled, their digits replaced) under a title
// line with the document's number, so every one is distinct; the same every run (seeded
// generator). They are written to a temporary folder and picked from there (Chromium
// reads them as a person's picked files would be; a Playwright `buffer` payload would
// instead build the 1,000 File objects inside the page, in the same task as the
// change event, and that task would be counted as the app's).
//
// "Painted" is bench/run.mjs's rule (copied): once per rendered frame a check looks at the
// state that frame paints (in a ResizeObserver callback, after requestAnimationFrame
// callbacks and layout, before paint), and the time is performance.now() in a task
// posted from there, right after the first frame whose check passes.
//
// Figures (each repeated BENCH_TRIALS times; median and max over the trials):
// 1. import: a fresh browser context (empty IndexedDB) on #/library; every file picked at
//    once through the file chooser; t0 = the input's change event (capture listener);
//    until dialog.intake-report is open and painted. Long tasks (PerformanceObserver
//    "longtask", ≥ 50 ms) starting from t0 on: the longest, the count ≥ 50 ms and
//    ≥ 100 ms. The last trial's library is the one the later figures use.
// 2. library ready: reload on #/library with the documents stored, navigation start →
//    every row (BENCH_DOCS + 1, the shipped article being one) painted; and from an open
//    document, a click on its "Library" link → every row painted.
// 3. open a document: in the library, a click on a row's title → its article painted
//    (its `article [data-start]` blocks present, the first being that document's title,
//    and no aria-busy on article). BENCH_OPENS documents spread over the list; p50/p95.
// 4. switching: open one document (the "first open"), gc(), read the memory; then
//    BENCH_SWITCHES switches through the URL hash among 5 documents (each waited for until
//    painted), gc(), read it again; then as many switches more, and again. The wasm
//    memory is its buffer's byteLength (the instance from Trunk's TrunkApplicationStarted
//    event, as bench/run.mjs reads it): it grows by 64 KiB pages and never shrinks, so it
//    is the high-water mark of the Rust heap; a leak shows as growth that goes on with the
//    switches. Target: growth no more than the largest document held (its UTF-8 bytes,
//    rounded up to whole 64 KiB pages, since that is the only step the memory can take).
//    The JS heap (performance.memory.usedJSHeapSize after gc()) and the element count are
//    given too.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { loadavg, cpus, tmpdir } from "node:os";
import { join } from "node:path";

const PORT = Number(process.env.BENCH_PORT || 4210);
const URL_ = `http://127.0.0.1:${PORT}/`;
const TRIALS = Number(process.env.BENCH_TRIALS || 5);
// An import of 1,000 files takes minutes (see bench/library.md), so it can be repeated fewer times.
const IMPORT_TRIALS = Number(process.env.BENCH_IMPORT_TRIALS || TRIALS);
const N_DOCS = Number(process.env.BENCH_DOCS || 1000);
const N_OPENS = Number(process.env.BENCH_OPENS || 20);
const N_SWITCHES = Number(process.env.BENCH_SWITCHES || 50);
const DIST = process.env.BENCH_DIST || "dist";
const VIEWPORT = { width: 1280, height: 900 };
const LIMIT_MS = 30_000;
const IMPORT_LIMIT_MS = 3_600_000;
const TARGETS = { import_longest_task_ms: 100, library_ready_ms: 200, open_document_ms: 300 };

const rounded = (x) => (x == null ? x : Math.round(x * 10) / 10);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs) => ({ median: rounded(median(xs)), max: rounded(Math.max(...xs)), trials: xs.map(rounded) });
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

// Deterministic pseudo-random numbers (bench/run.mjs's generator).
function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

// The documents: [{ name, title, text }].
function generateDocuments(n) {
  const article = readFileSync("content/article.txt", "utf8");
  const han = (s) => [...s].filter((c) => /\p{Script=Han}/u.test(c)).length;
  const sentences = article
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length >= 20 && han(l) > l.length / 2)
    .flatMap((l) => l.match(/[^。！？]+[。！？]”?/g) || [])
    .filter((s) => [...s].length >= 8);
  const heads = ["青山着意化为桥", "桃李不言自成蹊", "天下为公行大道", "东方风来春色新", "山城春早", "大道之行", "合作共赢", "命运与共"];
  const random = rng(20260101);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const docs = [];
  for (let i = 1; i <= n; i++) {
    const number = String(i).padStart(4, "0");
    const title = `${pick(heads)}·第${number}号`; // no closing bracket: the reader would not take it for a title
    const parts = [title, "", `——本报记者第${i}次报道`, ""];
    let length = 0;
    while (length < 5000) {
      const k = 3 + Math.floor(random() * 4);
      let paragraph = "";
      for (let j = 0; j < k; j++) paragraph += pick(sentences).replace(/\d+/g, () => String(Math.floor(random() * 3000)));
      parts.push(paragraph, "");
      length += [...paragraph].length;
    }
    docs.push({ name: `library-${number}.txt`, title, text: parts.join("\n") });
  }
  return docs;
}

// In-page instrumentation, installed before any page script.
function instrument() {
  const tasks = [];
  window.__tasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));

  // bench/run.mjs's "painted" rule: `look` runs once per rendered frame on the state that
  // frame paints; `after(seen, now, frames)` runs in a task posted right after it and
  // returns true to stop.
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
        requestAnimationFrame(() => fired || (observer.disconnect(), run()));
      });
    frame();
  };

  // Conditions, by name (so Node can pick one).
  const rows = () => document.querySelectorAll("table.library-list tbody tr[data-doc]").length;
  const docReady = (title) => {
    const article = document.querySelector("article");
    if (!article || article.getAttribute("aria-busy") === "true") return false;
    const first = article.querySelector("[data-start]");
    return !!first && first.textContent.trim() === title;
  };
  window.__conditions = {
    // The first page of rows (all of them when fewer), and the count of every document.
    rows: (n) => rows() >= n && /^\d+ document/.test(document.querySelector(".library-count")?.textContent ?? ""),
    doc: (title) => docReady(title),
    report: () => !!document.querySelector("dialog.intake-report[open]"),
  };

  // From navigation start: the first painted frame where the condition holds.
  window.__fromStart = (name, arg, limitMs) =>
    new Promise((resolve) =>
      perFrame(() => window.__conditions[name](arg), (seen, now) => {
        if (seen) return resolve({ at: now }), true;
        if (now > limitMs) return resolve(null), true;
        return false;
      }),
    );

  // From the next `type` event (capture, on window; or now when type is null) to the
  // first painted frame where the condition holds.
  window.__after = (type, target, name, arg, limitMs) =>
    new Promise((resolve) => {
      const start = () => {
        const t0 = performance.now();
        perFrame(() => window.__conditions[name](arg), (seen, now, frames) => {
          if (seen) return resolve({ t0, at: now, ms: now - t0, frames }), true;
          if (now - t0 > limitMs) return resolve({ t0, timedOut: true }), true;
          return false;
        });
      };
      if (!type) return start();
      (target === "document" ? document : window).addEventListener(type, start, { once: true, capture: true });
    });
}

// bench/library.md from the figures (also `node bench/library.mjs --md`: again from bench/library.json).
function markdown(out) {
  const met = (v, target) => (v == null ? "–" : v <= target ? "yes" : "no");
  const kib = (b) => (b == null ? "–" : `${Math.round(b / 1024)} KiB`);
  const lines = [
    "# Library benchmark",
    "",
    `${out.documents.count} generated documents (about 5,000 code points each: ${out.documents.code_points.min}–${out.documents.code_points.max}; ` +
      `${kib(out.documents.utf8_bytes.total)} of UTF-8 in all), release build, headless Chromium, ${out.machine.cpus} cores ` +
      `(load average ${out.machine.loadavg_start.join(" / ")} at the start, ${out.machine.loadavg_end.join(" / ")} at the end). ` +
      `Median and max over ${out.trials} trials (the import: ${out.import_trials}); measured ${out.measured}.`,
    "",
    "Command: `trunk build --release && node bench/library.mjs` (BENCH_TRIALS, BENCH_IMPORT_TRIALS, BENCH_DOCS, BENCH_OPENS, BENCH_SWITCHES, BENCH_VERBOSE; see the script's header for what each figure is).",
    "",
    "| figure | median | max | target | met (max) |",
    "| --- | --- | --- | --- | --- |",
  ];
  const row = (name, s, unit, target, targetText) =>
    lines.push(`| ${name} | ${s ? s.median + unit : "–"} | ${s ? s.max + unit : "–"} | ${targetText ?? "–"} | ${target == null ? "–" : met(s?.max, target)} |`);
  if (out.import) {
    row(`import ${out.documents.count} files: change → report painted`, { median: rounded(out.import.ms.median / 1000), max: rounded(out.import.ms.max / 1000) }, " s");
    row("import: per document", out.import.per_document_ms, " ms");
    row("import: longest main-thread task", out.import.longest_task_ms, " ms", TARGETS.import_longest_task_ms, "≤ 100 ms");
    row("import: tasks ≥ 50 ms", out.import.tasks_over_50ms, "");
    row("import: tasks ≥ 100 ms", out.import.tasks_over_100ms, "", 0, "0");
  }
  if (out.library_reload) row(`library ready on reload (${out.library_reload.rows} rows painted, from navigation start)`, out.library_reload.ms, " ms", TARGETS.library_ready_ms, "< 200 ms");
  if (out.library_from_document) {
    row("library from a document (Library link click → rows painted), p50", out.library_from_document.p50_ms, " ms", TARGETS.library_ready_ms, "< 200 ms");
    row("library from a document, p95", out.library_from_document.p95_ms, " ms", TARGETS.library_ready_ms, "< 200 ms");
  }
  if (out.open_document) {
    row(`open a document (title click → blocks painted), p50 of ${out.open_document.documents_per_trial}`, out.open_document.p50_ms, " ms", TARGETS.open_document_ms, "< 300 ms");
    row(`open a document, p95 of ${out.open_document.documents_per_trial}`, out.open_document.p95_ms, " ms", TARGETS.open_document_ms, "< 300 ms");
    row("longest task while opening and going back", out.open_document.longest_task_ms, " ms");
  }
  if (out.switching) {
    const s = out.switching;
    const k = (x) => ({ median: Math.round(x.median / 1024), max: Math.round(x.max / 1024) });
    row("wasm memory after the first open", k(s.wasm_after_first_open_bytes), " KiB");
    row(`wasm memory growth over ${out.switching.switches_per_batch} switches`, k(s.wasm_growth_bytes), " KiB", s.allowance_bytes / 1024,
      `≤ largest document held (${kib(s.largest_document_utf8_bytes)}, i.e. ${s.allowance_bytes / 65536} page of 64 KiB)`);
    row(`wasm memory growth over ${out.switching.switches_per_batch} more`, k(s.wasm_growth_second_batch_bytes), " KiB", s.allowance_bytes / 1024, "same");
    row(`JS heap growth over ${out.switching.switches_per_batch} switches (after gc)`, k(s.js_heap_growth_bytes), " KiB");
    row(`JS heap growth over ${out.switching.switches_per_batch} more`, k(s.js_heap_growth_second_batch_bytes), " KiB");
    row("elements growth", s.elements_growth, "");
    row("one switch (hash → blocks painted), p50", s.switch_p50_ms, " ms");
    row("one switch, p95", s.switch_p95_ms, " ms");
  }
  for (const [i, r] of (out.import?.raw ?? []).entries()) {
    const pace = r.progress_every_10s ?? [];
    if (pace.length < 2) continue;
    const steps = pace.slice(1).map(([t, d], j) => [t, d - pace[j][1]]).filter(([, d]) => !Number.isNaN(d) && d >= 0);
    lines.push("", `Import ${i + 1}, files done every 10 s (seconds: count): ${pace.map(([t, d]) => `${t}: ${d ?? "–"}`).join(", ")}.` +
      (steps.length ? ` Files per 10 s: ${pace[0][1]} at first, ${steps.at(-1)[1]} at the end.` : ""));
  }
  if (out.problems.length) lines.push("", "Problems seen:", "", ...out.problems.map((p) => `- ${p.split("\n")[0]}`));
  return lines.join("\n") + "\n";
}

if (process.argv.includes("--md")) {
  writeFileSync("bench/library.md", markdown(JSON.parse(readFileSync("bench/library.json", "utf8"))));
  process.exit(0);
}

const docs = generateDocuments(N_DOCS);
const FOLDER = join(tmpdir(), "tagmark-bench-library");
rmSync(FOLDER, { recursive: true, force: true });
mkdirSync(FOLDER, { recursive: true });
const paths = docs.map((d) => {
  const p = join(FOLDER, d.name);
  writeFileSync(p, d.text);
  return p;
});
const byteSizes = paths.map((p) => statSync(p).size);
const codePoints = docs.map((d) => [...d.text].length);
const largestBytes = Math.max(...byteSizes);

const server = spawn("node", ["tests/e2e/serve.mjs", DIST, String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});

const problems = [];
const longestIn = (tasks, from, to) => {
  const inside = tasks.filter(([start]) => start >= from && start < to).map(([, d]) => d);
  return { longest: rounded(Math.max(0, ...inside)), over_50: inside.length, over_100: inside.filter((d) => d >= 100).length };
};

async function newPage(context) {
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("crash", () => problems.push("the page crashed"));
  await page.addInitScript(instrument);
  return page;
}

// 1. Import every file at once into an empty library.
async function importTrial(keep) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await newPage(context);
  await page.goto(URL_ + "#/library");
  await page.waitForSelector("button.open-files");
  await page.waitForFunction(() => document.querySelectorAll("table.library-list tbody tr[data-doc]").length >= 1);
  const before = await page.evaluate(() => document.querySelectorAll("table.library-list tbody tr[data-doc]").length);
  await page.evaluate((limit) => {
    const input = document.querySelector("input[type=file][multiple]");
    window.__pending = window.__after("change", "document", "report", null, limit);
    window.__sawProgress = false;
    new MutationObserver((_, o) => {
      if (document.querySelector(".intake-progress")) (window.__sawProgress = true), o.disconnect();
    }).observe(document.body, { childList: true, subtree: true });
    window.__input = input;
  }, IMPORT_LIMIT_MS);
  const loadBefore = load();
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.click("button.open-files")]);
  const wall0 = Date.now();
  await chooser.setFiles(paths);
  // The progress bar's count every 10 s (how the pace changes as the library grows).
  const progress = [];
  const sampler = setInterval(async () => {
    const done = await page.evaluate(() => document.querySelector(".intake-progress progress")?.value ?? null).catch(() => null);
    progress.push([Math.round((Date.now() - wall0) / 1000), done]);
    if (process.env.BENCH_VERBOSE) console.log(`  import: ${done} files done after ${Math.round((Date.now() - wall0) / 1000)} s`);
  }, 10_000);
  const r = await page.evaluate(() => window.__pending).finally(() => clearInterval(sampler));
  const wallMs = Date.now() - wall0;
  if (r.timedOut) throw new Error(`import: no report within ${IMPORT_LIMIT_MS} ms`);
  const outcome = await page.evaluate(() => {
    const count = (s) => document.querySelectorAll(`dialog.intake-report [data-outcome="${s}"]`).length;
    return { added: count("added"), already: count("already"), failed: count("failed"), revision: count("revision"), sawProgress: window.__sawProgress };
  });
  const tasks = await page.evaluate(() => window.__tasks);
  const t = longestIn(tasks, r.t0, r.at);
  await page.getByRole("button", { name: "Close" }).click();
  await page.waitForFunction(() => !document.querySelector("dialog.intake-report[open]"));
  // The list shows its first page of rows; its count names every document.
  await page.waitForFunction((n) => (document.querySelector(".library-count")?.textContent ?? "").startsWith(`${n} document`), before + N_DOCS, { timeout: 60_000 })
    .catch(() => problems.push(`import: after closing the report the library does not count ${before + N_DOCS} documents`));
  const rows = await page.evaluate(() => document.querySelectorAll("table.library-list tbody tr[data-doc]").length);
  const result = { ms: rounded(r.ms), per_document_ms: rounded(r.ms / N_DOCS), wall_ms: wallMs, longest_task_ms: t.longest, tasks_over_50ms: t.over_50, tasks_over_100ms: t.over_100,
    progress_every_10s: progress, outcomes: outcome, rows_before: before, rows_after: rows, loadavg_before: loadBefore, loadavg_after: load() };
  if (outcome.added !== N_DOCS) problems.push(`import: ${outcome.added} of ${N_DOCS} files added (${JSON.stringify(outcome)})`);
  if (!keep) await context.close();
  return { result, context, page, rowsExpected: rows };
}

// The library's rows: [{ id, title }] in list order.
const rowList = (page) =>
  page.evaluate(() => [...document.querySelectorAll("table.library-list tbody tr[data-doc]")].map((tr) => ({ id: tr.dataset.doc, title: tr.querySelector("a.doc-title")?.textContent ?? "" })));

async function waitFor(page, what) {
  const r = await page.evaluate(() => window.__pending);
  if (!r || r.timedOut) throw new Error(`${what}: not painted within ${LIMIT_MS} ms`);
  return r;
}

// 2a. Reload on #/library: navigation start → every row painted.
async function libraryReload(page, rows) {
  await page.goto(URL_ + "#/library");
  await page.reload();
  const r = await page.evaluate(([n, limit]) => window.__fromStart("rows", n, limit), [rows, LIMIT_MS]);
  if (!r) throw new Error(`library reload: ${rows} rows not painted within ${LIMIT_MS} ms`);
  const tasks = await page.evaluate(() => window.__tasks);
  return { ms: rounded(r.at), longest_task_ms: longestIn(tasks, 0, r.at + 1).longest };
}

// 3 and 2b. From the library, open each document by its title; then back by the Library link.
async function openTrials(page, rows, targets) {
  const opens = [];
  const backs = [];
  const taskFrom = await page.evaluate(() => performance.now());
  for (const { id, title } of targets) {
    await page.evaluate(([title, limit]) => { window.__pending = window.__after("click", "window", "doc", title, limit); }, [title, LIMIT_MS]);
    await page.locator(`table.library-list tr[data-doc="${id}"] a.doc-title`).click();
    opens.push((await waitFor(page, `open ${id}`)).ms);
    await page.waitForTimeout(100);
    await page.evaluate(([n, limit]) => { window.__pending = window.__after("click", "window", "rows", n, limit); }, [rows, LIMIT_MS]);
    await page.locator("a.to-library").click();
    backs.push((await waitFor(page, `back to the library from ${id}`)).ms);
    await page.waitForTimeout(100);
  }
  const tasks = await page.evaluate(() => window.__tasks);
  return { opens, backs, longest_task_ms: longestIn(tasks, taskFrom, Infinity).longest };
}

// 4. Switching through the hash among a few documents, memory after gc().
async function memory(page) {
  await page.waitForTimeout(200);
  return page.evaluate(() => {
    window.gc();
    window.gc();
    return {
      wasm_bytes: window.__wasm ? window.__wasm.memory.buffer.byteLength : null,
      js_heap_bytes: performance.memory.usedJSHeapSize,
      elements: document.getElementsByTagName("*").length,
    };
  });
}
async function switchTo(page, { id, title }) {
  await page.evaluate(([title, limit]) => { window.__pending = window.__after(null, null, "doc", title, limit); }, [title, LIMIT_MS]);
  // Out of the way of the title check: the hash change and the first frame's check are
  // in different tasks, so the previous document can't pass for this one.
  await page.evaluate((id) => (location.hash = `#/d/${id}`), id);
  return (await waitFor(page, `switch to ${id}`)).ms;
}
async function switchTrial(page, ring) {
  await switchTo(page, ring[0]);
  const first = await memory(page);
  const times = [];
  for (let i = 1; i <= N_SWITCHES; i++) times.push(await switchTo(page, ring[i % ring.length]));
  const after = await memory(page);
  for (let i = 1; i <= N_SWITCHES; i++) times.push(await switchTo(page, ring[i % ring.length]));
  const after2 = await memory(page);
  return { first, after, after2, switch_ms: { p50: rounded(quantile(times, 0.5)), p95: rounded(quantile(times, 0.95)) } };
}

const out = {
  measured: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg_start: load() },
  documents: {
    count: N_DOCS,
    code_points: { min: Math.min(...codePoints), max: Math.max(...codePoints), total: codePoints.reduce((a, b) => a + b, 0) },
    utf8_bytes: { min: Math.min(...byteSizes), max: largestBytes, total: byteSizes.reduce((a, b) => a + b, 0) },
    folder: FOLDER,
  },
  trials: TRIALS,
  import_trials: IMPORT_TRIALS,
  targets: TARGETS,
};

try {
  // 1.
  const imports = [];
  let kept;
  for (let t = 0; t < IMPORT_TRIALS; t++) {
    const last = t === IMPORT_TRIALS - 1;
    const r = await importTrial(last);
    imports.push(r.result);
    console.log(JSON.stringify({ import: t, ...r.result }));
    if (last) kept = r;
  }
  const { context, page } = kept;
  const rows = kept.rowsExpected;
  out.import = {
    ms: summary(imports.map((r) => r.ms)),
    per_document_ms: summary(imports.map((r) => r.per_document_ms)),
    longest_task_ms: summary(imports.map((r) => r.longest_task_ms)),
    tasks_over_50ms: summary(imports.map((r) => r.tasks_over_50ms)),
    tasks_over_100ms: summary(imports.map((r) => r.tasks_over_100ms)),
    raw: imports,
  };

  // 2a.
  const reloads = [];
  for (let t = 0; t < TRIALS; t++) {
    const r = await libraryReload(page, rows);
    reloads.push(r);
    console.log(JSON.stringify({ library_reload: t, rows, ...r }));
  }
  out.library_reload = { rows, ms: summary(reloads.map((r) => r.ms)), longest_task_ms: summary(reloads.map((r) => r.longest_task_ms)), loadavg_after: load() };

  // 3 and 2b.
  const list = await rowList(page);
  const others = list.filter((r) => r.title !== "东方风来春色新" && /·第\d{4}号$/.test(r.title));
  const step = Math.max(1, Math.floor(others.length / N_OPENS));
  const targets = Array.from({ length: Math.min(N_OPENS, others.length) }, (_, i) => others[i * step]);
  const openRuns = [];
  for (let t = 0; t < TRIALS; t++) {
    const r = await openTrials(page, rows, targets);
    const o = { p50: quantile(r.opens, 0.5), p95: quantile(r.opens, 0.95), back_p50: quantile(r.backs, 0.5), back_p95: quantile(r.backs, 0.95), longest_task_ms: r.longest_task_ms };
    openRuns.push({ ...o, opens: r.opens.map(rounded), backs: r.backs.map(rounded) });
    console.log(JSON.stringify({ open: t, ...Object.fromEntries(Object.entries(o).map(([k, v]) => [k, rounded(v)])) }));
  }
  out.open_document = {
    documents_per_trial: targets.length,
    p50_ms: summary(openRuns.map((r) => r.p50)),
    p95_ms: summary(openRuns.map((r) => r.p95)),
    longest_task_ms: summary(openRuns.map((r) => r.longest_task_ms)),
    raw: openRuns.map(({ opens, longest_task_ms }) => ({ opens, longest_task_ms })),
    loadavg_after: load(),
  };
  out.library_from_document = {
    p50_ms: summary(openRuns.map((r) => r.back_p50)),
    p95_ms: summary(openRuns.map((r) => r.back_p95)),
    raw: openRuns.map(({ backs }) => backs),
  };

  // 4. Each trial on a fresh page of the same context (same library), starting in the library.
  await page.close();
  const ring = targets.slice(0, 5);
  const ringBytes = Math.max(...ring.map(({ title }) => byteSizes[docs.findIndex((d) => d.title === title)]));
  const allowance = Math.ceil(largestBytes / 65536) * 65536;
  const switches = [];
  for (let t = 0; t < TRIALS; t++) {
    const p = await newPage(context);
    await p.goto(URL_ + "#/library");
    await p.waitForFunction((n) => document.querySelectorAll("table.library-list tbody tr[data-doc]").length >= n, rows);
    const r = await switchTrial(p, ring);
    await p.close();
    const growth = r.after.wasm_bytes - r.first.wasm_bytes;
    const growth2 = r.after2.wasm_bytes - r.after.wasm_bytes;
    const s = { ...r, wasm_growth_bytes: growth, wasm_growth_second_batch_bytes: growth2, js_heap_growth_bytes: r.after.js_heap_bytes - r.first.js_heap_bytes,
      js_heap_growth_second_batch_bytes: r.after2.js_heap_bytes - r.after.js_heap_bytes, elements_growth: r.after.elements - r.first.elements };
    switches.push(s);
    console.log(JSON.stringify({ switching: t, ...s }));
  }
  out.switching = {
    switches_per_batch: N_SWITCHES,
    documents: ring.map((r) => r.id),
    largest_document_held_utf8_bytes: ringBytes,
    largest_document_utf8_bytes: largestBytes,
    allowance_bytes: allowance,
    wasm_after_first_open_bytes: summary(switches.map((s) => s.first.wasm_bytes)),
    wasm_growth_bytes: summary(switches.map((s) => s.wasm_growth_bytes)),
    wasm_growth_second_batch_bytes: summary(switches.map((s) => s.wasm_growth_second_batch_bytes)),
    js_heap_after_first_open_bytes: summary(switches.map((s) => s.first.js_heap_bytes)),
    js_heap_growth_bytes: summary(switches.map((s) => s.js_heap_growth_bytes)),
    js_heap_growth_second_batch_bytes: summary(switches.map((s) => s.js_heap_growth_second_batch_bytes)),
    elements_growth: summary(switches.map((s) => s.elements_growth)),
    switch_p50_ms: summary(switches.map((s) => s.switch_ms.p50)),
    switch_p95_ms: summary(switches.map((s) => s.switch_ms.p95)),
    raw: switches,
    loadavg_after: load(),
  };
  await context.close();
} catch (e) {
  problems.push(`stopped: ${e.stack || e}`);
  console.error(e);
} finally {
  await browser.close();
  server.kill();
}

out.machine.loadavg_end = load();
out.problems = problems;
writeFileSync("bench/library.json", JSON.stringify(out, null, 2) + "\n");

writeFileSync("bench/library.md", markdown(out));
console.log(markdown(out));

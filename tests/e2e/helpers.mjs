// Shared helpers: find a phrase on screen and drag the real mouse over it.
import { expect } from "@playwright/test";

/** Opens the app with empty storage and waits for the article. */
export async function openFresh(page) {
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator("article h1")).toHaveText("东方风来春色新");
}

/**
 * Viewport boxes of the first and last character of `phrase` (the
 * `occurrence`-th match in the article's text, counting from 0), after
 * scrolling it to the middle of the screen (unless `scroll` is false).
 *
 * Measured only once layout is still: runs of blocks are laid out lazily
 * (`content-visibility: auto`, with estimated sizes until then), so right
 * after a scroll the text may not yet be where it will be drawn. The boxes
 * are read every animation frame until two consecutive frames agree.
 */
export async function phraseEnds(page, phrase, occurrence = 0, scroll = true, timeout = 5_000) {
  // After a navigation or reload the app may not have rendered yet; a long
  // text is busy until its last run of blocks is in.
  await page.locator("article:not([aria-busy]) [data-start]").first().waitFor();
  return page.evaluate(
    async ({ phrase, occurrence, scroll, timeout }) => {
      // Everything is found afresh each frame: the page may re-render text.
      const measure = () => {
        const article = document.querySelector("article");
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let text = "";
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n, at: text.length });
          text += n.data;
        }
        let index = -1;
        for (let i = 0; i <= occurrence; i++) {
          index = text.indexOf(phrase, index + 1);
          if (index < 0) throw new Error(`phrase not on the page: ${phrase}`);
        }
        // UTF-16 position -> (text node, offset)
        const locate = (pos) => {
          const hit = nodes.findLast((n) => n.at <= pos);
          return [hit.node, pos - hit.at];
        };
        const charBox = (pos, width) => {
          const range = document.createRange();
          range.setStart(...locate(pos));
          range.setEnd(...locate(pos + width));
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const r = rects[0];
          if (!r) return null;
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        const first = [...phrase][0];
        const last = [...phrase].at(-1);
        return {
          node: locate(index)[0],
          first: charBox(index, first.length),
          last: charBox(index + phrase.length - last.length, last.length),
        };
      };
      // The phrase itself is centred, not its element: a section of a long
      // line is taller than the screen.
      if (scroll) {
        const at = measure();
        at.node.parentElement.scrollIntoView({ block: "center" });
        const box = measure().first;
        if (box) window.scrollBy(0, (box.top + box.bottom) / 2 - innerHeight / 2);
      }
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const same = (a, b) => JSON.stringify([a.first, a.last]) === JSON.stringify([b.first, b.last]);
      const until = performance.now() + timeout;
      await frame();
      let previous = measure();
      for (;;) {
        await frame();
        const now = measure();
        if (now.first && now.last && same(previous, now)) return { first: now.first, last: now.last };
        if (performance.now() > until) {
          throw new Error(`the layout under "${phrase}" did not settle within ${timeout} ms: ${JSON.stringify([previous.first, now.first])}`);
        }
        previous = now;
      }
    },
    { phrase, occurrence, scroll, timeout },
  );
}

/** Presses the mouse on the first character of `phrase` and drags to its last. */
export async function dragOver(page, phrase, occurrence = 0) {
  const { first, last } = await phraseEnds(page, phrase, occurrence);
  const y0 = (first.top + first.bottom) / 2;
  const y1 = (last.top + last.bottom) / 2;
  await page.mouse.move(first.left + 1, y0);
  await page.mouse.down();
  await page.mouse.move((first.left + last.right) / 2, (y0 + y1) / 2, { steps: 5 });
  await page.mouse.move(last.right - 1, y1, { steps: 5 });
  await page.mouse.up();
}

/** Drags from the first character of `from` to the last character of `to` (both on one screen). */
export async function dragBetween(page, from, to) {
  const a = await phraseEnds(page, from);
  const b = await phraseEnds(page, to, 0, false);
  await page.mouse.move(a.first.left + 1, (a.first.top + a.first.bottom) / 2);
  await page.mouse.down();
  await page.mouse.move(b.last.right - 1, (b.last.top + b.last.bottom) / 2, { steps: 10 });
  await page.mouse.up();
}

/** The floating toolbar that tags the selection. */
export const toolbar = (page) => page.getByRole("toolbar", { name: "Tag the selection" });

/** What each tag key and each toolbar button makes. */
const TAG_OF = { 1: "quote", 2: "statistic", 3: "event", Quote: "quote", Statistic: "statistic", Event: "event" };

/** Each painted annotation's id, with the tags painted on its pieces. */
async function painted(page) {
  const byId = new Map();
  for (const m of await marks(page)) {
    for (const id of m.ids.split(" ")) byId.set(id, [...(byId.get(id) ?? []), m.tags]);
  }
  return byId;
}

/**
 * With the toolbar up for a selection just made, tags it by `how` (a key,
 * "1" "2" "3", or a toolbar button's name, "Quote" "Statistic" "Event")
 * and waits until the toolbar is gone and one new highlight with that tag
 * is painted (another tab's may arrive meanwhile, with its own tag).
 * Returns the new annotation's id.
 */
async function tagSelection(page, how, before) {
  const wanted = TAG_OF[how];
  if (!wanted) throw new Error(`not a tag key or button: ${how}`);
  await expect(toolbar(page)).toBeVisible();
  if (/^[123]$/.test(how)) await page.keyboard.press(how);
  else await toolbar(page).getByRole("button", { name: how, exact: true }).click();
  await expect(toolbar(page)).toBeHidden();
  let added = [];
  await expect
    .poll(
      async () => {
        added = [...(await painted(page))]
          .filter(([id, tags]) => !before.has(id) && tags.every((t) => t.split(" ").includes(wanted)))
          .map(([id]) => id);
        return added.length;
      },
      { message: `one new ${wanted} highlight after ${how}` },
    )
    .toBe(1);
  return added[0];
}

/**
 * The reader's way to tag: drags the mouse over `phrase` (its
 * `occurrence`-th match), presses `how` ("1" quote, "2" statistic, "3"
 * event) or clicks that toolbar button ("Quote", …), and waits for the
 * highlight. Returns the new annotation's id.
 */
export async function tag(page, phrase, how, occurrence = 0) {
  const before = await painted(page);
  await dragOver(page, phrase, occurrence);
  return tagSelection(page, how, before);
}

/** As `tag`, for a selection dragged from the start of `from` to the end of `to`. */
export async function tagBetween(page, from, to, how) {
  const before = await painted(page);
  await dragBetween(page, from, to);
  return tagSelection(page, how, before);
}

/** What the page shows: every highlight piece with its text, tags and ids. */
export async function marks(page) {
  return page.locator("article mark").evaluateAll((ms) =>
    ms.map((m) => ({ text: m.textContent, tags: m.dataset.tags, ids: m.dataset.ids })),
  );
}

/** The canonical text, rebuilt from the rendered blocks (joined by "\n"). */
export async function canonicalText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n"),
  );
}

/** The text of all marks carrying annotation `id`, in order. */
export async function textOf(page, id) {
  return page
    .locator("article mark")
    .evaluateAll((ms, id) => ms.filter((m) => m.dataset.ids.split(" ").includes(id)).map((m) => m.textContent).join(""), id);
}

/** Clicks the middle of the first character of `phrase` (its `occurrence`-th match). */
export async function clickPhrase(page, phrase, occurrence = 0) {
  const { first } = await phraseEnds(page, phrase, occurrence);
  await page.mouse.click((first.left + first.right) / 2, (first.top + first.bottom) / 2);
}

/** Everything Tagmark keeps in localStorage: each `tagmark:` key and its raw value, sorted by key. */
export async function storageSnapshot(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("tagmark:"))
      .sort()
      .map((k) => [k, localStorage.getItem(k)]),
  );
}

/** Clicks Export JSON and returns the downloaded file, parsed. */
export async function exportJson(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  const { readFile } = await import("node:fs/promises");
  return JSON.parse(await readFile(await download.path(), "utf8"));
}

/** Picks a file through Import JSON; `contents` is a string, an object (as JSON) or a Buffer. */
export async function importFile(page, name, contents) {
  const buffer = Buffer.isBuffer(contents)
    ? contents
    : Buffer.from(typeof contents === "string" ? contents : JSON.stringify(contents, null, 2));
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Import JSON" }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: "application/json", buffer });
}

/** The id of the single annotation whose marks spell exactly `phrase`. */
export async function idOf(page, phrase) {
  const ids = [...new Set((await marks(page)).flatMap((m) => m.ids.split(" ")))];
  const hits = [];
  for (const id of ids) if ((await textOf(page, id)) === phrase) hits.push(id);
  expect(hits, `one annotation spelling ${phrase}`).toHaveLength(1);
  return hits[0];
}

// ---------------------------------------------------------------------------
// Lifecycle and property tests (lifecycle.spec.mjs, property.spec.mjs).

/**
 * Collects the page's uncaught errors from now on. `check(when)` asserts
 * that there were none and that no crash banner is shown; `when` names the
 * moment in the failure message.
 */
export function watchPage(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  return {
    errors,
    async check(when = "") {
      expect(errors, `no page error ${when}`).toEqual([]);
      await expect(page.locator(".crash"), `no crash banner ${when}`).toHaveCount(0);
    },
  };
}

/** localStorage's quota for the origin in UTF-16 units (key + value), as Chromium counts it. */
export const QUOTA_UNITS = 5 * 1024 * 1024;

/**
 * Fills localStorage from key `filler` until a write of one more unit would
 * throw, less `free` units: finds the longest value that fits by bisection
 * (the browser's own refusal is the measure), then writes `free` fewer.
 * Returns the units the filler takes.
 */
export async function fillStorage(page, free = 0) {
  return page.evaluate((free) => {
    localStorage.removeItem("filler");
    let lo = 0;
    let hi = 6 * 1024 * 1024;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        localStorage.setItem("filler", "x".repeat(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    const length = Math.max(0, lo - free);
    localStorage.setItem("filler", "x".repeat(length));
    return length;
  }, free);
}

/** Removes the filler of `fillStorage`. */
export async function freeStorage(page) {
  await page.evaluate(() => localStorage.removeItem("filler"));
}

const STORED_TAG = { q: "quote", s: "statistic", e: "event" };

/**
 * What localStorage holds for document `docId`: the readable slot
 * (`tagmark:v2:<id>:a|b`) with the highest generation, as
 * `{ generation, annotations: [{ id, tag, start, end, note }] }`, or null.
 */
export async function storedWork(page, docId) {
  const value = await page.evaluate((id) => {
    let best = null;
    for (const slot of ["a", "b"]) {
      const raw = localStorage.getItem(`tagmark:v2:${id}:${slot}`);
      if (!raw) continue;
      try {
        const v = JSON.parse(raw);
        if (!best || v.generation > best.generation) best = v;
      } catch {}
    }
    return best;
  }, docId);
  if (!value) return null;
  return {
    generation: value.generation,
    annotations: value.annotations.map(([id, t, start, end, , , , note]) => ({ id, tag: STORED_TAG[t] ?? t, start, end, note: note ?? "" })),
  };
}

/** The stored counts of document `docId` per tag, as the library shows them: [quote, statistic, event]. */
export async function storedCounts(page, docId) {
  const work = await storedWork(page, docId);
  const list = work?.annotations ?? [];
  return ["quote", "statistic", "event"].map((t) => String(list.filter((a) => a.tag === t).length));
}

/** Every localStorage key that names document `docId`. */
export async function keysOf(page, docId) {
  return page.evaluate((id) => Object.keys(localStorage).filter((k) => k.includes(id)).sort(), docId);
}

/** Waits `n` animation frames in the page. */
export async function frames(page, n) {
  await page.evaluate(
    (n) =>
      new Promise((resolve) => {
        let left = n;
        const step = () => (left-- <= 0 ? resolve() : requestAnimationFrame(step));
        step();
      }),
    n,
  );
}

/** Waits until the page's clock has moved on by `ms` (for timers of the app: a condition, not a sleep of the test's own). */
export async function pageClockPasses(page, ms) {
  const from = await page.evaluate(() => performance.now());
  await expect.poll(() => page.evaluate(() => performance.now()), { timeout: ms + 30_000, intervals: [250] }).toBeGreaterThan(from + ms);
}

/** A seeded PRNG (mulberry32): returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a seeded test: `E2E_SEED` when set, else `fallback`. */
export function seedFrom(fallback) {
  const given = process.env.E2E_SEED;
  if (given === undefined || given === "") return fallback;
  const n = Number(given);
  if (!Number.isInteger(n)) throw new Error(`E2E_SEED is not an integer: ${given}`);
  return n >>> 0;
}

/**
 * The open document's banner saying its saves fail ("Your latest highlights
 * could not be saved: …"); not the notice that unsaved work is back.
 */
export const unsavedBanner = (page) => page.locator(".banner[role=alert]", { hasText: "Your latest highlights could not be saved" });

/**
 * As `phraseEnds`, but once scrolled to, the boxes must stay put across
 * measurements several frames apart: after a jump into a long text, runs of
 * blocks above the phrase may still be laid out (and change size) a few
 * frames after two frames agreed.
 */
export async function settledEnds(page, phrase, occurrence = 0) {
  let previous = await phraseEnds(page, phrase, occurrence);
  for (let i = 0; i < 40; i++) {
    await frames(page, 6);
    const now = await phraseEnds(page, phrase, occurrence, false);
    if (JSON.stringify(previous) === JSON.stringify(now)) return now;
    previous = now;
  }
  throw new Error(`the layout under "${phrase}" did not settle`);
}

/** As `tag`, measuring the phrase with `settledEnds`. Returns the new annotation's id. */
export async function tagSettled(page, phrase, how, occurrence = 0) {
  const before = await painted(page);
  const { first, last } = await settledEnds(page, phrase, occurrence);
  const y0 = (first.top + first.bottom) / 2;
  const y1 = (last.top + last.bottom) / 2;
  await page.mouse.move(first.left + 1, y0);
  await page.mouse.down();
  await page.mouse.move((first.left + last.right) / 2, (y0 + y1) / 2, { steps: 5 });
  await page.mouse.move(last.right - 1, y1, { steps: 5 });
  await page.mouse.up();
  return tagSelection(page, how, before);
}

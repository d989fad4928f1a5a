// A list of 10,000 annotations, imported the way a reader would: only the
// rows in view are in the page, yet keys reach every entry, screen readers
// learn the list's size and each row's place, and filters and jump-to work.
import { test, expect } from "@playwright/test";
import { openFresh, canonicalText, importFile } from "./helpers.mjs";

const N = 10_000;
const TAGS = ["quote", "statistic", "event"];
// Every 1,250th annotation has a note with this word in it: 8 in all.
const NOTE_WORD = "远方来信";

test.setTimeout(180_000);

const fnv64 = (s) => {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `doc-${h.toString(16).padStart(16, "0")}`;
};

/** A Tagmark export of N annotations on `text`, distinct ranges, deterministic. */
function bigExport(text, title) {
  const chars = [...text];
  const seen = new Set();
  const annotations = [];
  // mulberry32: 32-bit integer steps, so the sequence never collapses.
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  while (annotations.length < N) {
    const len = 2 + Math.floor(random() * 6);
    const start = Math.floor(random() * (chars.length - len));
    const end = start + len;
    const quote = chars.slice(start, end).join("");
    // Whitespace at an edge would be trimmed away, and the range with it.
    if (seen.has(`${start}:${end}`) || /^\s|\s$/.test(quote)) continue;
    seen.add(`${start}:${end}`);
    const i = annotations.length;
    annotations.push({
      id: `long-${i}`,
      tag: TAGS[i % 3],
      quote,
      start,
      end,
      prefix: chars.slice(Math.max(0, start - 32), start).join(""),
      suffix: chars.slice(end, end + 32).join(""),
      created: "2026-01-01T00:00:00Z",
      modified: "2026-01-01T00:00:00Z",
      note: i % 1250 === 0 ? `${NOTE_WORD} ${i}` : "",
    });
  }
  // The list's order: by start, the longer first.
  annotations.sort((a, b) => a.start - b.start || b.end - a.end);
  return {
    format: "tagmark-annotations",
    version: 1,
    offset_unit: "codepoint",
    exported: "2026-01-01T00:00:00Z",
    document: { id: fnv64(text), title, length: chars.length },
    annotations,
  };
}

const panel = (page) => page.getByRole("complementary", { name: "Annotations" });
const rows = (page) => panel(page).locator(".entries > li");
const row = (page, posinset) => panel(page).locator(`.entries > li[aria-posinset="${posinset}"]`);
const focusedRow = (page) => panel(page).locator(".entries > li:has(.entry:focus)");

/** The place of the first row in the page. */
const firstDrawnRow = (page) => rows(page).evaluateAll((lis) => Math.min(...lis.map((li) => Number(li.getAttribute("aria-posinset")))));

/** Position and size the focused row tells a screen reader. */
async function focusedPlace(page) {
  const li = focusedRow(page);
  return [Number(await li.getAttribute("aria-posinset")), Number(await li.getAttribute("aria-setsize"))];
}

async function expectFocusedAt(page, posinset, setsize) {
  await expect(focusedRow(page)).toHaveAttribute("aria-posinset", String(posinset));
  await expect(focusedRow(page)).toHaveAttribute("aria-setsize", String(setsize));
  await expect(focusedRow(page)).toBeInViewport();
}

test("10,000 entries: keys reach the last, the page holds few rows, filters resize, Enter jumps far down", async ({ page }) => {
  await openFresh(page);
  const text = await canonicalText(page);
  const file = bigExport(text, await page.locator("article h1").textContent());
  await importFile(page, "ten-thousand.json", file);
  const dialog = page.getByRole("dialog", { name: "Import annotations" });
  await expect(dialog.locator("li[data-count=new]")).toHaveText(`add ${N} new`, { timeout: 30_000 });
  await dialog.getByRole("button", { name: "Import" }).click();
  const toggle = (name) => panel(page).getByRole("group", { name: "Show tags" }).getByRole("button", { name: new RegExp(`^${name}`) });
  await expect(toggle("Quote").locator(".count")).toHaveText(String(Math.ceil(N / 3)), { timeout: 60_000 });

  // Far fewer rows than entries are in the page, and each tells its place.
  await expect(row(page, 1)).toHaveAttribute("aria-setsize", String(N));
  const drawn = await rows(page).count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);
  await expect(row(page, N)).toHaveCount(0);

  // Tab from the filter field lands on the first row; End goes to the last of 10,000.
  await panel(page).getByRole("searchbox", { name: "Filter annotations" }).click();
  await page.keyboard.press("Tab");
  await expectFocusedAt(page, 1, N);
  await page.keyboard.press("End");
  await expectFocusedAt(page, N, N);
  const last = file.annotations[N - 1];
  await expect(focusedRow(page).locator(".entry")).toHaveAttribute("data-id", last.id);
  expect(await rows(page).count()).toBeLessThan(100);

  // ↑ across the top edge of the window drawn at the end, one row at a time.
  const window0 = await firstDrawnRow(page);
  const steps = N - window0 + 3;
  for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowUp");
  await expectFocusedAt(page, N - steps, N);
  expect(N - steps).toBeLessThan(window0);
  // ↓ back over it.
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
  await expectFocusedAt(page, N - steps + 5, N);

  // Home, then PageDown: a screenful at a time, and PageUp back.
  await page.keyboard.press("Home");
  await expectFocusedAt(page, 1, N);
  await page.keyboard.press("PageDown");
  const [paged] = await focusedPlace(page);
  expect(paged).toBeGreaterThan(3);
  await page.keyboard.press("PageDown");
  await expectFocusedAt(page, 2 * paged - 1, N);
  await page.keyboard.press("PageUp");
  await expectFocusedAt(page, paged, N);

  // The wheel scrolls the active row far out of view: it stays in the page,
  // keeps the focus and the Tab stop, and ↓ goes on from it.
  await page.keyboard.press("End");
  await expectFocusedAt(page, N, N);
  const box = await panel(page).locator(".entries-viewport").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -5000);
  await expect.poll(() => firstDrawnRow(page)).toBeLessThan(N - 500);
  await expect(row(page, N)).not.toBeInViewport();
  expect(await rows(page).count()).toBeLessThan(100);
  await expect(row(page, N).locator(".entry")).toBeFocused();
  await expect(row(page, N).locator(".entry")).toHaveAttribute("tabindex", "0");
  await page.keyboard.press("ArrowUp");
  await expectFocusedAt(page, N - 1, N);

  // Filters: hiding a tag, then a text filter, resize the list.
  const notQuote = file.annotations.filter((a) => a.tag !== "quote");
  await toggle("Quote").click();
  await expect(rows(page).first()).toHaveAttribute("aria-setsize", String(notQuote.length));
  await rows(page).first().locator(".entry").click();
  await page.keyboard.press("End");
  await expectFocusedAt(page, notQuote.length, notQuote.length);
  await expect(focusedRow(page).locator(".entry")).toHaveAttribute("data-id", notQuote.at(-1).id);
  await toggle("Quote").click();
  await expect(rows(page).first()).toHaveAttribute("aria-setsize", String(N));

  const noted = file.annotations.filter((a) => a.note.includes(NOTE_WORD));
  expect(noted.length).toBe(8);
  await panel(page).getByRole("searchbox", { name: "Filter annotations" }).fill(NOTE_WORD);
  await expect(rows(page)).toHaveCount(noted.length);
  await expect(row(page, 1)).toHaveAttribute("aria-setsize", String(noted.length));
  await expect(panel(page).locator(".entries .entry-note")).toHaveText(noted.map((a) => a.note));
  await panel(page).getByRole("searchbox", { name: "Filter annotations" }).fill("");
  await expect(rows(page).first()).toHaveAttribute("aria-setsize", String(N));

  // Jump far down: from the top of the article, Enter on the last entry
  // scrolls to its highlight, flashes it and opens its editor on it.
  await rows(page).first().locator(".entry").click();
  await page.keyboard.press("End");
  await expectFocusedAt(page, N, N);
  await page.evaluate(() => window.scrollTo(0, 0));
  const mark = page.locator(`article mark[data-ids~="${last.id}"]`).first();
  await expect(mark).not.toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(mark).toBeInViewport();
  await expect(mark).toHaveClass(/flash/);
  const popover = page.getByRole("dialog", { name: "Edit highlight" });
  await expect(popover).toBeVisible();
  await expect(popover.locator(".popover-quote")).toHaveText(last.quote);
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await expect(row(page, N).locator(".entry")).toBeFocused();
});

// Suggestions, as a reader uses them: by keyboard alone (n / Shift+N, a,
// x, 1–3, Accept all and one undo), by mouse, a rejection that survives a
// reload, a phrase tagged in one document suggested in another, pattern
// files picked in the real file chooser (a good one and a bad one), the
// exports that carry the source. The Guidelines panel and axe with
// suggestions shown are in a11y.spec.mjs (axe needs the CSP bypassed).
import { test, expect } from "@playwright/test";
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFresh, tag } from "./helpers.mjs";
import { toLibrary, pasteText } from "./library-helpers.mjs";

/** Waits until every block has been scanned for suggestions. */
async function suggestionsReady(page) {
  await expect(page.locator(".suggestion-bar")).toHaveAttribute("data-ready", "true");
}

/** The counts beside the legend: { quote, statistic, event }. */
async function counts(page) {
  const read = async (t) => Number((await page.locator(`.suggestion-count.${t} .count`).textContent()).trim());
  return { quote: await read("quote"), statistic: await read("statistic"), event: await read("event") };
}

/** The suggestion that has the focus: its token, tag and text. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || !el.dataset.sgOpen) return null;
    const token = el.dataset.sgOpen.split(" ")[0];
    const [start, end, tag] = token.split("-");
    return { token, start: Number(start), end: Number(end), tag };
  });
}

/** Every annotation of the Tagmark JSON export. */
async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  return JSON.parse(await readFile(await download.path(), "utf8")).annotations;
}

/** The painted text of the suggestion `token`. */
async function suggestionText(page, token) {
  return page
    .locator("article [data-sg]")
    .evaluateAll((els, token) => els.filter((e) => e.dataset.sg.split(" ").includes(token)).map((e) => e.textContent).join(""), token);
}

const tokens = (page) => page.locator("article [data-sg-open]").evaluateAll((els) => els.flatMap((e) => e.dataset.sgOpen.split(" ")));

test("by keyboard alone: n moves and focuses, a accepts, x rejects, 3 accepts as another tag, Accept all and one undo", async ({ page }) => {
  await openFresh(page);
  await suggestionsReady(page);
  const before = await counts(page);
  expect(before.quote + before.statistic + before.event, "the seed article gets suggestions").toBeGreaterThan(5);

  // n: the first suggestion gets the focus, scrolled into view, with its choices.
  await page.keyboard.press("n");
  await expect.poll(() => focused(page)).not.toBeNull();
  const first = await focused(page);
  await expect(page.getByRole("dialog", { name: "Suggestion", exact: true })).toBeVisible();
  await expect(page.locator(`[data-sg-open~="${first.token}"]`)).toBeInViewport();
  // Shift+N goes back round to the last one, n comes back to the first.
  await page.keyboard.press("Shift+N");
  await expect.poll(async () => (await focused(page))?.token).not.toBe(first.token);
  await page.keyboard.press("n");
  await expect.poll(async () => (await focused(page))?.token).toBe(first.token);

  // a: accepted under its own tag, as an annotation with its source.
  const firstText = await suggestionText(page, first.token);
  await page.keyboard.press("a");
  await expect(page.locator(`article mark[data-tags="${first.tag}"]`, { hasText: firstText }).first()).toBeVisible();
  await expect(page.locator(`[data-sg-open~="${first.token}"]`)).toHaveCount(0);
  // The next suggestion has the focus now: x rejects it.
  await expect.poll(() => focused(page)).not.toBeNull();
  const second = await focused(page);
  expect(second.token).not.toBe(first.token);
  await page.keyboard.press("x");
  await expect(page.locator(`[data-sg-open~="${second.token}"]`)).toHaveCount(0);
  // And 1/2/3 accept the next one under another tag.
  await expect.poll(() => focused(page)).not.toBeNull();
  const third = await focused(page);
  const other = third.tag === "event" ? { key: "1", tag: "quote" } : { key: "3", tag: "event" };
  await page.keyboard.press(other.key);
  await expect(page.locator(`[data-sg-open~="${third.token}"]`)).toHaveCount(0);

  let list = await exported(page);
  expect(list.map((a) => [a.start, a.end, a.tag])).toEqual(
    [
      [first.start, first.end, first.tag],
      [third.start, third.end, other.tag],
    ].sort((a, b) => a[0] - b[0]),
  );
  for (const a of list) expect(a.source, "an accepted suggestion records its source").toMatch(/^(rule|learned|pattern):/);

  // Accept all Statistic: one step, by keyboard on its button; one undo takes it all back.
  await suggestionsReady(page);
  const statistics = (await counts(page)).statistic;
  expect(statistics).toBeGreaterThan(1);
  const acceptAll = page.getByRole("button", { name: "Accept all Statistic" });
  await acceptAll.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".suggestion-count.statistic .count")).toHaveText("0");
  list = await exported(page);
  expect(list.filter((a) => a.tag === "statistic" && a.source).length).toBeGreaterThanOrEqual(statistics);
  await page.locator("article").focus();
  await page.keyboard.press("Control+z");
  await expect(page.locator(".suggestion-count.statistic .count")).toHaveText(String(statistics));
  expect((await exported(page)).length).toBe(2);
});

test("by mouse: clicking a suggestion offers the choices; Reject, As Event and Accept work, and undo takes each back", async ({ page }) => {
  await openFresh(page);
  await suggestionsReady(page);
  const all = await tokens(page);
  const first = all[0];
  await page.locator(`[data-sg-open~="${first}"]`).click();
  const choices = page.getByRole("dialog", { name: "Suggestion", exact: true });
  await expect(choices).toBeVisible();
  await choices.getByRole("button", { name: /^Reject/ }).click();
  await expect(page.locator(`[data-sg-open~="${first}"]`)).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(`[data-sg-open~="${first}"]`)).toHaveCount(1);

  const [start, end, own] = first.split("-");
  await page.locator(`[data-sg-open~="${first}"]`).click();
  const as = own === "event" ? "Quote" : "Event";
  await choices.getByRole("button", { name: new RegExp(`^As ${as}`) }).click();
  const list = await exported(page);
  expect(list).toHaveLength(1);
  expect([list[0].start, list[0].end, list[0].tag]).toEqual([Number(start), Number(end), as.toLowerCase()]);
  expect(list[0].source).toMatch(/^rule:/);

  // Accept all Event with the mouse, then the Undo button: one step each way.
  const events = Number(await page.locator(".suggestion-count.event .count").textContent());
  expect(events).toBeGreaterThan(1);
  await page.getByRole("button", { name: "Accept all Event" }).click();
  await expect(page.locator(".suggestion-count.event .count")).toHaveText("0");
  await expect(page.locator('article mark[data-tags="event"]')).toHaveCount(events + (as === "Event" ? 1 : 0));
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".suggestion-count.event .count")).toHaveText(String(events));
  expect(await exported(page)).toHaveLength(1);
});

test("a rejection is kept with the document's tags and survives a reload", async ({ page }) => {
  await openFresh(page);
  await suggestionsReady(page);
  await page.keyboard.press("n");
  await expect.poll(() => focused(page)).not.toBeNull();
  const rejected = await focused(page);
  await page.keyboard.press("Delete");
  await expect(page.locator(`[data-sg-open~="${rejected.token}"]`)).toHaveCount(0);
  const after = await counts(page);
  await page.reload();
  await suggestionsReady(page);
  expect(await counts(page)).toEqual(after);
  await expect(page.locator(`[data-sg-open~="${rejected.token}"]`)).toHaveCount(0);
  expect(await tokens(page)).not.toContain(rejected.token);
});

test("a phrase tagged in one document is suggested in another, as learned, with its tag", async ({ page }) => {
  await openFresh(page);
  await toLibrary(page);
  await pasteText(page, "绿色丝路的故事\n\n记者从绿色丝路项目组获悉，这一合作正在展开。\n");
  await tag(page, "绿色丝路项目组", "3");
  await toLibrary(page);
  await pasteText(page, "另一篇报道\n\n多位专家谈到绿色丝路项目组的新进展。\n");
  await suggestionsReady(page);
  const learned = page.locator('article [data-sg-open][aria-description*="learned:绿色丝路项目组"]');
  await expect(learned).toHaveCount(1);
  await expect(learned).toHaveText("绿色丝路项目组");
  expect(await learned.getAttribute("data-sg-tags")).toBe("event");
});

/** Picks `file` in the Patterns dialog through the real file chooser. */
async function importPatterns(page, file) {
  await page.getByRole("button", { name: "Patterns" }).click();
  const dialog = page.getByRole("dialog", { name: "Your patterns" });
  await expect(dialog).toBeVisible();
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), dialog.getByText("Import patterns…").click()]);
  await chooser.setFiles(file);
  return dialog;
}

test("a pattern file is imported through the file chooser and suggests; a bad one is refused by line and changes nothing", async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), "tagmark-patterns-"));
  const good = join(dir, "news.jsonl");
  await writeFile(
    good,
    [
      '{"label": "event", "pattern": "中国共产党与世界政党", "id": "cpc-dialogue"}',
      '{"label": "STATISTIC", "pattern": [{"LOWER": "xi"}, {"TEXT": "jinping"}]}',
      '{"label": "quote", "regex": "广交[^，。]{1,4}朋友", "id": "friends"}',
      "",
    ].join("\n"),
  );
  await openFresh(page);
  let dialog = await importPatterns(page, good);
  await expect(dialog.getByRole("status")).toHaveText("news.jsonl: 3 new patterns added.");
  await expect(dialog.locator(".pattern-list tbody tr")).toHaveCount(3);
  await dialog.getByRole("button", { name: "Close" }).click();
  await suggestionsReady(page);
  await expect(page.locator('article [data-sg-open][aria-description*="pattern:cpc-dialogue"]').first()).toHaveText("中国共产党与世界政党");
  await expect(page.locator('article [data-sg][aria-description*="pattern:friends"]').first()).toBeVisible();

  const bad = join(dir, "bad.jsonl");
  await writeFile(
    bad,
    ['{"label": "event", "pattern": "峰会"}', '{"label": "person", "pattern": "王毅"}', '{"label": "event", "pattern": [{"POS": "NOUN"}]}'].join("\n"),
  );
  dialog = await importPatterns(page, bad);
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("bad.jsonl was not imported; nothing changed.");
  await expect(alert).toContainText(/line 2/i);
  await expect(alert).toContainText(/line 3.*POS/i);
  await expect(dialog.locator(".pattern-list tbody tr")).toHaveCount(3);
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Export patterns" }).click()]);
  const lines = (await readFile(await download.path(), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  expect(lines.map((l) => l.label.toLowerCase())).toEqual(["event", "statistic", "quote"]);
});

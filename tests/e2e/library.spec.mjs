// The library, as a reader uses it: the shipped article on a first visit,
// texts added by pasting, through the file chooser and by dropping, moving
// between documents (Back, reload), status, rename, remove and undo, the
// keyboard, a revised text, two tabs, and axe on each of its dialogs.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { tag, canonicalText, marks } from "./helpers.mjs";
import {
  fixture,
  fixtureText,
  textFile,
  report,
  rows,
  rowOf,
  rowTitled,
  toLibrary,
  openFiles,
  closeReport,
  openId,
  openFromLibrary,
  pasteText,
  highlightIds,
  rowCounts,
} from "./library-helpers.mjs";

const ARTICLE_TITLE = "东方风来春色新";
const DOC_ID = /^doc-[0-9a-f]{16}$/;
const DOC_URL = /#\/d\/doc-[0-9a-f]{16}$/;

/** Opens the library in a fresh context and waits until it lists `n` documents. */
async function openLibrary(page, n = 1) {
  await page.goto("/#/library");
  await expect(page.locator("table.library-list")).toBeVisible();
  await expect(rows(page)).toHaveCount(n);
}

test("a first visit opens the article as before, and the library lists it first with its title and length", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(ARTICLE_TITLE);
  await expect(page.locator("article [data-start]").first()).toBeVisible();
  expect(await page.locator("article [data-start]").count()).toBeGreaterThan(10);
  const length = [...(await canonicalText(page))].length;
  const articleId = await page.evaluate(() => location.hash);
  expect(articleId, "a first visit has no fragment").toBe("");

  await toLibrary(page);
  await expect(page.locator(".library-count")).toHaveText(/^1 documents?$/);
  await expect(page.locator("button.open-files")).toHaveText("Open files…");
  await expect(page.locator("button.paste-text")).toHaveText("Paste text");
  await page.locator("details.library-export summary").click();
  await expect(page.locator("details.library-export [data-export]")).toHaveText([
    "Tagmark corpus JSON (full backup)",
    "doccano JSONL",
    "Label Studio tasks",
    "Label Studio labeling config",
    "CSV",
    "Character BIO (CoNLL)",
  ]);
  await page.locator("details.library-export summary").click();
  const first = rows(page).first();
  await expect(first.locator("a.doc-title")).toHaveText(ARTICLE_TITLE);
  await expect(first.locator("td.num:not([data-tag])")).toHaveText(String(length));
  expect(await first.getAttribute("data-doc")).toMatch(DOC_ID);
  await expect(first).toHaveAttribute("data-status", "todo");
  await expect(first.locator("td.when")).toHaveText("—");
  await expect(first.locator("button.remove-doc"), "the shipped article can't be removed").toHaveCount(0);
  for (const t of ["quote", "statistic", "event"]) await expect(first.locator(`td[data-tag=${t}]`)).toHaveText("0");

  // Its link opens the same article at #/d/<id>.
  const id = await first.getAttribute("data-doc");
  await first.locator("a.doc-title").click();
  await expect(page).toHaveURL(new RegExp(`#/d/${id}$`));
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(ARTICLE_TITLE);
});

test("pasting from the clipboard with Ctrl+V: the title comes from the first line, Add opens it, and it can be tagged", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await openLibrary(page);
  const text = "𠮷野家的春天\n\n𠮷野家开了一家新店😀，附近的居民都很高兴。\n\n第二段：记者走访了三个社区，听到了很多声音。\n";
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);

  await page.locator("button.paste-text").click();
  const dialog = page.locator("dialog.paste");
  await expect(dialog).toBeVisible();
  await dialog.locator("textarea.paste-body").focus();
  await page.keyboard.press("Control+V");
  await expect(dialog.locator("textarea.paste-body")).toHaveValue(text);
  await expect(dialog.locator("input.paste-title")).toHaveValue("𠮷野家的春天");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();

  await expect(page).toHaveURL(DOC_URL);
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("𠮷野家的春天");
  await expect(page.locator("article p").first()).toHaveText("𠮷野家开了一家新店😀，附近的居民都很高兴。");
  await tag(page, "𠮷野家开了一家新店😀", "1");
  expect((await marks(page)).map((m) => m.text)).toEqual(["𠮷野家开了一家新店😀"]);
  await expect(page.locator(".legend .count")).toHaveText(["1", "0", "0"]);

  const id = openId(page);
  await toLibrary(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(rowOf(page, id).locator("a.doc-title")).toHaveText("𠮷野家的春天");
  await expect(rowOf(page, id).locator("td[data-tag=quote]")).toHaveText("1");
});

test("several files through the file chooser are added, and the same text again is found already there", async ({ page }) => {
  await openLibrary(page);
  const outcomes = await openFiles(page, [fixture("spring.txt"), fixture("notes.md"), fixture("report.html")]);
  await expect(outcomes).toHaveCount(3);
  for (const o of await outcomes.all()) await expect(o).toHaveAttribute("data-outcome", "added");
  await expect(outcomes.nth(0)).toContainText("spring.txt");
  await expect(outcomes.nth(1)).toContainText("notes.md");
  await expect(outcomes.nth(2)).toContainText("report.html");
  // Each names its document with a link to it and the encoding it was read in.
  await expect(outcomes.locator("a")).toHaveText(["春日新闻", "秋日笔记", "冬季报告"]);
  for (const a of await outcomes.locator("a").all()) expect(await a.getAttribute("href")).toMatch(DOC_URL);
  const encodings = outcomes.locator("label.encoding select");
  await expect(encodings).toHaveCount(3);
  for (const select of await encodings.all()) {
    await expect(select.locator("option:checked")).toHaveText(/UTF-8/);
  }
  await closeReport(page);

  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator(".library-count")).toHaveText("4 documents");
  for (const title of ["春日新闻", "秋日笔记", "冬季报告", ARTICLE_TITLE]) await expect(rowTitled(page, title)).toHaveCount(1);
  const springId = await rowTitled(page, "春日新闻").getAttribute("data-doc");

  // The same text under another name: one document, not two.
  const again = await openFiles(page, [fixture("spring.txt", "copy of spring.txt")]);
  await expect(again).toHaveCount(1);
  await expect(again.first()).toHaveAttribute("data-outcome", "already");
  await expect(again.first().locator("a")).toHaveAttribute("href", `#/d/${springId}`);
  // Its link opens that document (and closes the report).
  await again.first().locator("a").click();
  await expect(report(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/d/${springId}$`));
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("春日新闻");
  await toLibrary(page);
  await expect(rows(page)).toHaveCount(4);

  // The Markdown file reads without its markup (list items are paragraphs).
  await openFromLibrary(page, "秋日笔记");
  await expect(page.locator("article p")).toHaveText(["这是重要的笔记，记下了三件事。", "第一项：整理书架", "第二项：写信"]);
});

test("files dropped on the page are added", async ({ page }) => {
  await openLibrary(page);
  // Playwright can only hand the page a DataTransfer made inside it, which
  // holds files but never folders: dropping a folder can't be tested here.
  const dt = await page.evaluateHandle((files) => {
    const d = new DataTransfer();
    for (const f of files) d.items.add(new File([f.text], f.name, { type: "text/plain" }));
    return d;
  }, [
    { name: "spring.txt", text: fixtureText("spring.txt") },
    { name: "news.txt", text: fixtureText("news-v1.txt") },
  ]);
  await page.dispatchEvent("div.drop-zone", "dragover", { dataTransfer: dt });
  await expect(page.locator("div.drop-zone.dragging")).toHaveCount(1);
  await page.dispatchEvent("div.drop-zone", "drop", { dataTransfer: dt });

  const outcomes = report(page).locator("li [data-outcome]");
  await expect(report(page)).toBeVisible();
  await expect(outcomes).toHaveCount(2);
  await expect(outcomes.nth(0)).toHaveAttribute("data-outcome", "added");
  await expect(outcomes.nth(1)).toHaveAttribute("data-outcome", "added");
  // Dropped files are read in the order of their names.
  await expect(outcomes.locator(".file-name")).toHaveText(["news.txt", "spring.txt"]);
  await expect(outcomes.locator("a")).toHaveText(["春季新闻", "春日新闻"]);
  await closeReport(page);
  await expect(page.locator("div.drop-zone.dragging")).toHaveCount(0);
  await expect(rows(page)).toHaveCount(3);
  await expect(rowTitled(page, "春季新闻")).toHaveCount(1);
  await openFromLibrary(page, "春季新闻");
});

test("tagging in two documents, Back and reload: each keeps its own highlights and the library counts them", async ({ page }) => {
  await openLibrary(page);
  await openFiles(page, [fixture("spring.txt"), fixture("news-v1.txt", "news.txt")]);
  await closeReport(page);
  await expect(rows(page)).toHaveCount(3);

  const a = await openFromLibrary(page, "春日新闻");
  await tag(page, "桃花开了", "3");
  await expect(page.locator(".legend .count")).toHaveText(["0", "0", "1"]);
  await toLibrary(page);

  const b = await openFromLibrary(page, "春季新闻");
  expect(b).not.toBe(a);
  await expect(page.locator("article mark"), "A's highlight is not painted in B").toHaveCount(0);
  await tag(page, "“我们会继续努力。”", "1");
  await tag(page, "160多个项目", "2");
  await expect(page.locator(".legend .count")).toHaveText(["1", "1", "0"]);

  // Back: the library, as the URL says, with the counts per tag and the
  // last edit of each document.
  await page.goBack();
  await expect(page).toHaveURL(/#\/library$/);
  await expect(rows(page)).toHaveCount(3);
  await expect.poll(() => rowCounts(rowOf(page, a))).toEqual(["0", "0", "1"]);
  await expect.poll(() => rowCounts(rowOf(page, b))).toEqual(["1", "1", "0"]);
  const minute = /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/;
  await expect(rowOf(page, a).locator("td.when")).toHaveText(minute);
  await expect(rowOf(page, b).locator("td.when")).toHaveText(minute);
  const shown = (await rowOf(page, b).locator("td.when").textContent()).replace(" UTC", "Z").replace(" ", "T");
  expect(Math.abs(Date.parse(shown) - Date.now()), "last edited is about now").toBeLessThan(3 * 60_000);
  const article = rowTitled(page, ARTICLE_TITLE);
  await expect(article.locator("td.when")).toHaveText("—");
  expect(await rowCounts(article)).toEqual(["0", "0", "0"]);

  // Back again: A, with only its own highlight.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/d/${a}$`));
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("春日新闻");
  await expect.poll(() => highlightIds(page)).toHaveLength(1);
  expect((await marks(page)).map((m) => [m.text, m.tags])).toEqual([["桃花开了", "event"]]);

  // Forward to B; a reload there reopens B with its two highlights.
  await page.goForward();
  await expect(page).toHaveURL(/#\/library$/);
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`#/d/${b}$`));
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("春季新闻");
  await page.reload();
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("春季新闻");
  await expect.poll(() => highlightIds(page)).toHaveLength(2);
  expect((await marks(page)).map((m) => [m.text, m.tags])).toEqual([
    ["“我们会继续努力。”", "quote"],
    ["160多个项目", "statistic"],
  ]);

  // The library still counts both after the reload.
  await toLibrary(page);
  await expect.poll(() => rowCounts(rowOf(page, a))).toEqual(["0", "0", "1"]);
  await expect.poll(() => rowCounts(rowOf(page, b))).toEqual(["1", "1", "0"]);
});

test("status, rename (Enter keeps, Esc cancels), remove with its download, and undo", async ({ page }) => {
  await openLibrary(page);
  await openFiles(page, [fixture("news-v1.txt", "news.txt")]);
  await closeReport(page);
  const id = await openFromLibrary(page, "春季新闻");
  await tag(page, "2026年5月", "3");
  await tag(page, "“我们会继续努力。”", "1");
  await toLibrary(page);
  const row = rowOf(page, id);
  await expect.poll(() => rowCounts(row)).toEqual(["1", "0", "1"]);

  // Status.
  const status = row.getByRole("combobox", { name: "Status of 春季新闻" });
  await expect(status).toHaveValue("todo");
  await status.selectOption("done");
  await expect(row).toHaveAttribute("data-status", "done");
  await page.reload();
  await expect(rowOf(page, id)).toHaveAttribute("data-status", "done");
  await expect(rowOf(page, id).locator("select.status")).toHaveValue("done");

  // Rename with Enter: the title changes, the id stays, after a reload too.
  await rowOf(page, id).locator("button.rename-doc").click();
  const input = rowOf(page, id).locator("input.rename");
  // Rename should put the caret in the field (it carries `autofocus`);
  // soft, so that the rest runs: a reader would click into it.
  await expect.soft(input, "Rename focuses the new-title field").toBeFocused();
  await expect(input).toHaveValue("春季新闻");
  await input.fill("春季要闻");
  await input.press("Enter");
  await expect(input).toHaveCount(0);
  await expect(rowOf(page, id).locator("a.doc-title")).toHaveText("春季要闻");
  await page.reload();
  await expect(rowOf(page, id).locator("a.doc-title")).toHaveText("春季要闻");
  await expect(rows(page)).toHaveCount(2);

  // Rename with Esc: the old title stays (also after a reload).
  await rowOf(page, id).locator("button.rename-doc").click();
  await expect.soft(input, "Rename focuses the new-title field").toBeFocused();
  await input.fill("不要这个标题");
  await input.press("Escape");
  await expect(input).toHaveCount(0);
  // Soft, so that removing is still tested when Esc wrongly renames.
  await expect.soft(rowOf(page, id).locator("a.doc-title"), "Esc keeps the old title").toHaveText("春季要闻");
  await page.reload();
  await expect(rowOf(page, id)).toHaveCount(1);
  await expect.soft(rowOf(page, id).locator("a.doc-title"), "Esc keeps the old title after a reload").toHaveText("春季要闻");
  const title = await rowOf(page, id).locator("a.doc-title").textContent();

  // Remove: the dialog offers the annotations first.
  await rowOf(page, id).locator("button.remove-doc").click();
  const confirm = page.locator("dialog.confirm-remove");
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(title);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    confirm.getByRole("button", { name: "Download its annotations" }).click(),
  ]);
  const saved = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(saved.format).toBe("tagmark-annotations");
  expect(saved.document.id).toBe(id);
  expect(saved.annotations).toHaveLength(2);
  expect(saved.annotations.map((a) => [a.quote, a.tag]).sort()).toEqual([
    ["2026年5月", "event"],
    ["“我们会继续努力。”", "quote"],
  ]);
  await expect(confirm, "downloading doesn't remove").toBeVisible();
  await confirm.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(rowOf(page, id)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(1);
  const toast = page.locator(".toast");
  await expect(toast).toContainText(title);

  await toast.locator("button.undo-remove").click();
  await expect(toast).toHaveCount(0);
  await expect(rowOf(page, id)).toHaveCount(1);
  await expect(rowOf(page, id).locator("a.doc-title")).toHaveText(title);
  expect(await rowCounts(rowOf(page, id))).toEqual(["1", "0", "1"]);
  await expect(rowOf(page, id)).toHaveAttribute("data-status", "done");
  await rowOf(page, id).locator("a.doc-title").click();
  await expect(page).toHaveURL(new RegExp(`#/d/${id}$`));
  await expect.poll(() => highlightIds(page)).toHaveLength(2);
  expect((await marks(page)).map((m) => m.text)).toEqual(["2026年5月", "“我们会继续努力。”"]);
});

test("keyboard only: Tab to the search, type to filter, arrows through the titles, Enter opens", async ({ page }) => {
  await openLibrary(page);
  await openFiles(page, [fixture("spring.txt"), fixture("notes.md"), fixture("report.html")]);
  await closeReport(page);
  await page.reload();
  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator(".library-count")).toHaveText("4 documents");

  const focused = () => page.evaluate(() => document.activeElement?.className ?? "");
  const search = page.locator("input.library-search");
  for (let i = 0; i < 20 && !(await search.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(search).toBeFocused();
  await page.keyboard.type("日");
  await expect(page.locator(".library-count")).toHaveText("2 of 4 documents");
  await expect(rows(page)).toHaveCount(2);
  const titles = page.locator("table.library-list a.doc-title");
  expect((await titles.allTextContents()).sort()).toEqual(["春日新闻", "秋日笔记"].sort());

  // Tab on into the list: the first title link.
  for (let i = 0; i < 20 && (await focused()) !== "doc-title"; i++) await page.keyboard.press("Tab");
  await expect(titles.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(titles.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(titles.nth(1), "the last row stays focused").toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(titles.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(titles.nth(1)).toBeFocused();

  const [title, href] = [await titles.nth(1).textContent(), await titles.nth(1).getAttribute("href")];
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(title);

  // Back to the list, and clearing the search shows everything again.
  await page.goBack();
  await expect(page).toHaveURL(/#\/library$/);
  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator(".library-count")).toHaveText("4 documents");
});

test("a revised text: kept, moved and unplaced are counted, taken as a new version, and undone", async ({ page }) => {
  await openLibrary(page);
  await openFiles(page, [fixture("news-v1.txt", "news.txt")]);
  await closeReport(page);
  const oldId = await openFromLibrary(page, "春季新闻");
  await tag(page, "2026年5月", "3"); // paragraph 1, unchanged: kept
  await tag(page, "“我们会继续努力。”", "1"); // after the inserted paragraph: moved
  await tag(page, "160多个项目", "2"); // its paragraph is rewritten: unplaced
  await expect(page.locator(".legend .count")).toHaveText(["1", "1", "1"]);
  await toLibrary(page);
  await expect.poll(() => rowCounts(rowOf(page, oldId))).toEqual(["1", "1", "1"]);

  const outcomes = await openFiles(page, [fixture("news-v2.txt", "news.txt")]);
  await expect(outcomes).toHaveCount(1);
  const offer = outcomes.first();
  await expect(offer).toHaveAttribute("data-outcome", "revision");
  await expect(offer).toContainText("春季新闻");
  await expect(offer.locator("[data-count=kept]")).toHaveText("1 kept");
  await expect(offer.locator("[data-count=moved]")).toHaveText("1 moved");
  await expect(offer.locator("[data-count=approximate]")).toHaveText("0 approximate");
  await expect(offer.locator("[data-count=unplaced]")).toHaveText(/^1 unplaced/);
  await expect(offer.getByRole("button", { name: "Add as a separate document" })).toBeVisible();
  await offer.getByRole("button", { name: "Use as new version" }).click();
  await expect(outcomes.first()).toHaveAttribute("data-outcome", "added");
  await closeReport(page);

  await expect(rows(page)).toHaveCount(2);
  const row = rowTitled(page, "春季新闻");
  await expect(row).toHaveCount(1);
  const newId = await row.getAttribute("data-doc");
  expect(newId).toMatch(DOC_ID);
  expect(newId).not.toBe(oldId);
  await expect(rowOf(page, oldId)).toHaveCount(0);
  expect(await rowCounts(row)).toEqual(["1", "0", "1"]);

  await row.locator("a.doc-title").click();
  await expect(page).toHaveURL(new RegExp(`#/d/${newId}$`));
  await expect(page.locator("article p", { hasText: "编者按" }).or(page.locator("article h2", { hasText: "编者按" }))).toHaveCount(1);
  await expect.poll(() => highlightIds(page)).toHaveLength(2);
  expect((await marks(page)).map((m) => [m.text, m.tags])).toEqual([
    ["2026年5月", "event"],
    ["“我们会继续努力。”", "quote"],
  ]);
  const unplaced = page.locator("section.unplaced .unplaced-item");
  await expect(unplaced).toHaveCount(1);
  await expect(unplaced.locator(".entry-quote")).toHaveText("160多个项目");
  await expect(page.locator("#unplaced-title")).toHaveText("Unplaced (1)");

  // Back in the library, the toast's Undo brings the old version back.
  await toLibrary(page);
  const toast = page.locator(".toast");
  await expect(toast).toContainText("春季新闻");
  await toast.locator("button.undo-remove").click();
  await expect(rowOf(page, oldId)).toHaveCount(1);
  await expect(rowOf(page, newId)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(2);
  expect(await rowCounts(rowOf(page, oldId))).toEqual(["1", "1", "1"]);
  await rowOf(page, oldId).locator("a.doc-title").click();
  await expect(page).toHaveURL(new RegExp(`#/d/${oldId}$`));
  await expect.poll(() => highlightIds(page)).toHaveLength(3);
  await expect(page.locator("section.unplaced")).toHaveCount(0);
});

test("two tabs: a document pasted in one appears in the other's library without a reload", async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  await openLibrary(one);
  await openLibrary(two);
  const id = await pasteText(one, "两个标签页\n\n在第一个标签页里加的文字。\n");
  await expect(one.locator("article:not([aria-busy]) h1")).toHaveText("两个标签页");
  await expect(rows(two)).toHaveCount(2);
  await expect(rowOf(two, id).locator("a.doc-title")).toHaveText("两个标签页");
  await expect(two.locator(".library-count")).toHaveText("2 documents");

  // And a rename in the second reaches the first's library.
  await rowOf(two, id).locator("button.rename-doc").click();
  await rowOf(two, id).locator("input.rename").fill("改过的标题");
  await rowOf(two, id).locator("input.rename").press("Enter");
  await toLibrary(one);
  await expect(rowOf(one, id).locator("a.doc-title")).toHaveText("改过的标题");
});

test.describe("accessibility", () => {
  // axe is injected as an inline script, which the page's CSP rightly refuses.
  test.use({ bypassCSP: true });
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

  async function violations(page) {
    await page.addScriptTag({ path: axePath });
    return page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    });
  }

  test("no axe violations in the library, the paste dialog, the intake report and the remove dialog", async ({ page }) => {
    await openLibrary(page);
    await pasteText(page, "无障碍检查\n\n一段用来检查的文字。\n");
    await toLibrary(page);
    await expect(rows(page)).toHaveCount(2);
    expect(await violations(page), "the library").toEqual([]);

    await page.locator("button.paste-text").click();
    await expect(page.locator("dialog.paste")).toBeVisible();
    await page.locator("dialog.paste textarea.paste-body").fill("标题\n\n正文。");
    expect(await violations(page), "the paste dialog").toEqual([]);
    await page.keyboard.press("Escape");
    await expect(page.locator("dialog.paste")).toBeHidden();

    const outcomes = await openFiles(page, [fixture("spring.txt"), fixture("spring.txt", "again.txt"), textFile("photo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))]);
    await expect(outcomes).toHaveCount(3);
    await expect(outcomes.nth(0)).toHaveAttribute("data-outcome", "added");
    await expect(outcomes.nth(1)).toHaveAttribute("data-outcome", "already");
    await expect(outcomes.nth(2)).toHaveAttribute("data-outcome", "failed");
    expect(await violations(page), "the intake report").toEqual([]);
    await closeReport(page);

    await rowTitled(page, "无障碍检查").locator("button.remove-doc").click();
    await expect(page.locator("dialog.confirm-remove")).toBeVisible();
    expect(await violations(page), "the remove dialog").toEqual([]);
    await page.locator("dialog.confirm-remove").getByRole("button", { name: "Cancel" }).click();
    await expect(page.locator("dialog.confirm-remove")).toBeHidden();
    await expect(rows(page)).toHaveCount(3);
  });
});

// Nothing accepted that can't be kept, and costs that follow the change on
// a long line (issue 19): a note over the limit and an import storage can't
// hold are refused before anything changes; the localStorage meter follows
// an import; a 2 MB line is tagged, stepped and exported like any text, and
// one tag touches as many nodes on it as on a short line; a confirm works once.
import { test, expect } from "@playwright/test";
import { openFresh, tag, marks, exportJson, importFile, canonicalText } from "./helpers.mjs";
import { textFile, openFiles, closeReport, rows, rowOf, toLibrary } from "./library-helpers.mjs";

/** Fails the test on any page error or crash banner. */
function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return async () => {
    await expect(page.locator(".crash")).toHaveCount(0);
    expect(errors).toEqual([]);
  };
}

/** A Tagmark export of the open document with `annotations` ({quote, tag, note}) on their first occurrences. */
async function exportWith(page, annotations) {
  const base = await exportJson(page);
  const text = await canonicalText(page);
  base.annotations = annotations.map(({ quote, tag, note }, i) => {
    const start = [...text.slice(0, text.indexOf(quote))].length;
    return { id: `big-${i}`, tag, quote, start, end: start + [...quote].length, note, created: "2026-01-01T00:00:00.000Z" };
  });
  return base;
}

const reviewDialog = (page) => page.getByRole("dialog", { name: "Import annotations" });

test("an imported note over 100,000 characters is refused in the review, and nothing changes", async ({ page }) => {
  const noErrors = watchErrors(page);
  await openFresh(page);
  const file = await exportWith(page, [{ quote: "2017年12月1日", tag: "event", note: "x".repeat(5 * 1024 * 1024) }]);
  await importFile(page, "huge-note.json", file);
  const dialog = reviewDialog(page);
  await expect(dialog.getByRole("alert")).toContainText("is 5,242,880 characters long; a note can hold at most 100,000.");
  await expect(dialog.getByRole("alert")).toContainText("Nothing was changed.");
  await expect(dialog.getByRole("button", { name: "Import" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await marks(page)).toEqual([]);
  // Saving still works, and nothing of the file got in.
  await tag(page, "2017年12月1日", "3");
  await expect(page.getByRole("alert").filter({ hasText: "could not be saved" })).toHaveCount(0);
  await page.reload();
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
  const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k).length));
  expect(Math.max(...stored)).toBeLessThan(100_000);
  await noErrors();
});

test("an import that localStorage can't hold is refused with what it needs and what is free", async ({ page }) => {
  const noErrors = watchErrors(page);
  await openFresh(page);
  // Leave about 1 MB (0.5 Mi UTF-16 units) free.
  await page.evaluate(() => localStorage.setItem("someone-else", "x".repeat(5 * 1024 * 1024 - 512 * 1024)));
  const quotes = ["2017年12月1日", "东方风来春色新"];
  const file = await exportWith(page, quotes.map((quote, i) => ({ quote, tag: i ? "quote" : "event", note: "记".repeat(99_000) })).concat(
    Array.from({ length: 6 }, (_, i) => ({ quote: quotes[0], tag: "statistic", note: `${i}`.repeat(99_000) })),
  ));
  // Distinct ids on the same quote: eight notes of 99,000 characters, twice over with the undo step.
  await importFile(page, "too-much.json", file);
  const alert = reviewDialog(page).getByRole("alert");
  await expect(alert).toContainText(/The annotations would need \d+\.\d MB of this site's localStorage, and \d+\.\d MB is free\./);
  await expect(reviewDialog(page).getByRole("button", { name: "Import" })).toBeDisabled();
  await reviewDialog(page).getByRole("button", { name: "Cancel" }).click();
  expect(await marks(page)).toEqual([]);
  await page.evaluate(() => localStorage.removeItem("someone-else"));
  await noErrors();
});

test("the library's localStorage meter follows an import without a reload", async ({ page }) => {
  const noErrors = watchErrors(page);
  await openFresh(page);
  await toLibrary(page);
  const meter = page.locator("[data-usage=storage]");
  await expect(meter).toContainText(/Annotations: [0-2] % of localStorage/);
  // A doccano line with 30,000 distinct labels: about 40 % of the quota once stored.
  const text = "他说：“我们会继续努力。”" + "二〇二六年五月，一百六十多个项目落地。".repeat(14);
  const n = [...text].length;
  const labels = [];
  for (let s = 0; s < n && labels.length < 30_000; s++) for (let e = s + 1; e <= n && labels.length < 30_000; e++) labels.push([s, e, "event"]);
  const items = await openFiles(page, [textFile("many-labels.jsonl", JSON.stringify({ text, label: labels }) + "\n")]);
  await expect(items).toHaveCount(1);
  const report = page.locator("dialog.intake-report");
  const importButton = report.locator("button.import-corpus");
  if (await importButton.count()) await importButton.click();
  await expect(report.locator("[data-outcome=added]")).toHaveCount(1, { timeout: 60_000 });
  await closeReport(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(meter).toContainText(/Annotations: ([2-9]\d) % of localStorage/, { timeout: 10_000 });
  await noErrors();
});

/** One line of `length` code points: Hanzi, 𠮷 and emoji, no line break, with `marker` in the middle. */
function oneLine(length, marker) {
  const unit = "春色新𠮷😀东方风来";
  const half = unit.repeat(Math.ceil(length / 2 / [...unit].length));
  return half + marker + half;
}

/** How many nodes are added and removed in the article while `action` runs and the next frame paints. */
async function nodesTouched(page, action) {
  await page.evaluate(() => {
    window.__touched = 0;
    window.__observer = new MutationObserver((records) => {
      for (const r of records) window.__touched += r.addedNodes.length + r.removedNodes.length + (r.type === "characterData" ? 1 : 0);
    });
    window.__observer.observe(document.querySelector("article"), { subtree: true, childList: true, characterData: true });
  });
  await action();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => {
    window.__observer.disconnect();
    return window.__touched;
  });
}

test("a 2 MB line without a line break: tagged, stepped and exported at its code points, each tag touching what a short line's does", async ({ page }) => {
  test.setTimeout(180_000);
  const noErrors = watchErrors(page);
  await openFresh(page);
  await toLibrary(page);
  const marker = "标记𠮷😀短语";
  const counts = {};
  for (const [name, length] of [["short.txt", 2_000], ["long.txt", 2_000_000]]) {
    const text = oneLine(length, marker);
    const before = await rows(page).evaluateAll((rs) => rs.map((r) => r.dataset.doc));
    await openFiles(page, [textFile(name, text)]);
    await closeReport(page);
    const after = await rows(page).evaluateAll((rs) => rs.map((r) => r.dataset.doc));
    const id = after.find((d) => !before.includes(d));
    await rowOf(page, id).locator("a.doc-title").click();
    await expect(page).toHaveURL(new RegExp(`#/d/${id}$`));
    await expect(page.locator("article[aria-busy]")).toHaveCount(0, { timeout: 60_000 });
    if (length > 100_000) await expect(page.locator("article .section").first()).toBeAttached();
    counts[name] = await nodesTouched(page, () => tag(page, marker, "2"));
    const [only] = (await exportJson(page)).annotations;
    const start = [...text.slice(0, text.indexOf(marker))].length;
    expect([only.quote, only.start, only.end, only.tag]).toEqual([marker, start, start + [...marker].length, "statistic"]);
    // The caret steps a grapheme at a time, 𠮷 and the emoji as one each.
    await page.locator("article").focus();
    await page.locator("article mark").first().click();
    await page.keyboard.press("Escape");
    await toLibrary(page);
  }
  // The long line is cut in sections: a tag rebuilds one, as on the short line.
  expect(counts["long.txt"]).toBeLessThanOrEqual(counts["short.txt"] + 4);
  await noErrors();
});

test("a confirm works once: a double click on Import or on the paste dialog's Add does it once", async ({ page }) => {
  const noErrors = watchErrors(page);
  await openFresh(page);
  const file = await exportWith(page, [{ quote: "2017年12月1日", tag: "event", note: "" }]);
  await importFile(page, "one.json", file);
  await reviewDialog(page).getByRole("button", { name: "Import" }).dblclick();
  await expect(reviewDialog(page)).toBeHidden();
  await expect.poll(async () => (await marks(page)).length).toBe(1);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect.poll(async () => (await marks(page)).length).toBe(0);

  await toLibrary(page);
  await page.locator("button.paste-text").click();
  const dialog = page.locator("dialog.paste");
  await dialog.locator("textarea.paste-body").fill("一次\n\n只加一次。");
  await dialog.getByRole("button", { name: "Add", exact: true }).dblclick();
  await expect(page).toHaveURL(/#\/d\/doc-[0-9a-f]{16}$/);
  await toLibrary(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.locator("dialog.intake-report [data-outcome=already]")).toHaveCount(0);
  await noErrors();
});

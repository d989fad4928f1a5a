// A dense block: a hundred highlights in one paragraph, brought in through
// the real file chooser. A change rebuilds only the pieces it touches (keyed
// updates), so after each edit every character of the paragraph must still
// be painted with exactly the annotations the export says cover it.
import { test, expect } from "@playwright/test";
import { canonicalText, exportJson, importFile, openFresh, tag } from "./helpers.mjs";

const popover = (page) => page.getByRole("dialog", { name: "Edit highlight" });
const status = (page) => page.locator('[role="status"][aria-live="polite"]');

/** The longest paragraph: its start (code points) and its text as code points. */
async function longestParagraph(page) {
  return page.evaluate(() => {
    const blocks = [...document.querySelectorAll("article p[data-start]")];
    const best = blocks.reduce((a, b) => ([...b.textContent].length > [...a.textContent].length ? b : a));
    return { start: Number(best.dataset.start), chars: [...best.textContent] };
  });
}

/** Per code point of the block at `start`: the ids of the marks around it, sorted. */
async function paintedIds(page, start) {
  return page.evaluate((start) => {
    const block = document.querySelector(`article [data-start="${start}"]`);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const mark = t.parentElement.closest("mark");
      const ids = mark ? mark.dataset.ids.split(" ").sort().join(" ") : "";
      for (const _ of t.data) out.push(ids);
    }
    return out;
  }, start);
}

/** What the export says: per code point of the block, the ids covering it, sorted. */
function exportedIds(file, start, length) {
  const out = Array.from({ length }, () => []);
  for (const a of file.annotations) {
    for (let i = Math.max(a.start, start); i < Math.min(a.end, start + length); i++) out[i - start].push(a.id);
  }
  return out.map((ids) => ids.sort().join(" "));
}

/** Exports, and checks the paragraph's paint and every quote against the file. */
async function paintMatchesExport(page, paragraph) {
  const file = await exportJson(page);
  for (const a of file.annotations) {
    if (a.start >= paragraph.start && a.end <= paragraph.start + paragraph.chars.length) {
      expect(a.quote).toBe(paragraph.chars.slice(a.start - paragraph.start, a.end - paragraph.start).join(""));
    }
  }
  expect(await paintedIds(page, paragraph.start)).toEqual(exportedIds(file, paragraph.start, paragraph.chars.length));
  return file;
}

test("a paragraph with a hundred highlights still resizes, retags, deletes and undoes correctly", async ({ page }) => {
  await openFresh(page);
  // One real highlight gives the export's shape; the file adds a hundred more to one paragraph.
  await tag(page, "2017年12月1日", "3");
  const template = await exportJson(page);
  const paragraph = await longestParagraph(page);
  const length = paragraph.chars.length;
  expect(length).toBeGreaterThanOrEqual(152);
  const text = [...(await canonicalText(page))];
  const made = (i, start, end, tag) => {
    const [from, to] = [paragraph.start + start, paragraph.start + end];
    return {
      ...template.annotations[0],
      id: `dense-${i}`,
      tag,
      start: from,
      end: to,
      quote: text.slice(from, to).join(""),
      prefix: text.slice(Math.max(0, from - 32), from).join(""),
      suffix: text.slice(to, to + 32).join(""),
      note: "",
    };
  };
  const tags = ["quote", "statistic", "event"];
  const dense = [];
  // Fifty side by side (two characters, one apart), and fifty more piled
  // over the second half, so its pieces are covered by up to three at once.
  for (let i = 0; i < 50; i++) dense.push(made(i, i * 3, i * 3 + 2, tags[i % 3]));
  for (let i = 0; i < 50; i++) dense.push(made(50 + i, 61 + Math.floor(i * 1.8), 64 + Math.floor(i * 1.8), tags[(i + 1) % 3]));
  expect(Math.max(...dense.map((a) => a.end))).toBeLessThanOrEqual(paragraph.start + length);
  await importFile(page, "dense.json", { ...template, annotations: dense });
  const dialog = page.getByRole("dialog", { name: "Import annotations" });
  await expect(dialog.locator("li[data-count=new]")).toHaveText("add 100 new");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`article [data-start="${paragraph.start}"] mark`).first()).toBeVisible();
  let file = await paintMatchesExport(page, paragraph);
  expect(file.annotations).toHaveLength(101);
  // Reopened, the paragraph is drawn as a dense block from the start (its
  // pieces keyed); everything below edits it that way.
  await page.reload();
  await expect(page.locator('article mark[data-ids="dense-10"]')).toHaveCount(1);
  file = await paintMatchesExport(page, paragraph);
  expect(file.annotations).toHaveLength(101);

  // Resize one with only its own highlight under it (dense-10, at 30–32): the end two later.
  const target = page.locator('article mark[data-ids="dense-10"]');
  await expect(target).toHaveCount(1);
  await target.click();
  await expect(popover(page)).toBeVisible();
  await page.keyboard.press("Alt+Shift+ArrowRight");
  await page.keyboard.press("Alt+Shift+ArrowRight");
  await expect(popover(page).locator(".popover-quote")).toHaveText(paragraph.chars.slice(30, 34).join(""));
  file = await paintMatchesExport(page, paragraph);
  expect(file.annotations.find((a) => a.id === "dense-10")).toMatchObject({ start: paragraph.start + 30, end: paragraph.start + 34 });

  // Retag it.
  await popover(page).getByRole("group", { name: "Tag" }).getByRole("button", { name: "Event", exact: true }).click();
  await expect(page.locator('article mark[data-ids~="dense-10"]').first()).toHaveAttribute("data-tags", /event/);
  file = await paintMatchesExport(page, paragraph);
  expect(file.annotations.find((a) => a.id === "dense-10").tag).toBe("event");

  // Delete it, then undo the deletion, the retag and the two resizes.
  await popover(page).getByRole("button", { name: "Delete" }).click();
  await expect(popover(page)).toBeHidden();
  await expect(page.locator('article mark[data-ids~="dense-10"]')).toHaveCount(0);
  file = await paintMatchesExport(page, paragraph);
  expect(file.annotations.map((a) => a.id)).not.toContain("dense-10");

  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: delete highlight");
  await expect(page.locator('article mark[data-ids~="dense-10"]').first()).toBeVisible();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: resize highlight");
  file = await paintMatchesExport(page, paragraph);
  const back = file.annotations.find((a) => a.id === "dense-10");
  expect(back).toMatchObject({ start: paragraph.start + 30, end: paragraph.start + 32, tag: "statistic" });

  // A new highlight dragged across several dense ones, then undone: the paragraph is as it was.
  const before = await paintedIds(page, paragraph.start);
  const phrase = paragraph.chars.slice(40, 52).join("");
  await tag(page, phrase, "2");
  file = await paintMatchesExport(page, paragraph);
  expect(file.annotations).toHaveLength(102);
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: create highlight");
  expect(await paintedIds(page, paragraph.start)).toEqual(before);
});

// Editing what was tagged, as a reader does it: the highlight popover (tag,
// note, edges, every occurrence), undo and redo across a reload, tagging by
// keyboard alone, the side list, importing a file back and the help.
import { test, expect } from "@playwright/test";
import {
  openFresh,
  phraseEnds,
  marks,
  canonicalText,
  textOf,
  clickPhrase,
  storageSnapshot,
  exportJson,
  importFile,
  idOf,
  tag,
  toolbar,
} from "./helpers.mjs";

const popover = (page) => page.getByRole("dialog", { name: "Edit highlight" });
const panel = (page) => page.getByRole("complementary", { name: "Annotations" });
const entries = (page) => panel(page).locator(".entries .entry");
const status = (page) => page.locator('[role="status"][aria-live="polite"]');
const importDialog = (page) => page.getByRole("dialog", { name: "Import annotations" });

/** Clicks into a text field, selects what is there and types `text` over it. */
async function retype(page, field, text) {
  await field.click();
  await page.keyboard.press("Control+a");
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press("Backspace");
}

/** The annotations as Export JSON writes them, by id. */
async function exportedById(page) {
  const file = await exportJson(page);
  return Object.fromEntries(file.annotations.map((a) => [a.id, a]));
}

test("the popover changes a highlight's tag and note; both survive a reload; Esc gives focus back", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  const id = await idOf(page, "2017年12月1日");

  await clickPhrase(page, "2017年12月1日");
  await expect(popover(page)).toBeVisible();
  await expect(popover(page).locator(".popover-quote")).toHaveText("2017年12月1日");
  const tags = popover(page).getByRole("group", { name: "Tag" });
  const tagButton = (name) => tags.getByRole("button", { name, exact: true });
  await expect(tagButton("Event")).toHaveAttribute("aria-pressed", "true");
  await expect(tagButton("Quote")).toHaveAttribute("aria-pressed", "false");

  await tagButton("Quote").click();
  await expect(tagButton("Quote")).toHaveAttribute("aria-pressed", "true");
  await expect(tagButton("Event")).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("article mark")).toHaveAttribute("data-tags", "quote");
  await expect(page.locator(".legend .count")).toHaveText(["1", "0", "0"]);

  const note = popover(page).getByRole("textbox", { name: "Note" });
  await note.click();
  await page.keyboard.type("开幕式在人民大会堂举行");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second line, not in the list");
  await expect(note).toHaveValue("开幕式在人民大会堂举行\nsecond line, not in the list");

  // The list shows the note's first line only.
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).locator(".entry-note")).toHaveText("开幕式在人民大会堂举行");
  await expect(entries(page)).not.toContainText("second line");
  await expect(entries(page)).toHaveAccessibleName(/^Quote: 2017年12月1日/);

  // The typing was one burst: one Ctrl+Z takes the whole note back, not the tag; redo restores it.
  await page.keyboard.press("Control+z");
  await expect(note).toHaveValue("");
  await expect(status(page)).toHaveText("Undid: edit note");
  await expect(tagButton("Quote")).toHaveAttribute("aria-pressed", "true");
  await expect(entries(page).locator(".entry-note")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(note).toHaveValue("开幕式在人民大会堂举行\nsecond line, not in the list");
  await expect(entries(page).locator(".entry-note")).toHaveText("开幕式在人民大会堂举行");

  // Esc closes, and focus goes back to the article that had it when the popover opened.
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();
  await expect(page.locator("article")).toBeFocused();

  const exported = (await exportedById(page))[id];
  expect(exported).toMatchObject({ tag: "quote", quote: "2017年12月1日", note: "开幕式在人民大会堂举行\nsecond line, not in the list" });

  await page.reload();
  await expect(page.locator("article mark")).toHaveCount(1);
  await expect.poll(async () => (await marks(page)).map(({ text, tags }) => ({ text, tags }))).toEqual([{ text: "2017年12月1日", tags: "quote" }]);
  await expect(entries(page).locator(".entry-note")).toHaveText("开幕式在人民大会堂举行");
  await clickPhrase(page, "2017年12月1日");
  await expect(tagButton("Quote")).toHaveAttribute("aria-pressed", "true");
  await expect(note).toHaveValue("开幕式在人民大会堂举行\nsecond line, not in the list");
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();
  await expect(page.locator("article")).toBeFocused();
});

test("where highlights overlap, the popover asks which one and edits only that one", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日，北京", "3");
  await tag(page, "北京，人民大会堂", "1");
  const eventId = await idOf(page, "2017年12月1日，北京");
  const quoteId = await idOf(page, "北京，人民大会堂");
  const before = await exportedById(page);

  // Click inside the overlap ("北京").
  await clickPhrase(page, "北京，人民大会堂");
  await expect(popover(page)).toBeVisible();
  await expect(popover(page)).toContainText("Highlights overlap here. Which one?");
  const picks = popover(page).getByRole("button");
  await expect(picks).toHaveCount(2);
  await expect(popover(page).getByRole("button", { name: "Event: 2017年12月1日，北京" })).toBeVisible();
  await expect(popover(page).getByRole("button", { name: "Quote: 北京，人民大会堂" })).toBeVisible();

  await popover(page).getByRole("button", { name: "Quote: 北京，人民大会堂" }).click();
  await expect(popover(page).locator(".popover-quote")).toHaveText("北京，人民大会堂");
  await popover(page).getByRole("group", { name: "Tag" }).getByRole("button", { name: "Statistic", exact: true }).click();
  await popover(page).getByRole("textbox", { name: "Note" }).click();
  await page.keyboard.type("会场");
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();

  const after = await exportedById(page);
  expect(after[quoteId]).toMatchObject({ tag: "statistic", note: "会场", start: before[quoteId].start, end: before[quoteId].end });
  // The other one is exactly as it was, down to its modified time.
  expect(after[eventId]).toEqual(before[eventId]);
  expect(await textOf(page, eventId)).toBe("2017年12月1日，北京");
  expect(await textOf(page, quoteId)).toBe("北京，人民大会堂");
  const overlap = (await marks(page)).find((m) => m.text === "北京");
  expect(overlap.tags.split(" ").sort()).toEqual(["event", "statistic"]);
  await expect(page.locator(".legend .count")).toHaveText(["0", "1", "1"]);
});

test("a highlight resizes by dragging its handle and by Alt+arrows; undo takes back one resize at a time", async ({ page }) => {
  await openFresh(page);
  await tag(page, "160多个国家", "2");
  const id = await idOf(page, "160多个国家");
  await clickPhrase(page, "160多个国家");
  await expect(popover(page)).toBeVisible();
  const quote = popover(page).locator(".popover-quote");
  await expect(quote).toHaveText("160多个国家");

  // Drag the end handle three characters right, onto the end of "区".
  const handle = page.locator(".handle.end");
  await expect(handle).toBeVisible();
  await expect(page.locator(".handle.start")).toBeVisible();
  const box = await handle.boundingBox();
  const { last } = await phraseEnds(page, "160多个国家和地区", 0, false);
  const y = (last.top + last.bottom) / 2;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(last.left, y, { steps: 6 });
  await page.mouse.move(last.right - 2, y, { steps: 3 });
  await page.mouse.up();
  // Exactly three whole characters more: the end snapped to the boundary after "区".
  await expect.poll(() => textOf(page, id)).toBe("160多个国家和地区");
  await expect(quote).toHaveText("160多个国家和地区");
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["160多个国家和地区"]);
  await expect(popover(page)).toBeVisible();
  await expect(toolbar(page)).toBeHidden();
  // The handle followed the new end.
  const moved = await handle.boundingBox();
  expect(moved.x).toBeGreaterThan(box.x + 20);

  // Keyboard: the end two later, then the start one earlier.
  await page.keyboard.press("Alt+Shift+ArrowRight");
  await page.keyboard.press("Alt+Shift+ArrowRight");
  await expect(quote).toHaveText("160多个国家和地区的6");
  await page.keyboard.press("Alt+ArrowLeft");
  await expect(quote).toHaveText("与160多个国家和地区的6");
  expect(await textOf(page, id)).toBe("与160多个国家和地区的6");
  await expect(entries(page).locator(".entry-quote")).toHaveText("与160多个国家和地区的6");

  // One Ctrl+Z undoes only the last resize (the start).
  await page.keyboard.press("Control+z");
  await expect(quote).toHaveText("160多个国家和地区的6");
  await expect(status(page)).toHaveText("Undid: resize highlight");
  expect(await textOf(page, id)).toBe("160多个国家和地区的6");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await expect(quote).toHaveText("160多个国家和地区");
  // The whole handle drag was one step.
  await page.keyboard.press("Control+z");
  await expect(quote).toHaveText("160多个国家");
  expect(await textOf(page, id)).toBe("160多个国家");
  expect((await exportedById(page))[id]).toMatchObject({ quote: "160多个国家", tag: "statistic" });
});

test("while a handle is held nothing is saved; letting go saves once, and one Ctrl+Z restores the range", async ({ page }) => {
  // Counts every write to this document's stored slots, from the first script on.
  await page.addInitScript(() => {
    window.__slotWrites = [];
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).startsWith("tagmark:v2:")) window.__slotWrites.push(key);
      return real.call(this, key, value);
    };
  });
  await openFresh(page);
  const id = await tag(page, "160多个国家", "2");
  const original = (await exportedById(page))[id];
  const slots = async () => (await storageSnapshot(page)).filter(([k]) => k.startsWith("tagmark:v2:"));
  const writes = () => page.evaluate(() => window.__slotWrites.length);
  // Whatever a save scheduled by the last change would do has been done:
  // saving runs right after the next paint (or, without frames, a timer).
  const afterSaving = () =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  await expect.poll(async () => (await slots()).some(([, v]) => v.includes(id))).toBe(true);
  await clickPhrase(page, "160多个国家");
  await expect(popover(page)).toBeVisible();
  const quote = popover(page).locator(".popover-quote");
  await afterSaving();
  const stored = await slots();
  const writesBefore = await writes();

  // Press on the end handle and move it over 和, 地, 区 one after another, holding the button.
  const box = await page.locator(".handle.end").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (const [i, shown] of ["160多个国家和", "160多个国家和地", "160多个国家和地区"].entries()) {
    const { last } = await phraseEnds(page, shown, 0, false);
    await page.mouse.move(last.right - 2, (last.top + last.bottom) / 2, { steps: 2 + i });
    // Repainted live...
    await expect.poll(() => textOf(page, id)).toBe(shown);
    await afterSaving();
    // ...and not saved while the button is held.
    expect(await slots(), `stored value while held at ${shown}`).toEqual(stored);
    expect(await writes(), `writes while held at ${shown}`).toBe(writesBefore);
  }

  await page.mouse.up();
  await expect(quote).toHaveText("160多个国家和地区");
  await expect.poll(writes, { message: "a save after letting go" }).toBe(writesBefore + 1);
  await afterSaving();
  expect(await writes(), "exactly one save for the whole drag").toBe(writesBefore + 1);
  expect(await slots()).not.toEqual(stored);
  expect((await exportedById(page))[id]).toMatchObject({ quote: "160多个国家和地区", start: original.start, end: original.end + 3 });

  // One Ctrl+Z: back to the range from before the drag.
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: resize highlight");
  await expect(quote).toHaveText("160多个国家");
  expect(await textOf(page, id)).toBe("160多个国家");
  expect((await exportedById(page))[id]).toMatchObject({ quote: "160多个国家", start: original.start, end: original.end });
});

test("letting go of a handle without moving it records nothing", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  const id = await idOf(page, "2017年12月1日");
  const before = (await exportedById(page))[id];
  await clickPhrase(page, "2017年12月1日");
  await expect(popover(page)).toBeVisible();
  const box = await page.locator(".handle.end").boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(popover(page).locator(".popover-quote")).toHaveText("2017年12月1日");
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();
  // Unchanged, not even its modified time, and the last step is still the creation.
  expect((await exportedById(page))[id]).toEqual(before);
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: create highlight");
  await expect(page.locator("article mark")).toHaveCount(0);
});

test("Esc in the middle of a handle drag closes the popover and leaves the highlight as it was", async ({ page }) => {
  await openFresh(page);
  const id = await tag(page, "160多个国家", "2");
  const before = (await exportedById(page))[id];
  await clickPhrase(page, "160多个国家");
  await expect(popover(page)).toBeVisible();
  const box = await page.locator(".handle.end").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const { last } = await phraseEnds(page, "160多个国家和地", 0, false);
  await page.mouse.move(last.right - 2, (last.top + last.bottom) / 2, { steps: 3 });
  await expect.poll(() => textOf(page, id)).toBe("160多个国家和地");
  // Focus is still in the popover: Esc closes it while the button is held.
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();
  await expect.poll(() => textOf(page, id), { message: "the preview is gone" }).toBe("160多个国家");
  await page.mouse.up();
  // Letting go afterwards records nothing either, and another highlight's handles start clean.
  expect(await textOf(page, id)).toBe("160多个国家");
  expect((await exportedById(page))[id]).toEqual(before);
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: create highlight");
});

test("Tag every occurrence tags the rest at once, and one undo takes them all back", async ({ page }) => {
  await openFresh(page);
  const occurrences = (await canonicalText(page)).split("昂山素季").length - 1;
  expect(occurrences).toBe(5);
  await tag(page, "昂山素季", "3");
  const id = await idOf(page, "昂山素季");
  await clickPhrase(page, "昂山素季");
  const every = popover(page).getByRole("button", { name: /^Tag every occurrence/ });
  await expect(every).toHaveText("Tag every occurrence (4 more)");
  await every.click();

  await expect(page.locator("article mark")).toHaveCount(5);
  const shown = await marks(page);
  expect(shown.map((m) => [m.text, m.tags])).toEqual(Array(5).fill(["昂山素季", "event"]));
  expect(new Set(shown.map((m) => m.ids)).size).toBe(5);
  await expect(entries(page)).toHaveCount(5);
  await expect(page.locator(".legend .count")).toHaveText(["0", "0", "5"]);
  await expect(every).toHaveText("Tag every occurrence (0 more)");
  await expect(every).toBeDisabled();
  await expect(status(page)).toHaveText("Tagged 4 more occurrences as event");
  expect(Object.keys(await exportedById(page))).toHaveLength(5);

  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark")).toHaveCount(1);
  await expect(status(page)).toHaveText("Undid: tag every occurrence");
  expect(await marks(page)).toEqual([{ text: "昂山素季", tags: "event", ids: id }]);
  await expect(every).toHaveText("Tag every occurrence (4 more)");
  expect(Object.keys(await exportedById(page))).toEqual([id]);
});

test("undo and redo carry over a reload, by keys and by buttons", async ({ page }) => {
  await openFresh(page);
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  const redo = page.getByRole("button", { name: "Redo", exact: true });
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();

  await tag(page, "2017年12月1日", "3");
  await tag(page, "160多个国家和地区的600多个政党", "2");
  await expect(undo).toBeEnabled();
  await expect(redo).toBeDisabled();
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: create highlight");
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
  await expect(undo).toBeEnabled();
  await expect(redo).toBeEnabled();

  await page.reload();
  await expect(page.locator("article mark")).toHaveCount(1);
  await expect(undo).toBeEnabled();
  await expect(redo).toBeEnabled();

  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator("article mark")).toHaveCount(2);
  await expect.poll(async () => (await marks(page)).map((m) => [m.text, m.tags])).toEqual([
    ["2017年12月1日", "event"],
    ["160多个国家和地区的600多个政党", "statistic"],
  ]);
  await expect(status(page)).toHaveText("Redid: create highlight");
  await expect(redo).toBeDisabled();

  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark")).toHaveCount(1);
  await expect(redo).toBeEnabled();
  await page.keyboard.press("Control+y");
  await expect(page.locator("article mark")).toHaveCount(2);
  await expect(redo).toBeDisabled();

  // The buttons do the same, down to nothing left to undo.
  await undo.click();
  await undo.click();
  await expect(page.locator("article mark")).toHaveCount(0);
  await expect(undo).toBeDisabled();
  await expect(redo).toBeEnabled();
  await page.reload();
  await expect(page.locator("article h1")).toHaveText("东方风来春色新");
  await expect(undo).toBeDisabled();
  await expect(redo).toBeEnabled();
  await redo.click();
  await expect(page.locator("article mark")).toHaveCount(1);
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
  await expect(undo).toBeEnabled();
});

test("a Chinese phrase can be tagged with the keyboard alone", async ({ page }) => {
  await openFresh(page);
  const article = page.locator("article");
  for (let i = 0; i < 20 && !(await article.evaluate((a) => document.activeElement === a)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(article).toBeFocused();
  await expect(page.locator(".caret")).toBeVisible();

  // To the start of the title, then down block by block, keeping the column (0).
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Home");
  const caretBox = () => page.locator(".caret").boundingBox();
  const title = await page.locator("article h1").boundingBox();
  const atTitle = await caretBox();
  expect(atTitle.y).toBeGreaterThanOrEqual(title.y - 1);
  expect(atTitle.y + atTitle.height).toBeLessThanOrEqual(title.y + title.height + 1);

  const paragraph = "2020年11月16日，习近平总书记向刚刚获得选举胜利的";
  const blocks = await page.locator("article [data-start]").allTextContents();
  const index = blocks.findIndex((b) => b.startsWith(paragraph));
  expect(index).toBeGreaterThan(0);
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  const target = page.locator("article [data-start]").nth(index);
  const block = await target.boundingBox();
  const caret = await caretBox();
  expect(caret.y).toBeGreaterThanOrEqual(block.y - 1);
  expect(caret.y).toBeLessThan(block.y + block.height);
  const { first } = await phraseEnds(page, paragraph, 0, false);
  expect(Math.abs(caret.x - first.left)).toBeLessThan(4);

  // Where the browser's own word segmenter says the word after "，" ends (reading, not acting).
  const expected = await page.evaluate((text) => {
    const ends = [...new Intl.Segmenter("zh", { granularity: "word" }).segment(text)].map(
      (s) => [...text.slice(0, s.index + s.segment.length)].length,
    );
    return [...text].slice(0, ends.find((e) => e > 12)).join("");
  }, blocks[index]);
  expect(expected.startsWith("2020年11月16日，习")).toBe(true);

  // "2020年11月16日，" by character (12 × Shift+→), then one word more, then 2,
  // one key after another as a keyboard user types them (no pauses).
  for (let i = 0; i < 12; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press("Control+Shift+ArrowRight");
  await page.keyboard.press("2");
  await expect(toolbar(page)).toBeHidden();

  await expect.poll(async () => (await marks(page)).map(({ text, tags }) => ({ text, tags }))).toEqual([{ text: expected, tags: "statistic" }]);
  await expect(status(page)).toHaveText(`Tagged as statistic: ${expected}`);
  await expect(article).toBeFocused();

  // End, then Shift+← selects backwards, character by character.
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("3");
  await expect(page.locator("article mark")).toHaveCount(2);
  await expect.poll(async () => (await marks(page))[1]).toMatchObject({ text: "贺信。", tags: "event" });

  // ↓ to the next paragraph, End, then Ctrl+Shift+← twice: its last two words.
  const next = blocks[index + 1];
  const lastTwo = await page.evaluate((text) => {
    const starts = [...new Intl.Segmenter("zh", { granularity: "word" }).segment(text)].map(
      (s) => [...text.slice(0, s.index)].length,
    );
    return [...text].slice(starts.at(-2)).join("");
  }, next);
  expect(next.endsWith(lastTwo) && [...lastTwo].length > 1).toBe(true);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  await page.keyboard.press("1");
  await expect(page.locator("article mark")).toHaveCount(3);
  await expect.poll(async () => (await marks(page))[2]).toMatchObject({ text: lastTwo, tags: "quote" });
  await expect(status(page)).toHaveText(`Tagged as quote: ${lastTwo}`);
});

test("the list filters by tag and by text, jumps to a highlight, and moves by keys", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  await tag(page, "“中国共产党愿广交天下朋友。”", "1");
  await tag(page, "160多个国家和地区的600多个政党", "2");
  // A note on the event, to filter by.
  await clickPhrase(page, "2017年12月1日");
  await popover(page).getByRole("textbox", { name: "Note" }).click();
  await page.keyboard.type("opening ceremony\n开幕式");
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();

  const quotes = entries(page).locator(".entry-quote");
  await expect(quotes).toHaveText(["2017年12月1日", "“中国共产党愿广交天下朋友。”", "160多个国家和地区的600多个政党"]);

  // By tag.
  const toggle = (name) => panel(page).getByRole("group", { name: "Show tags" }).getByRole("button", { name: new RegExp(`^${name}`) });
  await expect(toggle("Quote")).toHaveAccessibleName("Quote 1");
  await toggle("Quote").click();
  await expect(toggle("Quote")).toHaveAttribute("aria-pressed", "false");
  await expect(quotes).toHaveText(["2017年12月1日", "160多个国家和地区的600多个政党"]);
  await toggle("Event").click();
  await expect(quotes).toHaveText(["160多个国家和地区的600多个政党"]);
  await toggle("Quote").click();
  await toggle("Event").click();
  await expect(quotes).toHaveCount(3);

  // By text: a quote, a note, nothing.
  const search = panel(page).getByRole("searchbox", { name: "Filter annotations" });
  await retype(page, search, "600多");
  await expect(quotes).toHaveText(["160多个国家和地区的600多个政党"]);
  await retype(page, search, "CEREMONY");
  await expect(quotes).toHaveText(["2017年12月1日"]);
  await retype(page, search, "开幕式");
  await expect(quotes).toHaveText(["2017年12月1日"]);
  await retype(page, search, "不在这里");
  await expect(quotes).toHaveCount(0);
  await expect(panel(page).locator(".panel-empty")).toHaveText("No annotation matches the filter.");
  // Tag and text filters combine.
  await retype(page, search, "中国");
  await expect(quotes).toHaveText(["“中国共产党愿广交天下朋友。”"]);
  await toggle("Quote").click();
  await expect(quotes).toHaveCount(0);
  await toggle("Quote").click();
  await retype(page, search, "");
  await expect(quotes).toHaveCount(3);

  // Jump: scroll away, click an entry, the highlight comes into view and flashes.
  await page.mouse.move(400, 400);
  await page.mouse.wheel(0, 20000);
  const statMark = page.locator("article mark", { hasText: "160多个国家和地区的600多个政党" });
  await expect(statMark).not.toBeInViewport();
  await expect(statMark).not.toHaveClass(/flash/);
  await entries(page).nth(2).click();
  await expect(statMark).toHaveClass(/flash/);
  await expect(statMark).toBeInViewport();
  await expect(entries(page).nth(2)).toHaveAttribute("aria-current", "true");

  // Keys: k / ↑ up, j / ↓ down, Enter opens the active one.
  await page.keyboard.press("k");
  await expect(entries(page).nth(1)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(entries(page).nth(0)).toBeFocused();
  await expect(entries(page).nth(0)).toHaveAttribute("tabindex", "0");
  await expect(entries(page).nth(2)).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowUp");
  await expect(entries(page).nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(entries(page).nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await expect(entries(page).nth(1)).toBeFocused();
  await expect(entries(page).nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("Enter");
  await expect(popover(page)).toBeVisible();
  await expect(popover(page).locator(".popover-quote")).toHaveText("“中国共产党愿广交天下朋友。”");
  await expect(
    popover(page).getByRole("group", { name: "Tag" }).getByRole("button", { name: "Quote", exact: true }),
  ).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Escape");
  await expect(popover(page)).toBeHidden();
  await expect(entries(page).nth(1)).toBeFocused();
});

test("Tab onto the list and Enter opens the highlight of the focused entry", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  await tag(page, "160多个国家和地区的600多个政党", "2");
  // From the filter field, Tab lands on the list's tab stop: its first entry.
  await panel(page).getByRole("searchbox", { name: "Filter annotations" }).click();
  await page.keyboard.press("Tab");
  await expect(entries(page).nth(0)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(popover(page)).toBeVisible();
  await expect(popover(page).locator(".popover-quote")).toHaveText("2017年12月1日");
  await page.keyboard.press("Escape");
  await expect(entries(page).nth(0)).toBeFocused();
});

test("undoing the creation of the highlight open in the popover closes the popover", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  await clickPhrase(page, "2017年12月1日");
  await expect(popover(page)).toBeVisible();
  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark")).toHaveCount(0);
  await expect(page.locator(".handle")).toHaveCount(0);
  // No editor is left open on a highlight that no longer exists.
  await expect(popover(page)).toBeHidden();
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator("article mark")).toHaveCount(1);
});

test("importing an earlier export merges it: new ones added, present skipped, the newer edit kept; one undo", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3"); // A: its note changes after the export
  await tag(page, "160多个国家和地区的600多个政党", "2"); // B: deleted after the export
  await tag(page, "“中国共产党愿广交天下朋友。”", "1"); // D: untouched
  const [a, b, d] = [
    await idOf(page, "2017年12月1日"),
    await idOf(page, "160多个国家和地区的600多个政党"),
    await idOf(page, "“中国共产党愿广交天下朋友。”"),
  ];
  const earlier = await exportJson(page);
  expect(earlier.annotations.map((x) => x.id).sort()).toEqual([a, b, d].sort());

  // A newer note on A.
  await clickPhrase(page, "2017年12月1日");
  await popover(page).getByRole("textbox", { name: "Note" }).click();
  await page.keyboard.type("newer note");
  await page.keyboard.press("Escape");
  // Delete B.
  await clickPhrase(page, "160多个国家和地区的600多个政党");
  await popover(page).getByRole("button", { name: "Delete" }).click();
  await expect(popover(page)).toBeHidden();
  // Create C.
  await tag(page, "120多个国家近300个政党", "2");
  const c = await idOf(page, "120多个国家近300个政党");
  const beforeImport = await exportedById(page);
  expect(Object.keys(beforeImport).sort()).toEqual([a, c, d].sort());
  const storedBeforeImport = await storageSnapshot(page);

  await importFile(page, "earlier.json", earlier);
  const dialog = importDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("li[data-count=new]")).toHaveText("add 1 new");
  await expect(dialog.locator("li[data-count=present]")).toHaveText("skip 1 already present");
  await expect(dialog.locator("li[data-count=conflicting]")).toHaveText(
    "resolve 1 conflicting by the newer edit (0 from the file, 1 kept)",
  );
  await expect(dialog.locator("li[data-count=relocated]")).toHaveText(/^move 0 /);
  await expect(dialog.locator("li[data-count=unplaced]")).toHaveText(/^list 0 /);
  // Nothing changes before the reader confirms.
  expect(await storageSnapshot(page)).toEqual(storedBeforeImport);
  await expect(entries(page)).toHaveCount(3);

  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveText("Imported: 1 added, 0 updated, 0 unplaced");
  const merged = await exportedById(page);
  expect(Object.keys(merged).sort()).toEqual([a, b, c, d].sort());
  expect(merged[a]).toEqual(beforeImport[a]); // the newer note stays
  expect(merged[a].note).toBe("newer note");
  expect(merged[b]).toMatchObject({ quote: "160多个国家和地区的600多个政党", tag: "statistic" });
  expect(merged[b].note ?? "").toBe("");
  expect(merged[c]).toEqual(beforeImport[c]);
  expect(merged[d]).toEqual(beforeImport[d]);
  expect(await textOf(page, b)).toBe("160多个国家和地区的600多个政党");
  await expect(entries(page)).toHaveCount(4);

  // The whole import is one step.
  await page.keyboard.press("Control+z");
  await expect(status(page)).toHaveText("Undid: import");
  await expect(entries(page)).toHaveCount(3);
  expect(await exportedById(page)).toEqual(beforeImport);
  expect(await textOf(page, b)).toBe("");
});

test("importing relocates shifted offsets, lets a newer edit from the file win, and keeps the unplaceable aside", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3"); // E: the file has a newer edit of it
  await tag(page, "“中国共产党愿广交天下朋友。”", "1"); // X: exported, then undone, comes back shifted
  const x = await idOf(page, "“中国共产党愿广交天下朋友。”");
  const e = await idOf(page, "2017年12月1日");
  const file = await exportJson(page);
  const length = file.document.length;
  const original = file.annotations.find((an) => an.id === x);

  // Undo making X: it is new to the page again.
  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark")).toHaveCount(1);
  expect(await textOf(page, e)).toBe("2017年12月1日");
  const before = await exportedById(page);
  expect(Object.keys(before)).toEqual([e]);

  const shifted = { ...original, start: original.start + 7, end: original.end + 7 };
  const theirsE = {
    ...file.annotations.find((an) => an.id === e),
    tag: "statistic",
    note: "from the file",
    modified: "2099-01-01T00:00:00Z",
  };
  const missing = {
    id: "11111111-2222-4333-8444-555555555555",
    tag: "quote",
    quote: "这句话不在这篇文章里",
    start: 100,
    end: 110,
    prefix: "",
    suffix: "",
    created: "2024-01-01T00:00:00Z",
    modified: "2024-01-01T00:00:00Z",
    note: "nowhere",
  };
  expect(shifted.end).toBeLessThanOrEqual(length);
  await importFile(page, "crafted.json", { ...file, annotations: [theirsE, shifted, missing] });
  const dialog = importDialog(page);
  await expect(dialog.locator("li[data-count=new]")).toHaveText("add 1 new");
  await expect(dialog.locator("li[data-count=present]")).toHaveText("skip 0 already present");
  await expect(dialog.locator("li[data-count=conflicting]")).toHaveText(
    "resolve 1 conflicting by the newer edit (1 from the file, 0 kept)",
  );
  await expect(dialog.locator("li[data-count=relocated]")).toHaveText("move 1 to where their text now is");
  await expect(dialog.locator("li[data-count=unplaced]")).toHaveText("list 1 that can't be placed on this text as unplaced");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();

  // The shifted one lands on its text, at its real offsets.
  expect(await textOf(page, x)).toBe("“中国共产党愿广交天下朋友。”");
  const after = await exportedById(page);
  expect(after[x]).toMatchObject({ start: original.start, end: original.end, tag: "quote" });
  // The file's newer edit won.
  expect(after[e]).toMatchObject({ tag: "statistic", note: "from the file", modified: "2099-01-01T00:00:00Z" });
  await expect(page.locator("article mark", { hasText: "2017年12月1日" })).toHaveAttribute("data-tags", "statistic");
  // The unplaceable one is listed, not painted, not exported.
  const unplaced = panel(page).getByRole("region", { name: "Unplaced (1)" });
  await expect(unplaced).toBeVisible();
  await expect(unplaced.locator(".unplaced-item .entry-quote")).toHaveText("这句话不在这篇文章里");
  await expect(unplaced.locator(".unplaced-item .entry-note")).toHaveText("nowhere");
  expect(await textOf(page, missing.id)).toBe("");
  expect((await marks(page)).some((m) => m.text.includes("这句话"))).toBe(false);
  expect(Object.keys(after).sort()).toEqual([e, x].sort());
  await expect(entries(page)).toHaveCount(2);
  const out = await exportJson(page);
  expect(out.annotations.map((an) => an.id).sort()).toEqual([e, x].sort());
  // Kept over a reload.
  await page.reload();
  await expect(panel(page).getByRole("region", { name: "Unplaced (1)" })).toBeVisible();
});

test("each kind of bad file gets its own message and changes nothing", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  const good = await exportJson(page);
  const marksBefore = await marks(page);
  const storedBefore = await storageSnapshot(page);
  expect(storedBefore.length, "something is saved").toBeGreaterThan(0);
  const one = good.annotations[0];
  const length = good.document.length;
  const len = [...one.quote].length;

  const cases = [
    ["not-json.json", "this is not json {", /: This file is not JSON \(the error is at line 1, column \d+\)\. Nothing was changed\.$/],
    ["hello.json", { hello: 1 }, /: This file is not a Tagmark export: it has no "format" field\. Nothing was changed\.$/],
    [
      "opinion.json",
      { ...good, annotations: [{ ...one, tag: "opinion" }] },
      /: Annotation 1 has an unknown tag "opinion"; the tags are quote, statistic and event\. Nothing was changed\.$/,
    ],
    [
      "far.json",
      { ...good, annotations: [{ ...one, start: length + 5 - len, end: length + 5 }] },
      new RegExp(
        `: Annotation 1 has offsets that don't fit: end \\(${length + 5}\\) is past the end of the document \\(${length} characters\\)\\. Nothing was changed\\.$`,
      ),
    ],
    [
      "huge.json",
      Buffer.alloc(11 * 1024 * 1024, 0x20),
      /: This file is 11\.0 MB; Tagmark imports files up to 10 MB\. Nothing was changed\.$/,
    ],
  ];
  for (const [name, contents, message] of cases) {
    await importFile(page, name, contents);
    const dialog = importDialog(page);
    await expect(dialog).toBeVisible();
    const alert = dialog.getByRole("alert");
    await expect(alert, name).toHaveText(message);
    await expect(alert).toContainText(name);
    await expect(dialog.getByRole("button", { name: "Import" })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    expect(await marks(page), name).toEqual(marksBefore);
    expect(await storageSnapshot(page), name).toEqual(storedBefore);
    await expect(panel(page).locator(".unplaced")).toHaveCount(0);
  }
  // A good file still imports after all that (the picker was reset each time).
  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark")).toHaveCount(0);
  await importFile(page, "good.json", good);
  await expect(importDialog(page).locator("li[data-count=new]")).toHaveText("add 1 new");
  await importDialog(page).getByRole("button", { name: "Import" }).click();
  await expect(page.locator("article mark")).toHaveCount(1);
  expect(await marks(page)).toEqual(marksBefore);
});

test("? opens the keyboard shortcuts and Esc closes them", async ({ page }) => {
  await openFresh(page);
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeHidden();
  await page.keyboard.press("?");
  await expect(help).toBeVisible();
  await expect(help.getByRole("row")).toContainText([/Alt\+Shift\+←/, /Ctrl\+Z/, /Enter/]);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Not while typing in the list's filter.
  const search = panel(page).getByRole("searchbox", { name: "Filter annotations" });
  await search.click();
  await page.keyboard.press("?");
  await expect(help).toBeHidden();
  await expect(search).toHaveValue("?");
  // The button opens it too, and its Close button closes it.
  await page.getByRole("button", { name: "Shortcuts" }).click();
  await expect(help).toBeVisible();
  await help.getByRole("button", { name: "Close" }).click();
  await expect(help).toBeHidden();
});

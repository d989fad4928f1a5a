// The core user path, as a reader does it: drag the mouse over Chinese text,
// tag it by button or key, reload, export and read the file.
import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { openFresh, dragOver, marks, canonicalText, exportJson, tag, tagBetween, toolbar } from "./helpers.mjs";

test("the article reads as an article", async ({ page }) => {
  await openFresh(page);
  await expect(page.locator("article h2")).toHaveText(["(一) 青山着意化为桥", "(二) 桃李不言自成蹊", "(三) 天下为公行大道"]);
  await expect(page.locator("article figure figcaption")).toContainText("Advertisement for the book");
  await expect(page.locator("article p", { hasText: "同新兴政党交往实现新突破" })).toHaveCount(1);
  await expect(page.locator("article .source")).toHaveText("(本版稿件均据新华社)");
  const legend = page.getByRole("list", { name: "Tags" });
  await expect(legend.getByRole("listitem")).toHaveText([/Quote/, /Statistic/, /Event/]);
});

test("the toolbar offers exactly Quote, Statistic and Event", async ({ page }) => {
  await openFresh(page);
  await dragOver(page, "2017年12月1日");
  const names = await toolbar(page).getByRole("button").evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")));
  expect(names).toEqual(["Quote", "Statistic", "Event"]);
  await page.keyboard.press("Escape");
  await expect(toolbar(page)).toBeHidden();
  await page.keyboard.press("1");
  await expect(page.locator("article mark")).toHaveCount(0);
});

test("each tag paints by mouse, by button and by key", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "Event");
  await tag(page, "160多个国家和地区的600多个政党", "2");
  await tag(page, "“中国共产党愿广交天下朋友。”", "Quote");

  const shown = await marks(page);
  expect(shown.map(({ text, tags }) => ({ text, tags }))).toEqual([
    { text: "2017年12月1日", tags: "event" },
    { text: "“中国共产党愿广交天下朋友。”", tags: "quote" },
    { text: "160多个国家和地区的600多个政党", tags: "statistic" },
  ]);
  const counts = page.locator(".legend .count");
  await expect(counts).toHaveText(["1", "1", "1"]);
  await expect(page.getByRole("status")).toContainText("Tagged as quote");
});

test("whitespace at the edges of a selection is trimmed", async ({ page }) => {
  await openFresh(page);
  await tag(page, " in Rome, Italy, ", "3");
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["in Rome, Italy,"]);
});

test("a selection across a paragraph break and an overlapping one both stay visible", async ({ page }) => {
  await openFresh(page);
  // From the end of one paragraph into the start of the next.
  await tagBetween(page, "开创了崭新局面。", "8年间，以中共中央", "3");
  const crossing = await marks(page);
  expect(crossing).toHaveLength(2);
  expect(crossing[0].ids).toBe(crossing[1].ids);
  expect(crossing.map((m) => m.text)).toEqual(["开创了崭新局面。", "8年间，以中共中央"]);

  // Overlap the second half of that highlight with a statistic.
  await tag(page, "8年间", "2");
  const after = await marks(page);
  const both = after.filter((m) => m.tags.split(" ").length === 2);
  expect(both).toHaveLength(1);
  expect(both[0].text).toBe("8年间");
  expect(both[0].tags.split(" ").sort()).toEqual(["event", "statistic"]);
  // The overlap is painted in both colours, unlike either neighbour.
  const fills = await page.locator("article mark").evaluateAll((ms) =>
    ms.map((m) => [m.textContent, getComputedStyle(m).backgroundImage, getComputedStyle(m).backgroundColor]),
  );
  const [, overlapImage] = fills.find(([text]) => text === "8年间");
  expect(overlapImage).toContain("linear-gradient");
  for (const [text, image, color] of fills.filter(([text]) => text !== "8年间")) {
    expect(image, text).toBe("none");
    expect(color, text).not.toBe("rgba(0, 0, 0, 0)");
  }
});

test("reload brings every highlight back where it was", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "Event");
  await tagBetween(page, "开创了崭新局面。", "8年间，以中共中央", "1");
  await tag(page, "8年间", "2");
  const before = await marks(page);
  expect(before.length).toBeGreaterThanOrEqual(4);
  await page.reload();
  await expect(page.locator("article mark")).toHaveCount(before.length);
  expect(await marks(page)).toEqual(before);
});

test("Export JSON downloads exactly what was tagged, with code point offsets", async ({ page }) => {
  await openFresh(page);
  const tagged = [
    ["2017年12月1日", "Event", "event"],
    ["160多个国家和地区的600多个政党", "Statistic", "statistic"],
    ["“中国共产党愿广交天下朋友。”", "Quote", "quote"],
  ];
  for (const [phrase, label] of tagged) await tag(page, phrase, label);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("东方风来春色新-annotations.json");
  const file = JSON.parse(await readFile(await download.path(), "utf8"));

  expect(file.format).toBe("tagmark-annotations");
  expect(file.version).toBe(1);
  expect(file.offset_unit).toBe("codepoint");
  const text = [...(await canonicalText(page))];
  expect(file.document).toMatchObject({ title: "东方风来春色新", length: text.length });
  expect(file.document.id).toMatch(/^doc-[0-9a-f]{16}$/);

  const got = file.annotations.map((a) => [a.quote, a.tag]).sort();
  expect(got).toEqual(tagged.map(([phrase, , tag]) => [phrase, tag]).sort());
  for (const a of file.annotations) {
    expect(a.end - a.start).toBe([...a.quote].length);
    expect(text.slice(a.start, a.end).join("")).toBe(a.quote);
    expect(text.slice(Math.max(0, a.start - [...a.prefix].length), a.start).join("")).toBe(a.prefix);
    expect(text.slice(a.end, a.end + [...a.suffix].length).join("")).toBe(a.suffix);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(a.created)).not.toBeNaN();
  }
  // Offsets stay consistent after a reload (same document id, same offsets).
  await page.reload();
  const [again] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  const second = JSON.parse(await readFile(await again.path(), "utf8"));
  expect(second.annotations).toEqual(file.annotations);
  expect(second.document).toEqual(file.document);
});

test("?doc= opens another article from this site, and only from this site", async ({ page }) => {
  await page.route((url) => url.pathname === "/other.txt", (route) =>
    route.fulfill({ contentType: "text/plain; charset=utf-8", body: "另一篇文章\n\n𠮷野家的故事。第二句话。\n" }),
  );
  await page.goto("/?doc=/other.txt");
  await expect(page.locator("article h1")).toHaveText("另一篇文章");
  await tag(page, "𠮷野家", "2");
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["𠮷野家"]);

  await page.goto("/?doc=/missing.txt");
  await expect(page.getByRole("alert")).toContainText("could not be loaded");

  // Another origin is never fetched: the shipped article opens instead.
  await page.goto("/?doc=//example.com/x.txt");
  await expect(page.locator("article h1")).toHaveText("东方风来春色新");
});

test("a long text renders run by run, and selection, find and scroll-to work across all of it", async ({ page }) => {
  // About 130,000 code points: many runs of blocks, rendered after the first paint.
  const paragraphs = Array.from({ length: 320 }, (_, i) => `第${i + 1}段。` + "长文测试的句子，".repeat(50) + "完。");
  paragraphs[300] = "𠮷野家在第三百零一段。" + paragraphs[300];
  const body = ["长篇文章", "", ...paragraphs.flatMap((p) => [p, ""])].join("\n");
  await page.route((url) => url.pathname === "/long.txt", (route) =>
    route.fulfill({ contentType: "text/plain; charset=utf-8", body }),
  );
  await page.goto("/?doc=/long.txt");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText("长篇文章");
  expect(await page.locator("article .run").count()).toBeGreaterThan(5);
  const text = await canonicalText(page);
  expect(text).toBe(["长篇文章", ...paragraphs].join("\n"));

  // The browser's find reaches text far below the screen.
  expect(await page.evaluate(() => window.find("第三百零一段"))).toBe(true);

  // Tag a phrase in the last runs; the export counts code points into the whole text.
  await tag(page, "𠮷野家", "3");
  const [mark] = await marks(page);
  expect(mark.text).toBe("𠮷野家");
  const file = await exportJson(page);
  const [a] = file.annotations;
  expect(a.start).toBe([...text.slice(0, text.indexOf("𠮷野家"))].length);
  expect(a.end - a.start).toBe(3);

  // From the top, the list's entry scrolls the highlight into view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("listitem").filter({ hasText: "𠮷野家" }).click();
  await expect(page.locator("article mark").first()).toBeInViewport();
});

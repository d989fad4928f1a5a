// Automated accessibility check (axe-core) of the page with annotations,
// overlapping highlights and the popover open.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { openFresh, tag, marks } from "./helpers.mjs";

// axe is injected as an inline script, which the page's CSP rightly refuses.
test.use({ bypassCSP: true });

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  return result;
}

test("no axe violations with annotations and the popover open", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  await tag(page, "160多个国家和地区的600多个政党", "2");
  await tag(page, "600多个政党和政治组织", "1");
  await page.locator("article mark", { hasText: "2017年12月1日" }).click();
  await expect(page.getByRole("dialog", { name: "Edit highlight" })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // The checker is live: an image without a text alternative is caught.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement("img"), { src: "data:," })));
  expect((await violations(page)).map((v) => v.id)).toContain("image-alt");
});

test("no axe violations in the overlap picker, the help and on a phone-sized screen", async ({ page }) => {
  await openFresh(page);
  await tag(page, "160多个国家和地区的600多个政党", "2");
  await tag(page, "600多个政党和政治组织", "1");
  await page.locator("article mark", { hasText: /^600多个政党$/ }).click();
  await expect(page.getByText("Highlights overlap here. Which one?")).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await violations(page)).toEqual([]);
});

// Every kind of block, each with a phrase of every tag: a highlight's text
// keeps the block's colour (grey in the subtitle, the caption and the
// source), so each pair of text colour and tag colour is checked.
const BLOCKS = [
  ["h1.title", [["东方", "1"], ["风来", "2"], ["春色新", "3"]]],
  ["p.subtitle", [["习近平总书记", "1"], ["关心推动", "2"], ["新局面纪实", "3"]]],
  ["p.lead", [["政党在国家", "1"], ["政治生活", "2"], ["人类文明进步", "3"]]],
  ["h2.section", [["青山", "1"], ["着意", "2"], ["化为桥", "3"]]],
  ["p:not([class])", [["“中国共产党愿广交天下朋友。”", "1"], ["160多个国家和地区的600多个政党", "2"], ["2017年12月1日", "3"]]],
  ["figcaption", [["Advertisement", "1"], ["portrait of Xi Jinping", "2"], ["book launch event", "3"]]],
  ["p.source", [["本版", "1"], ["稿件", "2"], ["新华社", "3"]]],
];

/** Which match of `phrase` in the article's text (counting from 0) is the first inside a `selector` block. */
async function occurrenceIn(page, selector, phrase) {
  return page.evaluate(
    ({ selector, phrase }) => {
      const article = document.querySelector("article");
      const blocks = [...article.querySelectorAll(selector)];
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      let text = "";
      const inBlock = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const inside = blocks.some((b) => b.contains(n));
        for (let i = 0; i < n.data.length; i++) inBlock.push(inside);
        text += n.data;
      }
      let count = 0;
      for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1), count++) {
        if (inBlock.slice(i, i + phrase.length).every(Boolean)) return count;
      }
      throw new Error(`${phrase} is not in ${selector}`);
    },
    { selector, phrase },
  );
}

test("no axe violations with every tag in every kind of block, overlaps included", async ({ page }) => {
  await openFresh(page);
  for (const [selector, phrases] of BLOCKS) {
    for (const [phrase, key] of phrases) await tag(page, phrase, key, await occurrenceIn(page, selector, phrase));
  }
  // Overlaps: a quote over the end of the statistic, and an event over a statistic in the caption.
  await tag(page, "600多个政党和政治组织", "1");
  await tag(page, "Xi Jinping and a photo", "3");

  // Each kind of block really shows each tag on its own (not only in an overlap).
  for (const [selector] of BLOCKS) {
    const tags = await page.locator(`article ${selector} mark`).evaluateAll((ms) => ms.map((m) => m.dataset.tags));
    for (const t of ["quote", "statistic", "event"]) expect(tags, `${selector} has a ${t} highlight`).toContain(t);
  }
  const overlaps = (await marks(page)).filter((m) => m.tags.split(" ").length > 1).map((m) => m.text);
  expect(overlaps).toEqual(expect.arrayContaining(["600多个政党", "Xi Jinping"]));

  expect(await violations(page)).toEqual([]);
});

test("the Guidelines panel opens with the three tags, and axe finds nothing with suggestions shown", async ({ page }) => {
  await openFresh(page);
  await expect(page.locator(".suggestion-bar")).toHaveAttribute("data-ready", "true");
  expect(await page.locator("article [data-sg]").count(), "suggestions are shown").toBeGreaterThan(5);
  await page.getByRole("button", { name: "Guidelines" }).click();
  const panel = page.getByRole("dialog", { name: "Tag guidelines" });
  await expect(panel).toBeVisible();
  for (const heading of ["quote", "statistic", "event"]) await expect(panel.getByRole("heading", { name: heading })).toBeVisible();
  await expect(panel).toContainText("160多个国家和地区");
  expect(await violations(page)).toEqual([]);
  await panel.getByRole("button", { name: "Close" }).click();
  await page.keyboard.press("n");
  await expect(page.getByRole("dialog", { name: "Suggestion", exact: true })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  // The toggle hides them all and is remembered.
  await page.getByRole("button", { name: "Suggestions" }).click();
  await expect(page.locator("article [data-sg]")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Suggestions" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("article [data-sg]")).toHaveCount(0);
});

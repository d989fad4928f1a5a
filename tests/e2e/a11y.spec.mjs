// Automated accessibility check (axe-core) of the page with annotations,
// overlapping highlights and the popover open.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { openFresh, tag } from "./helpers.mjs";

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

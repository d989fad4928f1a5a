// Faults injected for real: the page's CSP, a crash in the wasm, hostile
// imported text, blocked and full storage, and two tabs editing at once.
import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { openFresh, dragOver, marks } from "./helpers.mjs";

/** Records CSP violations from the first script on. */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

test("the app runs under its strict Content-Security-Policy without violations", async ({ page }) => {
  await watchCsp(page);
  await openFresh(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).not.toMatch(/https?:/);
  await dragOver(page, "2017年12月1日");
  await page.keyboard.press("3");
  await page.locator("article mark").first().click();
  await page.getByLabel("Note").fill("注释");
  await page.keyboard.press("Escape");
  await page.keyboard.press("?");
  await page.keyboard.press("Escape");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  expect(JSON.parse(await readFile(await download.path(), "utf8")).annotations).toHaveLength(1);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);

  // The policy is live: an injected inline script is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__ranInline = true";
    document.body.append(s);
  });
  await expect.poll(() => page.evaluate(() => window.__cspViolations.length)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__ranInline)).toBeUndefined();
});

test("a crash in the wasm shows a banner that offers the work in memory", async ({ page }) => {
  await openFresh(page);
  await dragOver(page, "2017年12月1日");
  await page.keyboard.press("3");
  await page.evaluate(() => {
    try {
      window.wasmBindings.tagmark_simulate_crash();
    } catch {}
  });
  const banner = page.getByRole("alert").filter({ hasText: "internal error" });
  await expect(banner).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    banner.getByRole("link", { name: "Download your highlights as they were in memory" }).click(),
  ]);
  const file = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(file.annotations.map((a) => [a.quote, a.tag])).toEqual([["2017年12月1日", "event"]]);
});

// Offline and installing: after one visit the app opens, tags, exports and
// opens library documents with no network; a new deployment is offered,
// never mixed in; the CSP stays strict.
import { test, expect, chromium } from "@playwright/test";
import { createRequire } from "node:module";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalText, exportJson, tag } from "./helpers.mjs";
import { openFromLibrary, pasteText, toLibrary } from "./library-helpers.mjs";
import { serve } from "./serve.mjs";
import { writeWorker } from "../../scripts/service-worker.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = resolve(ROOT, process.env.E2E_DIST || "dist");
const ARTICLE_TITLE = "东方风来春色新";
const OFFER = "A new version of Tagmark is ready.";

const heading = (page) => page.locator("article:not([aria-busy]) h1");
const offer = (page) => page.getByRole("status").filter({ hasText: OFFER });

/** Waits until a service worker controls the page (the first visit is claimed). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test("after one visit the app opens, tags, exports and opens a library document with no network", async ({ page, context }) => {
  const refused = [];
  page.on("console", (m) => /Content Security Policy|Refused/.test(m.text()) && refused.push(m.text()));
  await page.goto("/");
  await expect(heading(page)).toHaveText(ARTICLE_TITLE);
  await controlled(page);
  // A text added to the library (IndexedDB) while online.
  await page.goto("/#/library");
  await expect(page.locator("table.library-list")).toBeVisible();
  await pasteText(page, "离线阅读\n\n没有网络也能打开的文字。\n");
  await page.goto("/");
  await expect(heading(page)).toHaveText(ARTICLE_TITLE);

  await context.setOffline(true);
  await page.reload();
  await expect(heading(page)).toHaveText(ARTICLE_TITLE);
  expect(await page.evaluate(() => performance.getEntriesByType("navigation")[0].workerStart > 0), "the worker answered the reload").toBe(true);

  await tag(page, "2017年12月1日", "3");
  const file = await exportJson(page);
  const text = [...(await canonicalText(page))];
  const added = file.annotations.filter((a) => a.quote === "2017年12月1日");
  expect(added).toHaveLength(1);
  expect(added[0].tag).toBe("event");
  // Code point offsets into the canonical text, at the phrase's first match (the one dragged over).
  expect(text.slice(added[0].start, added[0].end).join("")).toBe("2017年12月1日");
  const joined = text.join("");
  expect([...joined.slice(0, joined.indexOf("2017年12月1日"))].length).toBe(added[0].start);

  await toLibrary(page);
  await openFromLibrary(page, "离线阅读");
  await expect(page.locator("article")).toContainText("没有网络也能打开的文字。");
  expect(refused).toEqual([]);
});

test("Chromium finds the app installable: manifest, icons and a controlling worker", async ({ baseURL }) => {
  // Not in Playwright's usual incognito contexts: Chromium never installs from those.
  const profile = mkdtempSync(join(tmpdir(), "tagmark-profile-"));
  const context = await chromium.launchPersistentContext(profile, test.info().project.use.launchOptions);
  try {
    const page = await context.newPage();
    await page.goto(baseURL);
    await expect(heading(page)).toHaveText(ARTICLE_TITLE);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    expect((await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    const { url, data } = await cdp.send("Page.getAppManifest");
    expect(url).toBe(new URL("manifest.webmanifest", baseURL).href);
    expect(JSON.parse(data)).toMatchObject({ short_name: "Tagmark", display: "standalone", lang: "zh-CN" });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("without the worker the same offline reload fails (the check above can fail)", async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(heading(page)).toHaveText(ARTICLE_TITLE);
  await context.setOffline(true);
  await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  await context.close();
});

/**
 * Makes `dir` (a copy of dist/) deployment `n`, as a new build would be:
 * index.html carries a marker, the stylesheet a new name, content and
 * integrity, and sw.js is written afresh for these files.
 */
function deploy(dir, n) {
  const index = join(dir, "index.html");
  let html = readFileSync(index, "utf8");
  const [, cssName, integrity] = /href="\/([^"]+\.css)" integrity="([^"]+)"/.exec(html);
  const css = readFileSync(join(dir, cssName), "utf8").replace(/\n:root \{ --tagmark-build[^\n]*\n$/, "") + `\n:root { --tagmark-build: "${n}"; }\n`;
  const name = `main-deploy${n}.css`;
  unlinkSync(join(dir, cssName));
  writeFileSync(join(dir, name), css);
  const sri = `sha384-${createHash("sha384").update(css).digest("base64")}`;
  html = html
    .replace(cssName, name)
    .replace(integrity, sri)
    .replace(/<meta name="tagmark-build" content="\d+" \/>\n\s*/, "")
    .replace("<title>", `<meta name="tagmark-build" content="${n}" />\n    <title>`);
  writeFileSync(index, html);
  return writeWorker(dir, true);
}

/** Which deployment the page runs: its index.html's marker, its stylesheet's, and the stylesheets it fetched. */
async function running(page) {
  return page.evaluate(() => ({
    html: document.querySelector('meta[name="tagmark-build"]').content,
    css: JSON.parse(getComputedStyle(document.documentElement).getPropertyValue("--tagmark-build")),
    sheets: performance
      .getEntriesByType("resource")
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith(".css")),
  }));
}

/** Deployment `n` on one page load: every part of it from that one deployment. */
function expectRun(run, n) {
  expect(run).toEqual({ html: String(n), css: String(n), sheets: [`/main-deploy${n}.css`] });
}

/** A copy of dist/ as deployment 1, served on a port of its own (so its own origin and worker). */
async function deployment() {
  const dir = mkdtempSync(join(tmpdir(), "tagmark-deploy-"));
  cpSync(DIST, dir, { recursive: true });
  const first = deploy(dir, 1);
  const server = await serve(dir, 0);
  return {
    dir,
    first,
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("a new deployment is offered in every tab, Reload runs it, and no page mixes two versions", async ({ browser }) => {
  const site = await deployment();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await expect(heading(page)).toHaveText(ARTICLE_TITLE);
    await controlled(page);
    expectRun(await running(page), 1);
    const other = await context.newPage();
    await other.goto(site.url);
    await expect(heading(other)).toHaveText(ARTICLE_TITLE);
    expectRun(await running(other), 1);
    await other.evaluate(() => (window.stillOpen = true));

    const second = deploy(site.dir, 2);
    expect(second).not.toBe(site.first);
    // The reader comes back to the other tab: it checks for an update, and
    // both tabs (one registration) get the offer.
    await other.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await expect(offer(other)).toBeVisible();
    await expect(offer(page)).toBeVisible();
    await expect(offer(page).getByRole("button", { name: "Reload" })).not.toBeFocused();

    // Reloading by hand still runs deployment 1 (its worker answers), and offers again.
    await page.reload();
    await expect(heading(page)).toHaveText(ARTICLE_TITLE);
    expectRun(await running(page), 1);
    await expect(offer(page)).toBeVisible();

    await Promise.all([page.waitForEvent("load"), offer(page).getByRole("button", { name: "Reload" }).click()]);
    await expect(heading(page)).toHaveText(ARTICLE_TITLE);
    expectRun(await running(page), 2);
    await expect(offer(page)).toHaveCount(0);
    expect(await page.evaluate(() => caches.keys())).toEqual([second]);

    // The other tab was not reloaded behind the reader's back: it still runs
    // deployment 1 from memory, offers the reload, and its Reload runs 2.
    expect(await other.evaluate(() => window.stillOpen)).toBe(true);
    expectRun(await running(other), 1);
    await expect(offer(other)).toBeVisible();
    await Promise.all([other.waitForEvent("load"), offer(other).getByRole("button", { name: "Reload" }).click()]);
    await expect(heading(other)).toHaveText(ARTICLE_TITLE);
    expectRun(await running(other), 2);
    await context.close();
  } finally {
    site.close();
  }
});

test("the CSP stays strict, axe finds nothing with the update offer shown, and Not now hides it", async ({ browser }) => {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)[1];
  const directives = Object.fromEntries(policy.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
  expect(policy).not.toMatch(/(^|\s)'unsafe-eval'/);
  expect(policy).not.toContain("*");
  expect(directives["default-src"]).toEqual(["'none'"]);
  expect(directives["manifest-src"]).toEqual(["'self'"]);
  expect(directives["worker-src"]).toEqual(["'self'"]);
  for (const source of directives["script-src"]) expect(source).toMatch(/^('self'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/=]+')$/);
  // The registering script is a file of this origin, not inline.
  expect(html).toMatch(/<script type="module" src="\/sw-register\.js"><\/script>/);

  const site = await deployment();
  try {
    // axe is injected as an inline script, which the page's CSP rightly refuses.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(site.url);
    await expect(heading(page)).toHaveText(ARTICLE_TITLE);
    await controlled(page);
    deploy(site.dir, 2);
    await page.reload();
    await expect(offer(page)).toBeVisible();
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    });
    expect(violations).toEqual([]);
    // "Not now" hides the offer; the next load offers again (the new worker still waits).
    await offer(page).getByRole("button", { name: "Not now" }).click();
    await expect(offer(page)).toHaveCount(0);
    await page.reload();
    await expect(offer(page)).toBeVisible();
    await context.close();
  } finally {
    site.close();
  }
});

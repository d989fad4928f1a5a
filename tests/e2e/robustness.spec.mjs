// Faults injected for real: the page's CSP, a crash in the wasm, hostile
// imported text, blocked and full storage, and two tabs editing at once.
import { test, expect } from "@playwright/test";
import { readFile, writeFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openFresh, marks, tag, textOf, exportJson } from "./helpers.mjs";

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
  await tag(page, "2017年12月1日", "3");
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

test("a crash in the wasm shows a banner that offers the work as last saved", async ({ page }) => {
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  // Saved first: the banner then offers what storage holds.
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith("tagmark:v2:") && localStorage.getItem(k).includes('"e",'))))
    .toBe(true);
  await page.evaluate(() => {
    try {
      window.wasmBindings.tagmark_simulate_crash();
    } catch {}
  });
  const banner = page.getByRole("alert").filter({ hasText: "internal error" });
  await expect(banner).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    banner.getByRole("link", { name: "Download your highlights as last saved" }).click(),
  ]);
  const file = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(file.annotations.map((a) => [a.quote, a.tag])).toEqual([["2017年12月1日", "event"]]);
});

test("a crash while saving fails offers the work in memory beside what was last saved", async ({ page }) => {
  await page.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__storageFull && key.startsWith("tagmark:v2:")) throw new DOMException("quota", "QuotaExceededError");
      return real.call(this, key, value);
    };
  });
  await openFresh(page);
  await tag(page, "2017年12月1日", "3");
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith("tagmark:v2:"))))
    .toBe(true);
  await page.evaluate(() => (window.__storageFull = true));
  await tag(page, "东方风来春色新", "1");
  await expect(page.getByRole("alert").filter({ hasText: "could not be saved" })).toBeVisible();
  await page.evaluate(() => {
    try {
      window.wasmBindings.tagmark_simulate_crash();
    } catch {}
  });
  const banner = page.getByRole("alert").filter({ hasText: "internal error" });
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent("download"), banner.getByRole("link", { name }).click()]);
    return JSON.parse(await readFile(await file.path(), "utf8")).annotations.map((a) => a.quote).sort();
  };
  expect(await download("Download your highlights as they were in memory")).toEqual(["2017年12月1日", "东方风来春色新"].sort());
  expect(await download("Download your highlights as last saved")).toEqual(["2017年12月1日"]);
});

test("blocked storage: the app works in memory with a visible warning", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await page.goto("/");
  await expect(page.locator("article h1")).toBeVisible();
  const warning = page.getByRole("alert").filter({ hasText: "not being saved" });
  await expect(warning).toBeVisible();
  await tag(page, "2017年12月1日", "3");
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
  await expect(warning).toBeVisible();
});

test("a full storage is reported, work continues, and saving resumes when space frees", async ({ page }) => {
  await page.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__storageFull) throw new DOMException("quota", "QuotaExceededError");
      return real.call(this, key, value);
    };
  });
  await openFresh(page);
  await page.evaluate(() => (window.__storageFull = true));
  await tag(page, "2017年12月1日", "3");
  const alert = page.getByRole("alert").filter({ hasText: "could not be saved" });
  await expect(alert).toContainText("storage for this site is full");
  await expect(alert).toContainText("Export JSON");
  expect(await marks(page)).toHaveLength(1);
  await page.evaluate(() => (window.__storageFull = false));
  await expect(alert).toBeHidden({ timeout: 10_000 });
  await page.reload();
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
});

test("storage that is 70% full is warned about before it runs out", async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem("someone-else", "x".repeat(3_800_000));
  });
  await page.reload();
  await tag(page, "2017年12月1日", "3");
  await expect(page.getByRole("status").filter({ hasText: /Storage for this site is \d+% full/ })).toBeVisible();
  await page.evaluate(() => localStorage.removeItem("someone-else"));
});

test("old-version and corrupt stored values: one is upgraded, the other kept aside", async ({ page }) => {
  await openFresh(page);
  // Make a v1 value by hand for this document: find its id from an export.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  const docId = JSON.parse(await readFile(await download.path(), "utf8")).document.id;
  const start = await page.evaluate(() => {
    const text = [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n");
    return [...text.slice(0, text.indexOf("2017年12月1日"))].length;
  });
  await page.evaluate(
    ({ docId, start }) => {
      localStorage.clear();
      localStorage.setItem(
        `tagmark:v1:${docId}`,
        JSON.stringify({
          format: "tagmark-store",
          version: 1,
          document: docId,
          annotations: [{ id: "v1", tag: "event", start, end: start + 10, quote: "2017年12月1日", created: "2026-01-01T00:00:00.000Z" }],
        }),
      );
      localStorage.setItem(`tagmark:v2:${docId}:b`, '{"format":"tagmark-store","version":2,"torn');
    },
    { docId, start },
  );
  await page.reload();
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toEqual(["2017年12月1日"]);
  await expect(page.getByRole("status").filter({ hasText: "kept aside" }).first()).toBeVisible();
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  expect(keys.some((k) => k.startsWith("tagmark:backup:"))).toBe(true);
  expect(keys).not.toContain(`tagmark:v1:${docId}`);
  const backup = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("tagmark:backup:"))[1]);
  expect(backup).toBe('{"format":"tagmark-store","version":2,"torn');
});

test("what the build of 2026-12-01 stored still loads: highlights, note, history, unplaced, and the same export", async ({ page }) => {
  // Made by tests/e2e/fixtures/capture-stored.mjs with that day's build: every
  // tagmark:* key with its raw value, and what Export JSON gave right then.
  const fixture = (name) => readFile(new URL(`../fixtures/${name}`, import.meta.url), "utf8").then(JSON.parse);
  const stored = await fixture("stored-2026-12-01.json");
  const expected = await fixture("stored-2026-12-01.export.json");
  expect(Object.keys(stored).some((k) => k.startsWith("tagmark:v2:"))).toBe(true);
  // In storage before the app's first script runs (once: a reload keeps what the app made of it).
  await page.addInitScript((stored) => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    localStorage.clear();
    for (const [key, value] of Object.entries(stored)) localStorage.setItem(key, value);
  }, stored);
  await page.goto("/");
  await expect(page.locator("article h1")).toHaveText("东方风来春色新");
  await expect(page.locator(".crash")).toHaveCount(0);

  // Every annotation is painted on its text with its tag.
  expect(expected.annotations.length).toBeGreaterThanOrEqual(4);
  await expect(page.locator(".entries .entry")).toHaveCount(expected.annotations.length);
  for (const a of expected.annotations) {
    expect(await textOf(page, a.id), a.quote).toBe(a.quote);
    const tags = await page.locator(`article mark[data-ids~="${a.id}"]`).evaluateAll((ms) => ms.map((m) => m.dataset.tags.split(" ")));
    for (const t of tags) expect(t, a.quote).toContain(a.tag);
  }
  // The note, in the list and in the popover.
  const noted = expected.annotations.find((a) => a.note);
  expect(noted.note).toBe("开幕式在人民大会堂举行");
  await expect(page.locator(".entries .entry-note")).toHaveText([noted.note]);
  await page.locator(".entries .entry", { hasText: noted.quote }).click();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Edit highlight" }).getByLabel("Note")).toHaveValue(noted.note);
  await page.keyboard.press("Escape");
  // The unplaced one, listed.
  await expect(page.locator(".unplaced-item .entry-quote")).toHaveText(["这句话不在这篇文章里"]);
  await expect(page.locator(".unplaced-item .entry-note")).toHaveText(["无处安放"]);
  // Undo and redo came back too.
  await expect(page.getByRole("button", { name: "Undo", exact: true })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Redo", exact: true })).toBeEnabled();

  // The export holds the same annotations at the same offsets.
  const pick = (file) =>
    file.annotations
      .map(({ id, tag, start, end, quote, note }) => ({ id, tag, start, end, quote, note: note ?? "" }))
      .sort((x, y) => x.id.localeCompare(y.id));
  const file = await exportJson(page);
  expect(file.document.id).toBe(expected.document.id);
  expect(pick(file)).toEqual(pick(expected));
  // And again after a reload, from what this build made of it.
  await page.reload();
  await expect(page.locator(".unplaced-item .entry-quote")).toHaveText(["这句话不在这篇文章里"]);
  expect(pick(await exportJson(page))).toEqual(pick(expected));
});

test("two tabs editing at once lose nothing, deletions included", async ({ context }) => {
  const a = await context.newPage();
  await openFresh(a);
  const b = await context.newPage();
  await b.goto("/");
  await expect(b.locator("article h1")).toBeVisible();

  await tag(a, "2017年12月1日", "3");
  await tag(b, "160多个国家和地区的600多个政党", "2");
  const both = [["160多个国家和地区的600多个政党", "statistic"], ["2017年12月1日", "event"]];
  const shown = async (page) => (await marks(page)).map((m) => [m.text, m.tags]).sort();
  await expect.poll(() => shown(a)).toEqual(both);
  await expect.poll(() => shown(b)).toEqual(both);

  // A deletes, B edits a note: each tab sees the other's change live.
  await a.locator("article mark", { hasText: "2017年12月1日" }).click();
  await a.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await b.locator("article mark", { hasText: "160多个国家和地区的600多个政党" }).click();
  await b.getByLabel("Note").fill("从另一个标签页");
  await b.keyboard.press("Escape");
  await expect.poll(() => shown(b)).toEqual([both[0]]);
  await expect.poll(() => shown(a)).toEqual([both[0]]);
  await expect(a.locator(".entries .entry")).toContainText(["从另一个标签页"]);
  await a.reload();
  await expect.poll(() => shown(a)).toEqual([both[0]]);
});

test("hostile imported text is shown as text and runs nothing", async ({ page }) => {
  await openFresh(page);
  const pwn = "window.__pwned=1";
  const corpus = [
    `<script>${pwn}</script>`,
    `<img src=x onerror="${pwn}">`,
    `javascript:${pwn}`,
    "\u202Eevil\u202C \u2066isolate\u2069",
    `<svg onload="${pwn}"></svg>`,
  ];
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  const base = JSON.parse(await readFile(await download.path(), "utf8"));
  const text = [...(await page.evaluate(() => [...document.querySelectorAll("article [data-start]")].map((b) => b.textContent).join("\n")))];
  const at = text.join("").indexOf("2017年12月1日");
  const start = [...text.join("").slice(0, at)].length;
  base.annotations = [
    { id: corpus[0], tag: "event", quote: "2017年12月1日", start, end: start + 10, note: corpus.join("\n") + "x".repeat(99_000), created: "2026-01-01T00:00:00.000Z" },
    { id: "unplaced", tag: "quote", quote: corpus[1], start: 0, end: [...corpus[1]].length, note: corpus[2], created: "2026-01-01T00:00:00.000Z" },
  ];
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Import JSON" }).click();
  await (await chooser).setFiles({ name: "hostile.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(base)) });
  await page.getByRole("dialog", { name: "Import annotations" }).getByRole("button", { name: "Import" }).click();
  await expect(page.locator(".entries .entry")).toHaveCount(1);
  await expect(page.locator(".entries .entry-note")).toHaveText(corpus[0]);
  await expect(page.locator(".unplaced-item .entry-quote")).toHaveText(corpus[1]);
  await page.locator("article mark").first().click();
  expect(await page.getByLabel("Note").inputValue()).toBe(corpus.join("\n") + "x".repeat(99_000));
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(page.locator(".unplaced-item .entry-quote")).toHaveText(corpus[1]);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator("article img, article script, article svg, .panel img, .panel svg").count()).toBe(0);

  // A lone surrogate is not valid JSON text: a clear message, nothing changes.
  const chooser2 = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Import JSON" }).click();
  await (await chooser2).setFiles({ name: "lone.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(base).replace("2026-01-01", "\\ud800")) });
  await expect(page.getByRole("dialog", { name: "Import annotations" }).getByRole("alert")).toContainText("Nothing was changed");
});

test("a whitespace-only ?doc= file says it has no text, and nothing crashes", async ({ page }) => {
  // A real file in the directory the test server serves (see serve.mjs and playwright.config.mjs).
  const dist = resolve(fileURLToPath(new URL("../..", import.meta.url)), process.env.E2E_DIST || "dist");
  const file = join(dist, "empty.txt");
  await writeFile(file, " \n\t \r\n\n   \n");
  try {
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto("/?doc=/empty.txt");
    await expect(page.getByRole("alert").filter({ hasText: "has no text" })).toBeVisible();
    await expect(page.locator(".crash")).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await rm(file, { force: true });
  }
});

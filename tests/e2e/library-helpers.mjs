// Helpers for the library's end-to-end tests: adding texts the way a reader
// does (the real file chooser, the paste dialog), finding rows, and reading
// what the page shows of a document's highlights.
import { expect } from "@playwright/test";
import { readFileSync } from "node:fs";

const FIXTURES = new URL("./fixtures/library/", import.meta.url);

const MIME = { txt: "text/plain", md: "text/markdown", html: "text/html", json: "application/json", png: "image/png" };

/** Fixture `fixtureName` as a file for `setFiles`, offered under the name `as`. */
export function fixture(fixtureName, as = fixtureName) {
  return textFile(as, readFileSync(new URL(fixtureName, FIXTURES)));
}

/** A file named `name` for `setFiles`, holding `contents` (a string or a Buffer). */
export function textFile(name, contents) {
  const ext = name.split(".").at(-1).toLowerCase();
  const buffer = Buffer.isBuffer(contents) ? contents : Buffer.from(contents);
  return { name, mimeType: MIME[ext] ?? "application/octet-stream", buffer };
}

/** The text of fixture `name`. */
export function fixtureText(name) {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

/** The intake report dialog. */
export const report = (page) => page.locator("dialog.intake-report");

/** The library's rows. */
export const rows = (page) => page.locator("table.library-list tbody tr");

/** The row of document `id`. */
export const rowOf = (page, id) => page.locator(`table.library-list tbody tr[data-doc="${id}"]`);

/** The row whose title link reads exactly `title`. */
export const rowTitled = (page, title) =>
  page.locator("table.library-list tbody tr").filter({ has: page.locator("a.doc-title", { hasText: new RegExp(`^${title}$`) }) });

/** Opens the library from a document through the header's Library link. */
export async function toLibrary(page) {
  await page.locator("a.to-library").click();
  await expect(page).toHaveURL(/#\/library$/);
  await expect(page.locator("table.library-list")).toBeVisible();
}

/**
 * Picks `files` through **Open files…** and the real file chooser, and
 * waits for the report; returns its outcome elements (one per file).
 */
export async function openFiles(page, files) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator("button.open-files").click()]);
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(files);
  await expect(report(page)).toBeVisible();
  return report(page).locator("li [data-outcome]");
}

/** Closes the intake report with its Close button. */
export async function closeReport(page) {
  await report(page).getByRole("button", { name: "Close", exact: true }).click();
  await expect(report(page)).toBeHidden();
}

/** The id in the URL of the open document. */
export function openId(page) {
  const m = /#\/d\/(doc-[0-9a-f]{16})$/.exec(page.url());
  if (!m) throw new Error(`not on a document: ${page.url()}`);
  return m[1];
}

/** Clicks the title link of `title` in the library and waits for the document. */
export async function openFromLibrary(page, title) {
  await rowTitled(page, title).locator("a.doc-title").click();
  await expect(page).toHaveURL(/#\/d\/doc-[0-9a-f]{16}$/);
  await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(title);
  return openId(page);
}

/** Pastes `text` through **Paste text** (typed into the box), presses Add and waits for the new document. */
export async function pasteText(page, text) {
  await page.locator("button.paste-text").click();
  const dialog = page.locator("dialog.paste");
  await expect(dialog).toBeVisible();
  await dialog.locator("textarea.paste-body").fill(text);
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/#\/d\/doc-[0-9a-f]{16}$/);
  return openId(page);
}

/** The distinct annotation ids painted in the article. */
export async function highlightIds(page) {
  const ids = await page.locator("article mark").evaluateAll((ms) => ms.flatMap((m) => m.dataset.ids.split(" ")));
  return [...new Set(ids)].sort();
}

/** The counts a row shows: [quote, statistic, event]. */
export async function rowCounts(row) {
  return Promise.all(["quote", "statistic", "event"].map(async (t) => (await row.locator(`td[data-tag=${t}]`).textContent()).trim()));
}

// ---------------------------------------------------------------------------
// Lifecycle and property tests (lifecycle.spec.mjs, property.spec.mjs).

/** The library's Remove dialog. */
export const confirmDialog = (page) => page.locator("dialog.confirm-remove");

/** The Undo of the removal of `title` in the library's list of removals. */
export const undoButton = (page, title) => page.getByRole("button", { name: `Undo removing ${title}`, exact: true });

/** Opens the Remove dialog of document `id` from its row. */
export async function askToRemove(page, id) {
  await rowOf(page, id).locator("button.remove-doc").click();
  await expect(confirmDialog(page)).toBeVisible();
}

/** Removes document `id` from the library (its row's Remove, then the dialog's) and waits for its row to go. */
export async function removeDoc(page, id) {
  await askToRemove(page, id);
  await confirmDialog(page).getByRole("button", { name: "Remove", exact: true }).click();
  await expect(confirmDialog(page)).toBeHidden();
  await expect(rowOf(page, id)).toHaveCount(0);
}

/** Opens the library at `#/library` in a fresh page and waits for its list. */
export async function gotoLibrary(page) {
  await page.goto("/#/library");
  await expect(page.locator("table.library-list")).toBeVisible();
}

/** A text of `n` short paragraphs (about 60 characters each), titled `title`. */
export function longText(title, n) {
  const pool = "春夏秋冬东南西北山川河流日月星辰风雨雷电花草树木鸟兽虫鱼城市乡村道路桥梁学校医院工厂农田";
  const lines = [title, ""];
  for (let i = 0; i < n; i++) {
    let p = `第${i + 1}段：`;
    for (let j = 0; j < 52; j++) p += pool[(i * 7 + j * 13) % pool.length];
    lines.push(p + "。", "");
  }
  return lines.join("\n");
}

/** Adds `text` as file `name` through Open files… and waits (long) for the report; returns the new document's id. */
export async function addLongFile(page, name, text) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator("button.open-files").click()]);
  await chooser.setFiles(textFile(name, text));
  const outcome = report(page).locator("li [data-outcome]");
  await expect(outcome).toHaveCount(1, { timeout: 120_000 });
  await expect(outcome).toHaveAttribute("data-outcome", "added");
  const href = await outcome.locator("a").getAttribute("href");
  await closeReport(page);
  return href.replace("#/d/", "");
}

/**
 * From the library, opens document `id` from its row and, while its article
 * is still busy rendering, clicks the header's Library link (in the page, at
 * once, so that the click surely lands mid-render; after `frames` more
 * animation frames when given). Waits for the library.
 */
export async function leaveWhileRendering(page, id, frames = 0) {
  await rowOf(page, id).locator("a.doc-title").click();
  await expect(page).toHaveURL(new RegExp(`#/d/${id}$`));
  await expect(page.locator("a.to-library")).toBeVisible({ timeout: 60_000 });
  const left = await page.evaluate(
    (frames) =>
      new Promise((resolve) => {
        const until = performance.now() + 60_000;
        let wait = frames;
        const look = () => {
          const busy = document.querySelector("article[aria-busy=true]");
          if (busy && wait-- <= 0) {
            document.querySelector("a.to-library").click();
            resolve(true);
          } else if ((!busy && document.querySelector("article:not([aria-busy]) h1")) || performance.now() > until) resolve(false);
          else requestAnimationFrame(look);
        };
        look();
      }),
    frames,
  );
  expect(left, "the article was still rendering when Library was clicked").toBe(true);
  await expect(page).toHaveURL(/#\/library$/);
  await expect(page.locator("table.library-list")).toBeVisible();
  // The slices that were due get their turn.
  await page.evaluate(() => new Promise((resolve) => { let n = 30; const f = () => (n-- <= 0 ? resolve() : requestAnimationFrame(f)); f(); }));
}

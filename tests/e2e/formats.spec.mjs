// Interchange through the UI: every export format downloaded and parsed,
// and W3C / doccano files from an edited version of the article imported back.
import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { openFresh, dragOver, marks, canonicalText, tag } from "./helpers.mjs";

const PHRASES = [
  ["2017年12月1日", "3", "event"],
  ["160多个国家和地区的600多个政党", "2", "statistic"],
  ["“中国共产党愿广交天下朋友。”", "1", "quote"],
];

async function tagAll(page) {
  for (const [phrase, key] of PHRASES) await tag(page, phrase, key);
  await expect(page.locator("article mark")).toHaveCount(3);
}

async function download(page, name) {
  const button = name === "Export JSON" ? page.getByRole("button", { name: "Export JSON" }) : page.getByRole("button", { name });
  if (name !== "Export JSON") {
    await page.locator(".export-more summary").click();
    await expect(button).toBeVisible();
  }
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  if (name !== "Export JSON") await expect(button).toBeHidden();
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

/** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text) {
  const rows = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") rows.at(-1).push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") rows.at(-1).push(field), (field = ""), rows.push([]), i++;
    else field += c;
  }
  if (field || rows.at(-1).length) rows.at(-1).push(field);
  return rows.filter((r) => r.length > 1);
}

test("every export format carries the same offsets, consistent with the text", async ({ page }) => {
  await openFresh(page);
  await tagAll(page);
  const text = await canonicalText(page);
  const cps = [...text];
  const expected = PHRASES.map(([quote, , tag]) => [quote, tag]).sort();
  const checkCodePoints = (start, end, quote) => expect(cps.slice(start, end).join("")).toBe(quote);

  const tagmark = await download(page, "Export JSON");
  expect(tagmark.name).toBe("东方风来春色新-annotations.json");
  const own = JSON.parse(tagmark.text);
  expect(own.annotations.map((a) => [a.quote, a.tag]).sort()).toEqual(expected);
  for (const a of own.annotations) {
    checkCodePoints(a.start, a.end, a.quote);
    expect(text.slice(a.start_utf16, a.end_utf16)).toBe(a.quote);
  }
  const byQuote = Object.fromEntries(own.annotations.map((a) => [a.quote, a]));

  const w3c = JSON.parse((await download(page, "W3C Web Annotation (JSON-LD)")).text);
  expect(w3c.type).toBe("AnnotationCollection");
  const items = w3c.first.items;
  expect(items).toHaveLength(3);
  for (const item of items) {
    const quoteSel = item.target.selector.find((s) => s.type === "TextQuoteSelector");
    const posSel = item.target.selector.find((s) => s.type === "TextPositionSelector");
    const tagging = item.body.find((b) => b.purpose === "tagging");
    expect([posSel.start, posSel.end]).toEqual([byQuote[quoteSel.exact].start, byQuote[quoteSel.exact].end]);
    expect(tagging.value).toBe(byQuote[quoteSel.exact].tag);
    checkCodePoints(posSel.start, posSel.end, quoteSel.exact);
  }

  const doccano = (await download(page, "doccano JSONL")).text.trim().split("\n").map((l) => JSON.parse(l));
  expect(doccano).toHaveLength(1);
  expect(doccano[0].text).toBe(text);
  for (const [start, end, tag] of doccano[0].label) {
    const quote = cps.slice(start, end).join("");
    expect(byQuote[quote].tag).toBe(tag);
  }

  const studio = JSON.parse((await download(page, "Label Studio JSON")).text);
  expect(studio[0].data.text).toBe(text);
  for (const r of studio[0].annotations[0].result) {
    checkCodePoints(r.value.start, r.value.end, r.value.text);
    expect(r.value.start).toBe(byQuote[r.value.text].start);
  }

  const csv = parseCsv((await download(page, "CSV")).text);
  const [header, ...rows] = csv;
  expect(header).toEqual(["id", "tag", "start", "end", "start_utf16", "end_utf16", "quote", "note", "created", "modified"]);
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    const r = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    checkCodePoints(Number(r.start), Number(r.end), r.quote);
    expect(text.slice(Number(r.start_utf16), Number(r.end_utf16))).toBe(r.quote);
  }
});

async function importFile(page, name, body) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Import JSON" }).click();
  await (await chooser).setFiles({ name, mimeType: "application/json", buffer: Buffer.from(body) });
  return page.getByRole("dialog", { name: "Import annotations" });
}

test("a W3C file and a doccano file made on an edited article land on the right text", async ({ page }) => {
  await openFresh(page);
  await tagAll(page);
  const w3c = JSON.parse((await download(page, "W3C Web Annotation (JSON-LD)")).text);
  const text = await canonicalText(page);

  // As if made on a version with an editor's note inserted before the body:
  // every position is 17 later, and one annotation is on text this article lacks.
  const shift = [..."【编者按】本文首发于二〇二〇年。\n"].length;
  for (const item of w3c.first.items) {
    item.id = item.id.replace(/.$/, "f");
    for (const s of item.target.selector) if (s.type === "TextPositionSelector") (s.start += shift), (s.end += shift);
  }
  const lost = structuredClone(w3c.first.items[0]);
  lost.id = "urn:tagmark:lost";
  lost.target.selector = [{ type: "TextQuoteSelector", exact: "这句话不在文章里", prefix: "", suffix: "" }];
  w3c.first.items.push(lost);
  w3c.total = 4;

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  let dialog = await importFile(page, "edited.jsonld", JSON.stringify(w3c));
  await expect(dialog).toContainText("W3C Web Annotation");
  await expect(dialog.locator("li[data-count=new]")).toHaveText("add 3 new");
  await expect(dialog.locator("li[data-count=relocated]")).toContainText("move 3");
  await expect(dialog.locator("li[data-count=unplaced]")).toContainText("list 1");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect.poll(async () => (await marks(page)).map((m) => m.text).sort()).toEqual(PHRASES.map(([p]) => p).sort());
  await expect(page.locator(".unplaced-item")).toHaveCount(1);

  // The reader places the unplaced one by hand: select its text, press Place.
  await dragOver(page, "党的对外工作");
  await page.getByRole("button", { name: /^Place .* on the selected text$/ }).click();
  await expect(page.locator(".unplaced-item")).toHaveCount(0);
  await expect.poll(async () => (await marks(page)).map((m) => m.text)).toContain("党的对外工作");
  await page.keyboard.press("Control+z");
  await expect(page.locator("article mark", { hasText: "党的对外工作" })).toHaveCount(0);
  await expect(page.locator(".unplaced-item"), "undoing the placement lists it again").toHaveCount(1);

  // doccano: the text is an edited article (an insertion mid-paragraph and a
  // half-width comma), and the labels index into it.
  const edited = text.replace("一个小小的细节", "据悉，一个小小的细节").replace("2017年12月1日，北京", "2017年12月1日,北京");
  const ecp = [...edited];
  const at = (phrase) => [...edited.slice(0, edited.indexOf(phrase))].length;
  const label = PHRASES.map(([phrase, , tag]) => [at(phrase), at(phrase) + [...phrase].length, tag]);
  expect(label.every(([s, e]) => e <= ecp.length)).toBe(true);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  dialog = await importFile(page, "edited.jsonl", JSON.stringify({ text: edited, label }) + "\n");
  await expect(dialog).toContainText("doccano JSONL");
  await expect(dialog.locator("li[data-count=new]")).toHaveText("add 3 new");
  await expect(dialog.locator("li[data-count=unplaced]")).toContainText("list 0");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect.poll(async () => (await marks(page)).map((m) => [m.text, m.tags]).sort()).toEqual(PHRASES.map(([p, , t]) => [p, t]).sort());
});

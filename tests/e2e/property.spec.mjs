// A stateful property test of "never lose a tag" across the document's
// lifecycle (issue 19). A seeded run of random actions (paste a document,
// open one, tag a phrase with the mouse and a key, edit a note, remove a
// document, undo a removal, reload, fill storage and free it, leave a long
// text mid-render) against a model that records, per document, the
// annotations the app reported saved: storage held them after the action's
// save and the page did not say "could not be saved". After every reload
// and at the end, storage and the page must show every one of them.
//
// E2E_SEED=<n> repeats a run (the seed is in the title and in the failure
// message, with the log of actions); E2E_STEPS=<n> sets its length (40);
// E2E_LOG=1 prints the log of a passing run too.
import { test, expect } from "@playwright/test";
import {
  tagSettled,
  textOf,
  settledEnds,
  watchPage,
  fillStorage,
  freeStorage,
  storedWork,
  storedCounts,
  keysOf,
  mulberry32,
  seedFrom,
  unsavedBanner,
} from "./helpers.mjs";
import {
  rowOf,
  rowTitled,
  toLibrary,
  openFromLibrary,
  pasteText,
  highlightIds,
  rowCounts,
  undoButton,
  removeDoc,
  gotoLibrary,
  longText,
  addLongFile,
  leaveWhileRendering,
} from "./library-helpers.mjs";

const SEED = seedFrom(190019);
const STEPS = Number(process.env.E2E_STEPS || 40);
const ARTICLE_TITLE = "东方风来春色新";
const TAG_OF_KEY = { 1: "quote", 2: "statistic", 3: "event" };
const HANZI =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处世车";
const ODD = ["𠮷", "😀", "🎉", "🌸"];

test(`stored work matches what was reported saved, through random lifecycle actions (seed ${SEED}, ${STEPS} steps)`, async ({ page }, testInfo) => {
  test.setTimeout(Math.max(300_000, STEPS * 15_000));
  testInfo.annotations.push({ type: "seed", description: String(SEED) });
  const rng = mulberry32(SEED);
  const below = (n) => Math.floor(rng() * n);
  const pick = (list) => list[below(list.length)];
  const chars = (n) => Array.from({ length: n }, () => (rng() < 0.1 ? pick(ODD) : HANZI[below(HANZI.length)])).join("");
  const log = [];
  const say = (line) => log.push(line);
  const watch = watchPage(page);

  // The model. Per document: its annotations, each with the quote, tag and
  // offsets it was made on, its note, the note last reported saved, and a
  // status: "saved" (reported saved) or "pending" (in the tab's memory
  // only: it must come back when its document is opened again, even after
  // a removal and its undo, until the page is reloaded).
  const docs = new Map();
  const gone = []; // documents removed and left: nothing of theirs may stay
  let where = "library";
  let full = false;
  let pasted = 0;
  const live = () => [...docs.values()].filter((d) => !d.removed);
  const current = () => (where === "library" ? null : docs.get(where));
  const unsavedOf = (doc) => [...doc.anns.values()].filter((a) => a.status === "pending" || (a.status === "saved" && a.note !== a.savedNote));

  /** Waits until the page reports how the open document's last save went: "saved" (storage holds all of it, no banner) or "failing". */
  const sync = async (doc, { mustSave = false } = {}) => {
    const wanted = [...doc.anns.values()];
    let outcome = "waiting";
    let held = new Map();
    await expect
      .poll(
        async () => {
          held = new Map(((await storedWork(page, doc.id))?.annotations ?? []).map((a) => [a.id, a]));
          const all = wanted.every((a) => held.get(a.id)?.note === a.note);
          const failing = await unsavedBanner(page).isVisible();
          outcome = failing ? "failing" : all ? "saved" : "waiting";
          return mustSave ? outcome : outcome === "waiting" ? "waiting" : "reported";
        },
        { timeout: 30_000, intervals: [100, 250, 500], message: `the save of ${doc.title} is reported${mustSave ? " as done (space was freed)" : ""}` },
      )
      .toBe(mustSave ? "saved" : "reported");
    if (outcome === "saved") {
      for (const a of doc.anns.values()) {
        const s = held.get(a.id);
        expect(s, `stored ${a.quote}`).toBeTruthy();
        expect([s.tag, s.start, s.end], `the stored tag and offsets of ${a.quote}`).toEqual([a.tag, a.start, a.end]);
        a.status = "saved";
        a.savedNote = a.note;
      }
    }
    say(`  save: ${outcome}`);
    return outcome;
  };

  /** Storage holds every annotation of `doc` that was reported saved. */
  const checkStored = async (doc, when) => {
    const held = new Map(((await storedWork(page, doc.id))?.annotations ?? []).map((a) => [a.id, a]));
    for (const a of doc.anns.values()) {
      if (a.status !== "saved") continue;
      const s = held.get(a.id);
      expect(s, `${when}: storage holds ${a.quote} (${a.id}) of ${doc.title}`).toBeTruthy();
      expect([s.tag, s.start, s.end], `${when}: the stored tag and offsets of ${a.quote}`).toEqual([a.tag, a.start, a.end]);
      expect([a.savedNote, a.note], `${when}: the stored note of ${a.quote}`).toContain(s.note);
    }
  };

  /** The open document shows every annotation reported saved (and, with `pending`, those in memory too). */
  const checkPage = async (doc, when, { pending = false } = {}) => {
    const expected = [...doc.anns.values()].filter((a) => a.status === "saved" || (pending && a.status === "pending"));
    await expect
      .poll(async () => {
        const shown = new Set(await highlightIds(page));
        return expected.filter((a) => !shown.has(a.id)).map((a) => a.quote);
      }, { message: `${when}: ${doc.title} shows its highlights`, timeout: 20_000 })
      .toEqual([]);
    for (const a of expected) expect(await textOf(page, a.id), `${when}: the text of ${a.id}`).toBe(a.quote);
  };

  /** After a reload: what was only in memory is gone, unless storage has it. */
  const resolveAfterReload = async () => {
    for (const doc of [...docs.values()]) {
      if (doc.removed) {
        docs.delete(doc.id);
        gone.push(doc);
        continue;
      }
      const held = new Map(((await storedWork(page, doc.id))?.annotations ?? []).map((a) => [a.id, a]));
      for (const [id, a] of [...doc.anns]) {
        const s = held.get(id);
        if (a.status === "saved") {
          if (s && s.note === a.note) a.savedNote = a.note;
          else a.note = a.savedNote;
        } else if (s && s.tag === a.tag && s.start === a.start) {
          a.status = "saved";
          a.note = a.savedNote = s.note;
        } else doc.anns.delete(id);
      }
    }
    for (const doc of gone) expect(await keysOf(page, doc.id), `nothing stays of removed ${doc.title}`).toEqual([]);
    for (const doc of live()) await checkStored(doc, "after the reload");
  };

  const toLib = async () => {
    if (where !== "library") {
      await toLibrary(page);
      where = "library";
    }
    // Each row counts what storage holds for its document (never what was
    // only attempted), and a document left with work that storage doesn't
    // hold is named in a banner.
    for (const doc of live()) {
      const stored = await storedCounts(page, doc.id);
      await expect.poll(() => rowCounts(rowOf(page, doc.id)), { message: `the library's counts of ${doc.title} are what storage holds` }).toEqual(stored);
    }
    for (const doc of live()) {
      if (doc.kind !== "long" && unsavedOf(doc).length > 0) {
        await expect(page.locator('[data-banner="unsaved"]').filter({ hasText: doc.title }), `the library names unsaved ${doc.title}`).toHaveCount(1);
      }
    }
  };

  /** A phrase of the open document, unique in its article and clear of its annotations. */
  const choosePhrase = async (doc) => {
    const { all, blocks } = await page.evaluate(() => {
      const article = document.querySelector("article");
      return {
        all: article.textContent,
        blocks: [...article.querySelectorAll("[data-start]")].filter((b) => b.tagName !== "H1").map((b) => ({ start: Number(b.dataset.start), text: b.textContent })),
      };
    });
    const taken = [...doc.anns.values()];
    for (let attempt = 0; attempt < 60 && blocks.length > 0; attempt++) {
      const block = pick(blocks);
      const cps = [...block.text];
      const len = 2 + below(6);
      if (cps.length < len) continue;
      const at = below(cps.length - len + 1);
      const phrase = cps.slice(at, at + len).join("");
      if (/^\s|\s$/.test(phrase)) continue;
      if (all.indexOf(phrase) !== all.lastIndexOf(phrase)) continue;
      const start = block.start + at;
      const end = start + len;
      if (taken.some((a) => a.start < end && start < a.end)) continue;
      return { phrase, start, end };
    }
    return null;
  };

  const actions = {
    async paste() {
      await toLib();
      const n = ++pasted;
      const title = `第${n}篇${chars(3)}笔记`;
      const paragraphs = Array.from({ length: 2 + below(4) }, () => chars(12 + below(30)) + pick(["。", "！", "？"]));
      say(`  title ${title}, ${paragraphs.length} paragraphs`);
      const id = await pasteText(page, `${title}\n\n${paragraphs.join("\n\n")}\n`);
      await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(title);
      docs.set(id, { id, title, kind: "short", removed: false, anns: new Map() });
      where = id;
    },
    async open() {
      const doc = pick(live().filter((d) => d.kind !== "long"));
      say(`  ${doc.title}`);
      await toLib();
      await openFromLibrary(page, doc.title);
      where = doc.id;
      // The work left unsaved is back, with what was saved.
      await checkPage(doc, "on opening", { pending: true });
      await sync(doc);
    },
    async tag() {
      const doc = current();
      const chosen = await choosePhrase(doc);
      if (!chosen) return say("  no free phrase");
      const key = pick(["1", "2", "3"]);
      say(`  ${chosen.phrase} [${chosen.start}, ${chosen.end}) as ${TAG_OF_KEY[key]}`);
      const id = await tagSettled(page, chosen.phrase, key);
      expect(await textOf(page, id), "the new highlight spells the phrase dragged over").toBe(chosen.phrase);
      doc.anns.set(id, { id, quote: chosen.phrase, tag: TAG_OF_KEY[key], start: chosen.start, end: chosen.end, note: "", savedNote: "", status: "pending" });
      await sync(doc);
    },
    async note() {
      const doc = current();
      const shown = new Set(await highlightIds(page));
      const candidates = [...doc.anns.values()];
      expect(candidates.filter((a) => !shown.has(a.id)).map((a) => a.quote), `${doc.title} shows its highlights`).toEqual([]);
      const ann = pick(candidates);
      const note = `注${chars(2 + below(8))}`;
      say(`  on ${ann.quote}: ${note}`);
      // Clicked where no suggestion runs under it (a click there opens the
      // suggestion's choices instead); else opened from its list entry.
      await settledEnds(page, ann.quote);
      const spot = await page.evaluate((id) => {
        for (const mark of document.querySelectorAll(`article mark[data-ids~="${id}"]`)) {
          const walker = document.createTreeWalker(mark, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (n.parentElement.closest(".sg") || n.data.length === 0) continue;
            const range = document.createRange();
            const width = n.data.codePointAt(0) > 0xffff ? 2 : 1;
            range.setStart(n, 0);
            range.setEnd(n, width);
            const r = [...range.getClientRects()].find((r) => r.width > 0);
            if (r) return { x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
          }
        }
        return null;
      }, ann.id);
      say(`  opened by ${spot ? "a click on the highlight" : "its list entry"}`);
      if (spot) await page.mouse.click(spot.x, spot.y);
      else {
        await page.locator(".entries .entry", { hasText: ann.quote }).click();
        await page.keyboard.press("Enter");
      }
      const dialog = page.getByRole("dialog", { name: "Edit highlight" });
      await expect(dialog).toBeVisible();
      await dialog.getByLabel("Note").fill(note);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      ann.note = note;
      await sync(doc);
    },
    async remove() {
      const doc = pick(live().filter((d) => d.kind === "short"));
      say(`  ${doc.title}`);
      await toLib();
      await removeDoc(page, doc.id);
      await expect(undoButton(page, doc.title)).toBeVisible();
      doc.removed = true;
    },
    async undo() {
      const doc = pick([...docs.values()].filter((d) => d.removed));
      say(`  ${doc.title}`);
      await toLib();
      await undoButton(page, doc.title).click();
      await expect(rowOf(page, doc.id)).toHaveCount(1);
      await expect(undoButton(page, doc.title)).toHaveCount(0);
      doc.removed = false;
      await checkStored(doc, "after the undo");
    },
    async reload() {
      say(`  on ${where === "library" ? "the library" : current().title}`);
      await page.reload();
      if (where === "library") await expect(page.locator("table.library-list")).toBeVisible();
      else await expect(page.locator("article:not([aria-busy]) h1")).toHaveText(current().title);
      await resolveAfterReload();
      if (where === "library") {
        await expect(rowTitled(page, ARTICLE_TITLE)).toHaveCount(1);
        for (const doc of gone) await expect(rowOf(page, doc.id), `removed ${doc.title} is not listed`).toHaveCount(0);
        for (const doc of live()) await expect(rowOf(page, doc.id), `${doc.title} is listed`).toHaveCount(1);
      } else await checkPage(current(), "after the reload");
    },
    async fill() {
      const free = pick([0, 0, 400, 3_000]);
      say(`  leaving ${free} units free`);
      await fillStorage(page, free);
      full = true;
    },
    async free() {
      await freeStorage(page);
      full = false;
      const doc = current();
      // Saving is retried every 3 s: what the page holds gets saved.
      if (doc && unsavedOf(doc).length > 0) await sync(doc, { mustSave: true });
    },
    async leaveMidRender() {
      const k = below(10);
      say(`  after ${k} frames of rendering`);
      await toLib();
      await leaveWhileRendering(page, longDoc.id, k);
    },
  };

  const weights = () => {
    const doc = current();
    const onDoc = doc && doc.kind !== "long";
    return {
      paste: live().filter((d) => d.kind === "short").length < 5 ? 2 : 0,
      open: 3,
      tag: onDoc ? 6 : 0,
      note: onDoc && doc.anns.size > 0 ? 2 : 0,
      remove: live().some((d) => d.kind === "short") ? 1.5 : 0,
      undo: [...docs.values()].some((d) => d.removed) ? 1.5 : 0,
      reload: 1,
      fill: full ? 0 : 2,
      free: full ? 2.5 : 0,
      leaveMidRender: 1,
    };
  };
  const chooseAction = () => {
    const w = Object.entries(weights()).filter(([, v]) => v > 0);
    let r = rng() * w.reduce((s, [, v]) => s + v, 0);
    for (const [name, v] of w) if ((r -= v) < 0) return name;
    return w.at(-1)[0];
  };

  let longDoc;
  const report = async () => {
    if (process.env.E2E_LOG) console.log(`seed ${SEED}\n${log.join("\n")}`);
    await testInfo.attach("actions", { body: `seed ${SEED}, ${STEPS} steps\n${log.join("\n")}`, contentType: "text/plain" });
  };
  try {
    say("setup: the library, the shipped article and a long text");
    await gotoLibrary(page);
    const sampleId = await rowTitled(page, ARTICLE_TITLE).getAttribute("data-doc");
    docs.set(sampleId, { id: sampleId, title: ARTICLE_TITLE, kind: "sample", removed: false, anns: new Map() });
    const longTitle = "很长的属性测试文字";
    longDoc = { id: await addLongFile(page, "long.txt", longText(longTitle, 20_000)), title: longTitle, kind: "long", removed: false, anns: new Map() };
    docs.set(longDoc.id, longDoc);

    for (let step = 1; step <= STEPS; step++) {
      const name = chooseAction();
      say(`step ${step}: ${name}${full ? " (storage full)" : ""}`);
      await actions[name]();
      await watch.check(`after step ${step} (${name})`);
    }

    // The end: space again, a reload, and every document checked whole.
    say("end: free storage, reload, open every document");
    if (full) await actions.free();
    await toLib();
    await page.reload();
    await expect(page.locator("table.library-list")).toBeVisible();
    await resolveAfterReload();
    for (const doc of live()) {
      if (doc.kind === "long") {
        await expect(rowOf(page, doc.id)).toHaveCount(1);
        continue;
      }
      const stored = (await storedWork(page, doc.id))?.annotations ?? [];
      // The row counts what storage holds.
      expect(await rowCounts(rowOf(page, doc.id)), `the library's counts of ${doc.title}`).toEqual(await storedCounts(page, doc.id));
      await openFromLibrary(page, doc.title);
      where = doc.id;
      await checkPage(doc, "at the end");
      await expect.poll(() => highlightIds(page), `${doc.title} shows what storage holds`).toEqual(stored.map((a) => a.id).sort());
      await toLib();
    }
    await watch.check("at the end");
  } catch (e) {
    await report();
    const shot = testInfo.outputPath("at-the-failure.png");
    if (await page.screenshot({ path: shot }).then(() => true, () => false)) await testInfo.attach("page at the failure", { path: shot, contentType: "image/png" });
    e.message = `seed ${SEED} (E2E_SEED=${SEED} E2E_STEPS=${STEPS} to repeat)\n${log.join("\n")}\n\n${e.message}`;
    throw e;
  }
  await report();
});

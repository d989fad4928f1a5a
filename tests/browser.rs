//! In-browser component tests: the real app mounted in headless Chromium,
//! driven through the DOM selection and keyboard events.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use tagmark::core::annotation::{Annotation, Tag};
use tagmark::core::document::{Document, ARTICLE};
use std::sync::Arc;
use tagmark::core::stored_format;
use tagmark::Tagmark;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SMALL: &str = "标题\n\n前文𠮷野家😀在东京开店。\n\n第二段落有160多个政党。";

fn parse(source: &str) -> Arc<Document> {
    Arc::new(Document::parse(source).expect("the test text has text"))
}

struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts the app on `doc` and waits until its article shows the text.
async fn mount(doc: &Arc<Document>) -> Mounted {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let doc = doc.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <Tagmark doc=doc /> });
    let app = Mounted { root, _handle: Box::new(handle) };
    wait_until("the article is rendered", || !all(&app.root, "article [data-start]").is_empty()).await;
    app
}

/// Empty storage, the app mounted on `source`, and its article element.
async fn fresh(source: &str) -> (Arc<Document>, Mounted, Element) {
    LocalStorage::clear();
    let doc = parse(source);
    let app = mount(&doc).await;
    let article = app.root.query_selector("article").unwrap().unwrap();
    (doc, app, article)
}

/// Waits, a frame at a time, until `done` holds; fails after 5 s saying
/// what it waited for. Saves, repaints and effects all finish within a few
/// frames, so a test waits exactly as long as the app needs.
async fn wait_until(what: &str, done: impl FnMut() -> bool) {
    wait_until_within(5_000.0, what, done).await;
}

/// [`wait_until`] with a time limit of `ms`, for what the app itself does on a timer.
async fn wait_until_within(ms: f64, what: &str, mut done: impl FnMut() -> bool) {
    let started = js_sys::Date::now();
    while !done() {
        assert!(js_sys::Date::now() - started < ms, "timed out waiting until {what}");
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            window().request_animation_frame(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    }
}

/// Waits until the saved value holds `count` annotations.
async fn saved_count(doc: &Document, count: usize) -> stored_format::Saved {
    wait_until(&format!("{count} annotations are saved"), || stored(doc).is_some_and(|s| s.annotations.len() == count)).await;
    stored(doc).unwrap()
}

async fn toolbar_shown(app: &Mounted) {
    wait_until("the tag toolbar is shown", || !all(&app.root, ".tag-toolbar").is_empty()).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn text_of(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The block that starts with `prefix`; [`select`] reads offsets in it as
/// UTF-16 units of its text, whichever text node (plain, highlight or
/// suggestion) holds them.
fn block_text_node(root: &Element, prefix: &str) -> web_sys::Node {
    let block = all(root, "[data-start]").into_iter().find(|b| text_of(b).starts_with(prefix)).unwrap();
    block.into()
}

/// The text node and offset in it of UTF-16 offset `offset` of `node`'s text.
fn locate(node: &web_sys::Node, offset: u32) -> (web_sys::Node, u32) {
    fn texts(node: &web_sys::Node, out: &mut Vec<web_sys::Node>) {
        if node.node_type() == web_sys::Node::TEXT_NODE {
            out.push(node.clone());
        }
        let children = node.child_nodes();
        for i in 0..children.length() {
            texts(&children.item(i).unwrap(), out);
        }
    }
    let mut nodes = Vec::new();
    texts(node, &mut nodes);
    let mut left = offset;
    for text in &nodes {
        let len = text.text_content().unwrap_or_default().encode_utf16().count() as u32;
        if left <= len {
            return (text.clone(), left);
        }
        left -= len;
    }
    panic!("offset {offset} is past the text")
}

fn select(start: (&web_sys::Node, u32), end: (&web_sys::Node, u32)) {
    let (start_node, start_offset) = locate(start.0, start.1);
    let (end_node, end_offset) = locate(end.0, end.1);
    let range = document().create_range().unwrap();
    range.set_start(&start_node, start_offset).unwrap();
    range.set_end(&end_node, end_offset).unwrap();
    let selection = window().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
}

fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    window().dispatch_event(&event).unwrap();
}

fn raw_slots(doc: &Document) -> Vec<Option<String>> {
    stored_format::slot_keys(doc).iter().map(|k| LocalStorage::raw().get_item(k).unwrap()).collect()
}

/// The newest readable saved value, as the app would load it.
fn stored(doc: &Document) -> Option<stored_format::Saved> {
    let decoded: Vec<_> = raw_slots(doc)
        .into_iter()
        .map(|raw| raw.map(|r| stored_format::decode(doc, serde_json::from_str(&r).unwrap_or_default())))
        .collect();
    let newest = stored_format::newest(&decoded)?;
    decoded.into_iter().nth(newest).flatten().and_then(Result::ok).map(|d| d.saved)
}

fn seed(doc: &Document, saved: &stored_format::Saved, generation: u64) {
    let key = &stored_format::slot_keys(doc)[stored_format::slot_for(generation)];
    let json = serde_json::to_string(&stored_format::encode(doc, saved.parts(), generation)).unwrap();
    LocalStorage::raw().set_item(key, &json).unwrap();
}

fn backups() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("tagmark:backup:"))
        .map(|k| {
            let v = storage.get_item(&k).unwrap().unwrap();
            (k, v)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn renders_the_article_as_a_reader_expects() {
    LocalStorage::clear();
    let doc = parse(ARTICLE);
    let app = mount(&doc).await;
    let root: &Element = &app.root;
    assert_eq!(text_of(&all(root, "article h1")[0]), "东方风来春色新");
    let heads: Vec<String> = all(root, "article h2").iter().map(text_of).collect();
    assert_eq!(heads, ["(一) 青山着意化为桥", "(二) 桃李不言自成蹊", "(三) 天下为公行大道"]);
    let captions = all(root, "figure figcaption[lang=en]");
    assert_eq!(captions.len(), 1);
    assert!(text_of(&captions[0]).starts_with("Advertisement for the book"));
    let paragraphs: Vec<String> = all(root, "article p").iter().map(text_of).collect();
    assert!(paragraphs.iter().any(|p| p.contains("同新兴政党交往实现新突破")));
    assert!(!paragraphs.iter().any(|p| p.ends_with("同新兴政")));
    // Every block's DOM text is its canonical text, the selection adapter's premise.
    assert_eq!(all(root, "[data-start]").len(), doc.blocks().len());
    for (i, (el, block)) in all(root, "[data-start]").iter().zip(doc.blocks()).enumerate() {
        assert_eq!(text_of(el), doc.block_text(i));
        assert_eq!(el.get_attribute("data-start").unwrap(), block.start.to_string());
    }
}

#[wasm_bindgen_test]
async fn selection_offsets_count_code_points_and_keep_astral_characters_whole() {
    let (doc, _app, article) = fresh(SMALL).await;
    let node = block_text_node(&article, "前文");
    // UTF-16: 前0 文1 𠮷2-3 野4 家5 😀6-7 在8
    select((&node, 2), (&node, 8));
    let got = tagmark::web::selection::selected_range(&article).unwrap();
    assert_eq!(doc.slice(got.start, got.end), "𠮷野家😀");
    // Boundaries inside surrogate pairs widen to whole characters.
    select((&node, 3), (&node, 7));
    let got = tagmark::web::selection::selected_range(&article).unwrap();
    assert_eq!(doc.slice(got.start, got.end), "𠮷野家😀");
}

#[wasm_bindgen_test]
async fn a_selection_across_paragraphs_includes_the_break() {
    let (doc, _app, article) = fresh(SMALL).await;
    let first = block_text_node(&article, "前文");
    let second = block_text_node(&article, "第二");
    select((&first, 8), (&second, 2));
    let got = tagmark::web::selection::selected_range(&article).unwrap();
    assert_eq!(doc.slice(got.start, got.end), "在东京开店。\n第二");
}

#[wasm_bindgen_test]
async fn pressing_2_on_a_selection_paints_and_saves_a_statistic() {
    let (doc, app, article) = fresh(SMALL).await;
    let node = block_text_node(&article, "第二");
    select((&node, 5), (&node, 11));
    toolbar_shown(&app).await;
    let labels: Vec<String> =
        all(&app.root, ".tag-toolbar button").iter().map(|b| b.get_attribute("aria-label").unwrap()).collect();
    assert_eq!(labels, ["Quote", "Statistic", "Event"]);
    press("2");
    let saved = saved_count(&doc, 1).await;
    let marks = all(&article, "mark");
    assert_eq!(marks.len(), 1);
    assert_eq!(text_of(&marks[0]), "160多个政");
    assert_eq!(marks[0].get_attribute("data-tags").unwrap(), "statistic");
    assert!(all(&app.root, ".tag-toolbar").is_empty(), "toolbar closes after tagging");
    assert_eq!(saved.annotations[0].tag, Tag::Statistic);
    assert_eq!(doc.slice(saved.annotations[0].start, saved.annotations[0].end), "160多个政");
}

#[wasm_bindgen_test]
async fn overlapping_highlights_render_as_distinct_pieces() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let at = |s: &str| doc.text().chars().collect::<String>().find(s).map(|b| doc.text()[..b].chars().count()).unwrap();
    let base = at("前文");
    let annotations = vec![
        Annotation::new("q", Tag::Quote, base, base + 5, "2026-01-01T00:00:00Z"),
        Annotation::new("e", Tag::Event, base + 3, base + 8, "2026-01-01T00:00:01Z"),
    ];
    seed(&doc, &stored_format::Saved { annotations, ..Default::default() }, 1);
    let app = mount(&doc).await;
    wait_until("three pieces are painted", || all(&app.root, "article mark").len() == 3).await;
    let marks = all(&app.root, "article mark");
    let got: Vec<(String, String, String)> = marks
        .iter()
        .map(|m| (text_of(m), m.get_attribute("data-tags").unwrap(), m.get_attribute("data-ids").unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("前文𠮷".into(), "quote".into(), "q".into()),
            ("野家".into(), "quote event".into(), "q e".into()),
            ("😀在东".into(), "event".into(), "e".into()),
        ]
    );
    assert!(marks[1].get_attribute("style").unwrap().contains("linear-gradient"));
}

#[wasm_bindgen_test]
async fn unreadable_stored_data_is_kept_aside_and_reported() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let slot_a = stored_format::slot_keys(&doc)[0].clone();
    LocalStorage::raw().set_item(&slot_a, "{not json").unwrap();
    let app = mount(&doc).await;
    wait_until("a notice is shown", || !all(&app.root, ".banner[role=status]").is_empty()).await;
    let notice = all(&app.root, ".banner[role=status]").into_iter().map(|b| text_of(&b)).collect::<String>();
    assert!(notice.contains("could not be read") && notice.contains("kept aside"), "{notice}");
    assert_eq!(backups().into_iter().map(|(_, v)| v).collect::<Vec<_>>(), ["{not json"]);
    let article = app.root.query_selector("article").unwrap().unwrap();
    // Right to left, so the block's first text node still starts the block.
    for (count, at) in [4, 2, 0].into_iter().enumerate() {
        let node = block_text_node(&article, "第二");
        select((&node, at), (&node, at + 1));
        toolbar_shown(&app).await;
        press("1");
        saved_count(&doc, count + 1).await;
    }
    assert_eq!(backups().len(), 1);
    assert_eq!(backups()[0].1, "{not json", "the unreadable value survives every later write");
}

#[wasm_bindgen_test]
async fn a_version_1_value_loads_and_is_upgraded() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let start = doc.text().chars().position(|c| c == '第').unwrap();
    let legacy = serde_json::json!({
        "format": "tagmark-store", "version": 1, "document": doc.id(),
        "annotations": [{"id": "old", "tag": "event", "start": start, "end": start + 2, "quote": "第二",
                         "created": "2026-01-01T00:00:00.000Z"}]
    });
    LocalStorage::raw().set_item(&stored_format::legacy_key(&doc), &legacy.to_string()).unwrap();
    let app = mount(&doc).await;
    wait_until("the old key is removed once upgraded", || {
        LocalStorage::raw().get_item(&stored_format::legacy_key(&doc)).unwrap().is_none()
    })
    .await;
    let marks = all(&app.root, "article mark[data-tags=event]");
    assert_eq!(marks.iter().map(text_of).collect::<Vec<_>>(), ["第二"]);
    let saved = stored(&doc).expect("written in version 2");
    assert_eq!(saved.annotations[0].id, "old");
    assert!(text_of(&app.root).contains("upgraded from storage format version 1"));
}

#[wasm_bindgen_test]
async fn a_torn_newest_write_falls_back_to_the_last_good_one() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let start = doc.text().chars().position(|c| c == '第').unwrap();
    let good = stored_format::Saved { annotations: vec![Annotation::new("kept", Tag::Quote, start, start + 2, "2026-01-01T00:00:00.000Z")], ..Default::default() };
    seed(&doc, &good, 4);
    let newest = serde_json::to_string(&stored_format::encode(&doc, good.parts(), 5)).unwrap();
    let torn = &newest[..newest.len() / 2];
    LocalStorage::raw().set_item(&stored_format::slot_keys(&doc)[stored_format::slot_for(5)], torn).unwrap();
    let app = mount(&doc).await;
    wait_until("the kept highlight is painted", || all(&app.root, "article mark").len() == 1).await;
    assert_eq!(all(&app.root, "article mark").iter().map(text_of).collect::<Vec<_>>(), ["第二"]);
    assert!(text_of(&app.root).contains("recovered from the last good save"));
    assert_eq!(backups()[0].1, torn);
}

#[wasm_bindgen_test]
async fn a_value_from_a_newer_tagmark_is_kept_aside() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let future = r#"{"format":"tagmark-store","version":99,"document":"x","shape":"unknown"}"#;
    LocalStorage::raw().set_item(&stored_format::slot_keys(&doc)[0], future).unwrap();
    let app = mount(&doc).await;
    wait_until("the value is reported", || text_of(&app.root).contains("newer Tagmark")).await;
    assert!(text_of(&app.root).contains("newer Tagmark"), "{}", text_of(&app.root));
    assert_eq!(backups()[0].1, future);
}

#[wasm_bindgen_test]
async fn a_full_storage_is_reported() {
    LocalStorage::clear();
    let doc = parse(SMALL);
    let app = mount(&doc).await;
    let patch = js_sys::Function::new_no_args(
        "const real = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
         return () => { Storage.prototype.setItem = real; };",
    );
    let restore: js_sys::Function = patch.call0(&wasm_bindgen::JsValue::NULL).unwrap().unchecked_into();
    let article = app.root.query_selector("article").unwrap().unwrap();
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    toolbar_shown(&app).await;
    press("3");
    wait_until("a warning is shown", || app.root.query_selector("[role=alert]").unwrap().is_some()).await;
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let banner = app.root.query_selector("[role=alert]").unwrap().expect("a visible warning");
    assert!(text_of(&banner).contains("storage for this site is full"), "{}", text_of(&banner));
    assert_eq!(all(&article, "mark[data-tags=event]").len(), 1);
    assert_eq!(stored(&doc), None);
}

#[wasm_bindgen_test]
async fn clicking_a_highlight_opens_an_editor_whose_changes_undo_and_persist() {
    let (doc, app, article) = fresh(SMALL).await;
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    toolbar_shown(&app).await;
    press("1");
    saved_count(&doc, 1).await;
    let mark: HtmlElement = article.query_selector("mark").unwrap().unwrap().unchecked_into();
    mark.click();
    let popover = "[role=dialog][aria-label='Edit highlight']";
    wait_until("focus moves into the popover", || {
        let dialog = document().query_selector(popover).unwrap();
        dialog.is_some_and(|d| d.contains(document().active_element().as_ref().map(|e| e.unchecked_ref())))
    })
    .await;
    let dialog = document().query_selector(popover).unwrap().unwrap();
    let event: HtmlElement = all(&dialog, "button.tag-choice.event")[0].clone().unchecked_into();
    event.click();
    wait_until("the retag is saved", || stored(&doc).is_some_and(|s| s.annotations[0].tag == Tag::Event)).await;
    assert_eq!(all(&article, "mark")[0].get_attribute("data-tags").unwrap(), "event");
    let saved = stored(&doc).unwrap();
    assert!(saved.history.can_undo(), "history is saved with the annotations");

    let ctrl_z = web_sys::KeyboardEventInit::new();
    ctrl_z.set_key("z");
    ctrl_z.set_ctrl_key(true);
    ctrl_z.set_bubbles(true);
    window()
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &ctrl_z).unwrap())
        .unwrap();
    wait_until("the undo is painted", || all(&article, "mark")[0].get_attribute("data-tags").unwrap() == "quote").await;
    let status = app.root.query_selector("[role=status]").unwrap().unwrap();
    assert_eq!(text_of(&status), "Undid: change tag");
}

#[wasm_bindgen_test]
async fn a_stored_history_that_does_not_fit_the_text_is_cut_reported_and_saved_again() {
    use tagmark::core::history::{History, Step, StepKind};
    LocalStorage::clear();
    let doc = parse(SMALL);
    let start = doc.text().chars().position(|c| c == '第').unwrap();
    let kept = Annotation::new("kept", Tag::Quote, start, start + 2, "2026-01-01T00:00:00.000Z");
    let outside = Annotation::new("outside", Tag::Event, doc.len() + 1, doc.len() + 4, "2026-01-01T00:00:00.000Z");
    let mut history = History::default();
    history.record(&mut Vec::new(), Step::new(StepKind::Create, vec![(None, Some(outside))], 0.0));
    seed(&doc, &stored_format::Saved { annotations: vec![kept], history, ..Default::default() }, 3);
    let app = mount(&doc).await;
    wait_until("the reader is told", || text_of(&app.root).contains("undo history")).await;
    wait_until("the cut history is saved", || stored(&doc).is_some_and(|s| !s.history.can_undo())).await;
    assert_eq!(all(&app.root, "article mark").iter().map(text_of).collect::<Vec<_>>(), ["第二"], "highlights intact");
    let undo = app.root.query_selector("button[aria-keyshortcuts='Control+Z']").unwrap().unwrap();
    assert!(undo.has_attribute("disabled"), "nothing outside the text can be undone into it");
}

#[wasm_bindgen_test]
async fn while_storage_stays_full_saving_is_retried_until_it_works() {
    let (doc, app, article) = fresh(SMALL).await;
    let patch = js_sys::Function::new_no_args(
        "const real = Storage.prototype.setItem;
         window.__refused = 0;
         Storage.prototype.setItem = function (key, value) {
           if (String(key).startsWith('tagmark:v2:')) { window.__refused++; throw new DOMException('full', 'QuotaExceededError'); }
           return real.call(this, key, value);
         };
         return () => { Storage.prototype.setItem = real; };",
    );
    let restore: js_sys::Function = patch.call0(&wasm_bindgen::JsValue::NULL).unwrap().unchecked_into();
    let refused = || js_sys::Reflect::get(&window(), &"__refused".into()).unwrap().as_f64().unwrap_or(0.0);
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    toolbar_shown(&app).await;
    press("3");
    // The save after the change, then a retry every 3 s: two retries show it keeps trying.
    wait_until_within(12_000.0, "saving is retried twice", || refused() >= 3.0).await;
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    // Space came back without another edit: the next retry saves.
    wait_until_within(6_000.0, "the retry saves", || stored(&doc).is_some_and(|s| s.annotations.len() == 1)).await;
    wait_until("the warning goes away", || app.root.query_selector("[role=alert]").unwrap().is_none()).await;
}

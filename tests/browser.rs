//! In-browser component tests: the real app mounted in headless Chromium,
//! driven through the DOM selection and keyboard events.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use tagmark::core::annotation::{Annotation, Tag};
use tagmark::core::document::{Document, ARTICLE};
use tagmark::core::persist;
use tagmark::Tagmark;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SMALL: &str = "标题\n\n前文𠮷野家😀在东京开店。\n\n第二段落有160多个政党。";

fn leak(source: &str) -> &'static Document {
    Box::leak(Box::new(Document::parse(source)))
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

fn mount(doc: &'static Document) -> Mounted {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <Tagmark doc=doc /> });
    Mounted { root, _handle: Box::new(handle) }
}

async fn settle() {
    for _ in 0..3 {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    }
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn text_of(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The text node of the block that starts with `prefix`.
fn block_text_node(root: &Element, prefix: &str) -> web_sys::Node {
    let block = all(root, "[data-start]").into_iter().find(|b| text_of(b).starts_with(prefix)).unwrap();
    block.first_child().unwrap()
}

fn select(start: (&web_sys::Node, u32), end: (&web_sys::Node, u32)) {
    let range = document().create_range().unwrap();
    range.set_start(start.0, start.1).unwrap();
    range.set_end(end.0, end.1).unwrap();
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

fn stored(doc: &Document) -> Option<String> {
    LocalStorage::raw().get_item(&persist::storage_key(doc)).unwrap()
}

#[wasm_bindgen_test]
async fn renders_the_article_as_a_reader_expects() {
    LocalStorage::clear();
    let doc = leak(ARTICLE);
    let app = mount(doc);
    settle().await;
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
    for (el, block) in all(root, "[data-start]").iter().zip(doc.blocks()) {
        assert_eq!(text_of(el), block.text);
        assert_eq!(el.get_attribute("data-start").unwrap(), block.start.to_string());
    }
}

#[wasm_bindgen_test]
async fn selection_offsets_count_code_points_and_keep_astral_characters_whole() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let app = mount(doc);
    settle().await;
    let article = app.root.query_selector("article").unwrap().unwrap();
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
    LocalStorage::clear();
    let doc = leak(SMALL);
    let app = mount(doc);
    settle().await;
    let article = app.root.query_selector("article").unwrap().unwrap();
    let first = block_text_node(&article, "前文");
    let second = block_text_node(&article, "第二");
    select((&first, 8), (&second, 2));
    let got = tagmark::web::selection::selected_range(&article).unwrap();
    assert_eq!(doc.slice(got.start, got.end), "在东京开店。\n第二");
}

#[wasm_bindgen_test]
async fn pressing_2_on_a_selection_paints_and_saves_a_statistic() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let app = mount(doc);
    settle().await;
    let article = app.root.query_selector("article").unwrap().unwrap();
    let node = block_text_node(&article, "第二");
    select((&node, 5), (&node, 11));
    settle().await;
    let labels: Vec<String> =
        all(&app.root, ".tag-toolbar button").iter().map(|b| b.get_attribute("aria-label").unwrap()).collect();
    assert_eq!(labels, ["Quote", "Statistic", "Event"]);
    press("2");
    settle().await;
    let marks = all(&article, "mark");
    assert_eq!(marks.len(), 1);
    assert_eq!(text_of(&marks[0]), "160多个政");
    assert_eq!(marks[0].get_attribute("data-tags").unwrap(), "statistic");
    assert!(all(&app.root, ".tag-toolbar").is_empty(), "toolbar closes after tagging");
    let saved = stored(doc).expect("saved on change");
    assert!(saved.contains("\"quote\":\"160多个政\""), "{saved}");
}

#[wasm_bindgen_test]
async fn overlapping_highlights_render_as_distinct_pieces() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let at = |s: &str| doc.text().chars().collect::<String>().find(s).map(|b| doc.text()[..b].chars().count()).unwrap();
    let base = at("前文");
    let annotations = vec![
        Annotation::new("q", Tag::Quote, base, base + 5, "2026-01-01T00:00:00Z"),
        Annotation::new("e", Tag::Event, base + 3, base + 8, "2026-01-01T00:00:01Z"),
    ];
    let saved = persist::Saved { annotations, ..Default::default() };
    LocalStorage::set(persist::storage_key(doc), persist::encode(doc, &saved)).unwrap();
    let app = mount(doc);
    settle().await;
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
async fn unreadable_stored_data_is_reported_and_never_overwritten() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let key = persist::storage_key(doc);
    LocalStorage::raw().set_item(&key, "{not json").unwrap();
    let app = mount(doc);
    settle().await;
    let banner = app.root.query_selector("[role=alert]").unwrap().expect("a visible warning");
    assert!(text_of(&banner).contains("could not be read"), "{}", text_of(&banner));
    let article = app.root.query_selector("article").unwrap().unwrap();
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    settle().await;
    press("1");
    settle().await;
    assert_eq!(all(&article, "mark").len(), 1, "work goes on in memory");
    assert_eq!(stored(doc).as_deref(), Some("{not json"));
}

#[wasm_bindgen_test]
async fn a_full_storage_is_reported() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let app = mount(doc);
    settle().await;
    let patch = js_sys::Function::new_no_args(
        "const real = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
         return () => { Storage.prototype.setItem = real; };",
    );
    let restore: js_sys::Function = patch.call0(&wasm_bindgen::JsValue::NULL).unwrap().unchecked_into();
    let article = app.root.query_selector("article").unwrap().unwrap();
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    settle().await;
    press("3");
    settle().await;
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let banner = app.root.query_selector("[role=alert]").unwrap().expect("a visible warning");
    assert!(text_of(&banner).contains("storage for this site is full"), "{}", text_of(&banner));
    assert_eq!(all(&article, "mark[data-tags=event]").len(), 1);
    assert_eq!(stored(doc), None);
}

#[wasm_bindgen_test]
async fn clicking_a_highlight_opens_an_editor_whose_changes_undo_and_persist() {
    LocalStorage::clear();
    let doc = leak(SMALL);
    let app = mount(doc);
    settle().await;
    let article = app.root.query_selector("article").unwrap().unwrap();
    let node = block_text_node(&article, "第二");
    select((&node, 0), (&node, 2));
    settle().await;
    press("1");
    settle().await;
    let mark: HtmlElement = article.query_selector("mark").unwrap().unwrap().unchecked_into();
    mark.click();
    settle().await;
    let dialog = document().query_selector("[role=dialog][aria-label='Edit highlight']").unwrap().expect("popover");
    let focused = document().active_element().unwrap();
    assert!(dialog.contains(Some(&focused)), "focus moves into the popover");
    let event: HtmlElement = all(&dialog, "button.tag-choice.event")[0].clone().unchecked_into();
    event.click();
    settle().await;
    assert_eq!(all(&article, "mark")[0].get_attribute("data-tags").unwrap(), "event");
    let saved = stored(doc).unwrap();
    assert!(saved.contains("\"tag\":\"event\"") && saved.contains("\"history\""), "{saved}");

    let ctrl_z = web_sys::KeyboardEventInit::new();
    ctrl_z.set_key("z");
    ctrl_z.set_ctrl_key(true);
    ctrl_z.set_bubbles(true);
    window()
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &ctrl_z).unwrap())
        .unwrap();
    settle().await;
    assert_eq!(all(&article, "mark")[0].get_attribute("data-tags").unwrap(), "quote");
    let status = app.root.query_selector("[role=status]").unwrap().unwrap();
    assert_eq!(text_of(&status), "Undid: change tag");
}

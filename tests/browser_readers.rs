//! In-browser tests of the readers' browser adapters: `TextDecoder`
//! decodes the fixtures as the host tests' decoder does, the inert
//! `DOMParser` document finds a page's text without running any of it, and
//! the reader's regular-expression patterns run on the browser's `RegExp`
//! with code-point offsets.
#![cfg(target_arch = "wasm32")]

use tagmark::core::readers::encoding::{self, Encoding};
use tagmark::core::readers::html::HtmlRole;
use tagmark::core::readers::{read_text_file, ReadError};
use tagmark::core::suggest::patterns;
use tagmark::web::regex::{check, Regex};
use tagmark::web::{decode::decode, html_dom::elements};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const UTF8: &str = include_str!("fixtures/texts/utf8.txt");
const TRADITIONAL: &str = include_str!("fixtures/texts/traditional.utf8.txt");
const HTML: &str = include_str!("fixtures/texts/article.html");

#[wasm_bindgen_test]
fn text_decoder_reads_every_fixture_as_the_host_does() {
    for (bytes, encoding, want) in [
        (&include_bytes!("fixtures/texts/gb18030.txt")[..], Encoding::Gb18030, UTF8),
        (include_bytes!("fixtures/texts/big5.txt"), Encoding::Big5, TRADITIONAL),
        (include_bytes!("fixtures/texts/utf16le-bom.txt"), Encoding::Utf16Le, UTF8),
        (include_bytes!("fixtures/texts/utf16be-bom.txt"), Encoding::Utf16Be, UTF8),
        (include_bytes!("fixtures/texts/utf8-bom.txt"), Encoding::Utf8, UTF8),
    ] {
        let decoded = encoding::decode(bytes, &decode).unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), (encoding, want));
    }
    assert!(UTF8.contains('𠮷') && UTF8.contains('😀'));
}

#[wasm_bindgen_test]
fn a_mark_after_the_stripped_one_stays_text_as_on_the_host() {
    assert_eq!(decode(Encoding::Utf8, b"\xef\xbb\xbfa").as_deref(), Some("\u{feff}a"));
    assert_eq!(decode(Encoding::Utf16Le, b"\xff\xfea\0").as_deref(), Some("\u{feff}a"));
}

#[wasm_bindgen_test]
fn invalid_bytes_are_none_never_a_replacement_character() {
    let bad = include_bytes!("fixtures/texts/undecodable.txt");
    for encoding in [Encoding::Utf8, Encoding::Gb18030, Encoding::Big5] {
        assert_eq!(decode(encoding, bad), None, "{encoding:?}");
    }
    assert_eq!(decode(Encoding::Utf16Le, b"\x00\xd8"), None, "a lone surrogate");
    assert_eq!(encoding::decode(bad, &decode).unwrap_err(), ReadError::Undecodable);
}

#[wasm_bindgen_test]
fn the_read_as_menu_offers_the_same_clean_readings_as_on_the_host() {
    let le: Vec<u8> = "Hello, world. A plain note.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let read = encoding::decode(&le, &decode).unwrap();
    assert_eq!((read.encoding, read.readings.as_slice()), (Encoding::Utf16Le, &[Encoding::Utf16Le][..]));
    assert!(encoding::decode_as(&le, Encoding::Utf8, &decode).is_err(), "read as UTF-8 it is full of NULs");
    let big5 = include_bytes!("fixtures/texts/big5.txt");
    let first = encoding::decode(big5, &decode).unwrap();
    assert_eq!(first.readings, [Encoding::Gb18030, Encoding::Big5]);
    assert_eq!(encoding::decode_as(big5, Encoding::Gb18030, &decode).unwrap().readings, first.readings);
}

#[wasm_bindgen_test]
fn a_page_gives_its_text_and_nothing_of_it_runs() {
    let found = elements(HTML);
    let text: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    let all = text.join("|");
    for hidden in ["导航", "首页", "不该出现", "__pwned", "color", "搜索", "相关阅读", "版权所有"] {
        assert!(!all.contains(hidden), "{hidden} in {all}");
    }
    let roles: Vec<HtmlRole> = found.iter().map(|(r, _)| *r).collect();
    assert_eq!(
        roles,
        [
            HtmlRole::Title,
            HtmlRole::Heading(1),
            HtmlRole::Paragraph,
            HtmlRole::Quote,
            HtmlRole::Caption,
            HtmlRole::Heading(2),
            HtmlRole::Paragraph,
            HtmlRole::ListItem,
            HtmlRole::ListItem,
        ],
        "{text:?}"
    );
    assert_eq!(text[3], "店名里的“𠮷”字是祖父留下的。😀");
    let window = web_sys::window().unwrap();
    let pwned = js_sys::Reflect::get(&window, &JsValue::from_str("__pwned")).unwrap();
    assert!(pwned.is_undefined(), "a script or handler of the page ran: {pwned:?}");
    assert!(web_sys::window().unwrap().document().unwrap().body().unwrap().inner_html().find("山城春早").is_none());
}

#[wasm_bindgen_test]
fn an_html_file_reads_through_both_adapters() {
    let file = read_text_file("page.HTML", HTML.as_bytes(), None, &decode, &elements).unwrap();
    assert_eq!(file.title, "山城春早");
    assert_eq!(
        file.document.text(),
        "山城春早\n天刚亮，江边的早市就热闹起来了。卖菜的老人把青菜摆得整整齐齐。\n店名里的“𠮷”字是祖父留下的。😀\nMorning market by the river\n山上的新路\n孩子们说，现在走二十分钟就能到学校。\n第一条\n第二条"
    );
}

#[wasm_bindgen_test]
fn regex_patterns_run_on_the_browsers_regexp_in_code_points() {
    let text = "𠮷野家😀在东京开店，𠮷野家👨‍👩‍👧又开一家。";
    let chars: Vec<char> = text.chars().collect();
    let slice = |(s, e): (usize, usize)| chars[s..e].iter().collect::<String>();
    let found = Regex::new("野家", "").unwrap().find_all(text);
    assert_eq!(found, [(1, 3), (11, 13)], "after 𠮷 and the emoji, offsets are code points, not UTF-16 units");
    // `u` is always on: `.` is one code point, 𠮷 included.
    let dotted: Vec<String> = Regex::new(".野", "").unwrap().find_all(text).into_iter().map(slice).collect();
    assert_eq!(dotted, ["𠮷野", "𠮷野"]);
    assert_eq!(Regex::new("X?", "").unwrap().find_all("ab"), [], "empty matches tag nothing");
    assert_eq!(Regex::new("tokyo", "i").unwrap().find_all("in Tokyo"), [(3, 8)]);
    // Reused across blocks: each search starts at the beginning.
    let again = Regex::new("开", "").unwrap();
    assert_eq!(again.find_all(text), again.find_all(text));

    let refused = check("第[一二", "u").unwrap_err();
    assert!(!refused.is_empty(), "the browser says why");
    assert!(Regex::new("(", "").is_err());
    // A whole file, checked by this browser's RegExp: the bad line is named.
    let file = "{\"label\": \"event\", \"regex\": \"第[一二三]+届\\\\S{2,8}论坛\"}\n{\"label\": \"event\", \"regex\": \"(\"}\n";
    let errors = patterns::parse(file, &check).unwrap_err();
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2]);
    let good = patterns::parse(file.lines().next().unwrap(), &check).unwrap();
    assert_eq!(good.len(), 1);
}

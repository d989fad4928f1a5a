//! The reader's regular-expression patterns, run by the browser's `RegExp`
//! (the `regex` crate would add hundreds of KiB to the wasm). Offsets come
//! back in code points: the `u` flag makes the engine read code points, and
//! its UTF-16 indices are converted here.

use js_sys::{Array, RegExp};
use wasm_bindgen::JsCast;

use crate::core::text::code_points_of_utf16_prefix;

/// A compiled regular expression of the reader's.
pub struct Regex(RegExp);

impl Regex {
    /// Compiles `source` with `flags` (`g` and `u` are always added), or says,
    /// in the browser's own words, why it is not a regular expression.
    pub fn new(source: &str, flags: &str) -> Result<Regex, String> {
        compile(source, flags).map(Regex)
    }

    /// Every match in `text` as code-point ranges; empty matches are
    /// skipped (they would tag nothing).
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        let re = &self.0;
        re.set_last_index(0);
        let mut found = Vec::new();
        // Each UTF-16 index is converted from where the last one was, so a
        // block is walked once, not once per match.
        let (mut units_seen, mut points_seen, mut bytes_seen) = (0usize, 0usize, 0usize);
        let mut to_points = |units: usize| {
            let rest = &text[bytes_seen..];
            let points = code_points_of_utf16_prefix(rest, units - units_seen);
            bytes_seen += rest.chars().take(points).map(char::len_utf8).sum::<usize>();
            units_seen = units;
            points_seen += points;
            points_seen
        };
        while let Some(matched) = re.exec(text) {
            let index = js_sys::Reflect::get(&matched, &"index".into()).ok().and_then(|i| i.as_f64()).unwrap_or(0.0);
            let length = matched.get(0).as_string().map_or(0, |m| m.encode_utf16().count());
            if length == 0 {
                re.set_last_index(re.last_index() + 1);
                continue;
            }
            let start = to_points(index as usize);
            let end = to_points(index as usize + length);
            found.push((start, end));
        }
        found
    }
}

/// Whether `source` with `flags` is a regular expression the browser accepts.
pub fn check(source: &str, flags: &str) -> Result<(), String> {
    compile(source, flags).map(|_| ())
}

fn compile(source: &str, flags: &str) -> Result<RegExp, String> {
    // `Reflect.construct` catches the SyntaxError that js-sys's `RegExp::new`
    // would let escape; `new Function` would need 'unsafe-eval' in the CSP.
    let constructor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
        .map_err(|_| "this browser has no RegExp".to_string())?
        .unchecked_into();
    // Always global (to walk the matches) and Unicode (to read code points).
    let mut all = String::from("gu");
    all.extend(flags.chars().filter(|f| !"gu".contains(*f)));
    let args = Array::of2(&source.into(), &all.into());
    js_sys::Reflect::construct(&constructor, &args).map(JsCast::unchecked_into).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "it is not a regular expression".into())
    })
}


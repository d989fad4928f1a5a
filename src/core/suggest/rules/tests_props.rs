//! Properties of every rule: finds in bounds, non-empty, grapheme-aligned, no panics.

use proptest::prelude::*;

use super::find;
use crate::core::text::grapheme_boundaries;

proptest! {
    #[test]
    fn finds_are_in_bounds_and_grapheme_aligned(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("“"), Just("”"), Just("‘"), Just("’"), Just("\""), Just("「"), Just("」"),
                Just("说："), Just("。"), Just("，"), Just("！"), Just("…"), Just("𠮷"), Just("👍🏽"),
                Just("👨‍👩‍👧"), Just("\u{301}"), Just("1"), Just("2017"), Just("年"), Just("月"), Just("日"),
                Just("160"), Just("多"), Just("个"), Just("国家"), Just("和"), Just("%"), Just("一"), Just("十"),
                Just("百分之"), Just("论坛"), Just("大会"), Just("会"), Just("节"), Just("的"), Just("第"),
                Just("December "), Just("1, "), Just(" "), Just("said, "), Just("中国共产党"), Just("周年"),
                Just("次"), Just("二〇一七"), Just("万"), Just("亿"), Just("约"), Just("."), Just(","),
            ],
            0..40,
        )
    ) {
        let text: String = pieces.concat();
        let chars: Vec<char> = text.chars().collect();
        let boundaries = grapheme_boundaries(&text);
        for f in find(&chars) {
            prop_assert!(f.start < f.end && f.end <= chars.len(), "{:?} in {:?}", f, text);
            prop_assert!(boundaries.contains(&f.start) && boundaries.contains(&f.end), "{:?} in {:?}", f, text);
            prop_assert!((0.0..=1.0).contains(&f.score));
            prop_assert!(f.alternatives.is_empty());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,60}") {
        let chars: Vec<char> = text.chars().collect();
        for f in find(&chars) {
            prop_assert!(f.start < f.end && f.end <= chars.len());
        }
    }
}

/// A long block is scanned to its end. (Its speed is measured by
/// `bench/suggestions.mjs`, not asserted here: a timed test fails on a
/// loaded machine.)
#[test]
fn a_long_block_is_scanned_whole() {
    let sentence = "习近平说：“我们有160多个国家和地区的朋友。”2017年12月1日，中国共产党与世界政党高层对话会在北京举行，“";
    let block: String = sentence.repeat(5_000);
    let chars: Vec<char> = block.chars().collect();
    let finds = find(&chars);
    assert!(finds.len() > 5_000);
    let last = sentence.chars().count() * 4_999;
    assert!(finds.iter().any(|f| f.start >= last), "the last sentence has finds too");
    assert!(finds.iter().all(|f| f.start < f.end && f.end <= chars.len()));
}

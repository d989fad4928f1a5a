use super::*;
use proptest::prelude::*;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn doc(items: &[(&str, Tag, u32)]) -> DocPhrases {
    items.iter().map(|&(p, t, n)| (p.to_string(), t, n)).collect()
}

const Q: Tag = Tag::Quote;
const S: Tag = Tag::Statistic;
const E: Tag = Tag::Event;

#[test]
fn phrases_of_counts_trims_and_drops_too_short_or_long() {
    let long = "长".repeat(MAX_CHARS + 1);
    let edge = "长".repeat(MAX_CHARS);
    let anns = [
        (" 160多个国家\n", S),
        ("160多个国家", S),
        ("160多个国家", E),
        ("会", E),
        ("  会 ", E),
        ("𠮷野", Q),
        (long.as_str(), Q),
        (edge.as_str(), Q),
        ("   ", Q),
    ];
    let phrases = phrases_of(anns.iter().map(|&(t, g)| (t, g)));
    assert_eq!(phrases, doc(&[("160多个国家", S, 2), ("160多个国家", E, 1), (edge.as_str(), Q, 1), ("𠮷野", Q, 1)]));
    let mut sorted = phrases.clone();
    sorted.sort();
    assert_eq!(phrases, sorted);
}

#[test]
fn counts_sum_over_documents() {
    let a = doc(&[("进博会", E, 2), ("他表示", Q, 1)]);
    let b = doc(&[("进博会", E, 1), ("进博会", S, 1)]);
    let lexicon = Lexicon::from_docs([&a, &b]);
    assert_eq!(lexicon.len(), 2);
    assert_eq!(lexicon.counts["进博会"], [0, 1, 3]);
    assert_eq!(lexicon.entry("进博会"), Some((E, 0.6, vec![S])));
    assert_eq!(lexicon.entry("他表示"), Some((Q, 0.5, vec![])));
    assert_eq!(lexicon.entry("无"), None);
}

#[test]
fn scoring_majority_alternatives_and_ties() {
    assert_eq!(score(&[1, 0, 0]), (Q, 0.5, vec![]));
    assert_eq!(score(&[0, 4, 0]), (S, 0.8, vec![]));
    assert_eq!(score(&[3, 0, 1]), (Q, 0.6, vec![E]));
    // Alternatives by count, most first.
    assert_eq!(score(&[1, 2, 5]).2, vec![S, Q]);
    // Ties go to Tag::ALL order, for the majority and the alternatives.
    assert_eq!(score(&[0, 2, 2]), (S, 0.4, vec![E]));
    assert_eq!(score(&[1, 1, 1]).0, Q);
    assert_eq!(score(&[1, 1, 1]).2, vec![S, E]);
    assert_eq!(score(&[0, 0, 0]).1, 0.0);
    // More taggings alike, more confidence.
    assert!(score(&[0, 0, 9]).1 > score(&[0, 0, 3]).1);
    assert!(score(&[u32::MAX, u32::MAX, 0]).1 <= 1.0);
}

#[test]
fn remove_undoes_add() {
    let a = doc(&[("进博会", E, 2), ("他表示", Q, 1)]);
    let b = doc(&[("进博会", S, 1), ("一带一路", E, 1)]);
    let mut lexicon = Lexicon::from_docs([&a]);
    lexicon.add(&b);
    assert_eq!(lexicon.len(), 3);
    lexicon.remove(&b);
    assert_eq!(lexicon.len(), 2);
    assert_eq!(lexicon.entry("进博会"), Some((E, 2.0 / 3.0, vec![])));
    assert!(lexicon.find(&chars("一带一路")).is_empty());
    lexicon.remove(&a);
    assert!(lexicon.is_empty());
    assert!(lexicon.by_start.is_empty());
    assert!(lexicon.find(&chars("进博会他表示")).is_empty());
    // Removing what was never added changes nothing.
    lexicon.remove(&a);
    assert!(lexicon.is_empty());
}

#[test]
fn find_in_code_points_with_astral_characters() {
    let lexicon = Lexicon::from_docs([&doc(&[("𠮷野家", E, 1), ("🎉庆祝", Q, 2), ("160多个国家", S, 1)])]);
    let text = chars("𠮷野家🎉庆祝，160多个国家和𠮷野家");
    let found = lexicon.find(&text);
    let spans: Vec<_> = found.iter().map(|f| (f.start, f.end, f.tag, f.source.name())).collect();
    assert_eq!(
        spans,
        [
            (0, 3, E, "learned:𠮷野家".to_string()),
            (3, 6, Q, "learned:🎉庆祝".to_string()),
            (7, 14, S, "learned:160多个国家".to_string()),
            (15, 18, E, "learned:𠮷野家".to_string()),
        ]
    );
    assert_eq!(found[1].score, 2.0 / 3.0);
    assert!(lexicon.find(&[]).is_empty());
    assert!(lexicon.find(&chars("𠮷")).is_empty());
}

#[test]
fn longest_at_the_same_start_and_nested_ones_dropped() {
    let lexicon = Lexicon::from_docs([&doc(&[
        ("多个国家", S, 1),
        ("160多个国家", S, 1),
        ("160多", S, 1),
        ("国家主席", Q, 1),
    ])]);
    let found = lexicon.find(&chars("160多个国家主席"));
    let spans: Vec<_> = found.iter().map(|f| (f.start, f.end)).collect();
    // 160多 and 多个国家 lie inside 160多个国家; 国家主席 crosses it.
    assert_eq!(spans, [(0, 7), (5, 9)]);
    let found = lexicon.find(&chars("多个国家"));
    assert_eq!(found.iter().map(|f| (f.start, f.end)).collect::<Vec<_>>(), [(0, 4)]);
}

#[test]
fn find_with_mixed_tags_gives_the_alternatives() {
    let lexicon = Lexicon::from_docs([&doc(&[("峰会", E, 3), ("峰会", Q, 1)])]);
    let found = lexicon.find(&chars("峰会峰会"));
    assert_eq!(found.len(), 2);
    assert_eq!((found[1].start, found[1].tag, found[1].alternatives.clone()), (2, E, vec![Q]));
}

#[test]
fn encode_decode_round_trip_and_refusals() {
    let phrases = doc(&[("160多个国家", S, 2), ("他说", Q, 1), ("𠮷🎉", E, 7)]);
    let stored = encode(&phrases);
    assert_eq!(stored, r#"[["160多个国家","s",2],["他说","q",1],["𠮷🎉","e",7]]"#);
    assert_eq!(decode(&stored), Ok(phrases));
    assert_eq!(decode("[]"), Ok(vec![]));
    assert_eq!(
        decode(r#"[["他说","q",1],["x","z",1]]"#),
        Err(r#"stored phrase 2 has the tag code "z"; the codes are q, s and e"#.to_string())
    );
    for bad in ["", "{}", "[1]", r#"[["a","q"]]"#, r#"[["a","q",-1]]"#, "null"] {
        assert!(decode(bad).is_err(), "{bad}");
    }
}

#[test]
fn many_entries_find_stays_fast() {
    let entries: Vec<String> = (0..5000).map(|i| format!("中国{i}号")).collect();
    let phrases: DocPhrases = entries.iter().map(|p| (p.clone(), S, 1)).collect();
    let lexicon = Lexicon::from_docs([&phrases]);
    let text: Vec<char> = "中国4999号和中国12号。".repeat(2000).chars().collect();
    let found = lexicon.find(&text);
    assert_eq!(found.len(), 4000);
}

fn alphabet() -> impl Strategy<Value = char> {
    prop::sample::select(vec!['中', '国', '𠮷', '🎉', 'a', '1', '，'])
}

proptest! {
    #[test]
    fn every_find_is_in_bounds_and_is_its_phrase(
        phrases in prop::collection::vec(prop::collection::vec(alphabet(), 1..5), 0..12),
        text in prop::collection::vec(alphabet(), 0..60),
    ) {
        let doc: DocPhrases = phrases.iter().map(|p| (p.iter().collect::<String>(), Tag::Event, 1)).collect();
        let lexicon = Lexicon::from_docs([&doc]);
        let mut last_start = None;
        for f in lexicon.find(&text) {
            prop_assert!(f.start < f.end && f.end <= text.len());
            let Source::Learned(phrase) = &f.source else { panic!("{:?}", f.source) };
            prop_assert_eq!(text[f.start..f.end].iter().collect::<String>(), phrase.clone());
            prop_assert!(lexicon.entry(phrase).is_some());
            prop_assert!(last_start.is_none_or(|s| s < f.start));
            last_start = Some(f.start);
        }
    }
}

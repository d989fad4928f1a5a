//! Arbitrary spans over an arbitrary range: the pieces must tile the range,
//! never be empty, and each span must cover a piece wholly or not at all.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagmark::core::annotation::Tag;
use tagmark::core::segments::{segment, Span};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let from = usize::from(data[0]);
    let to = from + usize::from(data[1]) + 1;
    let spans: Vec<Span> = data[2..]
        .chunks_exact(2)
        .take(64)
        .enumerate()
        .map(|(i, pair)| {
            let start = usize::from(pair[0]);
            let end = start + usize::from(pair[1] % 64) + 1;
            Span { id: i.to_string(), tag: Tag::ALL[i % 3], start, end }
        })
        .collect();
    let pieces = segment(from, to, &spans);
    assert_eq!(pieces.first().map(|p| p.start), Some(from));
    assert_eq!(pieces.last().map(|p| p.end), Some(to));
    for pair in pieces.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
    for piece in &pieces {
        assert!(piece.start < piece.end);
        for (i, span) in spans.iter().enumerate() {
            let touches = span.start < piece.end && span.end > piece.start;
            let covers = span.start <= piece.start && span.end >= piece.end;
            assert_eq!(touches, covers);
            assert_eq!(piece.covered_by.contains(&i), covers);
        }
    }
});

//! A sequence of annotation lists through one SpanIndex: after each update,
//! the blocks it reported (applied to what it reported before) must hold
//! exactly the spans that touch them, and it must report only real changes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tagmark::core::annotation::{document_order, Annotation, Tag};
use tagmark::core::segments::{Span, SpanIndex};

fuzz_target!(|data: &[u8]| {
    let Some((&block_bytes, rest)) = data.split_first() else { return };
    // Blocks of 1 to 16 code points, one code point apart (the line feed).
    let mut blocks = Vec::new();
    let mut at = 0;
    for i in 0..usize::from(block_bytes % 12) + 1 {
        let len = (i * 7 + usize::from(block_bytes)) % 16 + 1;
        blocks.push((at, at + len));
        at += len + 1;
    }
    let mut index = SpanIndex::new(blocks.clone());
    let mut painted: Vec<Vec<Span>> = vec![Vec::new(); blocks.len()];
    // Each list is up to 16 annotations of 4 bytes (id, start, length, tag), ended by 0xff.
    for list in rest.split(|&b| b == 0xff).take(16) {
        let mut annotations: Vec<Annotation> = Vec::new();
        for raw in list.chunks_exact(4).take(16) {
            let id = (raw[0] % 8).to_string();
            if annotations.iter().any(|a| a.id == id) {
                continue;
            }
            let start = usize::from(raw[1]) % (at + 4);
            let end = start + usize::from(raw[2] % 40) + 1;
            annotations.push(Annotation::new(id, Tag::ALL[usize::from(raw[3]) % 3], start, end, "t"));
        }
        for (block, spans) in index.update(&annotations) {
            assert_ne!(painted[block], spans, "block {block} reported without a change");
            painted[block] = spans;
        }
        for (i, &(from, to)) in blocks.iter().enumerate() {
            let mut touching: Vec<&Annotation> = annotations.iter().filter(|a| a.start < to && a.end > from).collect();
            touching.sort_by(|a, b| document_order(a).cmp(&document_order(b)));
            let want: Vec<Span> = touching.into_iter().map(Span::from).collect();
            assert_eq!(painted[i], want, "block {i}");
        }
    }
});

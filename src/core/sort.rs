//! One stable sort for the app, compiled once.
//!
//! The standard library's sorts are generic over the element and the
//! comparison: every `sort_by` call site gets its own copy of driftsort, 1 to
//! 4 KiB of wasm each, 77 KiB for the app's 23 call sites
//! (`bench/size-cuts.md`). Here the merge sort is compiled once, over indices,
//! with a `dyn` comparison; what each call site adds is a closure and the
//! permutation, which is generic over the element type only. The lists sorted
//! are short (a block's finds, a library's documents), so the indirection
//! costs no time that shows.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order (like `sort_by`).
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` by a key, keeping equal keys in their order (like `sort_by_key`).
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order (like `sort`).
pub fn ascending<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The stable order of `n` items as a list of their indices: a bottom-up
/// merge sort that skips merging runs already in order, so a sorted input
/// costs one comparison an item.
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            if mid == end || cmp(a[mid - 1], a[mid]) != Ordering::Greater {
                b[start..end].copy_from_slice(&a[start..end]);
            } else {
                let (mut i, mut j) = (start, mid);
                for slot in &mut b[start..end] {
                    // The left run wins ties: that is what keeps the sort stable.
                    if j == end || (i < mid && cmp(a[j], a[i]) != Ordering::Less) {
                        *slot = a[i];
                        i += 1;
                    } else {
                        *slot = a[j];
                        j += 1;
                    }
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Moves `v[order[k]]` to position `k` for every `k`, one cycle at a time.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = std::mem::replace(&mut order[at], DONE);
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_and_keeps_ties_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by_key(&mut v, |p| p.0);
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut words = vec!["b", "a", "c"];
        ascending(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
        by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a"]);
    }

    proptest! {
        #[test]
        fn matches_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            by_key(&mut ours, |p| p.0);
            let mut std_sorted = items;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}

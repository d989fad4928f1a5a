//! The arithmetic of a virtualised list of fixed-height rows: which rows a
//! scroll position needs in the page, where key travel lands, and how far
//! to scroll to show a row. Rows sit at index × row height, so none of it
//! depends on how many rows there are beyond a clamp.

use std::ops::Range;

/// Rows kept in the page past each edge of the viewport, so a short wheel
/// step or a key press finds its row already drawn.
pub const MARGIN: usize = 8;

/// The rows [first, last) a viewport of height `viewport` scrolled to
/// `scroll_top` needs, `margin` more on each side, for rows `row` high. Not
/// clamped to a count: the caller cuts it to the rows there are, so the
/// window changes only when the scroll does.
pub fn window(scroll_top: f64, viewport: f64, row: f64, margin: usize) -> Range<usize> {
    if !(row > 0.0) {
        return 0..0;
    }
    let top = scroll_top.max(0.0);
    let first = (top / row).floor() as usize;
    let last = ((top + viewport.max(0.0)) / row).ceil() as usize;
    first.saturating_sub(margin)..last + margin
}

/// A move through the list by keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Travel {
    /// By this many rows; negative is up.
    Step(isize),
    /// By this many screenfuls; negative is up.
    Page(isize),
    /// To the first row.
    First,
    /// To the last row.
    Last,
}

/// Where `travel` from row `from` (none active: `None`) lands among `count`
/// rows, `page` rows to a screenful; `None` when there are no rows. From no
/// row, a step or a page lands on the first.
pub fn travel(from: Option<usize>, travel: Travel, count: usize, page: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let by = |rows: isize| match from {
        Some(at) => (at.min(last) as isize).saturating_add(rows).clamp(0, last as isize) as usize,
        None => 0,
    };
    Some(match travel {
        Travel::Step(rows) => by(rows),
        Travel::Page(pages) => by(pages.saturating_mul(page.max(1) as isize)),
        Travel::First => 0,
        Travel::Last => last,
    })
}

/// Whole rows in a viewport of height `viewport`, at least one: a PageDown's
/// worth, so the row a page lands on was the edge one before.
pub fn page_rows(viewport: f64, row: f64) -> usize {
    if !(row > 0.0) {
        return 1;
    }
    ((viewport / row).floor() as usize).saturating_sub(1).max(1)
}

/// The scroll position that shows row `index` whole while moving as little
/// as possible; `None` when it is whole in view already.
pub fn scroll_to_show(index: usize, scroll_top: f64, viewport: f64, row: f64) -> Option<f64> {
    let top = index as f64 * row;
    let bottom = top + row;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some((bottom - viewport).max(0.0))
    } else {
        None
    }
}

/// The rows to put in the page: the window cut to `count` rows, plus the
/// `pinned` one (the active row, which must stay focusable when scrolled
/// away), in order.
pub fn rows_in_page(window: Range<usize>, count: usize, pinned: Option<usize>) -> Vec<usize> {
    let cut = window.start.min(count)..window.end.min(count);
    let mut rows: Vec<usize> = cut.clone().collect();
    if let Some(p) = pinned.filter(|p| *p < count && !cut.contains(p)) {
        let at = rows.partition_point(|r| *r < p);
        rows.insert(at, p);
    }
    rows
}

/// The first of `0..count` for which `is` holds, looking outward from
/// `near`: a row that moved by a few places is found in a few looks.
pub fn find_near(count: usize, near: usize, mut is: impl FnMut(usize) -> bool) -> Option<usize> {
    let near = near.min(count.checked_sub(1)?);
    for d in 0..=near.max(count - 1 - near) {
        if let Some(below) = near.checked_add(d).filter(|&i| i < count) {
            if is(below) {
                return Some(below);
            }
        }
        if let Some(above) = near.checked_sub(d).filter(|_| d > 0) {
            if is(above) {
                return Some(above);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_and_the_margins() {
        assert_eq!(window(0.0, 500.0, 50.0, 8), 0..18);
        assert_eq!(window(1000.0, 500.0, 50.0, 8), 12..38);
        // Part of a row at each edge counts.
        assert_eq!(window(1025.0, 500.0, 50.0, 0), 20..31);
        // The browser may report a bounce past the top.
        assert_eq!(window(-30.0, 500.0, 50.0, 2), 0..12);
        assert_eq!(window(0.0, 500.0, 0.0, 8), 0..0, "no row height yet");
    }

    #[test]
    fn the_window_moves_only_when_a_row_boundary_is_crossed() {
        assert_eq!(window(1001.0, 500.0, 50.0, 8), window(1049.0, 500.0, 50.0, 8));
        assert_ne!(window(1049.0, 500.0, 50.0, 8), window(1050.0, 500.0, 50.0, 8));
    }

    #[test]
    fn travel_steps_pages_and_jumps_within_the_rows() {
        assert_eq!(travel(Some(5), Travel::Step(1), 10, 3), Some(6));
        assert_eq!(travel(Some(9), Travel::Step(1), 10, 3), Some(9));
        assert_eq!(travel(Some(0), Travel::Step(-1), 10, 3), Some(0));
        assert_eq!(travel(Some(5), Travel::Page(1), 10, 3), Some(8));
        assert_eq!(travel(Some(8), Travel::Page(1), 10, 3), Some(9));
        assert_eq!(travel(Some(2), Travel::Page(-1), 10, 3), Some(0));
        assert_eq!(travel(Some(5), Travel::First, 10, 3), Some(0));
        assert_eq!(travel(Some(5), Travel::Last, 10_000, 3), Some(9_999));
        assert_eq!(travel(None, Travel::Step(1), 10, 3), Some(0));
        assert_eq!(travel(None, Travel::Page(-1), 10, 3), Some(0));
        assert_eq!(travel(None, Travel::Last, 10, 3), Some(9));
        assert_eq!(travel(Some(3), Travel::Step(1), 0, 3), None);
        // The active row was past the end of a list that shrank.
        assert_eq!(travel(Some(40), Travel::Step(-1), 10, 3), Some(8));
    }

    #[test]
    fn a_page_is_the_whole_rows_on_screen_less_one() {
        assert_eq!(page_rows(500.0, 50.0), 9);
        assert_eq!(page_rows(520.0, 50.0), 9);
        assert_eq!(page_rows(40.0, 50.0), 1);
        assert_eq!(page_rows(500.0, 0.0), 1);
    }

    #[test]
    fn scrolling_to_show_a_row_moves_the_least() {
        assert_eq!(scroll_to_show(5, 0.0, 500.0, 50.0), None);
        assert_eq!(scroll_to_show(9, 0.0, 500.0, 50.0), None, "the last whole row");
        assert_eq!(scroll_to_show(10, 0.0, 500.0, 50.0), Some(50.0), "its bottom at the viewport's");
        assert_eq!(scroll_to_show(9_999, 0.0, 500.0, 50.0), Some(499_500.0));
        assert_eq!(scroll_to_show(3, 400.0, 500.0, 50.0), Some(150.0), "its top at the viewport's");
        assert_eq!(scroll_to_show(8, 425.0, 500.0, 50.0), Some(400.0), "a row cut at the top");
    }

    #[test]
    fn the_pinned_row_joins_the_window_in_order() {
        assert_eq!(rows_in_page(2..6, 100, None), vec![2, 3, 4, 5]);
        assert_eq!(rows_in_page(2..6, 100, Some(4)), vec![2, 3, 4, 5]);
        assert_eq!(rows_in_page(20..23, 100, Some(4)), vec![4, 20, 21, 22]);
        assert_eq!(rows_in_page(20..23, 100, Some(90)), vec![20, 21, 22, 90]);
        assert_eq!(rows_in_page(0..18, 3, Some(1)), vec![0, 1, 2], "cut to the rows there are");
        assert_eq!(rows_in_page(0..18, 3, Some(7)), vec![0, 1, 2], "a pinned row past the end is gone");
        assert_eq!(rows_in_page(40..58, 3, None), Vec::<usize>::new());
    }

    #[test]
    fn find_near_looks_outward_from_the_hint() {
        let rows = [10, 20, 30, 40, 50];
        let mut looks = 0;
        assert_eq!(find_near(5, 2, |i| { looks += 1; rows[i] == 40 }), Some(3));
        assert_eq!(looks, 2, "the hint, then the row after it");
        assert_eq!(find_near(5, 4, |i| rows[i] == 10), Some(0));
        assert_eq!(find_near(5, 0, |i| rows[i] == 50), Some(4));
        assert_eq!(find_near(5, 99, |i| rows[i] == 30), Some(2), "a hint past the end");
        assert_eq!(find_near(5, 2, |i| rows[i] == 35), None);
        assert_eq!(find_near(0, 0, |_| true), None);
    }
}

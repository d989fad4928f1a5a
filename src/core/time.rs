//! RFC 3339 timestamps compared by the instant they name, so that the newer
//! edit wins a merge however its fraction of a second is written.

/// A UTC timestamp as (year, month, day, hour, minute, second, nanosecond).
pub(crate) type Instant = (u32, u32, u32, u32, u32, u32, u32);

/// Parses `YYYY-MM-DDTHH:MM:SS(.f…)Z` (what JS `toISOString` writes) into a
/// tuple that sorts by time; plain string order gets `…00Z` vs `…00.5Z` wrong.
/// `None`, the oldest, for anything else.
pub(crate) fn timestamp(s: &str) -> Option<Instant> {
    let s = s.strip_suffix(['Z', 'z']).or_else(|| s.strip_suffix("+00:00"))?;
    let (date, time) = s.split_once(['T', 't'])?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let field = |part: &str, width: usize| -> Option<u32> {
        if part.len() == width && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let mut date = date.split('-');
    let year = field(date.next()?, 4)?;
    let month = field(date.next()?, 2)?;
    let day = field(date.next()?, 2)?;
    let mut clock = clock.split(':');
    let hour = field(clock.next()?, 2)?;
    let minute = field(clock.next()?, 2)?;
    let second = field(clock.next()?, 2)?;
    if date.next().is_some() || clock.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse().ok()?
        }
        Some(_) => return None,
    };
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second <= 60;
    valid.then_some((year, month, day, hour, minute, second, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timestamps_parse_into_sortable_tuples() {
        assert_eq!(timestamp("2026-01-02T03:04:05.678Z"), Some((2026, 1, 2, 3, 4, 5, 678_000_000)));
        assert_eq!(timestamp("2026-01-02T03:04:05+00:00"), Some((2026, 1, 2, 3, 4, 5, 0)));
        for bad in ["", "yesterday", "2026-01-02", "2026-13-02T00:00:00Z", "2026-01-02T00:00:00", "2026-1-02T00:00:00Z"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
        assert!(timestamp("garbage") < timestamp("1970-01-01T00:00:00Z"));
    }

    proptest! {
        /// Whatever the digits, what `toISOString` writes parses back to them,
        /// and a fraction only ever makes the instant later.
        #[test]
        fn written_times_parse_back(
            (year, month, day) in (0u32..10_000, 1u32..=12, 1u32..=31),
            (hour, minute, second) in (0u32..24, 0u32..60, 0u32..60),
            millis in 1u32..1000,
        ) {
            let whole = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
            let at = timestamp(&format!("{whole}Z"));
            prop_assert_eq!(at, Some((year, month, day, hour, minute, second, 0)));
            let later = timestamp(&format!("{whole}.{millis:03}Z"));
            prop_assert_eq!(later, Some((year, month, day, hour, minute, second, millis * 1_000_000)));
            prop_assert!(later > at);
        }
    }
}

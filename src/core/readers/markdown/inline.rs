//! Inline Markdown: what a line of it reads as once rendered.
//!
//! Emphasis follows CommonMark's delimiter rules (and GFM's for `~~`): a
//! run of `*` or `_` opens or closes by what is on either side of it, `_`
//! never inside a word, and a run is dropped only as far as it pairs with
//! another; what does not pair (`window.__pwned`, `a * b`) stays text.

/// The text of a line of inline Markdown as the rendered page shows it:
/// emphasis, code ticks, link targets, images (all but their alt text),
/// autolink brackets, HTML tags and escapes dropped, entities decoded.
pub(super) fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Out::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = run_of(&chars, i, '`');
                match find_run(&chars, i + run, '`', run) {
                    Some(close) => {
                        let code: String = chars[i + run..close].iter().collect();
                        let code = code.replace('\n', " ");
                        let stripped = code.strip_prefix(' ').and_then(|c| c.strip_suffix(' '));
                        out.push_str(stripped.filter(|s| !s.trim().is_empty()).unwrap_or(&code));
                        i = close + run;
                    }
                    None => {
                        chars[i..i + run].iter().for_each(|c| out.push(*c));
                        i += run;
                    }
                }
            }
            // An image keeps its alt text, as a link keeps its label.
            '!' | '[' if c == '[' || chars.get(i + 1) == Some(&'[') => {
                match link(&chars, if c == '[' { i } else { i + 1 }) {
                    Some((label, end)) => {
                        out.push_str(&inline(&label));
                        i = end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '<' => match tag_end(&chars, i) {
                Some((end, autolink)) => {
                    if autolink {
                        chars[i + 1..end - 1].iter().for_each(|c| out.push(*c));
                    }
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => match entity(&chars, i) {
                Some((decoded, end)) => {
                    out.push(decoded);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let run = run_of(&chars, i, c);
                let (open, close) = can_open_close(c, i.checked_sub(1).map(|b| chars[b]), chars.get(i + run).copied());
                // GFM strikes through with exactly two tildes: "1~3" is a range.
                if (open || close) && (c != '~' || run == 2) {
                    out.runs.push(Run { c, len: run, left: run, open, close });
                    out.pieces.push(Piece::Run(out.runs.len() - 1));
                } else {
                    chars[i..i + run].iter().for_each(|c| out.push(*c));
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.finish()
}

/// A line read so far: text, and the delimiter runs between it that
/// emphasis may use up once the whole line is known.
#[derive(Default)]
struct Out {
    pieces: Vec<Piece>,
    runs: Vec<Run>,
}

enum Piece {
    Text(String),
    /// Index into [`Out::runs`].
    Run(usize),
}

/// A delimiter run: `len` of `c`, `left` of them not used by emphasis.
struct Run {
    c: char,
    len: usize,
    left: usize,
    open: bool,
    close: bool,
}

impl Out {
    fn push(&mut self, c: char) {
        match self.pieces.last_mut() {
            Some(Piece::Text(text)) => text.push(c),
            _ => self.pieces.push(Piece::Text(c.to_string())),
        }
    }

    fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }

    /// Pairs the runs, then writes the text with what is left of each run.
    fn finish(mut self) -> String {
        pair_runs(&mut self.runs);
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Run(r) => text.extend(std::iter::repeat_n(self.runs[*r].c, self.runs[*r].left)),
            }
        }
        text
    }
}

/// Whether a run of `c` between `before` and `after` (`None`: the line's
/// edge) can open and can close emphasis: CommonMark's flanking rules.
fn can_open_close(c: char, before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punctuation);
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    match c {
        // Inside a word `_` is a letter (snake_case); `*` still emphasizes.
        '_' => (left && (!right || punct(before)), right && (!left || punct(after))),
        _ => (left, right),
    }
}

/// CommonMark's punctuation (Unicode P and S): ASCII punctuation, and any
/// other character that is not a letter, digit, space or control, which
/// takes in “”、。《》, dashes and emoji without a category table.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// CommonMark's "process emphasis": each closer, in order, takes the
/// nearest opener of its character below it that may pair with it; runs
/// between them can no longer pair. The stack is a linked list, and each
/// kind of closer remembers how far down a search already failed, so a
/// long line of lone delimiters costs linear time, not quadratic.
fn pair_runs(runs: &mut [Run]) {
    let n = runs.len();
    let mut prev: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
    let mut next: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
    let unlink = |i: usize, prev: &mut Vec<Option<usize>>, next: &mut Vec<Option<usize>>| {
        if let Some(p) = prev[i] {
            next[p] = next[i];
        }
        if let Some(q) = next[i] {
            prev[q] = prev[i];
        }
    };
    // For a closer's (character, length mod 3, can open): the run at or
    // below which no opener for it is left.
    let mut floor: std::collections::HashMap<(char, usize, bool), usize> = std::collections::HashMap::new();
    let mut current = (n > 0).then_some(0);
    while let Some(at) = current {
        if !runs[at].close {
            current = next[at];
            continue;
        }
        let key = (runs[at].c, runs[at].len % 3, runs[at].open);
        let mut opener = None;
        let mut below = prev[at];
        while let Some(o) = below.filter(|o| floor.get(&key).is_none_or(|f| o > f)) {
            if runs[o].c == runs[at].c && runs[o].open && pairs(&runs[o], &runs[at]) {
                opener = Some(o);
                break;
            }
            below = prev[o];
        }
        let Some(o) = opener else {
            if let Some(p) = prev[at] {
                floor.insert(key, p);
            }
            current = next[at];
            if !runs[at].open {
                unlink(at, &mut prev, &mut next);
            }
            continue;
        };
        let used = if runs[o].c == '~' || (runs[o].left >= 2 && runs[at].left >= 2) { 2 } else { 1 };
        runs[o].left -= used;
        runs[at].left -= used;
        next[o] = Some(at);
        prev[at] = Some(o);
        if runs[o].left == 0 {
            unlink(o, &mut prev, &mut next);
        }
        if runs[at].left == 0 {
            current = next[at];
            unlink(at, &mut prev, &mut next);
        }
    }
}

/// Whether `opener` and `closer` may pair: `~~` with `~~`; for `*` and `_`,
/// CommonMark's rule of 3 (`*foo**bar*` is one emphasis, not two).
fn pairs(opener: &Run, closer: &Run) -> bool {
    if opener.c == '~' {
        return opener.len == closer.len;
    }
    let either_both = opener.close || closer.open;
    !(either_both && closer.len % 3 != 0 && (opener.len + closer.len) % 3 == 0)
}

fn run_of(chars: &[char], at: usize, c: char) -> usize {
    chars[at..].iter().take_while(|x| **x == c).count()
}

/// Where a run of exactly `len` of `c` starts, from `from` on.
fn find_run(chars: &[char], from: usize, c: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = run_of(chars, i, c);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// A link or image at the `[` at `open`: its label and the index past it.
/// `[text](url)`, `[text][ref]` and `[text][]` all keep their text.
fn link(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let close = close?;
    let label: String = chars[open + 1..close].iter().collect();
    let (end_char, after) = match chars.get(close + 1) {
        Some('(') => (')', close + 2),
        Some('[') => (']', close + 2),
        _ => return None,
    };
    let mut parens = 0;
    for (j, &c) in chars.iter().enumerate().skip(after) {
        if c == '(' && end_char == ')' {
            parens += 1;
        } else if c == end_char {
            if parens == 0 {
                return Some((label, j + 1));
            }
            parens -= 1;
        }
    }
    None
}

/// The index past an HTML tag, comment or autolink at `<`, and whether it
/// was an autolink (whose text the page shows).
fn tag_end(chars: &[char], open: usize) -> Option<(usize, bool)> {
    let close = open + chars[open..].iter().position(|c| *c == '>')?;
    let inner: String = chars[open + 1..close].iter().collect();
    if inner.starts_with("!--") {
        let rest: String = chars[open..].iter().collect();
        let end = rest.find("-->")?;
        return Some((open + rest[..end].chars().count() + 3, false));
    }
    let autolink = !inner.contains(char::is_whitespace)
        && (inner.contains("://") || inner.starts_with("mailto:") || (inner.contains('@') && !inner.starts_with('/')));
    let name = inner.strip_prefix('/').unwrap_or(&inner);
    let tag = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().take_while(|c| !c.is_whitespace() && *c != '/').all(|c| c.is_ascii_alphanumeric() || c == '-');
    (autolink || tag).then_some((close + 1, autolink))
}

/// A named or numeric character reference at `&`: the character and the index past it.
fn entity(chars: &[char], at: usize) -> Option<(char, usize)> {
    let semi = at + chars[at..].iter().take(12).position(|c| *c == ';')?;
    let name: String = chars[at + 1..semi].iter().collect();
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((decoded, semi + 1))
}

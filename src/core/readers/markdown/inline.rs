//! Inline Markdown: what a line of it reads as once rendered.

/// The text of a line of inline Markdown as the rendered page shows it:
/// emphasis, code ticks, link targets, images (all but their alt text),
/// autolink brackets, HTML tags and escapes dropped, entities decoded.
pub(super) fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
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
                let before = i.checked_sub(1).map(|b| chars[b]);
                let after = chars.get(i + run).copied();
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let flanking = !space(after) || !space(before);
                // Inside a word, `_` is a letter (snake_case), `*` still emphasis.
                let delimiter = match c {
                    '_' => flanking && !(word(before) && word(after)),
                    '~' => run == 2 && flanking,
                    _ => flanking,
                };
                if !delimiter {
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
    out
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

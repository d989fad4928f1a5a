//! Every key Tagmark answers to, in one table that both the key handlers and
//! the help dialog read, so the help can never omit or misdescribe a key.

use crate::core::annotation::Tag;
use crate::core::list_window::Travel;

/// Where a key press happens; each part of the page asks only for its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere on the page.
    App,
    /// While a selection waits for a tag.
    Selection,
    /// On the focused article, which then has a keyboard caret.
    Article,
    /// Inside the highlight popover.
    Popover,
    /// On the annotation list.
    List,
    /// On a suggestion the reader moved to.
    Suggestion,
}

/// How the keyboard caret moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// By one character (grapheme); negative is backwards.
    Char(isize),
    /// To the next or previous word boundary.
    Word(isize),
    /// To the same column of the next or previous block.
    Block(isize),
    /// To the start of the block.
    BlockStart,
    /// To the end of the block.
    BlockEnd,
}

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Open the keyboard help.
    ShowHelp,
    /// Tag the selection.
    Tag(Tag),
    /// Drop the selection and its toolbar.
    DismissSelection,
    /// Move the caret; with `extend` the selection grows from its anchor.
    Caret {
        /// Where to.
        motion: Motion,
        /// Shift was held.
        extend: bool,
    },
    /// Close the popover.
    ClosePopover,
    /// Move the start edge of the open highlight by one character.
    NudgeStart(isize),
    /// Move the end edge of the open highlight by one character.
    NudgeEnd(isize),
    /// Move through the entries of the list.
    ListMove(Travel),
    /// Open the entry of the list that has focus.
    ListOpen,
    /// Move to the next (1) or previous (-1) suggestion.
    SuggestionStep(isize),
    /// Accept the current suggestion, under its own tag or the one given.
    Accept(Option<Tag>),
    /// Reject the current suggestion.
    Reject,
}

/// A key press as the browser reports it. `ctrl` is Control or, on a Mac, Command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Control or Meta held.
    pub ctrl: bool,
    /// Shift held.
    pub shift: bool,
    /// Alt held.
    pub alt: bool,
}

/// One key combination. `None` for a modifier means either state matches.
#[derive(Clone, Copy, Debug)]
struct Chord {
    key: &'static str,
    ctrl: Option<bool>,
    shift: Option<bool>,
    alt: Option<bool>,
}

impl Chord {
    fn matches(&self, press: &KeyPress<'_>) -> bool {
        let modifier = |wanted: Option<bool>, held: bool| wanted.is_none_or(|w| w == held);
        // With Control, a letter comes in either case (Shift, Caps Lock).
        let key = if self.ctrl == Some(true) { press.key.eq_ignore_ascii_case(self.key) } else { press.key == self.key };
        key && modifier(self.ctrl, press.ctrl) && modifier(self.shift, press.shift) && modifier(self.alt, press.alt)
    }
}

/// A key without Control or Alt; Shift is ignored (`?` needs it on most layouts).
const fn plain(key: &'static str) -> Chord {
    Chord { key, ctrl: Some(false), shift: None, alt: Some(false) }
}

/// A key whatever the modifiers.
const fn any(key: &'static str) -> Chord {
    Chord { key, ctrl: None, shift: None, alt: None }
}

const fn ctrl(key: &'static str, shift: bool) -> Chord {
    Chord { key, ctrl: Some(true), shift: Some(shift), alt: Some(false) }
}

/// A caret key: Shift extends the selection, Control is handled by `by_word`.
const fn caret(key: &'static str, by_word: Option<bool>) -> Chord {
    Chord { key, ctrl: by_word, shift: None, alt: Some(false) }
}

const fn alt(key: &'static str, shift: bool) -> Chord {
    Chord { key, ctrl: None, shift: Some(shift), alt: Some(true) }
}

/// One row of the help: the keys as shown, what they do, and the chords.
struct Binding {
    scope: Scope,
    keys: &'static str,
    what: &'static str,
    /// Whether the keys also work while the reader types in a field.
    while_typing: bool,
    chords: &'static [(Chord, Command)],
}

/// The whole keymap, in the order the help lists it. A row without chords
/// describes a pointer action, for the help only.
const BINDINGS: &[Binding] = &[
    Binding {
        scope: Scope::Selection,
        keys: "Select text, then 1 / 2 / 3",
        what: "Tag as Quote / Statistic / Event",
        while_typing: false,
        chords: &[
            (plain(Tag::Quote.shortcut()), Command::Tag(Tag::Quote)),
            (plain(Tag::Statistic.shortcut()), Command::Tag(Tag::Statistic)),
            (plain(Tag::Event.shortcut()), Command::Tag(Tag::Event)),
        ],
    },
    Binding {
        scope: Scope::Selection,
        keys: "Esc",
        what: "Dismiss the toolbar",
        while_typing: false,
        chords: &[(plain("Escape"), Command::DismissSelection)],
    },
    Binding {
        scope: Scope::App,
        keys: "Click a highlight",
        what: "Edit its tag and note, resize, delete",
        while_typing: false,
        chords: &[],
    },
    Binding {
        scope: Scope::Popover,
        keys: "Esc",
        what: "Close the popover",
        while_typing: true,
        chords: &[(any("Escape"), Command::ClosePopover)],
    },
    Binding {
        scope: Scope::Popover,
        keys: "Alt+← / Alt+→",
        what: "Move the start of the open highlight",
        while_typing: false,
        chords: &[(alt("ArrowLeft", false), Command::NudgeStart(-1)), (alt("ArrowRight", false), Command::NudgeStart(1))],
    },
    Binding {
        scope: Scope::Popover,
        keys: "Alt+Shift+← / Alt+Shift+→",
        what: "Move the end of the open highlight",
        while_typing: false,
        chords: &[(alt("ArrowLeft", true), Command::NudgeEnd(-1)), (alt("ArrowRight", true), Command::NudgeEnd(1))],
    },
    Binding {
        scope: Scope::App,
        keys: "Ctrl+Z",
        what: "Undo",
        // Note edits are in the history, so undo works in the note too.
        while_typing: true,
        chords: &[(ctrl("z", false), Command::Undo)],
    },
    Binding {
        scope: Scope::App,
        keys: "Ctrl+Shift+Z or Ctrl+Y",
        what: "Redo",
        while_typing: true,
        chords: &[(ctrl("z", true), Command::Redo), (ctrl("y", false), Command::Redo), (ctrl("y", true), Command::Redo)],
    },
    Binding {
        scope: Scope::Article,
        keys: "Tab to the article, then ← / →",
        what: "Move the caret by one character (with Shift: extend the selection)",
        while_typing: false,
        chords: &[
            (caret("ArrowLeft", Some(false)), Command::Caret { motion: Motion::Char(-1), extend: false }),
            (caret("ArrowRight", Some(false)), Command::Caret { motion: Motion::Char(1), extend: false }),
        ],
    },
    Binding {
        scope: Scope::Article,
        keys: "Ctrl+← / Ctrl+→",
        what: "Move the caret by one word (with Shift: extend the selection)",
        while_typing: false,
        chords: &[
            (caret("ArrowLeft", Some(true)), Command::Caret { motion: Motion::Word(-1), extend: false }),
            (caret("ArrowRight", Some(true)), Command::Caret { motion: Motion::Word(1), extend: false }),
        ],
    },
    Binding {
        scope: Scope::Article,
        keys: "↑ / ↓",
        what: "Move the caret to the previous / next paragraph",
        while_typing: false,
        chords: &[
            (caret("ArrowUp", None), Command::Caret { motion: Motion::Block(-1), extend: false }),
            (caret("ArrowDown", None), Command::Caret { motion: Motion::Block(1), extend: false }),
        ],
    },
    Binding {
        scope: Scope::Article,
        keys: "Home / End",
        what: "Move the caret to the start / end of the paragraph",
        while_typing: false,
        chords: &[
            (caret("Home", None), Command::Caret { motion: Motion::BlockStart, extend: false }),
            (caret("End", None), Command::Caret { motion: Motion::BlockEnd, extend: false }),
        ],
    },
    Binding {
        scope: Scope::List,
        keys: "In the list: ↑ / ↓ or j / k, PageUp / PageDown, Home / End, Enter",
        what: "Move through annotations, open one",
        while_typing: false,
        chords: &[
            (any("ArrowDown"), Command::ListMove(Travel::Step(1))),
            (any("j"), Command::ListMove(Travel::Step(1))),
            (any("ArrowUp"), Command::ListMove(Travel::Step(-1))),
            (any("k"), Command::ListMove(Travel::Step(-1))),
            (any("PageDown"), Command::ListMove(Travel::Page(1))),
            (any("PageUp"), Command::ListMove(Travel::Page(-1))),
            (any("Home"), Command::ListMove(Travel::First)),
            (any("End"), Command::ListMove(Travel::Last)),
            (any("Enter"), Command::ListOpen),
        ],
    },
    Binding {
        scope: Scope::App,
        keys: "n / Shift+N",
        what: "Go to the next / previous suggestion",
        while_typing: false,
        chords: &[
            (Chord { shift: Some(false), ..plain("n") }, Command::SuggestionStep(1)),
            (Chord { shift: Some(true), ..plain("N") }, Command::SuggestionStep(-1)),
        ],
    },
    Binding {
        scope: Scope::Suggestion,
        keys: "On a suggestion: a or Enter",
        what: "Accept it",
        while_typing: false,
        chords: &[(plain("a"), Command::Accept(None)), (plain("Enter"), Command::Accept(None))],
    },
    Binding {
        scope: Scope::Suggestion,
        keys: "On a suggestion: 1 / 2 / 3",
        what: "Accept it as Quote / Statistic / Event",
        while_typing: false,
        chords: &[
            (plain(Tag::Quote.shortcut()), Command::Accept(Some(Tag::Quote))),
            (plain(Tag::Statistic.shortcut()), Command::Accept(Some(Tag::Statistic))),
            (plain(Tag::Event.shortcut()), Command::Accept(Some(Tag::Event))),
        ],
    },
    Binding {
        scope: Scope::Suggestion,
        keys: "On a suggestion: x or Delete",
        what: "Reject it (not offered again here)",
        while_typing: false,
        chords: &[(plain("x"), Command::Reject), (plain("Delete"), Command::Reject)],
    },
    Binding {
        scope: Scope::Suggestion,
        keys: "On a suggestion: Esc",
        what: "Leave it for now",
        while_typing: false,
        chords: &[(plain("Escape"), Command::ClosePopover)],
    },
    Binding {
        scope: Scope::App,
        keys: "Click a suggestion (dashed underline)",
        what: "Accept, reject, or accept under another tag",
        while_typing: false,
        chords: &[],
    },
    Binding {
        scope: Scope::App,
        keys: "?",
        what: "Show this help",
        while_typing: false,
        chords: &[(Chord { alt: None, ..plain("?") }, Command::ShowHelp)],
    },
];

/// The command `press` means in `scope`, if any. `typing` is true when the
/// press goes to a text field, where most single keys must stay out of the way.
pub fn command_for(scope: Scope, press: &KeyPress<'_>, typing: bool) -> Option<Command> {
    BINDINGS
        .iter()
        .filter(|b| b.scope == scope && (b.while_typing || !typing))
        .flat_map(|b| b.chords.iter())
        .find(|(chord, _)| chord.matches(press))
        .map(|&(_, command)| match command {
            Command::Caret { motion, .. } => Command::Caret { motion, extend: press.shift },
            other => other,
        })
}

/// The help table: the keys as shown and what they do, in keymap order.
pub fn help_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    BINDINGS.iter().map(|b| (b.keys, b.what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> KeyPress<'_> {
        KeyPress { key, ctrl: false, shift: false, alt: false }
    }

    #[test]
    fn tag_keys_work_only_on_a_selection_and_not_while_typing() {
        assert_eq!(command_for(Scope::Selection, &press("2"), false), Some(Command::Tag(Tag::Statistic)));
        assert_eq!(command_for(Scope::Selection, &press("2"), true), None);
        assert_eq!(command_for(Scope::App, &press("2"), false), None);
        assert_eq!(command_for(Scope::Selection, &KeyPress { ctrl: true, ..press("1") }, false), None);
        assert_eq!(command_for(Scope::Selection, &press("4"), false), None);
    }

    #[test]
    fn undo_and_redo_work_while_typing() {
        let ctrl_z = KeyPress { ctrl: true, ..press("z") };
        assert_eq!(command_for(Scope::App, &ctrl_z, true), Some(Command::Undo));
        assert_eq!(command_for(Scope::App, &KeyPress { shift: true, ..ctrl_z }, true), Some(Command::Redo));
        assert_eq!(command_for(Scope::App, &KeyPress { shift: true, ..KeyPress { ctrl: true, ..press("Z") } }, false), Some(Command::Redo));
        assert_eq!(command_for(Scope::App, &KeyPress { ctrl: true, ..press("y") }, false), Some(Command::Redo));
        assert_eq!(command_for(Scope::App, &KeyPress { alt: true, ..ctrl_z }, false), None);
        assert_eq!(command_for(Scope::App, &KeyPress { shift: true, ..press("?") }, false), Some(Command::ShowHelp));
        assert_eq!(command_for(Scope::App, &press("?"), true), None);
    }

    #[test]
    fn caret_keys_carry_shift_as_extend() {
        let extend = KeyPress { shift: true, ..press("ArrowRight") };
        assert_eq!(
            command_for(Scope::Article, &extend, false),
            Some(Command::Caret { motion: Motion::Char(1), extend: true })
        );
        let by_word = KeyPress { ctrl: true, shift: true, ..press("ArrowLeft") };
        assert_eq!(
            command_for(Scope::Article, &by_word, false),
            Some(Command::Caret { motion: Motion::Word(-1), extend: true })
        );
        assert_eq!(
            command_for(Scope::Article, &press("End"), false),
            Some(Command::Caret { motion: Motion::BlockEnd, extend: false })
        );
        assert_eq!(command_for(Scope::Article, &KeyPress { alt: true, ..press("ArrowLeft") }, false), None);
    }

    #[test]
    fn popover_nudges_need_alt_and_esc_works_in_the_note() {
        let alt_left = KeyPress { alt: true, ..press("ArrowLeft") };
        assert_eq!(command_for(Scope::Popover, &alt_left, false), Some(Command::NudgeStart(-1)));
        assert_eq!(command_for(Scope::Popover, &KeyPress { shift: true, ..alt_left }, false), Some(Command::NudgeEnd(-1)));
        assert_eq!(command_for(Scope::Popover, &alt_left, true), None, "Alt+← moves the cursor in the note");
        assert_eq!(command_for(Scope::Popover, &press("Escape"), true), Some(Command::ClosePopover));
    }

    #[test]
    fn modifiers_are_read_as_before_the_keymap() {
        let with = |key, ctrl, shift, alt| KeyPress { key, ctrl, shift, alt };
        assert_eq!(command_for(Scope::Popover, &with("Escape", true, false, true), false), Some(Command::ClosePopover));
        assert_eq!(command_for(Scope::Popover, &with("ArrowRight", true, false, true), false), Some(Command::NudgeStart(1)));
        assert_eq!(command_for(Scope::List, &with("j", true, false, false), false), Some(Command::ListMove(Travel::Step(1))));
        assert_eq!(command_for(Scope::List, &press("End"), false), Some(Command::ListMove(Travel::Last)));
        assert_eq!(command_for(Scope::List, &press("PageUp"), false), Some(Command::ListMove(Travel::Page(-1))));
        assert_eq!(command_for(Scope::List, &with("Enter", false, true, true), false), Some(Command::ListOpen));
        assert_eq!(command_for(Scope::List, &with("J", false, true, false), false), None, "J is not j");
        assert_eq!(command_for(Scope::App, &with("?", false, true, true), false), Some(Command::ShowHelp));
        assert_eq!(command_for(Scope::App, &with("Z", true, false, false), true), Some(Command::Undo), "Caps Lock");
        assert_eq!(command_for(Scope::Selection, &with("1", false, false, true), false), None, "Alt+1 is not a tag key");
    }

    #[test]
    fn suggestion_keys_step_accept_and_reject() {
        assert_eq!(command_for(Scope::App, &press("n"), false), Some(Command::SuggestionStep(1)));
        assert_eq!(command_for(Scope::App, &KeyPress { shift: true, ..press("N") }, false), Some(Command::SuggestionStep(-1)));
        assert_eq!(command_for(Scope::App, &press("n"), true), None, "n types in a note");
        assert_eq!(command_for(Scope::Suggestion, &press("a"), false), Some(Command::Accept(None)));
        assert_eq!(command_for(Scope::Suggestion, &press("Enter"), false), Some(Command::Accept(None)));
        assert_eq!(command_for(Scope::Suggestion, &press("3"), false), Some(Command::Accept(Some(Tag::Event))));
        assert_eq!(command_for(Scope::Suggestion, &press("x"), false), Some(Command::Reject));
        assert_eq!(command_for(Scope::Suggestion, &press("Delete"), false), Some(Command::Reject));
        assert_eq!(command_for(Scope::Suggestion, &KeyPress { ctrl: true, ..press("a") }, false), None);
    }

    #[test]
    fn every_chord_is_in_the_help_and_no_chord_means_two_things() {
        let rows: Vec<_> = help_rows().collect();
        assert_eq!(rows.len(), BINDINGS.len());
        assert!(rows.iter().any(|(keys, _)| keys.contains("Home")), "Home/End are listed");
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                for (x, cx) in a.chords {
                    for (y, cy) in b.chords {
                        let overlap = |p: Option<bool>, q: Option<bool>| p.is_none() || q.is_none() || p == q;
                        let same = a.scope == b.scope && x.key.eq_ignore_ascii_case(y.key) && overlap(x.alt, y.alt);
                        assert!(
                            !(same && overlap(x.ctrl, y.ctrl) && overlap(x.shift, y.shift)) || cx == cy,
                            "{} is bound twice in {:?}",
                            x.key,
                            a.scope
                        );
                    }
                }
            }
        }
    }
}

use leptos::html::Dialog;
use leptos::prelude::*;

/// Keeps `dialog` shown as a modal exactly while `open` is true: the one
/// place where the browser's dialog state follows the app's.
pub fn show_modal_while(dialog: NodeRef<Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let open = open();
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
}

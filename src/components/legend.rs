use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::state::use_store;

/// The three tag colours, their keys and how many of each there are.
#[component]
pub fn Legend() -> impl IntoView {
    let counts = use_store().session.tag_counts();
    view! {
        <ul class="legend" aria-label="Tags">
            {Tag::ALL
                .into_iter()
                .enumerate()
                .map(|(i, tag)| {
                    view! {
                        <li class=format!("legend-item {}", tag.as_str()) data-tag=tag.as_str()>
                            <span class="swatch" aria-hidden="true"></span>
                            {tag.label()}
                            <kbd title=format!("Key {}", tag.shortcut())>{tag.shortcut()}</kbd>
                            <span class="count">{move || counts.get()[i]}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

use leptos::prelude::*;

use crate::web::local_storage;
use crate::web::storage_manager;

/// How much the browser holds for Tagmark: the site's storage (IndexedDB
/// and the rest, from `navigator.storage.estimate()`) and localStorage,
/// where the annotations are. Asks once for persistent storage, so the
/// browser doesn't clear the library to make room.
#[component]
pub fn StorageUsage() -> impl IntoView {
    let (site, set_site) = signal(None::<(f64, f64)>);
    let (persisted, set_persisted) = signal(None::<bool>);
    // Measured when the view opens: reading every value of localStorage
    // costs what is stored, too much to repeat on each change.
    let local = local_storage::fraction_of_quota(local_storage::units_used());
    leptos::task::spawn_local(async move {
        let granted = match storage_manager::persisted().await {
            Some(true) => Some(true),
            _ => storage_manager::persist().await,
        };
        let _ = set_persisted.try_set(granted);
        let _ = set_site.try_set(storage_manager::estimate().await);
    });
    let mb = |bytes: f64| format!("{:.1} MB", bytes / 1_048_576.0);
    view! {
        <span class="storage-usage" data-usage="storage">
            "Annotations: " {format!("{:.0} %", local * 100.0)} " of localStorage"
            {move || site.get().map(|(used, quota)| format!("; site storage: {} of {}", mb(used), mb(quota)))}
            {move || match persisted.get() {
                Some(true) => "; kept until you remove it",
                Some(false) => "; the browser may clear it when space runs low",
                None => "",
            }}
        </span>
    }
}

use leptos::prelude::*;

use std::time::Duration;

use crate::state::use_library;
use crate::web::lifetime::Lifetime;
use crate::web::local_storage;
use crate::web::storage_manager;

/// How long a change of the library waits before localStorage is measured
/// again: an import of many files is measured a few times, not per file.
const MEASURE_AFTER: Duration = Duration::from_millis(400);

/// How much the browser holds for Tagmark: the site's storage (IndexedDB
/// and the rest, from `navigator.storage.estimate()`) and localStorage,
/// where the annotations are. Asks once for persistent storage, so the
/// browser doesn't clear the library to make room.
#[component]
pub fn StorageUsage() -> impl IntoView {
    let (site, set_site) = signal(None::<(f64, f64)>);
    let (persisted, set_persisted) = signal(None::<bool>);
    // Reading every value of localStorage costs what is stored: measured
    // when the view opens, then once after each burst of library changes.
    let measure = || local_storage::fraction_of_quota(local_storage::units_used());
    let (local, set_local) = signal(measure());
    let library = use_library();
    let lifetime = Lifetime::of_owner();
    let measuring = StoredValue::new(false);
    let later = lifetime.clone();
    Effect::new(move |opened: Option<()>| {
        library.entries().track();
        if opened.is_some() && !measuring.get_value() {
            measuring.set_value(true);
            later.timeout(MEASURE_AFTER, move || {
                measuring.set_value(false);
                set_local.set(measure());
            });
        }
    });
    lifetime.spawn(async move {
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
            "Annotations: " {move || format!("{:.0} %", local.get() * 100.0)} " of localStorage"
            {move || site.get().map(|(used, quota)| format!("; site storage: {} of {}", mb(used), mb(quota)))}
            {move || match persisted.get() {
                Some(true) => "; kept until you remove it",
                Some(false) => "; the browser may clear it when space runs low",
                None => "",
            }}
        </span>
    }
}

fn main() {
    tagmark::web::crash::install();
    leptos::mount::mount_to_body(tagmark::App);
}

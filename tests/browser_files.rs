//! In-browser tests of the file adapters (web/files.rs, dropped.rs,
//! broadcast.rs) in headless Chromium. A test cannot build a real dropped
//! folder (the browser makes entries only for a real drop: a DataTransfer
//! built here has no entries, so `files_from_drop` takes its fallback), so
//! the folder walk is tested on stand-in entries shaped like the spec's, and
//! real folder drops are left to the end-to-end suite.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use tagmark::web::broadcast::Broadcast;
use tagmark::web::dropped::{entries, files_from_drop};
use tagmark::web::files::{from_input, read_bytes, yield_to_browser, PickedFile, ReadFailure};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, File, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn file(name: &str, bytes: &[u8]) -> File {
    let parts = Array::of1(&Uint8Array::from(bytes));
    File::new_with_u8_array_sequence(&parts, name).unwrap()
}

fn transfer(files: &[File]) -> DataTransfer {
    let data = DataTransfer::new().unwrap();
    for file in files {
        data.items().add_with_file(file).unwrap();
    }
    data
}

fn names(picked: &[PickedFile]) -> Vec<(String, String)> {
    picked.iter().map(|p| (p.name(), p.path.clone())).collect()
}

/// Replaces this one file's `arrayBuffer` with one that marks the file and
/// fails, so a test sees whether (and how) its bytes were asked for.
fn spy_on_reading(file: &File) {
    let spy = Function::new_no_args("this.touched = true; return Promise.reject(new Error('disk gone'))");
    Reflect::set(file, &"arrayBuffer".into(), &spy).unwrap();
}

fn touched(file: &File) -> bool {
    Reflect::get(file, &"touched".into()).unwrap().is_truthy()
}

/// Awaits `promise`, failing the test after 5 s saying what it waited for.
async fn within_5s(what: &str, promise: Promise) -> JsValue {
    let deadline = Promise::new(&mut |_, reject| {
        let body = format!("setTimeout(() => reject(new Error('timed out waiting for {what}')), 5000)");
        Function::new_with_args("reject", &body).call1(&JsValue::NULL, &reject).unwrap();
    });
    JsFuture::from(Promise::race(&Array::of2(&promise, &deadline))).await.expect(what)
}

#[wasm_bindgen_test]
async fn read_bytes_gives_every_byte_including_non_utf8() {
    let mut bytes: Vec<u8> = (0..=255).collect();
    bytes.extend([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe4, 0xb8, b'\n']);
    let read = read_bytes(&file("raw.bin", &bytes), 10_000).await.unwrap();
    assert_eq!(read, bytes);
    assert!(read_bytes(&file("empty.txt", b""), 0).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_file_over_the_limit_is_refused_before_reading() {
    let big = file("big.txt", &[b'x'; 11]);
    spy_on_reading(&big);
    assert_eq!(read_bytes(&big, 10).await, Err(ReadFailure::TooLarge { bytes: 11 }));
    assert!(!touched(&big), "the refused file was read");
    // At the limit it is read: the spy is asked and its failure reported.
    assert_eq!(read_bytes(&big, 11).await, Err(ReadFailure::Io("disk gone".into())));
    assert!(touched(&big));
}

#[wasm_bindgen_test]
fn from_input_lists_the_chosen_files() {
    let input: HtmlInputElement = web_sys::window().unwrap().document().unwrap()
        .create_element("input").unwrap().unchecked_into();
    input.set_type("file");
    input.set_multiple(true);
    assert!(from_input(&input).is_empty());
    let data = transfer(&[file("一.txt", "第一".as_bytes()), file("b.md", b"# b")]);
    input.set_files(data.files().as_ref());
    let picked = from_input(&input);
    assert_eq!(names(&picked), [("一.txt".into(), "".into()), ("b.md".into(), "".into())]);
    assert_eq!(picked.iter().map(PickedFile::size).collect::<Vec<_>>(), [6, 3]);
}

#[wasm_bindgen_test]
async fn dropped_files_come_ordered_by_name_without_hidden_ones() {
    let data = transfer(&[file("b.txt", b"b"), file(".DS_Store", b"x"), file("a.txt", b"aa")]);
    let picked = files_from_drop(&data).await;
    assert_eq!(names(&picked), [("a.txt".into(), "".into()), ("b.txt".into(), "".into())]);
    assert_eq!(read_bytes(&picked[0].file, 100).await.unwrap(), b"aa");
}

#[wasm_bindgen_test]
async fn entries_taken_in_the_handler_outlive_the_drop_data() {
    let data = transfer(&[file("kept.txt", b"k")]);
    let taken = entries(&data);
    // What the browser does to a drop's items once its handler returns.
    data.items().clear().unwrap();
    assert_eq!(names(&taken.files().await), [("kept.txt".into(), "".into())]);
    assert!(entries(&data).files().await.is_empty());
}

#[wasm_bindgen_test]
async fn yield_to_browser_lets_an_earlier_task_run() {
    let earlier = web_sys::MessageChannel::new().unwrap();
    earlier.port1().set_onmessage(Some(&Function::new_no_args("this.ran = true")));
    earlier.port2().post_message(&JsValue::NULL).unwrap();
    // A microtask (an awaited resolved promise) would come back before the task.
    assert!(!Reflect::get(&earlier.port1(), &"ran".into()).unwrap().is_truthy());
    yield_to_browser().await;
    assert!(Reflect::get(&earlier.port1(), &"ran".into()).unwrap().is_truthy());
}

#[wasm_bindgen_test]
async fn two_broadcasts_in_one_page_exchange_a_message() {
    let mut resolve = None;
    let heard = Promise::new(&mut |ok, _| resolve = Some(ok));
    let resolve = resolve.unwrap();
    let _listener = Broadcast::open(move |text| {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
    })
    .expect("Chromium has BroadcastChannel");
    let sender = Broadcast::open(|_| {}).unwrap();
    sender.post("removed 7");
    assert_eq!(within_5s("the broadcast message", heard).await.as_string().as_deref(), Some("removed 7"));
}

/// A drop's data as the browser hands it over for a dropped folder: entries
/// with `isFile`/`isDirectory`, `fullPath`, `file()` and a reader whose
/// `readEntries` gives at most 100 at a time (as Chromium does), asynchronously.
const FOLDER_DROP: &str = r#"
    const fileEntry = (fullPath, text) => {
        const name = fullPath.split('/').pop();
        return { isFile: true, isDirectory: false, name, fullPath,
                 file(ok) { setTimeout(() => ok(new File([text], name)), 0); } };
    };
    const folderEntry = (fullPath, children) => ({
        isFile: false, isDirectory: true, name: fullPath.split('/').pop(), fullPath,
        createReader() {
            const left = children.slice();
            return { readEntries(ok) { const batch = left.splice(0, 100); setTimeout(() => ok(batch), 0); } };
        },
    });
    const many = [];
    for (let i = 149; i >= 0; i--) many.push(fileEntry('/notes/big/' + String(i).padStart(3, '0') + '.txt', 'n' + i));
    const notes = folderEntry('/notes', [
        fileEntry('/notes/b.txt', 'b'),
        folderEntry('/notes/.git', [fileEntry('/notes/.git/HEAD', 'x')]),
        fileEntry('/notes/.hidden', 'h'),
        folderEntry('/notes/big', many),
        fileEntry('/notes/a.txt', 'aaa'),
    ]);
    const item = entry => ({ kind: 'file', webkitGetAsEntry: () => entry });
    const items = [item(fileEntry('/z.txt', 'z')), { kind: 'string', webkitGetAsEntry: () => null }, item(notes)];
    return { items, files: [] };
"#;

#[wasm_bindgen_test]
async fn a_dropped_folder_is_walked_batch_by_batch_with_paths() {
    let data: DataTransfer = Function::new_no_args(FOLDER_DROP).call0(&JsValue::NULL).unwrap().unchecked_into();
    let picked = files_from_drop(&data).await;
    let paths: Vec<String> = picked.iter().map(|p| if p.path.is_empty() { p.name() } else { p.path.clone() }).collect();
    assert_eq!(picked.len(), 153, "2 + 150 in notes/big (two readEntries batches) + 1 loose: {paths:?}");
    assert_eq!(paths[..3], ["notes/a.txt", "notes/b.txt", "notes/big/000.txt"]);
    assert_eq!(paths[151..], ["notes/big/149.txt", "z.txt"]);
    assert!(!paths.iter().any(|p| p.contains("/.")), "hidden files or folders came through");
    assert_eq!((picked[0].name(), picked[152].path.as_str()), ("a.txt".into(), ""));
    assert_eq!(read_bytes(&picked[0].file, 100).await.unwrap(), b"aaa");
}

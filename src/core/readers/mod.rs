//! Readers: how a file or a pasted text becomes a document's blocks. Each
//! format has its reader; this module checks the file, finds its encoding
//! and picks the reader by the file name.

pub mod encoding;
pub mod html;
pub mod markdown;
pub mod plain;

use crate::core::document::Document;
use encoding::{Binary, Decoded, Encoding};
use html::HtmlRole;

/// The largest file Tagmark opens: far beyond any article, small enough
/// that reading and laying it out never stalls the page.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Why a file could not be read, each with what the reader can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
    /// Nothing but white space in it.
    Empty,
    /// An image, archive, program or other file that is not text, and what showed it.
    Binary(Binary),
    /// Not valid in any encoding Tagmark reads.
    Undecodable,
    /// A kind of file Tagmark has no reader for; holds the file name.
    Unsupported(String),
}

impl ReadError {
    /// The message for the reader, naming the file.
    pub fn message(&self, file_name: &str) -> String {
        match self {
            ReadError::TooLarge { bytes } => format!(
                "{file_name} is {}, too large to open: Tagmark reads text files up to {}. Open a shorter part of it.",
                megabytes(*bytes),
                megabytes(MAX_FILE_BYTES)
            ),
            ReadError::Empty => format!("{file_name} has no text in it: it is empty or only white space."),
            ReadError::Binary(found) => format!(
                "{file_name} {found}: it looks like a binary file (an image, archive or program), not text. Open a .txt, .md or .html file."
            ),
            ReadError::Undecodable => format!(
                "{file_name} is in none of the encodings Tagmark reads (UTF-8, UTF-16, GB18030, Big5). Save it as UTF-8 and open it again."
            ),
            ReadError::Unsupported(_) => {
                format!("{file_name} is not a kind of file Tagmark reads. Open a .txt, .md or .html file.")
            }
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unsupported(name) => f.write_str(&self.message(name)),
            _ => f.write_str(&self.message("The file")),
        }
    }
}

impl std::error::Error for ReadError {}

/// Which reader a file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// `.txt`, `.text`: [`plain`].
    Plain,
    /// `.md`, `.markdown`: [`markdown`].
    Markdown,
    /// `.html`, `.htm`: [`html`].
    Html,
}

/// The reader for a file name, by its extension in any case; `None` for
/// any other file.
pub fn text_kind(file_name: &str) -> Option<TextKind> {
    let (_, extension) = file_name.rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(TextKind::Plain),
        "md" | "markdown" => Some(TextKind::Markdown),
        "html" | "htm" => Some(TextKind::Html),
        _ => None,
    }
}

/// A file read into a document.
#[derive(Clone, Debug)]
pub struct TextFile {
    /// The document's title, or the file name without its extension.
    pub title: String,
    /// The text as blocks.
    pub document: Document,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Whether it began with a byte order mark.
    pub bom: bool,
    /// What a "read as…" menu offers, `encoding` among them ([`Decoded::readings`]).
    pub readings: Vec<Encoding>,
}

/// Reads a file: checks its size, finds its encoding (or takes the one the
/// reader picked), and lays it out with the reader for its kind. `decoder`
/// decodes (see [`encoding::decode`]); `html` finds the block elements of
/// a page (a browser's parser: nothing of the page runs or is shown).
pub fn read_text_file(
    file_name: &str,
    bytes: &[u8],
    encoding: Option<Encoding>,
    decoder: &dyn Fn(Encoding, &[u8]) -> Option<String>,
    html: &dyn Fn(&str) -> Vec<(HtmlRole, String)>,
) -> Result<TextFile, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { bytes: bytes.len() as u64 });
    }
    let kind = text_kind(file_name).ok_or_else(|| ReadError::Unsupported(file_name.to_string()))?;
    let Decoded { text, encoding, bom, readings } = match encoding {
        Some(chosen) => encoding::decode_as(bytes, chosen, decoder)?,
        None => encoding::decode(bytes, decoder)?,
    };
    let blocks = match kind {
        TextKind::Plain => plain::blocks(&text),
        TextKind::Markdown => markdown::blocks(&text),
        TextKind::Html => html::blocks(html(&text)),
    };
    let document = Document::from_blocks(blocks).map_err(|_| ReadError::Empty)?;
    let title = match document.title() {
        "" => stem(file_name).to_string(),
        title => title.to_string(),
    };
    Ok(TextFile { title, document, encoding, bom, readings })
}

/// The file name without its folders and its extension.
fn stem(file_name: &str) -> &str {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// The name of a pasted text in the library: its first line with text,
/// cut to about 80 characters.
pub fn title_of_pasted(text: &str) -> String {
    let line = text.split(['\n', '\r']).map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    crate::core::text::shorten(line, 80)
}

#[cfg(test)]
mod tests {
    use super::encoding::tests::host;
    use super::*;
    use crate::core::document::BlockKind;

    fn no_html(_: &str) -> Vec<(HtmlRole, String)> {
        Vec::new()
    }

    fn read(name: &str, bytes: &[u8]) -> Result<TextFile, ReadError> {
        read_text_file(name, bytes, None, &host, &no_html)
    }

    #[test]
    fn the_kind_of_file_comes_from_its_extension_in_any_case() {
        for (name, kind) in [
            ("a.txt", Some(TextKind::Plain)),
            ("新闻.TEXT", Some(TextKind::Plain)),
            ("notes.v2.Md", Some(TextKind::Markdown)),
            ("x.markdown", Some(TextKind::Markdown)),
            ("page.HTM", Some(TextKind::Html)),
            ("page.html", Some(TextKind::Html)),
            ("photo.png", None),
            ("txt", None),
            ("archive.txt.gz", None),
        ] {
            assert_eq!(text_kind(name), kind, "{name}");
        }
    }

    #[test]
    fn one_text_in_every_unicode_encoding_and_gb18030_reads_the_same() {
        let want = read("utf8.txt", include_bytes!("../../../tests/fixtures/texts/utf8.txt")).unwrap();
        assert_eq!(want.title, "山城春早");
        assert_eq!(want.document.blocks()[1].kind, BlockKind::Subtitle);
        assert!(want.document.text().contains("“𠮷”字") && want.document.text().contains('😀'));
        for (name, bytes, encoding, bom) in [
            ("utf8-bom.txt", &include_bytes!("../../../tests/fixtures/texts/utf8-bom.txt")[..], Encoding::Utf8, true),
            ("utf16le-bom.txt", include_bytes!("../../../tests/fixtures/texts/utf16le-bom.txt"), Encoding::Utf16Le, true),
            ("utf16be-bom.txt", include_bytes!("../../../tests/fixtures/texts/utf16be-bom.txt"), Encoding::Utf16Be, true),
            ("gb18030.txt", include_bytes!("../../../tests/fixtures/texts/gb18030.txt"), Encoding::Gb18030, false),
        ] {
            let file = read(name, bytes).unwrap();
            assert_eq!((file.encoding, file.bom), (encoding, bom), "{name}");
            assert_eq!(file.document.text(), want.document.text(), "{name}");
            assert_eq!(file.document.id(), want.document.id(), "{name}");
        }
    }

    #[test]
    fn big5_reads_as_the_traditional_text() {
        let want = read("t.txt", include_bytes!("../../../tests/fixtures/texts/traditional.utf8.txt")).unwrap();
        let file = read("big5.txt", include_bytes!("../../../tests/fixtures/texts/big5.txt")).unwrap();
        assert_eq!(file.encoding, Encoding::Big5);
        assert_eq!(file.document.text(), want.document.text());
        assert!(file.readings.contains(&Encoding::Gb18030), "GB18030 reads these bytes too, wrongly");
    }

    #[test]
    fn the_reader_can_override_the_guess() {
        let bytes = include_bytes!("../../../tests/fixtures/texts/big5.txt");
        let file = read_text_file("big5.txt", bytes, Some(Encoding::Gb18030), &host, &no_html).unwrap();
        assert_eq!(file.encoding, Encoding::Gb18030);
        assert_ne!(file.document.text(), read("big5.txt", bytes).unwrap().document.text());
        assert!(file.readings.contains(&Encoding::Big5));
        let utf8 = include_bytes!("../../../tests/fixtures/texts/utf8.txt");
        assert_eq!(read_text_file("u.txt", utf8, Some(Encoding::Big5), &host, &no_html).unwrap_err(), ReadError::Undecodable);
    }

    #[test]
    fn markdown_and_html_files_get_their_readers() {
        let md = read("article.md", include_bytes!("../../../tests/fixtures/texts/article.md")).unwrap();
        assert_eq!(md.title, "山城春早");
        assert!(!md.document.text().contains("前言"));
        assert!(md.document.text().contains("一座老城的清晨见闻，见原文 与 代码。"));
        assert!(md.document.text().ends_with("行内的标签不显示。\nlet x = *y*;"), "{}", md.document.text());
        assert!(md.document.text().contains("天刚亮，江边的早市就热闹起来了。The market opens at dawn."));
        let page = |source: &str| {
            assert!(source.contains("<h1>"));
            vec![(HtmlRole::Title, "页面".to_string()), (HtmlRole::Paragraph, "正文。".to_string())]
        };
        let html = read_text_file("a.html", include_bytes!("../../../tests/fixtures/texts/article.html"), None, &host, &page).unwrap();
        assert_eq!((html.title.as_str(), html.document.text()), ("页面", "页面\n正文。"));
    }

    #[test]
    fn a_text_without_a_title_is_named_after_its_file() {
        let long = "This text begins straight away with a sentence that runs on much longer than a title ever would.";
        assert_eq!(read("folder/My notes.txt", long.as_bytes()).unwrap().title, "My notes");
        assert_eq!(read(".txt", long.as_bytes()).unwrap().title, ".txt");
    }

    #[test]
    fn files_that_are_not_text_are_refused_with_the_reason() {
        let fixture = |bytes: &[u8], name: &str| read(name, bytes).unwrap_err();
        let png = fixture(include_bytes!("../../../tests/fixtures/texts/png-renamed.txt"), "p.txt");
        assert_eq!(png, ReadError::Binary(Binary::Signature("a PNG image")));
        assert_eq!(fixture(include_bytes!("../../../tests/fixtures/texts/empty.txt"), "e.txt"), ReadError::Empty);
        assert_eq!(fixture(include_bytes!("../../../tests/fixtures/texts/undecodable.txt"), "u.txt"), ReadError::Undecodable);
        assert_eq!(fixture(b"# \n\n<!-- -->", "e.md"), ReadError::Empty, "markup and no text");
        assert_eq!(fixture(b"text", "photo.png"), ReadError::Unsupported("photo.png".into()));
        let huge = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        assert_eq!(fixture(&huge, "big.png"), ReadError::TooLarge { bytes: MAX_FILE_BYTES + 1 }, "size comes first");
        assert!(read("ok.txt", &huge[..MAX_FILE_BYTES as usize]).is_ok());
    }

    #[test]
    fn a_binary_file_is_refused_with_what_gave_it_away() {
        let message = |bytes: &[u8]| read("photo.txt", bytes).unwrap_err().message("photo.txt");
        let tail = ": it looks like a binary file (an image, archive or program), not text. Open a .txt, .md or .html file.";
        let mut nuls = vec![b'x'; 4000];
        nuls[1023] = 0;
        (0..12).for_each(|i| nuls[2000 + 100 * i] = 0);
        assert_eq!(message(&nuls), format!("photo.txt has NUL bytes (at byte 1,024 and 12 more), which text never has{tail}"));
        assert_eq!(message(b"text\0more text"), format!("photo.txt has a NUL byte (at byte 5), which text never has{tail}"));
        assert_eq!(
            message(b"a\x01b\x02c\x03d\x04"),
            format!("photo.txt has 4 control characters in its first 8 bytes, far more than text has{tail}")
        );
        assert_eq!(
            message(include_bytes!("../../../tests/fixtures/texts/png-renamed.txt")),
            format!("photo.txt starts with the signature of a PNG image{tail}")
        );
    }

    #[test]
    fn every_error_says_something_different_and_names_the_file() {
        let errors = [
            ReadError::TooLarge { bytes: 25 * 1024 * 1024 },
            ReadError::Empty,
            ReadError::Binary(Binary::Nul { at: 1, more: 0 }),
            ReadError::Undecodable,
            ReadError::Unsupported("photo.png".into()),
        ];
        let messages: Vec<String> = errors.iter().map(|e| e.message("photo.txt")).collect();
        for (i, message) in messages.iter().enumerate() {
            assert!(message.starts_with("photo.txt "), "{message}");
            assert!(messages[..i].iter().all(|m| m != message));
        }
        assert!(messages[0].contains("25.0 MB") && messages[0].contains("20.0 MB"));
        assert_eq!(
            messages[2],
            "photo.txt has a NUL byte (at byte 1), which text never has: it looks like a binary file (an image, archive or program), not text. Open a .txt, .md or .html file."
        );
        assert!(errors[4].to_string().starts_with("photo.png is not"));
        assert!(errors[1].to_string().starts_with("The file has no text"));
    }

    #[test]
    fn a_pasted_text_is_named_by_its_first_line() {
        assert_eq!(title_of_pasted("\n  \r\n  山城春早 \n正文"), "山城春早");
        let long: String = "𠮷".repeat(100);
        let title = title_of_pasted(&long);
        assert_eq!(title.chars().count(), 81);
        assert!(title.ends_with('…'));
        assert_eq!(title_of_pasted(" \n "), "");
    }
}

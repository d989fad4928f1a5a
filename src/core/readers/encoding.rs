//! Which encoding a text file is in. The decoding itself is handed in (the
//! browser's `TextDecoder` in the app, `encoding_rs` in host tests), so no
//! encoding table ever goes into the wasm; this module only decides which
//! encoding to ask for, and strips the byte order mark itself so that every
//! decoder sees the same bytes.

use crate::core::readers::ReadError;

/// A text encoding Tagmark reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16, little-endian (what Windows calls "Unicode").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// GB18030, which reads GBK and GB2312 too: simplified Chinese.
    Gb18030,
    /// Big5: traditional Chinese.
    Big5,
}

impl Encoding {
    /// Every encoding, in the order a "read as…" menu lists them.
    pub const ALL: [Encoding; 5] = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Gb18030, Encoding::Big5];

    /// The WHATWG label a `TextDecoder` takes.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
            Encoding::Big5 => "big5",
        }
    }

    /// The name shown to the reader.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Gb18030 => "GB18030 (GBK, GB2312)",
            Encoding::Big5 => "Big5",
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => &[0xef, 0xbb, 0xbf],
            Encoding::Utf16Le => &[0xff, 0xfe],
            Encoding::Utf16Be => &[0xfe, 0xff],
            Encoding::Gb18030 | Encoding::Big5 => &[],
        }
    }
}

/// A decoded file and how it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Whether the file began with a byte order mark (which settles the encoding).
    pub bom: bool,
    /// What a "wrong guess? read as…" menu offers, `encoding` among them, in
    /// menu order: each encoding that decodes the file without an error into
    /// text that isn't binary, one for each different text. It depends on
    /// the bytes alone, so it is the same whichever reading is chosen.
    pub readings: Vec<Encoding>,
}

/// What gave a binary file away, for the message that refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binary {
    /// It starts with the signature of a kind of file that isn't text: "a PNG image".
    Signature(&'static str),
    /// NUL bytes: where the first one is (counting from 1) and how many more there are.
    Nul {
        /// The first one's position, from 1.
        at: usize,
        /// How many others the file has.
        more: usize,
    },
    /// More than one in fifty of the first bytes are control characters text doesn't use.
    Controls {
        /// How many there are.
        count: usize,
        /// How many bytes were looked at.
        of: usize,
    },
}

impl std::fmt::Display for Binary {
    /// What was found, completing "photo.txt …".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::core::text::thousands;
        match *self {
            Binary::Signature(kind) => write!(f, "starts with the signature of {kind}"),
            Binary::Nul { at, more: 0 } => write!(f, "has a NUL byte (at byte {}), which text never has", thousands(at)),
            Binary::Nul { at, more } => {
                write!(f, "has NUL bytes (at byte {} and {} more), which text never has", thousands(at), thousands(more))
            }
            Binary::Controls { count, of } => write!(
                f,
                "has {} control characters in its first {} bytes, far more than text has",
                thousands(count),
                thousands(of)
            ),
        }
    }
}

/// A decoder: the text of `bytes` in an encoding, `None` on any invalid
/// sequence (never a replacement character). It must not strip a byte
/// order mark: [`decode`] has already done so.
pub type Decoder<'a> = &'a dyn Fn(Encoding, &[u8]) -> Option<String>;

/// Reads a file in the encoding it most likely has: the one its byte order
/// mark names; else UTF-8 when the bytes are valid UTF-8; else GB18030 or
/// Big5, whichever reads more like Chinese. Refuses binary files (images,
/// archives, programs) and files with nothing but white space.
pub fn decode(bytes: &[u8], decoder: Decoder) -> Result<Decoded, ReadError> {
    let found = readings(bytes, decoder)?;
    let guess = found.guess;
    found.take(guess)
}

/// Reads a file in the encoding the reader picked, a byte order mark for
/// that encoding stripped; the menu is [`decode`]'s. An encoding the menu
/// doesn't offer is read only if it decodes into text that isn't binary.
pub fn decode_as(bytes: &[u8], encoding: Encoding, decoder: Decoder) -> Result<Decoded, ReadError> {
    let found = readings(bytes, decoder)?;
    if let Some(at) = found.texts.iter().position(|(e, _)| *e == encoding) {
        return found.take(at);
    }
    let bom = !encoding.bom().is_empty() && bytes.starts_with(encoding.bom());
    let body = if bom { &bytes[encoding.bom().len()..] } else { bytes };
    let text = decode_with(encoding, body, decoder).ok_or(ReadError::Undecodable)?;
    if binary_text(&text) {
        return Err(ReadError::Binary(binary_anywhere(bytes)));
    }
    finish(text, encoding, bom, found.texts.into_iter().map(|(e, _)| e).collect())
}

/// The readings a file offers, with their texts, in menu order.
struct Readings {
    texts: Vec<(Encoding, String)>,
    /// Which of them is the likeliest.
    guess: usize,
    bom: bool,
}

impl Readings {
    /// Reading `at`, with the whole menu.
    fn take(mut self, at: usize) -> Result<Decoded, ReadError> {
        let menu = self.texts.iter().map(|(e, _)| *e).collect();
        let (encoding, text) = self.texts.swap_remove(at);
        finish(text, encoding, self.bom, menu)
    }
}

/// Every reading of `bytes` worth offering (see [`Decoded::readings`]),
/// and the guess among them; the errors [`decode`] gives.
fn readings(bytes: &[u8], decoder: Decoder) -> Result<Readings, ReadError> {
    if let Some(encoding) = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be].into_iter().find(|e| bytes.starts_with(e.bom())) {
        let text = decode_with(encoding, &bytes[encoding.bom().len()..], decoder).ok_or(ReadError::Undecodable)?;
        return Ok(Readings { texts: vec![(encoding, text)], guess: 0, bom: true });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    // UTF-16's bytes are full of NULs; its readings are checked as text below.
    let utf16 = utf16_without_bom(bytes);
    if let Some(found) = binary(bytes).filter(|_| utf16.is_none()) {
        return Err(ReadError::Binary(found));
    }
    let decoded: Vec<(Encoding, String)> = [Encoding::Utf8, Encoding::Gb18030, Encoding::Big5]
        .into_iter()
        .chain(utf16)
        .filter_map(|e| decode_with(e, bytes, decoder).map(|text| (e, text)))
        .collect();
    if decoded.is_empty() {
        return Err(ReadError::Undecodable);
    }
    // UTF-16 read as UTF-8 decodes without an error, into text full of
    // NULs: intake would refuse that file, so the menu doesn't offer it.
    let mut clean: Vec<(Encoding, String)> = decoded.into_iter().filter(|(_, text)| !binary_text(text)).collect();
    if clean.is_empty() {
        return Err(ReadError::Binary(binary_anywhere(bytes)));
    }
    let guess = if let Some(at) = clean.iter().position(|(e, _)| Some(*e) == utf16) {
        at
    } else if let Some(at) = clean.iter().position(|(e, _)| *e == Encoding::Utf8) {
        at
    } else {
        // Ties go to GB18030, listed first: more files are written in it.
        let best = clean.iter().map(|(_, text)| naturalness(text)).fold(f64::NEG_INFINITY, f64::max);
        clean.iter().position(|(_, text)| naturalness(text) == best).ok_or(ReadError::Undecodable)?
    };
    let guessed = clean.swap_remove(guess);
    let encoding = guessed.0;
    let mut texts = vec![guessed];
    for (e, text) in clean {
        if texts.iter().all(|(_, kept)| *kept != text) {
            texts.push((e, text));
        }
    }
    texts.sort_by_key(|(e, _)| Encoding::ALL.iter().position(|a| a == e));
    let guess = texts.iter().position(|(e, _)| *e == encoding).unwrap_or(0);
    Ok(Readings { texts, guess, bom: false })
}

fn decode_with(encoding: Encoding, bytes: &[u8], decoder: Decoder) -> Option<String> {
    match encoding {
        // Valid UTF-8 needs no table: checked here, the same everywhere.
        Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
        _ => decoder(encoding, bytes),
    }
}

fn finish(text: String, encoding: Encoding, bom: bool, readings: Vec<Encoding>) -> Result<Decoded, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Decoded { text, encoding, bom, readings })
}

/// How much of a file is looked at to tell text from binary.
const SNIFF_BYTES: usize = 64 * 1024;

/// Signatures of files that aren't text, and what each is.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (as .docx and .epub files are)"),
    (b"PK\x05\x06", "a ZIP archive (as .docx and .epub files are)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF file (WAV, AVI or WebP)"),
    (b"\0asm", "a WebAssembly module"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ\x90\0", "a Windows program"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
];

/// A control character no text uses: tab, line feed, carriage return, form
/// feed and escape (terminal colours) are text's.
fn stray_control(c: u32) -> bool {
    c < 0x20 && !matches!(c, 0x09 | 0x0a | 0x0d | 0x0c | 0x1b)
}

/// What shows a file is not text: a known signature, a NUL byte, or more
/// than one byte in fifty a control character no text uses.
fn binary(bytes: &[u8]) -> Option<Binary> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(signature, _)| bytes.starts_with(signature)) {
        return Some(Binary::Signature(kind));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        return Some(Binary::Nul { at: at + 1, more: bytes[at + 1..].iter().filter(|&&b| b == 0).count() });
    }
    let count = sample.iter().filter(|&&b| stray_control(b.into())).count();
    (count * 50 > sample.len()).then_some(Binary::Controls { count, of: sample.len() })
}

/// [`binary`]'s evidence for a file all of whose readings are binary text.
/// Every NUL or control character of a reading comes from a NUL or control
/// byte, so past the sample, the file's first NUL is what to name.
fn binary_anywhere(bytes: &[u8]) -> Binary {
    binary(bytes).unwrap_or_else(|| match bytes.iter().position(|&b| b == 0) {
        Some(at) => Binary::Nul { at: at + 1, more: bytes[at + 1..].iter().filter(|&&b| b == 0).count() },
        None => Binary::Controls { count: bytes.iter().filter(|&&b| stray_control(b.into())).count(), of: bytes.len() },
    })
}

/// [`binary`]'s test on a decoded text: a NUL, or more than one character
/// in fifty a control character, among its first characters.
fn binary_text(text: &str) -> bool {
    let (mut seen, mut controls) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_BYTES) {
        if c == '\0' {
            return true;
        }
        seen += 1;
        controls += usize::from(stray_control(c.into()));
    }
    controls * 50 > seen
}

/// UTF-16 without a byte order mark, known by its NUL bytes: text that is
/// mostly ASCII has a zero in every other byte, the high or the low one.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 3 && even * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// The most common Hanzi, each in its simplified and traditional form:
/// a right reading of Chinese is full of them, a wrong one (GB18030 bytes
/// read as Big5 or the other way round) of rare characters.
const COMMON: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切医哪苦精這個說們為來國時對會過學後麼話實點現動兩長與進經頭見發當還開問無種樣將裡從氣體關幾間應電處場師書員報車聽產總務業機軍東萬門語讓愛認論義術結條變聯權導張馬親區專傳戰歷極轉達運遠連隊帶滿網醫歡飛黨錢臉寫識讀誰視濟離雖壞興顯類題號們歲";

/// How much a decoded text reads like Chinese: the share of its Hanzi that
/// are common ones, less the share of private-use, compatibility and
/// control characters no real text is made of.
fn naturalness(text: &str) -> f64 {
    let (mut han, mut common, mut odd) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if crate::core::readers::plain::is_han(c) {
            han += 1;
            common += usize::from(COMMON.contains(c));
            odd += usize::from(matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}'));
        } else if matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{80}'..='\u{9f}' | '\u{f0000}'..) || (c.is_control() && !c.is_whitespace()) {
            odd += 2;
        }
    }
    (common as f64 - odd as f64) / han.max(1) as f64
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The host's stand-in for the browser's fatal `TextDecoder`.
    pub(crate) fn host(encoding: Encoding, bytes: &[u8]) -> Option<String> {
        let table = match encoding {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Big5 => encoding_rs::BIG5,
        };
        table.decode_without_bom_handling_and_without_replacement(bytes).map(|text| text.into_owned())
    }

    const UTF8: &[u8] = include_bytes!("../../../tests/fixtures/texts/utf8.txt");

    fn text() -> &'static str {
        std::str::from_utf8(UTF8).unwrap()
    }

    #[test]
    fn labels_and_names() {
        let labels: Vec<&str> = Encoding::ALL.iter().map(|e| e.label()).collect();
        assert_eq!(labels, ["utf-8", "utf-16le", "utf-16be", "gb18030", "big5"]);
        assert_eq!(Encoding::Gb18030.name(), "GB18030 (GBK, GB2312)");
        assert_eq!(Encoding::Utf16Le.name(), "UTF-16 LE");
    }

    #[test]
    fn a_byte_order_mark_settles_the_encoding_and_is_stripped() {
        for (bytes, encoding) in [
            (&include_bytes!("../../../tests/fixtures/texts/utf8-bom.txt")[..], Encoding::Utf8),
            (include_bytes!("../../../tests/fixtures/texts/utf16le-bom.txt"), Encoding::Utf16Le),
            (include_bytes!("../../../tests/fixtures/texts/utf16be-bom.txt"), Encoding::Utf16Be),
        ] {
            let decoded = decode(bytes, &host).unwrap();
            assert_eq!(decoded, Decoded { text: text().into(), encoding, bom: true, readings: vec![encoding] });
        }
        // A second mark is text, as the browser's decoder (told to leave marks alone) keeps it.
        assert_eq!(decode(b"\xef\xbb\xbf\xef\xbb\xbfa", &host).unwrap().text, "\u{feff}a");
        assert_eq!(decode(b"\xff\xfe", &host).unwrap_err(), ReadError::Empty);
    }

    #[test]
    fn valid_utf8_is_utf8_and_other_readings_are_offered() {
        let decoded = decode(UTF8, &host).unwrap();
        assert_eq!((decoded.encoding, decoded.bom, decoded.text.as_str()), (Encoding::Utf8, false, text()));
        // ASCII reads the same in all three: nothing else to offer.
        assert_eq!(decode(b"plain ascii", &host).unwrap().readings, vec![Encoding::Utf8]);
    }

    #[test]
    fn gb18030_and_big5_are_told_apart_by_how_the_text_reads() {
        let gb = decode(include_bytes!("../../../tests/fixtures/texts/gb18030.txt"), &host).unwrap();
        assert_eq!((gb.encoding, gb.text.as_str()), (Encoding::Gb18030, text()));
        let big5 = decode(include_bytes!("../../../tests/fixtures/texts/big5.txt"), &host).unwrap();
        let traditional = include_str!("../../../tests/fixtures/texts/traditional.utf8.txt");
        assert_eq!((big5.encoding, big5.text.as_str()), (Encoding::Big5, traditional));
        assert_eq!(big5.readings, vec![Encoding::Gb18030, Encoding::Big5]);
        // Each reading of the other's bytes scores lower than the right one.
        let wrong = host(Encoding::Gb18030, include_bytes!("../../../tests/fixtures/texts/big5.txt")).unwrap();
        assert!(naturalness(&wrong) < naturalness(traditional));
    }

    #[test]
    fn decoding_as_a_chosen_encoding() {
        let gb = include_bytes!("../../../tests/fixtures/texts/gb18030.txt");
        assert_eq!(decode_as(gb, Encoding::Utf8, &host).unwrap_err(), ReadError::Undecodable);
        let bom = include_bytes!("../../../tests/fixtures/texts/utf16le-bom.txt");
        let decoded = decode_as(bom, Encoding::Utf16Le, &host).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.bom), (text(), true));
        let utf8 = decode_as(UTF8, Encoding::Utf8, &host).unwrap();
        assert!(!utf8.bom && utf8.text == text());
    }

    #[test]
    fn binary_files_are_refused() {
        let png = include_bytes!("../../../tests/fixtures/texts/png-renamed.txt");
        assert_eq!(decode(png, &host).unwrap_err(), ReadError::Binary(Binary::Signature("a PNG image")));
        for magic in [&b"%PDF-1.7\n"[..], b"PK\x03\x04rest", b"\x1f\x8b\x08", b"RIFF\0\0\0\0WEBPVP8 ", b"\0asm\x01\0\0\0", b"GIF89a", b"\xff\xd8\xff\xe0"] {
            assert!(matches!(decode(magic, &host).unwrap_err(), ReadError::Binary(Binary::Signature(_))), "{magic:?}");
        }
        let nul = decode(b"text with a \0 in it, mostly \0 text", &host).unwrap_err();
        assert_eq!(nul, ReadError::Binary(Binary::Nul { at: 13, more: 1 }));
        let controls = decode(b"a\x01b\x02c\x03d\x04", &host).unwrap_err();
        assert_eq!(controls, ReadError::Binary(Binary::Controls { count: 4, of: 8 }));
        assert!(decode(b"text\x0cwith a form feed and \x1b[1m an escape", &host).is_ok());
    }

    #[test]
    fn utf16_without_a_mark_is_known_by_its_zero_bytes() {
        let le: Vec<u8> = "Hello, 世界 and more".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "Hello, 世界 and more".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le, &host).unwrap().encoding, Encoding::Utf16Le);
        assert_eq!(decode(&be, &host).unwrap().encoding, Encoding::Utf16Be);
        assert_eq!(decode(&be, &host).unwrap().text, "Hello, 世界 and more");
    }

    /// What the "read as" menu lists for a reading: the encoding used and
    /// the others offered, in menu order.
    fn offered(decoded: &Decoded) -> Vec<Encoding> {
        decoded.readings.clone()
    }

    #[test]
    fn only_clean_readings_are_offered_and_the_list_stays_the_same() {
        // UTF-16 LE without a mark: read as UTF-8, GB18030 or Big5 it is full of NULs.
        let le: Vec<u8> = "Hello, world. A plain note.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let first = decode(&le, &host).unwrap();
        assert_eq!(first.encoding, Encoding::Utf16Le);
        assert_eq!(offered(&first), [Encoding::Utf16Le], "the NUL-filled readings are not offered");
        assert!(decode_as(&le, Encoding::Utf8, &host).is_err(), "nor read when asked for");
        // Whichever offered reading is chosen, the menu lists the same ones.
        let files: [&[u8]; 4] = [
            include_bytes!("../../../tests/fixtures/texts/big5.txt"),
            include_bytes!("../../../tests/fixtures/texts/gb18030.txt"),
            UTF8,
            &le,
        ];
        for bytes in files {
            let list = offered(&decode(bytes, &host).unwrap());
            for encoding in list.clone() {
                let again = decode_as(bytes, encoding, &host).unwrap();
                assert_eq!((again.encoding, offered(&again)), (encoding, list.clone()), "read as {}", encoding.name());
            }
        }
    }

    #[test]
    fn nothing_or_white_space_is_empty_and_invalid_bytes_undecodable() {
        for bytes in [&b""[..], b" \r\n\t ", include_bytes!("../../../tests/fixtures/texts/empty.txt")] {
            assert_eq!(decode(bytes, &host).unwrap_err(), ReadError::Empty);
        }
        assert_eq!(decode("\u{3000}\n".as_bytes(), &host).unwrap_err(), ReadError::Empty);
        let bad = include_bytes!("../../../tests/fixtures/texts/undecodable.txt");
        for table in [encoding_rs::UTF_8, encoding_rs::GB18030, encoding_rs::BIG5] {
            assert!(table.decode_without_bom_handling_and_without_replacement(bad).is_none(), "{}", table.name());
        }
        assert_eq!(decode(bad, &host).unwrap_err(), ReadError::Undecodable);
    }
}

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
    /// Other encodings that read these bytes without an error into a
    /// different text: the choices of a "wrong guess? read as…" menu.
    pub alternatives: Vec<Encoding>,
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
    if let Some(encoding) = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be].into_iter().find(|e| bytes.starts_with(e.bom())) {
        let text = decode_with(encoding, &bytes[encoding.bom().len()..], decoder).ok_or(ReadError::Undecodable)?;
        return finish(text, encoding, true, Vec::new());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let utf16 = utf16_without_bom(bytes);
    if utf16.is_none() && is_binary(bytes) {
        return Err(ReadError::Binary);
    }
    let mut candidates: Vec<(Encoding, String)> = [Encoding::Utf8, Encoding::Gb18030, Encoding::Big5]
        .into_iter()
        .chain(utf16)
        .filter_map(|e| decode_with(e, bytes, decoder).map(|text| (e, text)))
        .collect();
    let chosen = if let Some(at) = candidates.iter().position(|(e, _)| Some(*e) == utf16) {
        at
    } else if let Some(at) = candidates.iter().position(|(e, _)| *e == Encoding::Utf8) {
        at
    } else {
        // Ties go to GB18030, listed first: more files are written in it.
        let best = candidates.iter().map(|(_, text)| naturalness(text)).fold(f64::NEG_INFINITY, f64::max);
        candidates.iter().position(|(_, text)| naturalness(text) == best).ok_or(ReadError::Undecodable)?
    };
    let (encoding, text) = candidates.swap_remove(chosen);
    let alternatives = alternatives(&text, candidates);
    finish(text, encoding, false, alternatives)
}

/// Reads a file in the encoding the reader picked, a byte order mark for
/// that encoding stripped. Lists the same alternatives as [`decode`].
pub fn decode_as(bytes: &[u8], encoding: Encoding, decoder: Decoder) -> Result<Decoded, ReadError> {
    let bom = !encoding.bom().is_empty() && bytes.starts_with(encoding.bom());
    let body = if bom { &bytes[encoding.bom().len()..] } else { bytes };
    let text = decode_with(encoding, body, decoder).ok_or(ReadError::Undecodable)?;
    let others = if bom {
        Vec::new()
    } else {
        let mut others: Vec<Encoding> = vec![Encoding::Utf8, Encoding::Gb18030, Encoding::Big5];
        others.extend(utf16_without_bom(bytes));
        others.into_iter().filter(|e| *e != encoding).filter_map(|e| decode_with(e, bytes, decoder).map(|t| (e, t))).collect()
    };
    let alternatives = alternatives(&text, others);
    finish(text, encoding, bom, alternatives)
}

fn decode_with(encoding: Encoding, bytes: &[u8], decoder: Decoder) -> Option<String> {
    match encoding {
        // Valid UTF-8 needs no table: checked here, the same everywhere.
        Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
        _ => decoder(encoding, bytes),
    }
}

fn finish(text: String, encoding: Encoding, bom: bool, alternatives: Vec<Encoding>) -> Result<Decoded, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Decoded { text, encoding, bom, alternatives })
}

/// The encodings, in menu order, whose reading differs from `text`.
fn alternatives(text: &str, others: Vec<(Encoding, String)>) -> Vec<Encoding> {
    let differ: Vec<Encoding> = others.into_iter().filter(|(_, t)| t != text).map(|(e, _)| e).collect();
    Encoding::ALL.into_iter().filter(|e| differ.contains(e)).collect()
}

/// How much of a file is looked at to tell text from binary.
const SNIFF_BYTES: usize = 64 * 1024;

/// True for a file that is not text: a known magic number, a NUL byte, or
/// more than one byte in fifty a control character no text uses.
fn is_binary(bytes: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"%PDF-",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"\x1f\x8b",
        b"RIFF",
        b"\0asm",
        b"\x7fELF",
        b"MZ\x90\0",
        b"7z\xbc\xaf\x27\x1c",
        b"Rar!\x1a\x07",
    ];
    if MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)).count();
    sample.contains(&0) || controls * 50 > sample.len()
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
            assert_eq!(decoded, Decoded { text: text().into(), encoding, bom: true, alternatives: vec![] });
        }
        // A second mark is text, as the browser's decoder (told to leave marks alone) keeps it.
        assert_eq!(decode(b"\xef\xbb\xbf\xef\xbb\xbfa", &host).unwrap().text, "\u{feff}a");
        assert_eq!(decode(b"\xff\xfe", &host).unwrap_err(), ReadError::Empty);
    }

    #[test]
    fn valid_utf8_is_utf8_and_other_readings_are_offered() {
        let decoded = decode(UTF8, &host).unwrap();
        assert_eq!((decoded.encoding, decoded.bom, decoded.text.as_str()), (Encoding::Utf8, false, text()));
        // ASCII reads the same in all three: nothing to offer.
        assert_eq!(decode(b"plain ascii", &host).unwrap().alternatives, vec![]);
    }

    #[test]
    fn gb18030_and_big5_are_told_apart_by_how_the_text_reads() {
        let gb = decode(include_bytes!("../../../tests/fixtures/texts/gb18030.txt"), &host).unwrap();
        assert_eq!((gb.encoding, gb.text.as_str()), (Encoding::Gb18030, text()));
        let big5 = decode(include_bytes!("../../../tests/fixtures/texts/big5.txt"), &host).unwrap();
        let traditional = include_str!("../../../tests/fixtures/texts/traditional.utf8.txt");
        assert_eq!((big5.encoding, big5.text.as_str()), (Encoding::Big5, traditional));
        assert_eq!(big5.alternatives, vec![Encoding::Gb18030]);
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
        assert_eq!(decode(png, &host).unwrap_err(), ReadError::Binary);
        for magic in [&b"%PDF-1.7\n"[..], b"PK\x03\x04rest", b"\x1f\x8b\x08", b"RIFF\0\0\0\0WEBPVP8 ", b"\0asm\x01\0\0\0", b"GIF89a", b"\xff\xd8\xff\xe0"] {
            assert_eq!(decode(magic, &host).unwrap_err(), ReadError::Binary, "{magic:?}");
        }
        assert_eq!(decode(b"text with a \0 in it, mostly text", &host).unwrap_err(), ReadError::Binary);
        assert_eq!(decode(b"a\x01b\x02c\x03d\x04", &host).unwrap_err(), ReadError::Binary);
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

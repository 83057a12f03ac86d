//! Detecting and decoding the encoding of a text file: a byte-order mark
//! decides; else strict UTF-8; else chardetng on a sample cut at a newline,
//! which in practice answers GBK (decoded as GB18030) or Big5.

use crate::error::Problem;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, UTF_8};

/// How much of a file chardetng looks at.
const SAMPLE: usize = 64 * 1024;

/// Decodes a file's bytes to text; a warning comes along when some bytes
/// could not be decoded and were replaced.
pub fn decode(bytes: &[u8], file: &str) -> (String, Option<Problem>) {
    let encoding = detect(bytes);
    let (text, _, had_errors) = encoding.decode(bytes);
    let warning = had_errors.then(|| {
        Problem::warning(
            file,
            format!(
                "some bytes are not valid {} and were replaced by \u{FFFD}",
                encoding.name()
            ),
        )
        .expected("UTF-8, UTF-8 with a byte-order mark, GB18030/GBK or Big5")
    });
    (text.into_owned(), warning)
}

/// A file's text as UTF-8 bytes, for a reader of bytes that takes its
/// pieces as text (the CSV reader checks each record as it cuts it): the
/// whole is checked once with simdutf8, not built into a `String` by the
/// standard check, which at a million projects was a tenth of a second
/// before any record could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Utf8Bytes(Vec<u8>);

impl Utf8Bytes {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<String> for Utf8Bytes {
    fn from(text: String) -> Utf8Bytes {
        Utf8Bytes(text.into_bytes())
    }
}

/// `decode`, without copying a file that is UTF-8 already.
pub fn decode_owned(bytes: Vec<u8>, file: &str) -> (Utf8Bytes, Option<Problem>) {
    if Encoding::for_bom(&bytes).is_none() && simdutf8::basic::from_utf8(&bytes).is_ok() {
        return (Utf8Bytes(bytes), None);
    }
    let (text, warning) = decode(&bytes, file);
    (text.into(), warning)
}

/// The encoding of a file, by the rule above.
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let (sample, last) = sample(bytes);
    detector.feed(sample, last);
    if detector.guess(None, Utf8Detection::Deny) == BIG5 {
        BIG5
    } else {
        GB18030
    }
}

/// UTF-8 with a few damaged bytes (decoded as UTF-8, with a warning): at
/// most one bad sequence per 20 well-formed non-ASCII characters. GBK text
/// fails this quickly, as its pairs are seldom well-formed UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let non_ascii = |valid: &[u8]| {
        std::str::from_utf8(valid).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count())
    };
    let (mut good, mut bad, mut rest) = (0usize, 0usize, bytes);
    while let Err(e) = std::str::from_utf8(rest) {
        let (valid, after) = rest.split_at(e.valid_up_to());
        good += non_ascii(valid);
        bad += 1;
        if bad > 8 && bad * 20 > good {
            return false;
        }
        rest = &after[e.error_len().unwrap_or(after.len())..];
    }
    good += non_ascii(rest);
    good > 0 && bad * 20 <= good
}

/// At most `SAMPLE` bytes, cut after the last line break so that no
/// character is cut in two; whether the sample is the whole file.
fn sample(bytes: &[u8]) -> (&[u8], bool) {
    if bytes.len() <= SAMPLE {
        return (bytes, true);
    }
    let head = &bytes[..SAMPLE];
    match head.iter().rposition(|b| *b == b'\n') {
        Some(end) => (&head[..=end], false),
        None => (head, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{GBK, UTF_16LE};

    const TEXT: &str = "地区,期间,指标,数值,来源\n嘉兴市,2024年1-9月,fdi_actual,23.74亿美元,s1\n嘉善县,2024年上半年,signed_projects,70余项,s2\n";
    const TRAD: &str = "地區,名稱,來源\n臺北市,新竹科學園區投資項目,經濟日報\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn detects_and_decodes_every_accepted_encoding() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TEXT.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let rare = format!("{TEXT}𠀀,䶮\n");
        let cases: Vec<(&str, Vec<u8>, &str, &'static Encoding)> = vec![
            ("utf-8", TEXT.as_bytes().to_vec(), TEXT, UTF_8),
            ("utf-8 bom", bom, TEXT, UTF_8),
            ("utf-16le bom", utf16, TEXT, UTF_16LE),
            ("gbk", encode(GBK, TEXT), TEXT, GB18030),
            ("gb18030", encode(GB18030, &rare), &rare, GB18030),
            ("big5", encode(BIG5, TRAD), TRAD, BIG5),
        ];
        for (name, bytes, want, encoding) in cases {
            assert_eq!(detect(&bytes), encoding, "{name}");
            let (text, warning) = decode(&bytes, "x.csv");
            assert_eq!(text, want, "{name}");
            assert!(warning.is_none(), "{name}");
        }
    }

    #[test]
    fn long_gbk_file_cut_mid_character_is_still_gbk() {
        let text = TEXT.repeat(2000);
        let bytes = encode(GBK, &text);
        assert!(bytes.len() > SAMPLE);
        assert_eq!(detect(&bytes), GB18030);
        assert_eq!(decode(&bytes, "x.csv").0, text);
    }

    #[test]
    fn utf8_with_a_damaged_byte_stays_utf8_with_a_warning() {
        let mut bytes = TEXT.as_bytes().to_vec();
        bytes.insert(20, 0xFF);
        assert_eq!(detect(&bytes), UTF_8);
        let (text, warning) = decode(&bytes, "x.csv");
        assert!(text.starts_with("地区,期间,指标"));
        assert!(warning.is_some());
        let gbk = encode(GBK, &TEXT.repeat(50));
        assert!(!mostly_utf8(&gbk));
    }

    #[test]
    fn undecodable_bytes_are_a_warning() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"a,b\n\xFF\xFE,c\n");
        let (_, warning) = decode(&bytes, "x.csv");
        let warning = warning.map(|w| (w.is_error(), w.file));
        assert_eq!(warning, Some((false, "x.csv".to_string())));
    }
}

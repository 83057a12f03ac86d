//! Text clean-up shared by every parser: full-width forms and blanks.

use std::borrow::Cow;

/// Trims blanks at both ends: spaces, tabs, line breaks and the ideographic
/// space U+3000.
#[inline]
pub fn trim(text: &str) -> &str {
    // Most cells have nothing to trim: the first bytes of the characters at
    // both ends say so without decoding them (this runs for every cell read).
    let bytes = text.as_bytes();
    let last = bytes.iter().rev().take(4).find(|b| !is_continuation(**b));
    match (bytes.first(), last) {
        (Some(a), Some(b)) if !may_start_blank(*a) && !may_start_blank(*b) => text,
        _ => text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'),
    }
}

/// Whether a character that starts with byte `lead` may be a blank: the
/// ASCII ones, and the first bytes of U+0085, U+00A0, U+1680, U+2000–U+205F
/// and U+3000 (the rest of `char::is_whitespace`). CJK text starts with
/// other bytes, so most of it is ruled out without decoding a character.
#[inline]
pub fn may_start_blank(lead: u8) -> bool {
    matches!(lead, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Whether a byte continues a character (UTF-8's 10xxxxxx).
#[inline]
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Maps full-width ASCII forms (`５１`, `．`, `，`, `％`, `Ｑ`) to ASCII, the
/// ideographic space to a space and the minus sign U+2212 to `-`. Borrows
/// when there is nothing to change.
pub fn halfwidth(text: &str) -> Cow<'_, str> {
    // Their first bytes (E2 for U+2212, E3 for U+3000, EF for the full-width
    // forms) rule out most texts without decoding a character.
    let needs = text.bytes().any(|b| matches!(b, 0xE2 | 0xE3 | 0xEF))
        && text
            .chars()
            .any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}' || c == '\u{2212}');
    if !needs {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) // ok: the range maps onto printable ASCII
                }
                '\u{3000}' => ' ',
                '\u{2212}' => '-',
                other => other,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_fullwidth_digits_and_punctuation() {
        for (input, want) in [
            ("５１", "51"),
            ("１，２４９．４５亿元", "1,249.45亿元"),
            ("４４．４％", "44.4%"),
            ("−3.2%", "-3.2%"),
            ("２０２４－Ｑ１", "2024-Q1"),
            ("plain", "plain"),
        ] {
            assert_eq!(halfwidth(input), want, "{input}");
        }
    }

    #[test]
    fn trims_ideographic_space_and_tabs() {
        let cases = [
            ("\u{3000} 嘉兴\t", "嘉兴"),
            ("", ""),
            ("a b", "a b"),
            (" a", "a"),
            ("a\n", "a"),
            ("a\u{3000}", "a"),
            ("\u{a0}51亿元", "51亿元"),
            ("x\u{2003}", "x"),
            ("  ", ""),
            ("嘉兴\u{3000}", "嘉兴"),
            ("\u{2028}嘉兴", "嘉兴"),
            ("元\u{85}", "元"),
            ("嘉兴", "嘉兴"),
        ];
        for (text, want) in cases {
            assert_eq!(trim(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The same as trimming every character that is a blank.
        #[test]
        fn trims_as_decoding_would(text in "\\PC{0,3}[ \t\u{3000}\u{a0}\u{2003}\u{85}]{0,2}\\PC{0,3}") {
            let blank = |c: char| c.is_whitespace() || c == '\u{3000}';
            proptest::prop_assert_eq!(trim(&text), text.trim_matches(blank));
        }
    }
}

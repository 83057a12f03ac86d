//! Text clean-up shared by every parser: full-width forms and blanks.

use std::borrow::Cow;

/// Trims blanks at both ends: spaces, tabs, line breaks and the ideographic
/// space U+3000.
pub fn trim(text: &str) -> &str {
    // Most cells have nothing to trim: printable ASCII at both ends says so
    // without decoding a character (this runs for every cell read).
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'),
    }
}

/// Maps full-width ASCII forms (`５１`, `．`, `，`, `％`, `Ｑ`) to ASCII, the
/// ideographic space to a space and the minus sign U+2212 to `-`. Borrows
/// when there is nothing to change.
pub fn halfwidth(text: &str) -> Cow<'_, str> {
    let needs = text
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
        ];
        for (text, want) in cases {
            assert_eq!(trim(text), want, "{text:?}");
        }
    }
}

//! Text helpers: width estimates, fitting, escaping and tick labels.
//!
//! Plotters' naive font backend (no ttf/ab_glyph) measures UTF-8 bytes, which
//! over-estimates CJK by ~1.7x, so every width the layout depends on is
//! estimated here from characters instead.

/// Family list written into every `font-family`; the viewer picks the first
/// installed CJK font (the SVG embeds none, the page is offline).
pub const FONT_FAMILY: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \
\"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// Width of one character in em: CJK and other non-ASCII glyphs take a full
/// em (over-estimating a few symbols is harmless), Latin about 0.62 em.
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.3,
        '.' | ',' | ':' | ';' | '!' | '|' | 'i' | 'l' | 'j' | '\'' => 0.35,
        c if c.is_ascii_uppercase() || c == 'm' || c == 'w' => 0.75,
        c if c.is_ascii() => 0.62,
        _ => 1.0,
    }
}

/// Estimated rendered width of `text` in pixels at font size `px`.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * px
}

/// The font size (between `min_px` and `px`) at which `text` fits in
/// `max_width`, and the text itself, cut with "…" if even `min_px` is too big.
pub fn fit(text: &str, px: f64, min_px: f64, max_width: f64) -> (String, f64) {
    let width = text_width(text, px);
    if width <= max_width {
        return (text.to_string(), px);
    }
    let scaled = (px * max_width / width).floor();
    if scaled >= min_px {
        return (text.to_string(), scaled);
    }
    (truncate(text, min_px, max_width), min_px)
}

/// The longest prefix of `text` that fits in `max_width` with "…" appended.
fn truncate(text: &str, px: f64, max_width: f64) -> String {
    let budget = max_width - text_width("…", px);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_em(c) * px;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// XML-escapes text for element content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// `escape_xml` onto `out`, a run of plain text at a time (every label of
/// every chart passes through it); the same entities as plotters' own
/// SVG backend wrote.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// Axis tick label: thousands separators, at most two decimals, no "-0".
pub fn tick_label(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_one_em_latin_less() {
        assert_eq!(text_width("嘉兴", 10.0), 20.0);
        assert!(text_width("ab", 10.0) < 13.0);
    }

    #[test]
    fn fit_shrinks_then_truncates() {
        assert_eq!(fit("嘉兴", 14.0, 10.0, 100.0), ("嘉兴".to_string(), 14.0));
        assert_eq!(fit("嘉兴市南湖区", 14.0, 10.0, 72.0).1, 12.0);
        let (cut, px) = fit("嘉兴市南湖区经济开发区", 14.0, 10.0, 50.0);
        assert_eq!((cut.as_str(), px), ("嘉兴市南…", 10.0));
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tick_label(1_234_567.0), "1,234,567");
        assert_eq!(tick_label(-0.0001), "0");
        assert_eq!(tick_label(-12.5), "-12.5");
        assert_eq!(tick_label(100.0), "100");
        assert_eq!(tick_label(0.25), "0.25");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}

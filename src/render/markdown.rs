//! Markdown: making user-written notes safe to embed in a brief's Markdown,
//! and turning a brief's Markdown into sanitised HTML with its trusted SVG
//! charts put back in.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use std::collections::HashSet;

/// Marks where a chart goes; a private-use character, stripped from notes.
const MARK: char = '\u{E000}';

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Escapes text from data (names, titles, notes of a row) for Markdown: every
/// ASCII punctuation that could start markup gets a backslash, and line
/// breaks become spaces, so the text stays text and a table stays a table.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            MARK => {}
            _ => out.push(c),
        }
    }
    out
}

fn safe_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None => !lower.starts_with("//"),
        Some(s) if s.contains('/') || s.contains('#') || s.contains('?') => true,
        Some(s) => matches!(s, "http" | "https" | "mailto"),
    }
}

/// Makes an analyst's note safe to place in a brief's Markdown: raw HTML is
/// escaped so it shows as text, images become plain text (no request to any
/// host), and links other than http(s), mailto and relative ones lose their
/// markup.
pub fn neutralise(note: &str) -> String {
    let mut text: String = note.chars().filter(|c| *c != MARK).collect();
    // An edit can make new markup (an image's `!` escaped leaves a link;
    // an escaped `[` can leave a reference link), so repeat until nothing
    // changes; a note that never settles is shown as plain text.
    for _ in 0..8 {
        let next = neutralise_once(&text);
        if next == text {
            return next;
        }
        text = next;
    }
    text.lines().map(escape).collect::<Vec<_>>().join("\n")
}

fn neutralise_once(note: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(note, options()).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                edits.push((range.start, range.end, html_escape(&html)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                edits.push((range.start, range.start, "\\".to_string()));
                // What is left is a link: escape it too unless it is safe.
                if !safe_link(&dest_url) && note[range.start..].starts_with("![") {
                    edits.push((range.start + 1, range.start + 1, "\\".to_string()));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => {
                edits.push((range.start, range.start, "\\".to_string()));
            }
            _ => {}
        }
    }
    apply(note, edits)
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Applies non-overlapping edits (outer ones win over nested ones).
fn apply(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|(start, end, _)| (*start, std::cmp::Reverse(*end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, replacement) in edits {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Converts a brief's Markdown to HTML: sanitised with ammonia, then the
/// trusted SVG of each chart put where the Markdown shows its image.
pub fn to_html(markdown: &str, charts: &[(String, String)]) -> String {
    let files: Vec<&str> = charts.iter().map(|(f, _)| f.as_str()).collect();
    let mut in_chart = false;
    let events = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        Event::Start(Tag::Image { dest_url, .. }) => {
            match files.iter().position(|f| *f == &*dest_url) {
                Some(i) => {
                    in_chart = true;
                    Some(Event::Text(CowStr::from(format!("{MARK}{i}{MARK}"))))
                }
                None => Some(Event::Start(Tag::Image {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url,
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                })),
            }
        }
        Event::End(pulldown_cmark::TagEnd::Image) if in_chart => {
            in_chart = false;
            None
        }
        _ if in_chart => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let clean = sanitiser().clean(&html).to_string();
    put_charts(&clean, charts)
}

/// Replaces each chart's mark (`MARK` index `MARK`, which no other text
/// holds: `neutralise` and `escape` drop the character) by its figure, in
/// one pass over the page; a mark alone in a paragraph replaces it whole.
fn put_charts(clean: &str, charts: &[(String, String)]) -> String {
    let svg_bytes: usize = charts.iter().map(|(_, svg)| svg.len() + 64).sum();
    let mut out = String::with_capacity(clean.len() + svg_bytes);
    let mut parts = clean.split(MARK);
    out.push_str(parts.next().unwrap_or_default());
    while let (Some(index), Some(mut after)) = (parts.next(), parts.next()) {
        let chart = index.parse::<usize>().ok().and_then(|i| charts.get(i));
        let Some((file, svg)) = chart else {
            out.push_str(after);
            continue;
        };
        if out.ends_with("<p>") && after.starts_with("</p>") {
            out.truncate(out.len() - "<p>".len());
            after = &after["</p>".len()..];
        }
        out.push_str("<figure class=\"chart\" id=\"chart-");
        out.push_str(file.trim_end_matches(".svg"));
        out.push_str("\">");
        out.push_str(svg);
        out.push_str("</figure>");
        out.push_str(after);
    }
    out
}

fn sanitiser() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tag_attributes("th", &["style"])
        .add_tag_attributes("td", &["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .add_allowed_classes("span", &["cite", "q"])
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            // An image from another host would be a request: drop it.
            if element == "img" && attribute == "src" && !safe_link(value) {
                return None;
            }
            let remote = value.trim().to_ascii_lowercase();
            if element == "img" && (remote.starts_with("http") || remote.starts_with("//")) {
                return None;
            }
            Some(value.into())
        });
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_stays_text_in_markdown_and_html() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "a | b",
            "**bold** _it_ `code`",
            "<iframe src=//evil>",
        ] {
            let md = format!("| h |\n|---|\n| {} |\n", escape(hostile));
            let html = to_html(&md, &[]);
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<iframe"), "{html}");
            assert!(!html.contains("<img"), "{html}");
            assert!(!html.contains("href=\"javascript"), "{html}");
            assert!(
                html.contains("<table>"),
                "table broken by {hostile}: {html}"
            );
        }
    }

    #[test]
    fn notes_lose_raw_html_remote_images_and_script_links() {
        let note = "Text <script>alert(1)</script>\n\n<iframe src=\"https://evil\"></iframe>\n\n![logo](https://evil.example/x.png) [ok](https://example.org) [bad](javascript:alert(1)) <div style=\"x:expression(1)\">d</div>";
        let md = neutralise(note);
        assert!(!md.contains("<script"), "{md}");
        assert!(!md.contains("<iframe"), "{md}");
        let html = to_html(&md, &[]);
        for bad in ["<script", "<iframe", "<img", "href=\"javascript", "<div"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn an_image_with_an_unsafe_url_does_not_become_a_link() {
        use pulldown_cmark::{Event, Parser, Tag};
        for note in [
            "![d](data:image/svg+xml;base64,PHN2Zz4=)",
            "![j](javascript:alert(1))",
            "![r][img]\n\n[img]: javascript:alert(1)",
            "![![x](data:x)](javascript:y)",
        ] {
            let md = neutralise(note);
            for event in Parser::new_ext(&md, options()) {
                match event {
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        assert!(safe_link(&dest_url), "{dest_url} from {note:?}: {md}");
                    }
                    Event::Start(Tag::Image { .. }) => unreachable!("image in {md}"),
                    _ => {}
                }
            }
        }
        // A safe image becomes a safe link, as before.
        assert_eq!(
            neutralise("![a](https://e.org/a.png)"),
            "\\![a](https://e.org/a.png)"
        );
    }

    #[test]
    fn charts_are_inlined_where_their_image_stands() {
        let md = "# T\n\n![Chart](c1.svg)\n\ntext\n";
        let html = to_html(
            md,
            &[("c1.svg".into(), "<svg><title>x</title></svg>".into())],
        );
        assert!(
            html.contains("<figure class=\"chart\" id=\"chart-c1\"><svg>"),
            "{html}"
        );
        assert!(!html.contains("<p><figure"), "{html}");
    }

    #[test]
    fn table_alignment_survives_sanitising() {
        let html = to_html("| a | b |\n|:--|--:|\n| 1 | 2 |\n", &[]);
        assert!(
            html.contains("text-align: right") || html.contains("text-align:right"),
            "{html}"
        );
    }
}

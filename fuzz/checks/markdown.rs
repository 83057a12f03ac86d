//! An analyst's note through `neutralise` and `to_html`, as a brief shows
//! it: the HTML never holds a script, an iframe, a `javascript:` URL inside
//! a tag, an event handler or an image from another host.
//!
//! Shared by `fuzz_targets/markdown.rs` and the corpus replay in the main
//! crate's `cargo test` (`tests/integration/fuzz_corpus.rs`).

use citybrief::render::markdown::{escape, neutralise, to_html};

/// The input as text, as `arbitrary` makes a `&str` of the fuzzer's bytes:
/// their longest valid UTF-8 prefix.
fn text(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// The tags of serialised HTML: (name, [(attribute, value)]), lower-cased
/// names, values with `&amp;` and `&quot;` decoded. The serialiser always
/// quotes values with `"` and escapes `"` inside them.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            let attr = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let close = after.find('"').unwrap_or(after.len());
                value = after[..close].replace("&quot;", "\"").replace("&amp;", "&");
                rest = after.get(close + 1..).unwrap_or("");
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

/// What a browser would take as the scheme of a URL: control characters and
/// whitespace are dropped before the first `:` (more than a browser drops),
/// and what is left must be a scheme, a letter then letters, digits, `+`, `-`
/// or `.`; otherwise the URL is relative (`%C2%A0https:/x` is a path).
fn scheme(url: &str) -> Option<String> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let (scheme, _) = squeezed.split_once(':')?;
    let mut chars = scheme.chars();
    let letter_first = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !letter_first || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        return None;
    }
    Some(scheme.to_string())
}

fn assert_inert(html: &str, input: &str) {
    for (name, attrs) in tags(html) {
        let name = name.trim_start_matches('/');
        assert!(
            !matches!(
                name,
                "script"
                    | "iframe"
                    | "style"
                    | "object"
                    | "embed"
                    | "svg"
                    | "math"
                    | "form"
                    | "link"
                    | "meta"
                    | "base"
                    | "frame"
                    | "frameset"
                    | "applet"
            ),
            "<{name}> from {input:?}: {html}"
        );
        for (attr, value) in &attrs {
            assert!(
                !attr.starts_with("on"),
                "{attr} in <{name}> from {input:?}: {html}"
            );
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset"
            ) {
                if let Some(s) = scheme(value) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "{attr}={value:?} in <{name}> from {input:?}: {html}"
                    );
                }
            }
            if attr == "style" {
                let lower = value.to_ascii_lowercase();
                assert!(
                    !lower.contains("expression") && !lower.contains("url("),
                    "style {value:?} from {input:?}: {html}"
                );
            }
            if name == "img" && attr == "src" {
                // Browsers read `\` as `/` and drop tabs and newlines.
                let url: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .map(|c| {
                        if c == '\\' {
                            '/'
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect();
                assert!(
                    !url.starts_with("http") && !url.starts_with("//"),
                    "remote image {value:?} from {input:?}: {html}"
                );
            }
        }
    }
}

/// What a Markdown reader of brief.md sees in a neutralised note: no raw
/// HTML, no image, no link but http(s), mailto and relative ones.
fn assert_markdown_inert(md: &str, input: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                panic!("raw HTML {h:?} from {input:?}: {md:?}")
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("image {dest_url:?} from {input:?}: {md:?}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(s) = scheme(&dest_url) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "link {dest_url:?} from {input:?}: {md:?}"
                    );
                }
            }
            _ => {}
        }
    }
}

pub fn check(data: &[u8]) {
    let note = text(data);
    let md = neutralise(note);
    assert_markdown_inert(&md, note);
    let html = to_html(&format!("# Notes\n\n{md}\n"), &[]);
    assert_inert(&html, note);
    // Data text (a name, a title) escaped into a table cell stays text.
    let cell = to_html(&format!("| h |\n|---|\n| {} |\n", escape(note)), &[]);
    assert_inert(&cell, note);
    assert!(cell.contains("<table>"), "table broken by {note:?}: {cell}");
}

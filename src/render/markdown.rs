//! Markdown: making user-written notes safe to embed in a brief's Markdown,
//! and turning a brief's Markdown into sanitised HTML with its trusted SVG
//! charts put back in.

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Mutex;

/// Marks where a chart goes; a private-use character, stripped from notes.
const MARK: char = '\u{E000}';

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Escapes text from data (names, titles, notes of a row) for Markdown: every
/// ASCII punctuation that could start markup gets a backslash, and line
/// breaks become spaces, so the text stays text and a table stays a table.
pub fn escape(text: &str) -> Cow<'_, str> {
    // Plain runs are copied whole (every name and note of a page passes
    // here), and a text with nothing to edit, most of them, is not copied.
    let mut edited: Option<String> = None;
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        // What goes before the character, and whether it stays.
        let (edit, stays) = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                ("\\", true)
            }
            '\r' | '\n' => (" ", false),
            MARK => ("", false),
            _ => continue,
        };
        let out = edited.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        out.push_str(&text[plain..i]);
        out.push_str(edit);
        plain = if stays { i } else { i + c.len_utf8() };
    }
    match edited {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[plain..]);
            Cow::Owned(out)
        }
    }
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

/// Converts a brief's Markdown to HTML, safe to publish, with the trusted
/// SVG of each chart put where the Markdown shows its image.
///
/// Markdown whose every event is one the HTML writer renders safely (text,
/// which it escapes; structure; `<br>`; links to http(s), mailto or a
/// relative address) is written directly, in exactly the form ammonia would
/// give it (a test holds the two equal); anything else, such as other raw
/// HTML from a user's template, goes through ammonia. Sanitising a page that
/// needs none was a sixth of a 100k build's time and, for a page listing
/// 20,000 projects, tens of megabytes of DOM.
pub fn to_html(markdown: &str, charts: &[(String, String)]) -> String {
    to_html_with(markdown, charts, &Links::default())
}

/// `to_html`, with the links of earlier pages written already: every
/// brief lists its sources' addresses, mostly the same from page to page.
pub fn to_html_with(markdown: &str, charts: &[(String, String)], links: &Links) -> String {
    let html =
        plain_html(markdown, charts, links).unwrap_or_else(|| sanitised_html(markdown, charts));
    put_charts(&html, charts)
}

/// Links' opening tags as `plain_link` writes them, by address: checking an
/// address (parsing it as a URL) cost more than the rest of writing its
/// reference line.
#[derive(Debug, Default)]
pub struct Links(Mutex<crate::model::Map<String, Vec<Opening>>>);

/// A link's opening tag (`None`: not written directly), for an address
/// given as an e-mail link or not, with a title.
#[derive(Debug)]
struct Opening {
    email: bool,
    title: String,
    tag: Option<String>,
}

impl Links {
    fn opening(&self, kind: LinkType, dest: &str, title: &str) -> Option<String> {
        let email = kind == LinkType::Email;
        // A lock poisoned by a panicking page only loses the cache.
        let Ok(mut known) = self.0.lock() else {
            return plain_link(kind, dest, title);
        };
        let same = |o: &&Opening| o.email == email && o.title == title;
        if let Some(seen) = known.get(dest).and_then(|k| k.iter().find(same)) {
            return seen.tag.clone();
        }
        let tag = plain_link(kind, dest, title);
        let title = title.to_string();
        let opening = Opening {
            email,
            title,
            tag: tag.clone(),
        };
        known.entry(dest.to_string()).or_default().push(opening);
        tag
    }
}

/// The brief's events with each chart's image replaced by its mark.
fn with_marks<'a>(
    markdown: &'a str,
    charts: &'a [(String, String)],
) -> impl Iterator<Item = Event<'a>> {
    let mut in_chart = false;
    Parser::new_ext(markdown, options()).filter_map(move |event| match event {
        Event::Start(Tag::Image { dest_url, .. }) => {
            match charts.iter().position(|(f, _)| *f == *dest_url) {
                Some(i) => {
                    in_chart = true;
                    Some(Event::Text(CowStr::from(format!("{MARK}{i}{MARK}"))))
                }
                None => Some(Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url,
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                })),
            }
        }
        Event::End(TagEnd::Image) if in_chart => {
            in_chart = false;
            None
        }
        _ if in_chart => None,
        other => Some(other),
    })
}

/// The HTML writer's output of any Markdown, cleaned by ammonia.
fn sanitised_html(markdown: &str, charts: &[(String, String)]) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, with_marks(markdown, charts));
    sanitiser().clean(&html).to_string()
}

/// The writer's output when every event is safe as written, shaped as
/// ammonia serialises it; `None` as soon as one is not.
fn plain_html(markdown: &str, charts: &[(String, String)], links: &Links) -> Option<String> {
    let mut plain = true;
    let mut cells = Cells::default();
    let events = with_marks(markdown, charts).map_while(|event| {
        let safe = plain_event(event, links).map(|event| cells.written(event));
        plain = safe.is_some();
        safe
    });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    plain.then_some(html)
}

/// Table cells written as ammonia serialises them: the writer's own
/// `style="text-align: left"` comes back from ammonia without the space.
/// Writing the cells' tags here (as the writer would, from the table's
/// alignments) spares a pass over the page to take the space out.
#[derive(Default)]
struct Cells {
    alignments: Vec<Alignment>,
    head: bool,
    index: usize,
}

impl Cells {
    fn written<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        let tag: &'static str = match &event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments.clone_from(alignments);
                return event;
            }
            Event::Start(Tag::TableHead) => {
                (self.head, self.index) = (true, 0);
                return event;
            }
            Event::End(TagEnd::TableHead) => {
                self.head = false;
                return event;
            }
            Event::Start(Tag::TableRow) => {
                self.index = 0;
                return event;
            }
            Event::Start(Tag::TableCell) => {
                let aligned = self.alignments.get(self.index).copied();
                match (self.head, aligned) {
                    (true, Some(Alignment::Left)) => "<th style=\"text-align:left\">",
                    (true, Some(Alignment::Center)) => "<th style=\"text-align:center\">",
                    (true, Some(Alignment::Right)) => "<th style=\"text-align:right\">",
                    (true, _) => "<th>",
                    (false, Some(Alignment::Left)) => "<td style=\"text-align:left\">",
                    (false, Some(Alignment::Center)) => "<td style=\"text-align:center\">",
                    (false, Some(Alignment::Right)) => "<td style=\"text-align:right\">",
                    (false, _) => "<td>",
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.index += 1;
                if self.head {
                    "</th>"
                } else {
                    "</td>"
                }
            }
            _ => return event,
        };
        Event::InlineHtml(CowStr::Borrowed(tag))
    }
}

/// An event as it can be written without sanitising, or `None`.
fn plain_event<'a>(event: Event<'a>, links: &Links) -> Option<Event<'a>> {
    match event {
        // Text the writer escapes as ammonia would; only a no-break space
        // is written differently (`&nbsp;`), so such text is written here.
        Event::Text(text) if has_nbsp(&text) => {
            parsed_as_is(&text).then(|| Event::InlineHtml(html5_escape(&text, false).into()))
        }
        Event::Code(code) if has_nbsp(&code) => parsed_as_is(&code).then(|| {
            Event::InlineHtml(format!("<code>{}</code>", html5_escape(&code, false)).into())
        }),
        Event::Text(text) => parsed_as_is(&text).then_some(Event::Text(text)),
        Event::Code(code) => parsed_as_is(&code).then_some(Event::Code(code)),
        Event::Html(html) | Event::InlineHtml(html) => {
            matches!(&*html, "<br>" | "<br/>" | "<br />").then(|| Event::InlineHtml("<br>".into()))
        }
        Event::HardBreak => Some(Event::InlineHtml("<br>\n".into())),
        Event::SoftBreak => Some(Event::SoftBreak),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => links
            .opening(link_type, &dest_url, &title)
            .map(|a| Event::InlineHtml(a.into())),
        Event::Start(tag) => plain_tag(&tag).then_some(Event::Start(tag)),
        Event::End(tag) => Some(Event::End(tag)),
        _ => None,
    }
}

/// Tags the writer renders with no attribute ammonia would change.
fn plain_tag(tag: &Tag<'_>) -> bool {
    match tag {
        Tag::Paragraph
        | Tag::Table(_)
        | Tag::TableHead
        | Tag::TableRow
        | Tag::TableCell
        | Tag::List(_)
        | Tag::Item
        | Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::BlockQuote(None) => true,
        Tag::Heading {
            id, classes, attrs, ..
        } => id.is_none() && classes.is_empty() && attrs.is_empty(),
        _ => false,
    }
}

/// Whether an HTML parser reads the text back unchanged: it rewrites line
/// ends and NUL, so text holding them is left to ammonia.
fn parsed_as_is(text: &str) -> bool {
    // Bytes, not characters: this looks at every text of every page.
    memchr::memchr2(b'\r', 0, text.as_bytes()).is_none()
}

/// Whether text holds a no-break space (U+00A0, bytes C2 A0). Its second
/// byte is looked for first: `str::contains` with a character of two
/// bytes set up a substring search for every text of every page.
fn has_nbsp(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xA0, bytes).any(|i| i > 0 && bytes.get(i - 1) == Some(&0xC2))
}

/// Text escaped as html5ever serialises it; in an attribute's value,
/// `"` too.
fn html5_escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A link's opening tag as ammonia leaves it: the address as the writer
/// escapes it (percent-encoded), the title, and `rel` added; `None` for an
/// address ammonia would drop or a scheme other than http(s) and mailto.
fn plain_link(kind: LinkType, dest: &str, title: &str) -> Option<String> {
    let dest = match kind {
        LinkType::Email => format!("mailto:{dest}"),
        _ => dest.to_string(),
    };
    let mut href = String::with_capacity(dest.len() + 8);
    pulldown_cmark_escape::escape_href(&mut href, &dest).ok()?;
    // The parser reads the writer's `&amp;` and `&#x27;` back; `&` is
    // escaped again when written, `'` is not.
    let href = href.replace("&#x27;", "'");
    let parsed = url::Url::parse(&href.replace("&amp;", "&"));
    let kept = match parsed {
        Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    };
    if !kept || !parsed_as_is(title) {
        return None;
    }
    let mut a = format!("<a href=\"{href}\"");
    if !title.is_empty() {
        a.push_str(" title=\"");
        a.push_str(&html5_escape(title, true));
        a.push('"');
    }
    a.push_str(" rel=\"noopener noreferrer\">");
    Some(a)
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
    use proptest::prelude::*;

    /// `escape` as it was written first, a character at a time.
    fn escaped_by_char(text: &str) -> String {
        let mut out = String::new();
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

    proptest! {
        #[test]
        fn escaping_copies_runs_as_a_character_at_a_time_would(
            text in "[a-z \\\\`*_\\[\\]<>|#!~&\r\n嘉兴\u{e000}.,-]{0,24}"
        ) {
            let escaped = escape(&text);
            prop_assert_eq!(&escaped, &escaped_by_char(&text));
            // A text with nothing to edit is given back, not copied.
            prop_assert_eq!(matches!(escaped, Cow::Borrowed(_)), escaped == text);
        }
    }

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

    /// The direct writer is only a shortcut: where it writes a page, ammonia
    /// must give the same bytes.
    fn same_as_ammonia(md: &str, charts: &[(String, String)]) -> bool {
        let plain = plain_html(md, charts, &Links::default());
        if let Some(plain) = &plain {
            assert_eq!(plain, &sanitised_html(md, charts), "for {md:?}");
        }
        plain.is_some()
    }

    #[test]
    fn every_showcase_brief_is_written_directly_as_ammonia_would() {
        let pages = std::fs::read_dir("output").into_iter().flatten().flatten();
        let mut briefs = 0;
        for period in pages.filter(|e| e.path().is_dir()) {
            for lang in ["zh", "en"] {
                let dir = period.path().join(lang);
                let Ok(md) = std::fs::read_to_string(dir.join("brief.md")) else {
                    continue;
                };
                let charts: Vec<(String, String)> = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|f| f.ends_with(".svg"))
                    .map(|f| (f, "<svg></svg>".to_string()))
                    .collect();
                assert!(same_as_ammonia(&md, &charts), "{} fell back", dir.display());
                briefs += 1;
            }
        }
        assert!(briefs >= 20, "only {briefs} briefs in output/");
    }

    #[test]
    fn markup_the_writer_cannot_vouch_for_goes_through_ammonia() {
        let cases = [
            ("<script>alert(1)</script>", ""),
            ("a <b onclick=\"x\">b</b>", "<p>a <b>b</b></p>\n"),
            (
                "[x](javascript:alert(1))",
                "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
            ),
            (
                "[x](ftp://host/f)",
                "<p><a href=\"ftp://host/f\" rel=\"noopener noreferrer\">x</a></p>\n",
            ),
            (
                "![remote](https://evil.example/x.png)",
                "<p><img alt=\"remote\"></p>\n",
            ),
            ("```js\nx\n```", "<pre><code>x\n</code></pre>\n"),
            ("---", "<hr>\n"),
        ];
        for (md, expected) in cases {
            assert!(!same_as_ammonia(md, &[]), "{md:?} was written directly");
            assert_eq!(to_html(md, &[]), expected, "for {md:?}");
        }
        for md in [
            "a<br>b",
            "[s](https://example.org/a?b=1&c='d' \"t & \\\"q\\\"\")",
            "[rel](../2024/zh/brief.html#x) <https://e.org/p q>",
            "<me@example.org>",
            "| a | b | c |\n|:--|:-:|--:|\n| 1\u{a0}% | `x\u{a0}y` | 3 |",
            "# T\n\n> q *e* **s** ~~d~~\n\n1. x\n2. y\n\n- z\n\n3. three",
        ] {
            assert!(same_as_ammonia(md, &[]), "{md:?} fell back");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("# Head\n\n".to_string()),
            Just("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n".to_string()),
            Just("| h |\n|---|\n\n".to_string()),
            Just("- item\n- *em* **strong**\n\n".to_string()),
            Just("3. three\n4. four\n\n".to_string()),
            Just("> quote\n\n".to_string()),
            Just("a<br>b  \nc\n".to_string()),
            Just("![c](c1.svg)\n\n".to_string()),
            Just("\u{a0}&amp;&lt;&quot;'\"".to_string()),
            "[a-z\u{4e00}-\u{4e10}&<>\"'|*_`\\[\\]()!#~ \n\u{a0}]{0,12}",
            "\\[[a-z ]{0,4}\\]\\((https?://|mailto:|javascript:|ftp:|data:|//|\\.\\./)?[a-z&'\"%.:/?#= \u{e9}]{0,10}( \"[a-z&\"<]{0,5}\")?\\)",
            "<(https?://[a-z.]{1,6}|[a-z]{1,4}@[a-z]{1,4}\\.org)>",
            "`[a-z<&\u{a0}]{0,6}`",
            "</?(b|i|br|span|div|p|script)( class=\"q\")?/?>",
        ]
    }

    proptest! {
        #[test]
        fn direct_writing_matches_ammonia(pieces in proptest::collection::vec(piece(), 1..12)) {
            let md = pieces.concat();
            let charts = [("c1.svg".to_string(), "<svg></svg>".to_string())];
            // About seven in ten of these are written directly.
            same_as_ammonia(&md, &charts);
        }
    }

    #[test]
    fn no_break_spaces_are_found_by_their_bytes() {
        for (text, has) in [
            ("", false),
            ("\u{a0}", true),
            ("1\u{a0}%", true),
            ("嘉兴", false),
            // U+8800 holds the byte A0, after E8: not a no-break space.
            ("\u{8800}", false),
            ("\u{8800}x\u{a0}", true),
        ] {
            assert_eq!(has_nbsp(text), has, "{text:?}");
            assert_eq!(has_nbsp(text), text.contains('\u{a0}'), "{text:?}");
        }
    }

    #[test]
    fn links_written_once_are_written_again_the_same() {
        // One cache for every page: a link seen before (same address, same
        // title, same kind) comes back as first written, others do not mix.
        let links = Links::default();
        let pages = [
            "<https://e.org/a> [x](https://e.org/a \"t\") [y](https://e.org/a)",
            "<me@e.org> [m](mailto:me@e.org) [bad](javascript:e.org/a) <https://e.org/a>",
        ];
        for md in pages.iter().chain(&pages) {
            assert_eq!(
                to_html_with(md, &[], &links),
                to_html(md, &[]),
                "for {md:?}"
            );
        }
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

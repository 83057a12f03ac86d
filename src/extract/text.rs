//! Input → paragraphs: HTML is stripped of tags (and of the contents of
//! script, style, nav, header, footer and aside), entities are decoded, and
//! block elements end paragraphs; plain text has a paragraph per line.
//! Navigation clutter (menus, link lists, page furniture) is dropped.

/// Elements whose whole content is dropped.
const SKIPPED: [&str; 9] = [
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "select",
];
/// Elements that end a paragraph.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "title",
    "dd",
    "dt",
    "pre",
    "hr",
];
const ENTITIES: [(&str, &str); 16] = [
    ("nbsp", " "),
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("hellip", "…"),
    ("middot", "·"),
    ("yen", "¥"),
    ("times", "×"),
];
/// Page furniture: a line holding one of these is not article text.
const FURNITURE: [&str; 12] = [
    "当前位置",
    "当前的位置",
    "浏览次数",
    "点击量",
    "版权声明",
    "如需转载",
    "扫一扫",
    "公众号",
    "上一篇",
    "下一篇",
    "责编",
    "新闻热线",
];

/// Whether the input looks like HTML.
pub fn is_html(input: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    ["<html", "<body", "<p>", "<p ", "<div", "<br"]
        .iter()
        .any(|t| lower.contains(t))
}

/// All non-empty lines of the input (HTML stripped), clutter included.
pub fn lines(input: &str) -> Vec<String> {
    let text = if is_html(input) {
        decode_entities(&strip_tags(input))
    } else {
        input.to_string()
    };
    text.lines()
        .map(|l| crate::model::text::trim(l.trim_matches('\u{a0}')).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Whether a line is navigation or page furniture rather than article text.
pub fn is_clutter(line: &str) -> bool {
    let n = line.chars().count();
    let punctuated = line.chars().any(|c| "，。！？；：,!?;、".contains(c));
    let linky = ["»", ">", "|", "•", "http"]
        .iter()
        .any(|m| line.contains(m));
    FURNITURE.iter().any(|f| line.contains(f)) || (!punctuated && (linky || !(3..=40).contains(&n)))
}

/// The tag at `rest` (just after `<`): (lower-case name, closing, length).
fn tag(rest: &str) -> Option<(String, bool, usize)> {
    let len = rest.find('>')? + 1;
    let inner = rest.get(..len - 1)?;
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some((name, closing, len))
}

/// `input` with tags removed: blocks end lines, skipped elements vanish.
fn strip_tags(input: &str) -> String {
    let mut out = String::new();
    let mut rest = input;
    while let Some(lt) = rest.find('<') {
        out.push_str(rest.get(..lt).unwrap_or(""));
        rest = rest.get(lt + 1..).unwrap_or("");
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after
                .find("-->")
                .and_then(|e| after.get(e + 3..))
                .unwrap_or("");
            continue;
        }
        let Some((name, closing, len)) = tag(rest) else {
            out.push('<');
            continue;
        };
        rest = rest.get(len..).unwrap_or("");
        if !closing && SKIPPED.contains(&name.as_str()) {
            rest = skip_element(rest, &name);
        } else if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// The text after the closing tag of `name` (or nothing when it is missing).
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let lower = rest.to_ascii_lowercase();
    let close = format!("</{name}");
    match lower.find(&close) {
        Some(at) => rest
            .get(at..)
            .and_then(|r| r.find('>').and_then(|g| r.get(g + 1..)))
            .unwrap_or(""),
        None => "",
    }
}

/// Decodes named (`&ldquo;`) and numeric (`&#8220;`, `&#x201C;`) entities.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        rest = rest.get(amp..).unwrap_or("");
        let decoded = rest
            .get(1..)
            .and_then(|r| {
                r.find(';')
                    .filter(|&s| s <= 10)
                    .map(|s| (r.get(..s).unwrap_or(""), s))
            })
            .and_then(|(name, s)| entity(name).map(|c| (c, s + 2)));
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = rest.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| (*c).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_html_and_drops_furniture_elements() {
        let html = "<html><head><style>p{x:1}</style><script>var a='<p>';</script></head><body>\
            <nav><a href=/>首页</a></nav><header>站点</header>\
            <p>嘉兴&nbsp;实际利用外资&ldquo;23.74&rdquo;&#20159;美元&amp;更多</p><!-- c -->\
            <div>第二段<br>第三行</div><footer>版权</footer><aside>侧栏</aside></body></html>";
        assert_eq!(
            lines(html),
            ["嘉兴 实际利用外资“23.74”亿美元&更多", "第二段", "第三行"]
        );
    }

    #[test]
    fn decodes_entities() {
        for (input, want) in [
            ("&lt;a&gt; &quot;x&quot;", "<a> \"x\""),
            ("&#x4EBF;&#20803;", "亿元"),
            ("AT&T &unknown;", "AT&T &unknown;"),
        ] {
            assert_eq!(decode_entities(input), want);
        }
    }

    #[test]
    fn recognises_clutter() {
        for line in ["首页 » 问答 » 介绍", "> 投资嘉兴 > 高质量外资集聚地建设 > 工作动态", "1",
            "浏览次数: 225", "国家发展和改革委员会教育部科学技术部工业和信息化部民政部财政部自然资源部人力资源和社会保障部"]
        {
            assert!(is_clutter(line), "{line}");
        }
        for line in [
            "2024年,嘉兴全年引进总投资超亿美元项目51个。",
            "引得来",
            "招商引资,嘉兴绘就“一路繁花”",
        ] {
            assert!(!is_clutter(line), "{line}");
        }
    }
}

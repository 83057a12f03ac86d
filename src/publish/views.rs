//! The site-wide pages' data: manifest, index, feed, region pages.

use serde::Serialize;

/// One entry of `manifest.json`, as the command-line contract gives it.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestEntry {
    pub id: String,
    pub title: String,
    pub period: String,
    pub regions: Vec<String>,
    pub lang: String,
    pub markdown: String,
    pub html: String,
    pub charts: Vec<String>,
    /// The charts as PNG, in the same order, when built with `--png`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub png: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    pub briefs: &'a [ManifestEntry],
}

impl Manifest<'_> {
    pub fn to_json(&self) -> Result<String, crate::error::Error> {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .map_err(|e| crate::error::Error::Other(format!("cannot write manifest.json: {e}")))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexBrief {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub regions: String,
    pub zh: Option<String>,
    pub en: Option<String>,
    pub title_zh: String,
    pub title_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexRegion {
    pub id: String,
    /// How deep it lies below a region that has a page (0: top).
    pub depth: usize,
    pub level_zh: &'static str,
    pub level_en: &'static str,
    pub name_zh: String,
    pub name_en: String,
    pub zh: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Index {
    pub title: String,
    pub briefs: Vec<IndexBrief>,
    pub regions: Vec<IndexRegion>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub id: String,
    /// `zh-Hans` or `en`, for `xml:lang` and `hreflang`.
    pub lang: &'static str,
    pub title: String,
    pub updated: String,
    pub href: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct Feed {
    pub title: String,
    pub feed_id: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// A link from one page of the site to another, relative to the first.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// What `page.html` sees as `site`: a brief's place among the other pages.
#[derive(Debug, Serialize)]
pub struct BriefNav {
    pub index: String,
    pub feed: String,
    /// The same brief in the other language, when it is built.
    pub other: Option<String>,
    /// The region pages of the regions the brief compares.
    pub regions: Vec<Link>,
    /// The brief of the period before (older) and after (newer) this one.
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub t: std::collections::BTreeMap<&'static str, &'static str>,
}

//! Putting a build together: every brief in every language, the region
//! pages, the index, the Atom feed and the manifest, into a `Site`.

use super::views::*;
use super::Site;
use crate::aggregate::{self, Brief, Scope};
use crate::error::Error;
use crate::format::Lang;
use crate::model::{Dataset, RegionIdx};
use crate::render::{FigureView, Renderer};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub briefs: usize,
    pub pages: usize,
    pub charts: usize,
    pub figures: usize,
}

/// Called after each brief page: (pages done, pages in all, the page's path).
pub type OnPage<'a> = &'a dyn Fn(usize, usize, &str);

/// What a build does besides the contract's files: PNG charts, a call
/// after each brief page (pages done, pages in all, the page's path), and
/// a flag that stops it, checked before each page (`serve`, when a newer
/// change makes this build moot).
#[derive(Default)]
pub struct Extras<'a> {
    pub png: Option<&'a crate::render::png::PngRenderer>,
    pub progress: Option<OnPage<'a>>,
    pub cancel: Option<&'a AtomicBool>,
}

/// `Error::Cancelled` once the flag is set.
fn go_on(cancel: Option<&AtomicBool>) -> Result<(), Error> {
    match cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        true => Err(Error::Cancelled),
        false => Ok(()),
    }
}

/// What a build puts together: the dataset, its projects indexed once, the
/// briefs in plan order, the languages, and the templates.
pub struct Build<'a> {
    pub data: &'a Dataset,
    pub index: &'a aggregate::ProjectIndex,
    pub briefs: &'a [Brief],
    pub langs: &'a [Lang],
    pub renderer: &'a Renderer,
}

pub fn assemble(build: &Build<'_>, extras: &Extras<'_>, site: &Site) -> Result<Totals, Error> {
    let Build {
        data,
        briefs,
        renderer,
        ..
    } = *build;
    let with_page = regions_with_pages(data, briefs.iter().flat_map(|b| &b.regions));
    let cancel = extras.cancel;
    go_on(cancel)?;
    // Region pages render beside the brief pages, on the same cores, so
    // that neither waits for the other's slowest page; a failed brief page
    // is reported before any region page's failure.
    let (pages, regions) = std::thread::scope(|scope| {
        let regions = scope.spawn(|| region_pages(build, &with_page, site, cancel));
        (brief_pages(build, extras, site), regions.join())
    });
    let BriefPages {
        totals,
        manifest,
        index,
    } = pages?;
    let regions = regions.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    go_on(cancel)?;
    let title = data
        .config
        .title
        .clone()
        .unwrap_or_else(|| "招商引资对比简报 · Investment attraction briefs".to_string());
    site.add("manifest.json", Manifest { briefs: &manifest }.to_json()?)?;
    site.add(
        "feed.xml",
        renderer.page("feed.xml", &feed(data, briefs, &index, &title))?,
    )?;
    let view = Index {
        title,
        briefs: index,
        regions,
    };
    site.add("index.html", renderer.page("index.html", &view)?)?;
    Ok(totals)
}

/// What the brief pages leave for the site's index, feed and manifest.
struct BriefPages {
    totals: Totals,
    manifest: Vec<ManifestEntry>,
    index: Vec<IndexBrief>,
}

/// Every brief page in every language, rendered on every core, a page at
/// a time (the latest brief's two, which list every undated project, take
/// longest and come first); pages are put together in plan order, and the
/// first failure in that order is the one reported.
fn brief_pages(build: &Build<'_>, extras: &Extras<'_>, site: &Site) -> Result<BriefPages, Error> {
    let Build {
        data,
        briefs,
        langs,
        ..
    } = *build;
    let mut done = BriefPages {
        totals: Totals {
            briefs: briefs.len(),
            ..Totals::default()
        },
        manifest: Vec::new(),
        index: Vec::new(),
    };
    let plan: Vec<Scope> = briefs.iter().map(|b| b.scope).collect();
    let (png, cancel) = (extras.png, extras.cancel);
    let pages: Vec<(usize, &Brief, Lang)> = briefs
        .iter()
        .enumerate()
        .flat_map(|(i, brief)| langs.iter().map(move |lang| (i, brief, *lang)))
        .collect();
    let render = |&(_, brief, lang): &(usize, &Brief, Lang)| {
        // A page not begun when the build is stopped is not made.
        go_on(cancel)?;
        brief_page(build, &plan, brief, lang, site, png)
    };
    // Results come in the order of `pages`.
    let mut rendered = pages.iter();
    let BriefPages {
        totals,
        manifest,
        index,
    } = &mut done;
    crate::order::par_in_order(&pages, render, |page| {
        let (Some(&(i, brief, lang)), page) = (rendered.next(), page?) else {
            return Err(Error::Other("a brief was not rendered".to_string()));
        };
        if index.len() == i {
            index.push(index_entry(data, brief));
        }
        totals.pages += 1;
        totals.charts += page.charts.len();
        totals.figures += figures(brief);
        let listed = manifest_entry(data, brief, lang, page);
        let (link, title) = (Some(listed.html.clone()), listed.title.clone());
        let entry = index
            .last_mut()
            .ok_or_else(|| Error::Other("a brief was not rendered".to_string()))?;
        match lang {
            Lang::Zh => (entry.zh, entry.title_zh) = (link, title),
            Lang::En => (entry.en, entry.title_en) = (link, title),
        }
        if let Some(progress) = extras.progress {
            progress(totals.pages, briefs.len() * langs.len(), &listed.html);
        }
        manifest.push(listed);
        Ok(())
    })?;
    Ok(done)
}

/// One brief page, in one language, rendered and written into `site`:
/// Markdown, HTML and charts. `plan` is every brief of the site, for the
/// links to the neighbouring periods.
pub fn brief_page(
    build: &Build<'_>,
    plan: &[Scope],
    brief: &Brief,
    lang: Lang,
    site: &Site,
    png: Option<&crate::render::png::PngRenderer>,
) -> Result<Written, Error> {
    let mut nav = brief_nav(build.data, plan, brief, lang);
    nav.other = build
        .langs
        .iter()
        .find(|l| **l != lang)
        .map(|l| format!("../{}/brief.html", l.code()));
    let page = build.renderer.brief(build.data, brief, lang, &nav)?;
    write_brief(site, brief, lang, page, png)
}

/// What the index and the manifest need of a written brief page.
pub struct Written {
    title: String,
    /// Chart files, relative to OUT.
    charts: Vec<String>,
    png: Vec<String>,
}

/// The manifest's entry of a written brief page.
fn manifest_entry(data: &Dataset, brief: &Brief, lang: Lang, page: Written) -> ManifestEntry {
    let dir = format!("{}/{}", brief.id(), lang.code());
    ManifestEntry {
        id: format!("{}-{}", brief.id(), lang.code()),
        title: page.title,
        period: match brief.scope {
            Scope::Period(p) => p.to_string(),
            Scope::Latest => "latest".to_string(),
        },
        regions: brief
            .regions
            .iter()
            .map(|r| data.regions.get(*r).id.clone())
            .collect(),
        lang: lang.code().to_string(),
        markdown: format!("{dir}/brief.md"),
        html: format!("{dir}/brief.html"),
        charts: page.charts,
        png: page.png,
    }
}

/// Writes a brief page's Markdown, HTML and charts (and PNG copies).
fn write_brief(
    site: &Site,
    brief: &Brief,
    lang: Lang,
    page: crate::render::Page,
    png: Option<&crate::render::png::PngRenderer>,
) -> Result<Written, Error> {
    let dir = format!("{}/{}", brief.id(), lang.code());
    site.add(&format!("{dir}/brief.md"), &page.markdown)?;
    site.add(&format!("{dir}/brief.html"), &page.html)?;
    let mut written = Written {
        title: page.title,
        charts: Vec::new(),
        png: Vec::new(),
    };
    for (file, svg) in &page.charts {
        let path = format!("{dir}/{file}");
        site.add(&path, svg)?;
        written.charts.push(path);
        if let Some(renderer) = png {
            let path = format!("{dir}/{}.png", file.trim_end_matches(".svg"));
            site.add(&path, renderer.render(svg, &path)?)?;
            written.png.push(path);
        }
    }
    Ok(written)
}

/// Regions that get a page: those with figures or listed projects, and
/// every region a brief compares (so a brief can link all of its regions).
fn regions_with_pages<'a>(
    data: &Dataset,
    compared: impl Iterator<Item = &'a RegionIdx>,
) -> BTreeSet<RegionIdx> {
    // Marked by index first: a million projects inserted one by one into
    // a set took 15 ms.
    let mut marked = vec![false; data.regions.len()];
    let regions = data.indicators.iter().map(|i| i.region);
    let regions = regions.chain(data.projects.iter().map(|p| p.region));
    for r in regions.chain(compared.copied()) {
        if let Some(m) = marked.get_mut(r.0 as usize) {
            *m = true;
        }
    }
    data.regions
        .iter()
        .map(|(idx, _)| idx)
        .filter(|idx| marked.get(idx.0 as usize).is_some_and(|m| *m))
        .collect()
}

/// The folders a build of the briefs of `scopes` (each comparing
/// `compared`) in `langs` writes its files into, relative to OUT, parents
/// before their children: known before the briefs are aggregated.
pub fn folders(
    data: &Dataset,
    scopes: &[Scope],
    compared: &[RegionIdx],
    langs: &[Lang],
) -> Vec<String> {
    let in_langs = |dir: String| {
        let per_lang: Vec<String> = langs
            .iter()
            .map(|l| format!("{dir}/{}", l.code()))
            .collect();
        std::iter::once(dir).chain(per_lang)
    };
    let briefs = scopes.iter().flat_map(|s| in_langs(s.slug()));
    let with_page = regions_with_pages(data, scopes.iter().flat_map(|_| compared));
    let regions = with_page
        .iter()
        .flat_map(|r| in_langs(format!("regions/{}", data.regions.get(*r).id)));
    let parent = (!with_page.is_empty()).then(|| "regions".to_string());
    briefs.chain(parent).chain(regions).collect()
}

fn region_href(data: &Dataset, region: RegionIdx, lang: Lang, up: &str) -> String {
    format!(
        "{up}regions/{}/{}/index.html",
        data.regions.get(region).id,
        lang.code()
    )
}

/// Words of the site's own navigation.
fn nav_strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        ("site_nav", "站内导航", "Site"),
        ("prev", "上一期", "Previous period"),
        ("next", "下一期", "Next period"),
        ("neighbours", "相邻各期", "Neighbouring periods"),
        ("region_pages", "各地区数据", "Region pages"),
        ("feed", "订阅", "Feed"),
        ("part_of", "所属", "Part of"),
        ("places_within", "下辖地区及园区", "Places within"),
        ("in_briefs", "收录于简报", "In the briefs"),
        ("brief", "简报", "Brief"),
        ("note", "备注", "Note"),
        ("trends", "走势", "Trends"),
        (
            "no_trend",
            "尚无同口径的两期数据，暂不绘制走势图。",
            "No metric has two periods of the same kind yet, so there is no trend chart.",
        ),
        (
            "no_figures",
            "数据集中没有该地区的指标数据。",
            "The dataset holds no figures for this place.",
        ),
        (
            "figures_lede",
            "按指标列出各期报告数，新期在前；数值保留原文的“超”“近”“以上”等限定语。",
            "Every reported figure by metric, newest period first; qualifiers such as \"over\" and \"nearly\" are kept as reported.",
        ),
        ("event", "活动", "event"),
        ("region_projects", "在列项目", "Listed projects"),
        ("newest_before", "共", "Of "),
        ("newest_mid", "个在列项目，此处列出最新的", " listed projects, the newest "),
        ("newest_after", "个；各期简报列出该期投资额最大的项目。", " are shown here; each period's brief lists that period's largest."),
    ];
    crate::render::words::pick(pairs, lang)
}

/// Where a brief page stands in the site: its links to the index, the
/// region pages and the neighbouring briefs.
pub fn brief_nav(data: &Dataset, plan: &[Scope], brief: &Brief, lang: Lang) -> BriefNav {
    let regions = brief
        .regions
        .iter()
        .map(|r| Link {
            href: region_href(data, *r, lang, "../../"),
            label: data.regions.get(*r).name(lang).to_string(),
        })
        .collect();
    // Period briefs in plan order: newest first.
    let periods: Vec<Scope> = plan
        .iter()
        .copied()
        .filter(|s| matches!(s, Scope::Period(_)))
        .collect();
    let link = |scope: &Scope| Link {
        href: format!("../../{}/{}/brief.html", scope.slug(), lang.code()),
        label: match scope {
            Scope::Period(p) => crate::render::words::period(p, lang),
            Scope::Latest => crate::render::words::strings(lang)["latest"].to_string(),
        },
    };
    let position = periods.iter().position(|s| *s == brief.scope);
    let (prev, next) = match position {
        Some(i) => (
            periods.get(i + 1).map(&link),
            i.checked_sub(1).and_then(|j| periods.get(j)).map(&link),
        ),
        None => (None, None),
    };
    BriefNav {
        index: "../../index.html".to_string(),
        feed: "../../feed.xml".to_string(),
        other: None,
        regions,
        prev,
        next,
        t: nav_strings(lang),
    }
}

fn figures(brief: &Brief) -> usize {
    let cells = brief
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.lead().is_some())
        .count();
    cells + brief.inner.len() + brief.events.iter().map(|e| e.figures.len()).sum::<usize>()
}

fn index_entry(data: &Dataset, brief: &Brief) -> IndexBrief {
    let label = |lang| match brief.scope {
        Scope::Period(p) => crate::render::words::period(&p, lang),
        Scope::Latest => crate::render::words::strings(lang)["latest"].to_string(),
    };
    let names: Vec<&str> = brief
        .regions
        .iter()
        .map(|r| data.regions.get(*r).name_zh.as_str())
        .collect();
    IndexBrief {
        id: brief.id(),
        label_zh: label(Lang::Zh),
        label_en: label(Lang::En),
        regions: names.join("、"),
        zh: None,
        en: None,
        title_zh: String::new(),
        title_en: String::new(),
    }
}

/// The day a brief's figures run to, as an Atom timestamp: deterministic,
/// unlike the build's clock.
fn updated(data: &Dataset, brief: &Brief) -> String {
    let day = match brief.scope {
        Scope::Period(p) => Some(p.last_day()),
        Scope::Latest => data
            .indicators
            .iter()
            .map(|i| i.period.last_day())
            .chain(
                data.projects
                    .iter()
                    .filter_map(|p| p.date)
                    .map(|d| d.last_day()),
            )
            .max(),
    };
    day.map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

fn feed(data: &Dataset, briefs: &[Brief], index: &[IndexBrief], title: &str) -> Feed {
    let mut entries = Vec::new();
    for (brief, entry) in briefs.iter().zip(index) {
        for (href, title, lang) in [
            (&entry.zh, &entry.title_zh, "zh-Hans"),
            (&entry.en, &entry.title_en, "en"),
        ] {
            if let Some(href) = href {
                entries.push(FeedEntry {
                    id: href.trim_end_matches("/brief.html").replace('/', ":"),
                    lang,
                    title: title.clone(),
                    updated: updated(data, brief),
                    href: href.clone(),
                    summary: format!("{} · {}", entry.label_zh, entry.label_en),
                });
            }
        }
    }
    let newest = entries.iter().map(|e| e.updated.clone()).max();
    let feed_id: String = title
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100000001b3)
        })
        .to_string();
    Feed {
        title: title.to_string(),
        feed_id,
        updated: newest.unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string()),
        entries,
    }
}

#[derive(Serialize)]
struct RegionFigure {
    period: String,
    figure: FigureView,
    /// The reference number of its source on this page.
    cite: usize,
    event: Option<String>,
    note: Option<String>,
    /// The brief of exactly this period that shows the figure.
    brief: Option<Link>,
}

/// The figures of one metric, newest period first.
#[derive(Serialize)]
struct FigureGroup {
    label: String,
    figures: Vec<RegionFigure>,
}

/// A listed project of the region.
#[derive(Serialize)]
struct RegionProject {
    name: String,
    date: String,
    sector: String,
    investment: Option<FigureView>,
    stage: String,
    cite: usize,
    note: Option<String>,
}

#[derive(Serialize)]
struct Reference {
    n: usize,
    title: String,
    publisher: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct ChartSvg {
    svg: String,
}

#[derive(Serialize)]
struct RegionPage {
    lang: &'static str,
    other_lang: &'static str,
    /// Whether the page exists in the other language.
    other_built: bool,
    title: String,
    /// The name in the other language, when it differs.
    other_name: Option<String>,
    level: &'static str,
    index: String,
    parent: Option<Link>,
    children: Vec<Link>,
    groups: Vec<FigureGroup>,
    projects: Vec<RegionProject>,
    /// All of the region's own listed projects; `projects` holds the
    /// newest `REGION_LISTED`.
    projects_total: usize,
    /// `projects_total` as the page's language writes it (11,575).
    projects_total_label: String,
    charts: Vec<ChartSvg>,
    briefs: Vec<Link>,
    references: Vec<Reference>,
    t: BTreeMap<&'static str, &'static str>,
}

/// A region and the regions it lies in, nearest first (bounded, in case a
/// dataset's parents loop).
fn lineage(data: &Dataset, region: RegionIdx) -> Vec<RegionIdx> {
    let mut out = vec![region];
    let mut at = region;
    while let Some(parent) = data.regions.get(at).parent {
        if out.contains(&parent) || out.len() > 16 {
            break;
        }
        out.push(parent);
        at = parent;
    }
    out
}

/// Whether a brief shows figures of a region: it compares the region or a
/// region that holds it.
fn covers(data: &Dataset, brief: &Brief, region: RegionIdx) -> bool {
    lineage(data, region)
        .iter()
        .any(|r| brief.regions.contains(r))
}

/// A page per region in each language: every figure across periods, with
/// links to the briefs that show it, a trend chart per metric with two
/// comparable periods, and the places it lies in and holds.
fn region_pages(
    build: &Build<'_>,
    with_page: &BTreeSet<RegionIdx>,
    site: &Site,
    cancel: Option<&AtomicBool>,
) -> Result<Vec<IndexRegion>, Error> {
    let Build {
        data,
        briefs,
        langs,
        renderer,
        ..
    } = *build;
    let listed = listed_by_region(data);
    // Pages render and are written on every core; the index lists them in
    // region order.
    let mut rendered = data
        .regions
        .iter()
        .filter(|(idx, _)| with_page.contains(idx))
        .map(|(idx, _)| idx)
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|idx| {
            let (listed_total, listed) = listed
                .get(idx.0 as usize)
                .map_or((0, &[][..]), |(n, l)| (*n, l.as_slice()));
            // The figures its trend charts draw, the same in each language.
            let trend = aggregate::trend_brief(data, idx);
            let page = RegionOf {
                data,
                briefs,
                with_page,
                listed,
                listed_total,
                trend,
                region: idx,
            };
            langs.iter().map(move |lang| {
                go_on(cancel)?;
                let mut view = region_page(&page, *lang)?;
                view.other_built = langs.len() > 1;
                let path = region_href(data, idx, *lang, "");
                site.add(&path, renderer.page("region.html", &view)?)?;
                Ok(path)
            })
        })
        .collect::<Vec<_>>()
        .into_iter();
    let mut out = Vec::new();
    for (idx, region) in data.regions.iter() {
        if !with_page.contains(&idx) {
            continue;
        }
        let depth = lineage(data, idx)
            .iter()
            .skip(1)
            .filter(|r| with_page.contains(r))
            .count();
        let mut entry = IndexRegion {
            id: region.id.clone(),
            depth,
            level_zh: crate::render::words::level(region.level, Lang::Zh),
            level_en: crate::render::words::level(region.level, Lang::En),
            name_zh: region.name_zh.clone(),
            name_en: region.name_en.clone().unwrap_or_default(),
            zh: None,
            en: None,
        };
        for lang in langs {
            let path = rendered
                .next()
                .ok_or_else(|| Error::Other("a region page was not rendered".to_string()))??;
            match lang {
                Lang::Zh => entry.zh = Some(path),
                Lang::En => entry.en = Some(path),
            }
        }
        out.push(entry);
    }
    // Each place right under the one that holds it.
    let order: Vec<String> = nested_order(data, with_page);
    out.sort_by_key(|e| order.iter().position(|id| *id == e.id));
    Ok(out)
}

/// Region ids with pages, each followed by the places inside it (depth
/// first, in file order).
fn nested_order(data: &Dataset, with_page: &BTreeSet<RegionIdx>) -> Vec<String> {
    let nearest_parent = |r: RegionIdx| {
        lineage(data, r)
            .into_iter()
            .skip(1)
            .find(|p| with_page.contains(p))
    };
    let mut out = Vec::new();
    let mut stack: Vec<RegionIdx> = with_page
        .iter()
        .copied()
        .filter(|r| nearest_parent(*r).is_none())
        .rev()
        .collect();
    while let Some(r) = stack.pop() {
        if out.contains(&data.regions.get(r).id) {
            continue;
        }
        out.push(data.regions.get(r).id.clone());
        let children: Vec<RegionIdx> = with_page
            .iter()
            .copied()
            .filter(|c| nearest_parent(*c) == Some(r))
            .collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// How many projects a region page lists: the newest. A province's record
/// can hold tens of thousands for one city, more than a page can show.
pub const REGION_LISTED: usize = 100;

/// Each region's own listed projects (by region index): how many, and the
/// `REGION_LISTED` newest, newest first, undated last, then by name.
fn listed_by_region(data: &Dataset) -> Vec<(usize, Vec<&crate::model::Project>)> {
    let mut out: Vec<Vec<&crate::model::Project>> = vec![Vec::new(); data.regions.len()];
    for p in &data.projects {
        if let Some(list) = out.get_mut(p.region.0 as usize) {
            list.push(p);
        }
    }
    out.into_par_iter()
        .map(|mut list| {
            newest_first(&mut list, REGION_LISTED);
            let total = list.len();
            // Only those shown are kept while pages are made.
            list.truncate(REGION_LISTED);
            list.shrink_to_fit();
            (total, list)
        })
        .collect()
}

/// Puts the `shown` newest projects first, in order (undated last, then by
/// name, then in file order); the others follow in no order, as a page
/// lists only those. A city of a million projects holds ~100,000: sorting
/// them all by date and name was most of a second.
fn newest_first(list: &mut [&crate::model::Project], shown: usize) {
    use std::cmp::{Ordering, Reverse};
    // Dates as keys made once per project, not twice in every comparison.
    let mut keyed: Vec<_> = list
        .iter()
        .map(|p| {
            (
                (p.date.is_none(), Reverse(p.date.map(|d| d.sort_key()))),
                *p,
            )
        })
        .collect();
    // Their place in `Dataset::projects` is their file order.
    let order = |(a_key, a): &(_, &crate::model::Project),
                 (b_key, b): &(_, &crate::model::Project)| {
        let (at_a, at_b) = (std::ptr::from_ref(*a), std::ptr::from_ref(*b));
        (a_key, a.name(), at_a).cmp(&(b_key, b.name(), at_b))
    };
    let shown = shown.min(keyed.len());
    if shown == 0 {
        return;
    }
    if shown < keyed.len() {
        // By date alone first: names (a pointer away) are compared only
        // between projects of the same date, among those shown or of the
        // last date shown, which may lie on either side of the cut.
        keyed.select_nth_unstable_by_key(shown - 1, |(key, _)| *key);
        let last = keyed[shown - 1].0;
        let (mut newer, mut at, mut older) = (Vec::new(), Vec::new(), Vec::new());
        for entry in keyed.drain(..) {
            match entry.0.cmp(&last) {
                Ordering::Less => newer.push(entry),
                Ordering::Equal => at.push(entry),
                Ordering::Greater => older.push(entry),
            }
        }
        newer.sort_unstable_by(order);
        at.sort_unstable_by(order);
        keyed = newer.into_iter().chain(at).chain(older).collect();
    } else {
        keyed.sort_unstable_by(order);
    }
    for (slot, (_, project)) in list.iter_mut().zip(keyed) {
        *slot = project;
    }
}

/// What a region's page is made from, in either language.
struct RegionOf<'a> {
    data: &'a Dataset,
    briefs: &'a [Brief],
    with_page: &'a BTreeSet<RegionIdx>,
    /// Its own newest listed projects (`REGION_LISTED`), newest first.
    listed: &'a [&'a crate::model::Project],
    /// How many projects it lists.
    listed_total: usize,
    /// A "latest" brief of the region alone, for the trend charts.
    trend: Brief,
    region: RegionIdx,
}

fn region_page(page: &RegionOf<'_>, lang: Lang) -> Result<RegionPage, Error> {
    let RegionOf {
        data,
        briefs,
        with_page,
        listed,
        listed_total,
        region,
        ..
    } = *page;
    let up = "../../../";
    let mut indicators: Vec<&crate::model::Indicator> = data
        .indicators
        .iter()
        .filter(|i| i.region == region)
        .collect();
    // By metric, then newest period first; events after the period figures.
    indicators.sort_by(|a, b| {
        (a.metric, a.event.is_some(), std::cmp::Reverse(a.period)).cmp(&(
            b.metric,
            b.event.is_some(),
            std::cmp::Reverse(b.period),
        ))
    });
    let mut cited: Vec<crate::model::SourceIdx> = Vec::new();
    let mut groups: Vec<FigureGroup> = Vec::new();
    let mut last: Option<(crate::model::MetricIdx, bool)> = None;
    // Found once, not once per figure (each test walks the region's lineage).
    let covering: Vec<&Brief> = briefs.iter().filter(|b| covers(data, b, region)).collect();
    for i in indicators {
        let metric = data.metrics.get(i.metric);
        let cite = cite_of(&mut cited, i.source);
        // A period's figure is in the brief of that period; an event's, in
        // the shortest period brief that holds its day.
        let brief = covering
            .iter()
            .filter(|b| match b.scope {
                Scope::Period(p) if i.is_event_tally() => {
                    p.first_day() <= i.period.first_day() && i.period.last_day() <= p.last_day()
                }
                Scope::Period(p) => p == i.period,
                Scope::Latest => false,
            })
            .min_by_key(|b| b.scope.period().map(|p| p.last_day() - p.first_day()))
            .map(|b| Link {
                href: format!("{up}{}/{}/brief.html", b.id(), lang.code()),
                label: match b.scope {
                    Scope::Period(p) => crate::render::words::period(&p, lang),
                    Scope::Latest => String::new(),
                },
            });
        let figure = RegionFigure {
            period: crate::render::words::period(&i.period, lang),
            figure: FigureView::new(i.value, metric.unit.clone(), lang),
            cite,
            event: i.event.clone(),
            note: i.note.clone(),
            brief,
        };
        let key = (i.metric, i.event.is_some());
        match groups.last_mut() {
            Some(g) if last == Some(key) => g.figures.push(figure),
            _ => groups.push(FigureGroup {
                label: metric.label(lang).to_string(),
                figures: vec![figure],
            }),
        }
        last = Some(key);
    }
    let missing = crate::format::MISSING;
    let projects = listed
        .iter()
        .take(REGION_LISTED)
        .map(|p| RegionProject {
            name: p.name().to_string(),
            date: p.date.map_or_else(
                || missing.to_string(),
                |d| crate::render::words::period(&d, lang),
            ),
            sector: p.sector.as_deref().unwrap_or(missing).to_string(),
            investment: p
                .investment
                .map(|a| FigureView::new(crate::model::Value::Amount(a), None, lang)),
            stage: crate::render::words::stage(p.stage, lang),
            cite: cite_of(&mut cited, p.source),
            note: p.note().map(str::to_string),
        })
        .collect();
    let references = cited
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let source = data.source(*s);
            Reference {
                n: n + 1,
                title: source.title.clone(),
                publisher: source.publisher.clone(),
                published: source.published.map(|d| d.format("%Y-%m-%d").to_string()),
                url: source.url.clone(),
            }
        })
        .collect();
    let charts = crate::render::trend_charts(data, &page.trend, lang)?;
    let this = data.regions.get(region);
    let page_link = |r: RegionIdx| Link {
        href: format!(
            "../../{}/{}/index.html",
            data.regions.get(r).id,
            lang.code()
        ),
        label: data.regions.get(r).name(lang).to_string(),
    };
    let parent = lineage(data, region)
        .into_iter()
        .skip(1)
        .find(|p| with_page.contains(p))
        .map(page_link);
    let children = data
        .regions
        .iter()
        .filter(|(c, _)| {
            with_page.contains(c)
                && lineage(data, *c)
                    .into_iter()
                    .skip(1)
                    .find(|p| with_page.contains(p))
                    == Some(region)
        })
        .map(|(c, _)| page_link(c))
        .collect();
    let shown_in = briefs
        .iter()
        .filter(|b| covers(data, b, region))
        .map(|b| Link {
            href: format!("{up}{}/{}/brief.html", b.id(), lang.code()),
            label: match b.scope {
                Scope::Period(p) => crate::render::words::period(&p, lang),
                Scope::Latest => crate::render::words::strings(lang)["latest"].to_string(),
            },
        })
        .collect();
    let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
    let other_name = Some(this.name(other).to_string()).filter(|n| n != this.name(lang));
    let mut t = crate::render::words::strings(lang);
    t.extend(nav_strings(lang));
    Ok(RegionPage {
        lang: lang.code(),
        other_lang: other.code(),
        other_built: false,
        title: this.name(lang).to_string(),
        other_name,
        level: crate::render::words::level(this.level, lang),
        index: format!("{up}index.html"),
        parent,
        children,
        groups,
        projects,
        projects_total: listed_total,
        projects_total_label: crate::format::count(
            &crate::model::Count {
                number: listed_total as u64,
                qualifier: crate::model::Qualifier::Exact,
            },
            lang,
        ),
        charts: charts.into_iter().map(|svg| ChartSvg { svg }).collect(),
        briefs: shown_in,
        references,
        t,
    })
}

/// The reference number of a source on a page, numbering it if new.
fn cite_of(cited: &mut Vec<crate::model::SourceIdx>, source: crate::model::SourceIdx) -> usize {
    match cited.iter().position(|s| *s == source) {
        Some(n) => n + 1,
        None => {
            cited.push(source);
            cited.len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, Project};
    use proptest::prelude::*;

    fn project(date: Option<Period>, name: &str) -> Project {
        Project {
            date,
            ..Project::bare(crate::model::Texts::new(None, name, None))
        }
    }

    proptest! {
        /// The projects a region page shows are the first of a full, stable
        /// sort: newest first, undated last, then by name, then file order.
        #[test]
        fn the_newest_shown_are_those_a_full_sort_puts_first(
            rows in proptest::collection::vec((proptest::option::of(0u32..6), 0u8..3), 0..60),
            shown in 0usize..70,
        ) {
            let projects: Vec<Project> = rows
                .iter()
                .map(|(day, name)| {
                    let date = day.and_then(|d| Period::parse_date(&format!("2024-01-0{}", d + 1)).ok());
                    project(date, &format!("p{name}"))
                })
                .collect();
            let mut full: Vec<&Project> = projects.iter().collect();
            full.sort_by(|a, b| {
                (a.date.is_none(), b.date, a.name()).cmp(&(b.date.is_none(), a.date, b.name()))
            });
            let mut fast: Vec<&Project> = projects.iter().collect();
            newest_first(&mut fast, shown);
            let end = shown.min(projects.len());
            let same = fast[..end].iter().zip(&full[..end]).all(|(a, b)| std::ptr::eq(*a, *b));
            prop_assert!(same);
            // And every project is still listed, once.
            let mut all: Vec<*const Project> = fast.iter().map(|p| std::ptr::from_ref(*p)).collect();
            all.sort();
            all.dedup();
            prop_assert_eq!(all.len(), projects.len());
        }
    }
}

//! Putting a build together: every brief in every language, the region
//! pages, the index, the Atom feed and the manifest, as one in-memory site.

use super::views::*;
use super::Site;
use crate::aggregate::{self, Brief, Scope};
use crate::error::Error;
use crate::format::Lang;
use crate::model::{Dataset, RegionIdx};
use crate::render::{FigureView, Renderer};
use rayon::prelude::*;
use serde::Serialize;

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub briefs: usize,
    pub pages: usize,
    pub charts: usize,
    pub figures: usize,
}

pub fn assemble(
    data: &Dataset,
    briefs: &[Brief],
    langs: &[Lang],
    renderer: &Renderer,
) -> Result<(Site, Totals), Error> {
    let mut site = Site::default();
    let mut totals = Totals {
        briefs: briefs.len(),
        ..Totals::default()
    };
    let mut manifest = Vec::new();
    let mut index: Vec<IndexBrief> = Vec::new();
    // Briefs render on every core; they are put together in plan order, and
    // the first failure in that order is the one reported.
    let mut pages = briefs
        .par_iter()
        .flat_map_iter(|brief| {
            langs
                .iter()
                .map(move |lang| renderer.brief(data, brief, *lang))
        })
        .collect::<Vec<_>>()
        .into_iter();
    for brief in briefs {
        let mut entry = index_entry(data, brief);
        for lang in langs {
            let page = pages
                .next()
                .ok_or_else(|| Error::Other("a brief was not rendered".to_string()))??;
            let dir = format!("{}/{}", brief.id(), lang.code());
            site.add(&format!("{dir}/brief.md"), page.markdown.as_str())?;
            site.add(&format!("{dir}/brief.html"), page.html.as_str())?;
            for (file, svg) in &page.charts {
                site.add(&format!("{dir}/{file}"), svg.as_str())?;
            }
            totals.pages += 1;
            totals.charts += page.charts.len();
            totals.figures += figures(brief);
            let html = format!("{dir}/brief.html");
            match lang {
                Lang::Zh => (entry.zh, entry.title_zh) = (Some(html.clone()), page.title.clone()),
                Lang::En => (entry.en, entry.title_en) = (Some(html.clone()), page.title.clone()),
            }
            manifest.push(ManifestEntry {
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
                html,
                charts: page
                    .charts
                    .iter()
                    .map(|(f, _)| format!("{dir}/{f}"))
                    .collect(),
            });
        }
        index.push(entry);
    }
    let regions = region_pages(data, langs, renderer, &mut site)?;
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
    Ok((site, totals))
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
        for (href, title) in [(&entry.zh, &entry.title_zh), (&entry.en, &entry.title_en)] {
            if let Some(href) = href {
                entries.push(FeedEntry {
                    id: href.trim_end_matches("/brief.html").replace('/', ":"),
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
    label: String,
    period: String,
    figure: FigureView,
    source: String,
}

#[derive(Serialize)]
struct ChartSvg {
    svg: String,
}

#[derive(Serialize)]
struct RegionPage {
    lang: &'static str,
    other_lang: &'static str,
    title: String,
    figures: Vec<RegionFigure>,
    charts: Vec<ChartSvg>,
    t: std::collections::BTreeMap<&'static str, &'static str>,
}

/// A page per region with reported figures: every figure across periods,
/// and a trend chart per metric with two or more periods.
fn region_pages(
    data: &Dataset,
    langs: &[Lang],
    renderer: &Renderer,
    site: &mut Site,
) -> Result<Vec<IndexRegion>, Error> {
    let mut out = Vec::new();
    let index = aggregate::ProjectIndex::new(data);
    for (idx, region) in data.regions.iter() {
        if !data.indicators.iter().any(|i| i.region == idx) {
            continue;
        }
        let mut entry = IndexRegion {
            id: region.id.clone(),
            name_zh: region.name_zh.clone(),
            name_en: region.name_en.clone().unwrap_or_default(),
            zh: None,
            en: None,
        };
        for lang in langs {
            let path = format!("regions/{}/{}/index.html", region.id, lang.code());
            let html = renderer.page("region.html", &region_page(data, &index, idx, *lang)?)?;
            site.add(&path, html)?;
            match lang {
                Lang::Zh => entry.zh = Some(path),
                Lang::En => entry.en = Some(path),
            }
        }
        out.push(entry);
    }
    Ok(out)
}

fn region_page(
    data: &Dataset,
    index: &aggregate::ProjectIndex,
    region: RegionIdx,
    lang: Lang,
) -> Result<RegionPage, Error> {
    let mut indicators: Vec<&crate::model::Indicator> = data
        .indicators
        .iter()
        .filter(|i| i.region == region)
        .collect();
    indicators.sort_by(|a, b| (a.metric, b.period).cmp(&(b.metric, a.period)));
    let figures = indicators
        .iter()
        .map(|i| {
            let metric = data.metrics.get(i.metric);
            let mut label = metric.label(lang).to_string();
            if let Some(event) = &i.event {
                label = format!("{label} · {event}");
            }
            RegionFigure {
                label,
                period: crate::render::words::period(&i.period, lang),
                figure: FigureView {
                    value: i.value,
                    unit: metric.unit.clone(),
                },
                source: data.source(i.source).title.clone(),
            }
        })
        .collect();
    let brief = aggregate::brief_with(data, index, Scope::Latest, &[region]);
    let charts = renderer_trends(data, &brief, lang)?;
    let name = data.regions.get(region).name(lang).to_string();
    Ok(RegionPage {
        lang: lang.code(),
        other_lang: if lang == Lang::Zh { "en" } else { "zh" },
        title: name,
        figures,
        charts: charts.into_iter().map(|svg| ChartSvg { svg }).collect(),
        t: crate::render::words::strings(lang),
    })
}

fn renderer_trends(data: &Dataset, brief: &Brief, lang: Lang) -> Result<Vec<String>, Error> {
    crate::render::trend_charts(data, brief, lang)
}

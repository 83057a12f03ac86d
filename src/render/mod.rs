//! Rendering a brief: chart data (`plots`) drawn by Plotters (`charts`), the
//! view that templates see (`context`), Tera templates with `format`-backed
//! filters (`templates`, `filters`), and Markdown → sanitised HTML
//! (`markdown`).

pub mod charts;
mod context;
mod filters;
pub mod markdown;
mod plots;
pub mod png;
mod summary;
pub mod templates;
pub mod words;

pub use context::FigureView;

use crate::aggregate::Brief;
use crate::error::Error;
use crate::format::Lang;
use crate::model::Dataset;
use context::{Builder, ChartView};
use std::path::Path;
use tera::{Context, Tera};

/// One brief in one language, ready to write.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    pub markdown: String,
    /// The HTML page as the bytes of its file (UTF-8).
    pub html: Vec<u8>,
    /// (file name, SVG)
    pub charts: Vec<(String, String)>,
}

pub struct Renderer {
    tera: Tera,
    links: markdown::Links,
}

impl Renderer {
    /// Built-in templates, overridden one by one from `templates` if given.
    pub fn new(templates: Option<&Path>) -> Result<Renderer, Error> {
        Ok(Renderer {
            tera: templates::load(templates)?,
            links: markdown::Links::default(),
        })
    }

    /// `site` is the page's place in the site (links to the index, region
    /// pages, neighbouring briefs), seen by `page.html` as `site`.
    pub fn brief(
        &self,
        data: &Dataset,
        brief: &Brief,
        lang: Lang,
        site: &impl serde::Serialize,
    ) -> Result<Page, Error> {
        let builder = Builder { data, brief, lang };
        let planned = plots::plan(&builder);
        let charts = draw(&planned)?;
        self.text(&builder, &planned, charts, site)
    }

    /// A brief's charts alone, as `brief` draws them (for the benchmarks).
    #[doc(hidden)]
    pub fn brief_charts(
        &self,
        data: &Dataset,
        brief: &Brief,
        lang: Lang,
    ) -> Result<Vec<(String, String)>, Error> {
        draw(&plots::plan(&Builder { data, brief, lang }))
    }

    /// A brief's Markdown and HTML with its charts already drawn (for the
    /// benchmarks).
    #[doc(hidden)]
    pub fn brief_text(
        &self,
        data: &Dataset,
        brief: &Brief,
        lang: Lang,
        charts: Vec<(String, String)>,
        site: &impl serde::Serialize,
    ) -> Result<Page, Error> {
        let builder = Builder { data, brief, lang };
        let planned = plots::plan(&builder);
        self.text(&builder, &planned, charts, site)
    }

    fn text(
        &self,
        builder: &Builder<'_>,
        planned: &[plots::Planned],
        charts: Vec<(String, String)>,
        site: &impl serde::Serialize,
    ) -> Result<Page, Error> {
        let views = planned
            .iter()
            .map(|p| ChartView {
                file: p.file.clone(),
                title: p.title.clone(),
            })
            .collect();
        let view = builder.view(views);
        let mut ctx = Context::from_serialize(&view).map_err(templates::report)?;
        // The context holds all of it now; the latest brief's view of
        // every undated project need not stay beside it.
        let title = view.title.clone();
        drop(view);
        let markdown = self
            .tera
            .render("brief.md", &ctx)
            .map_err(templates::report)?;
        ctx.insert(
            "body",
            &markdown::to_html_with(&markdown, &charts, &self.links),
        );
        ctx.insert("site", site);
        let html = self.bytes("page.html", &ctx)?;
        Ok(Page {
            title,
            markdown,
            html,
            charts,
        })
    }

    /// Renders any other page (index, feed, region pages) from a view.
    pub fn page(&self, template: &str, view: &impl serde::Serialize) -> Result<Vec<u8>, Error> {
        let ctx = Context::from_serialize(view).map_err(templates::report)?;
        self.bytes(template, &ctx)
    }

    /// A page as the bytes of its file: Tera's `render` checks its whole
    /// output as UTF-8 again to make a `String`, which a page written
    /// straight to a file does not need (a fortieth of a build).
    fn bytes(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(templates::report)?;
        Ok(out)
    }
}

fn draw(planned: &[plots::Planned]) -> Result<Vec<(String, String)>, Error> {
    planned
        .iter()
        .map(|p| {
            let svg = charts::render_svg(&p.chart).map_err(|e| Error::Chart(e.to_string()))?;
            Ok((p.file.clone(), svg))
        })
        .collect()
}

/// The trend charts of a brief alone (for region pages), as SVG.
pub fn trend_charts(data: &Dataset, brief: &Brief, lang: Lang) -> Result<Vec<String>, Error> {
    let builder = Builder { data, brief, lang };
    plots::trends(&builder)
        .iter()
        .map(|p| charts::render_svg(&p.chart).map_err(|e| Error::Chart(e.to_string())))
        .collect()
}

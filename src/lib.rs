//! citybrief: investment-attraction records in, cited comparative briefs out.
//!
//! Data flows one way, one module per stage:
//! `ingest` (files → `model::Dataset`) → `aggregate` (figures per region and
//! period) → `render` (Tera templates, Plotters charts, Markdown → HTML, with
//! `format` for every number) → `publish` (the output folder, atomically).
//! `extract` proposes dataset rows from news articles.

pub mod aggregate;
pub mod config;
pub mod error;
pub mod extract;
pub mod format;
pub mod ingest;
pub mod init;
pub mod model;
mod order;
pub mod publish;
pub mod render;
pub mod serve;

use aggregate::Scope;
use error::{Error, Problem};
use format::Lang;
use ingest::{DataSource, Loaded};
use model::{Dataset, Level, RegionIdx};
use std::path::PathBuf;

/// What `citybrief build` does, as the command line asked.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data: DataSource,
    pub out: PathBuf,
    /// Limit to these briefs (`Scope::Latest` for "latest"); empty: all.
    pub periods: Vec<Scope>,
    /// Languages; `None`: the dataset's `languages`, else both.
    pub langs: Option<Vec<Lang>>,
}

/// What a build may do beyond the contract, for the command line: PNG
/// charts, a call after each brief page is rendered with (pages done,
/// pages in all, the page's path in OUT) for a progress bar, and a flag
/// that stops the build (`Error::Cancelled`, OUT left as it was).
#[derive(Default)]
pub struct BuildExtras<'a> {
    pub png: bool,
    pub progress: Option<publish::OnPage<'a>>,
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
}

/// What a build made, for the closing summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub totals: publish::Totals,
    pub warnings: Vec<Problem>,
    /// The font family that drew the PNG charts, when asked for.
    pub png_font: Option<String>,
}

/// Reads and validates a dataset exactly as `build` does — templates and
/// rendering included — writing nothing.
pub fn check(source: &DataSource) -> Result<Loaded, Error> {
    let mut loaded = ingest::load(source)?;
    let plan = aggregate::plan(&loaded.dataset);
    loaded
        .warnings
        .extend(plan_warnings(&loaded.dataset, &plan));
    render_site(
        source,
        &loaded.dataset,
        plan,
        &[],
        None,
        &publish::Extras::default(),
        &publish::Site::discard(),
    )?;
    Ok(loaded)
}

/// Reads, aggregates, renders and publishes. A failure at any step leaves
/// the output folder as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_with(options, &BuildExtras::default())
}

/// `build`, with PNG charts and progress as `extras` asks.
pub fn build_with(options: &BuildOptions, extras: &BuildExtras<'_>) -> Result<BuildReport, Error> {
    // OUT is checked before the dataset is read, so a wrong OUT fails at once.
    check_out(options)?;
    std::thread::scope(|scope| {
        scope.spawn(|| publish::prefetch(&options.out));
        let ingest::Loaded { dataset, warnings } = ingest::load(&options.data)?;
        build_checked(options, &dataset, warnings, extras)
    })
}

/// `build_with` of a dataset read already, with the warnings its reading
/// gave (`serve`: the dataset it has just read again after an edit).
pub fn build_loaded(
    options: &BuildOptions,
    dataset: &Dataset,
    warnings: Vec<Problem>,
    extras: &BuildExtras<'_>,
) -> Result<BuildReport, Error> {
    check_out(options)?;
    build_checked(options, dataset, warnings, extras)
}

/// `build_loaded` once OUT is known to be writable.
fn build_checked(
    options: &BuildOptions,
    dataset: &Dataset,
    mut warnings: Vec<Problem>,
    extras: &BuildExtras<'_>,
) -> Result<BuildReport, Error> {
    let plan = aggregate::plan(dataset);
    let png = match extras.png {
        true => Some(render::png::PngRenderer::new()?),
        false => None,
    };
    let site = publish::Site::staging(&options.out)?;
    // The plan's warnings are worked out while the site is made.
    let (planned, totals) = std::thread::scope(|scope| {
        let planned = scope.spawn(|| plan_warnings(dataset, &plan));
        let totals = render_site(
            &options.data,
            dataset,
            plan.clone(),
            &options.periods,
            options.langs.as_deref(),
            &publish::Extras {
                png: png.as_ref(),
                progress: extras.progress,
                cancel: extras.cancel,
            },
            &site,
        );
        (planned.join(), totals)
    });
    let totals = totals?;
    warnings.extend(planned.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
    publish::publish(site, &options.out)?;
    Ok(BuildReport {
        totals,
        warnings,
        png_font: png.map(|p| p.family().to_string()),
    })
}

/// OUT may be written: not the dataset folder or one holding it.
fn check_out(options: &BuildOptions) -> Result<(), Error> {
    let protect: Vec<&std::path::Path> = match &options.data {
        DataSource::Dir(dir) => vec![dir.as_path()],
        DataSource::Builtin => Vec::new(),
    };
    publish::check_out(&options.out, &protect)
}

/// The warnings that need the plan of briefs: notes no brief shows, and
/// compared regions with nothing for some briefs.
fn plan_warnings(dataset: &Dataset, plan: &[Scope]) -> Vec<Problem> {
    let compared = compared_regions(dataset);
    let mut out = note_warnings(dataset, plan);
    out.extend(aggregate::warnings(dataset, plan, &compared));
    out
}

/// Everything a build writes, into `site`: the briefs asked for (all when
/// `periods` is empty) in the languages asked for (the dataset's, else both).
fn render_site(
    source: &DataSource,
    dataset: &Dataset,
    plan: Vec<Scope>,
    periods: &[Scope],
    langs: Option<&[Lang]>,
    extras: &publish::Extras<'_>,
    site: &publish::Site,
) -> Result<publish::Totals, Error> {
    let scopes = select(plan, periods)?;
    let (compared, langs) = (compared_regions(dataset), languages(dataset, langs));
    let prepared = std::thread::scope(|s| {
        let (scopes, compared, made) = (&scopes, &compared, langs.clone());
        s.spawn(move || site.make_dirs(&publish::folders(dataset, scopes, compared, &made)));
        Prepared::new(source, dataset, scopes, compared, langs)
    })?;
    publish::assemble(&prepared.build(dataset), extras, site)
}

/// What rendering needs besides the dataset: its projects indexed, the
/// briefs aggregated, the languages and the templates.
struct Prepared {
    index: aggregate::ProjectIndex,
    briefs: Vec<aggregate::Brief>,
    langs: Vec<Lang>,
    renderer: render::Renderer,
}

impl Prepared {
    fn new(
        source: &DataSource,
        dataset: &Dataset,
        scopes: &[Scope],
        compared: &[RegionIdx],
        langs: Vec<Lang>,
    ) -> Result<Prepared, Error> {
        let index = aggregate::ProjectIndex::new(dataset);
        let briefs = aggregate::briefs_with(dataset, &index, scopes, compared);
        let templates = templates_dir(source, dataset)?;
        Ok(Prepared {
            index,
            briefs,
            langs,
            renderer: render::Renderer::new(templates.as_deref())?,
        })
    }

    fn build<'a>(&'a self, dataset: &'a Dataset) -> publish::Build<'a> {
        publish::Build {
            data: dataset,
            index: &self.index,
            briefs: &self.briefs,
            langs: &self.langs,
            renderer: &self.renderer,
        }
    }
}

/// The languages asked for, else the dataset's, else both.
fn languages(dataset: &Dataset, asked: Option<&[Lang]>) -> Vec<Lang> {
    asked
        .map(<[Lang]>::to_vec)
        .or_else(|| dataset.config.languages.clone())
        .unwrap_or_else(|| Lang::ALL.to_vec())
}

/// One brief page (`brief_id` is its folder, such as `2024-Q3`) in
/// `lang`, rendered from `dataset` as `build` renders it and written into
/// the finished build in `options.out`, each file replaced on its own:
/// `serve` shows the page in view at once after an edit, then rebuilds the
/// whole site. Returns whether there was such a page to write (the edit
/// may have removed its period); a template with errors writes nothing.
pub fn build_page(
    options: &BuildOptions,
    dataset: &Dataset,
    brief_id: &str,
    lang: Lang,
) -> Result<bool, Error> {
    let plan = select(aggregate::plan(dataset), &options.periods)?;
    let langs = languages(dataset, options.langs.as_deref());
    let Some(scope) = plan.iter().copied().find(|s| s.slug() == brief_id) else {
        return Ok(false);
    };
    if !langs.contains(&lang) {
        return Ok(false);
    }
    let compared = compared_regions(dataset);
    let prepared = Prepared::new(&options.data, dataset, &[scope], &compared, langs)?;
    let Some(brief) = prepared.briefs.first() else {
        return Ok(false);
    };
    let site = publish::Site::in_place(&options.out);
    publish::brief_page(&prepared.build(dataset), &plan, brief, lang, &site, None)?;
    Ok(true)
}

/// The briefs asked for, in plan order; a period with no brief is an error.
/// (`plan` is every brief of the dataset, `aggregate::plan`.)
fn select(plan: Vec<Scope>, wanted: &[Scope]) -> Result<Vec<Scope>, Error> {
    if wanted.is_empty() {
        return Ok(plan);
    }
    if let Some(missing) = wanted.iter().find(|w| !plan.contains(w)) {
        let available: Vec<String> = plan.iter().map(|s| scope_text(*s)).collect();
        return Err(Error::NoBrief {
            period: scope_text(*missing),
            reason: format!(
                "the dataset has no figures or dated projects for it; briefs exist for: {}",
                available.join(", ")
            ),
        });
    }
    Ok(plan.into_iter().filter(|s| wanted.contains(s)).collect())
}

fn scope_text(scope: Scope) -> String {
    match scope {
        Scope::Period(p) => p.to_string(),
        Scope::Latest => "latest".to_string(),
    }
}

/// The regions a brief compares: `regions` of the configuration, in order;
/// else the cities in file order; else every top-level region.
pub fn compared_regions(data: &Dataset) -> Vec<RegionIdx> {
    if let Some(refs) = &data.config.regions {
        let chosen: Vec<RegionIdx> = refs
            .iter()
            .filter_map(|r| data.regions.resolve(r).ok())
            .collect();
        if !chosen.is_empty() {
            return chosen;
        }
    }
    let cities: Vec<RegionIdx> = data
        .regions
        .iter()
        .filter(|(_, r)| r.level == Level::City)
        .map(|(i, _)| i)
        .collect();
    if !cities.is_empty() {
        return cities;
    }
    data.regions
        .iter()
        .filter(|(_, r)| r.parent.is_none())
        .map(|(i, _)| i)
        .collect()
}

/// The folder of template overrides. `citybrief.toml` names it relative to
/// the dataset folder (checked on reading); a link on the way must not lead
/// outside the dataset folder either.
fn templates_dir(source: &DataSource, data: &Dataset) -> Result<Option<PathBuf>, Error> {
    let (DataSource::Dir(dir), Some(t)) = (source, &data.config.templates) else {
        return Ok(None);
    };
    let path = dir.join(t);
    if let (Ok(root), Ok(real)) = (dir.canonicalize(), path.canonicalize()) {
        if !real.starts_with(&root) {
            return Err(Error::Template(format!(
                "the template folder {} leads outside the dataset folder (through a link), so it is not read; expected a folder inside {}",
                path.display(),
                dir.display()
            )));
        }
    }
    Ok(Some(path))
}

/// A note for a period that has no brief is a warning.
fn note_warnings(data: &Dataset, plan: &[Scope]) -> Vec<Problem> {
    data.notes
        .iter()
        .filter(|n| !plan.contains(&Scope::Period(n.period)))
        .map(|n| {
            Problem::warning(
                &n.file,
                format!(
                    "no brief is made for period {}, so this note is not shown",
                    n.period
                ),
            )
            .expected("a period that has figures or dated projects")
        })
        .collect()
}

/// `citybrief extract`: candidate indicator rows of articles to standard
/// output (CSV or JSON), unreadable figures to standard error, for a person
/// to review. Places come from the dataset given, else the built-in one,
/// plus those the articles name.
pub fn extract_files(
    files: &[PathBuf],
    source: Option<&str>,
    data: Option<DataSource>,
    json: bool,
) -> Result<(), Error> {
    let dataset = ingest::load(&data.unwrap_or(DataSource::Builtin))?.dataset;
    let places: Vec<extract::Place> = dataset
        .regions
        .iter()
        .map(|(_, r)| extract::Place {
            id: r.id.clone(),
            names: std::iter::once(r.name_zh.clone())
                .chain(r.name_en.clone())
                .collect(),
        })
        .collect();
    let mut all = extract::Extraction::default();
    for file in files {
        let bytes = std::fs::read(file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let (text, _) = ingest::encoding::decode(&bytes, &file.display().to_string());
        let source = source.map(str::to_string).unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let found = extract::extract(
            &text,
            &extract::Options {
                source,
                places: places.clone(),
            },
        );
        all.candidates.extend(found.candidates);
        all.unreadable.extend(found.unreadable);
    }
    let write_err = |source| Error::Write {
        path: PathBuf::from("<standard output>"),
        source,
    };
    let mut stdout = std::io::stdout().lock();
    if json {
        extract::write_json(&all, &mut stdout).map_err(write_err)?;
    } else {
        extract::write_csv(&all, &mut stdout).map_err(write_err)?;
        extract::write_unreadable(&all, &mut std::io::stderr().lock()).map_err(write_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir`, by relative path.
    fn files(dir: &std::path::Path) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                let inner = files(&path)?;
                let name = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                out.extend(inner.into_iter().map(|(p, b)| (name.join(p), b)));
            } else {
                let name = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                out.push((name, std::fs::read(&path)?));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Every folder under `dir`, by relative path, `/`-separated.
    fn folders_in(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy();
                out.extend(
                    folders_in(&path)?
                        .into_iter()
                        .map(|f| format!("{name}/{f}")),
                );
                out.push(name.into_owned());
            }
        }
        Ok(out)
    }

    /// The folders made ahead of the pages are those the pages fill: none
    /// is left empty in OUT, whichever briefs and languages are built.
    #[test]
    fn folders_made_ahead_are_the_folders_of_the_build() -> Result<(), Box<dyn std::error::Error>> {
        let dataset = ingest::load(&DataSource::Builtin)?.dataset;
        let latest = vec![Scope::Latest];
        for (periods, langs) in [
            (Vec::new(), None),
            (latest.clone(), Some(vec![Lang::En])),
            (
                aggregate::plan(&dataset)[..1].to_vec(),
                Some(vec![Lang::Zh]),
            ),
        ] {
            let dir = tempfile::tempdir()?;
            let options = BuildOptions {
                data: DataSource::Builtin,
                out: dir.path().join("out"),
                periods,
                langs,
            };
            build(&options)?;
            let mut made = folders_in(&options.out)?;
            let scopes = select(aggregate::plan(&dataset), &options.periods)?;
            let langs = languages(&dataset, options.langs.as_deref());
            let compared = compared_regions(&dataset);
            let mut ahead = publish::folders(&dataset, &scopes, &compared, &langs);
            made.sort();
            ahead.sort();
            assert_eq!(made, ahead, "{:?}", options.periods);
        }
        Ok(())
    }

    /// `serve` shows the page in view before the whole site: that page,
    /// made alone, must be the very page of the whole build.
    #[test]
    fn a_page_built_alone_is_that_page_of_the_whole_build() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let options = BuildOptions {
            data: DataSource::Builtin,
            out: dir.path().join("out"),
            periods: Vec::new(),
            langs: None,
        };
        build(&options)?;
        let whole = files(&options.out)?;
        let dataset = ingest::load(&options.data)?.dataset;
        for scope in aggregate::plan(&dataset) {
            for lang in Lang::ALL {
                let page = options.out.join(scope.slug()).join(lang.code());
                std::fs::remove_dir_all(&page)?;
                assert!(build_page(&options, &dataset, &scope.slug(), lang)?);
                assert!(files(&options.out)? == whole, "{}", page.display());
            }
        }
        assert!(!build_page(&options, &dataset, "1999", Lang::Zh)?);
        assert!(files(&options.out)? == whole);
        Ok(())
    }

    /// `serve` builds the whole site from the dataset it has just read:
    /// the same files and warnings as a build that reads it.
    #[test]
    fn a_build_of_a_dataset_read_is_the_build() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let options = |out: &str| BuildOptions {
            data: DataSource::Builtin,
            out: dir.path().join(out),
            periods: Vec::new(),
            langs: None,
        };
        let (read, loaded) = (options("read"), options("loaded"));
        let report = build(&read)?;
        let ingest::Loaded { dataset, warnings } = ingest::load(&loaded.data)?;
        let again = build_loaded(&loaded, &dataset, warnings, &BuildExtras::default())?;
        assert!(files(&read.out)? == files(&loaded.out)?);
        assert!(!report.warnings.is_empty());
        assert_eq!(report.warnings, again.warnings);
        assert_eq!(
            format!("{:?}", report.totals),
            format!("{:?}", again.totals)
        );
        Ok(())
    }

    /// `serve` stops a rebuild when a newer change comes in: the stopped
    /// build leaves the output as it was and no staging folder behind.
    #[test]
    fn a_stopped_build_changes_nothing() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out)?;
        std::fs::write(out.join("index.html"), "previous")?;
        let options = BuildOptions {
            data: DataSource::Builtin,
            out: out.clone(),
            periods: Vec::new(),
            langs: None,
        };
        let stop = std::sync::atomic::AtomicBool::new(true);
        let extras = BuildExtras {
            cancel: Some(&stop),
            ..Default::default()
        };
        assert!(matches!(
            build_with(&options, &extras),
            Err(Error::Cancelled)
        ));
        assert_eq!(std::fs::read_to_string(out.join("index.html"))?, "previous");
        let left: Vec<_> = std::fs::read_dir(dir.path())?.collect::<Result<_, _>>()?;
        assert_eq!(left.len(), 1, "{left:?}");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_templates_folder_linked_outside_the_dataset_is_refused(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let outside = tempfile::tempdir()?;
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("real"))?;
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked"))?;
        let mut data = ingest::load(&DataSource::Builtin)?.dataset;
        let source = DataSource::Dir(dir.path().to_path_buf());
        data.config.templates = Some("linked".into());
        assert!(matches!(
            templates_dir(&source, &data),
            Err(Error::Template(_))
        ));
        data.config.templates = Some("real".into());
        assert_eq!(
            templates_dir(&source, &data)?,
            Some(dir.path().join("real"))
        );
        Ok(())
    }
}

//! The command line: argument definitions, printing diagnostics, exit codes.
//! Everything else lives in the library.

use citybrief::aggregate::Scope;
use citybrief::error::{Error, Problem};
use citybrief::format::Lang;
use citybrief::ingest::DataSource;
use citybrief::model::Period;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "Examples:
  citybrief build                          briefs of the built-in dataset into output/
  citybrief build --data mydata --out site --period 2024-Q1 --lang zh
  citybrief check --data mydata            validate a dataset, report every problem
  citybrief init mydata                    start a dataset with a small sample
  citybrief extract article.html --source s1 > rows.csv";

#[derive(Parser)]
#[command(
    name = "citybrief",
    version,
    about = "Comparative investment-attraction briefs (Markdown, HTML, SVG charts) from records of places, sources, figures and projects",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build every brief (or those of --period) into the output folder.
    #[command(after_help = "Examples:
  citybrief build
  citybrief build --data mydata --out /srv/intranet/briefs
  citybrief build --period 2024 --period latest --lang en")]
    Build {
        /// The dataset folder; the built-in dataset of the seed articles if left out.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The output folder; its whole content is replaced by a successful build.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// Only this brief: a period (2024, 2024-H1, 2024-Q1, 2024-03, 2024-01..2024-09, 2023年一季度) or `latest`. Repeatable.
        #[arg(long, value_name = "P", value_parser = parse_scope)]
        period: Vec<Scope>,
        /// Languages to write.
        #[arg(long, value_enum, default_value_t = LangArg::All)]
        lang: LangArg,
        /// Fail when the dataset has warnings (for unattended runs).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate a dataset as `build` would, write nothing, report every problem.
    #[command(after_help = "Examples:
  citybrief check
  citybrief check --data mydata")]
    Check {
        /// The dataset folder; the built-in dataset if left out.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Fail when the dataset has warnings.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Make a new dataset folder with a small sample and a commented citybrief.toml.
    #[command(after_help = "Example:
  citybrief init mydata && citybrief build --data mydata --out mysite")]
    Init {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
    /// Propose indicators.csv rows from news articles (text or saved HTML), for review.
    #[command(after_help = "Example:
  citybrief extract article1.txt article2.html --source jx-2024 > candidates.csv")]
    Extract {
        /// Article files: plain text or saved HTML, Simplified or Traditional Chinese.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The source id to put in every row (default: the file name).
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        /// Places to recognise besides those named in the text.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
    },
    /// Build into a folder and serve it on 127.0.0.1; rebuild when the dataset, notes or templates change.
    #[command(after_help = "Example:
  citybrief serve --data mydata --port 8000    then open http://127.0.0.1:8000/")]
    Serve {
        /// The dataset folder to watch; the built-in dataset if left out.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The port on 127.0.0.1.
        #[arg(long, value_name = "N", default_value_t = 8000)]
        port: u16,
        /// Where builds go; a temporary folder if left out.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
}

fn parse_scope(text: &str) -> Result<Scope, String> {
    if text.eq_ignore_ascii_case("latest") {
        return Ok(Scope::Latest);
    }
    Period::parse(text)
        .map(Scope::Period)
        .map_err(|e| e.to_string())
}

fn source(data: Option<PathBuf>) -> DataSource {
    data.map_or(DataSource::Builtin, DataSource::Dir)
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "citybrief: internal error{place}. This is a bug; please report it with the command you ran and, if you can, the dataset."
        );
    }));
    test_panic();
    let cli = Cli::parse();
    match run(cli.command, cli.quiet) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::from(1)
        }
    }
}

/// `CITYBRIEF_TEST_PANIC=1` panics at startup, so that a test can see what
/// a user would see of a bug: the hook's short message, no backtrace.
#[allow(clippy::panic)] // ok: the whole point; never set outside tests
fn test_panic() {
    if std::env::var_os("CITYBRIEF_TEST_PANIC").is_some_and(|v| v == "1") {
        panic!("CITYBRIEF_TEST_PANIC is set");
    }
}

fn run(command: Command, quiet: bool) -> Result<ExitCode, Error> {
    match command {
        Command::Build {
            data,
            out,
            period,
            lang,
            deny_warnings,
        } => {
            let started = std::time::Instant::now();
            let options = citybrief::BuildOptions {
                data: source(data),
                out: out.clone(),
                periods: period,
                langs: match lang {
                    LangArg::Zh => Some(vec![Lang::Zh]),
                    LangArg::En => Some(vec![Lang::En]),
                    LangArg::All => None,
                },
            };
            if deny_warnings {
                let loaded = citybrief::check(&options.data)?;
                if !loaded.warnings.is_empty() {
                    print_problems(&loaded.warnings);
                    eprintln!(
                        "error: {} warning(s) and --deny-warnings: nothing was written",
                        loaded.warnings.len()
                    );
                    return Ok(ExitCode::from(1));
                }
            }
            let report = citybrief::build(&options)?;
            if !quiet {
                print_problems(&report.warnings);
                let t = report.totals;
                eprintln!(
                    "built {} brief(s) as {} page(s) with {} chart(s) and {} figure(s) into {} in {:.2} s; {} warning(s)",
                    t.briefs,
                    t.pages,
                    t.charts,
                    t.figures,
                    out.display(),
                    started.elapsed().as_secs_f64(),
                    report.warnings.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            data,
            deny_warnings,
        } => {
            let loaded = citybrief::check(&source(data))?;
            if !quiet || deny_warnings {
                print_problems(&loaded.warnings);
            }
            let d = &loaded.dataset;
            if !quiet {
                eprintln!(
                    "ok: {} region(s), {} source(s), {} figure(s), {} project(s), {} note(s); {} warning(s)",
                    d.regions.len(),
                    d.sources.len(),
                    d.indicators.len(),
                    d.projects.len(),
                    d.notes.len(),
                    loaded.warnings.len()
                );
            }
            Ok(if deny_warnings && !loaded.warnings.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Init { dir } => {
            citybrief::init::init(&dir)?;
            if !quiet {
                eprintln!(
                    "made {d}: edit its CSV files, then `citybrief check --data {d}` and `citybrief build --data {d}`",
                    d = dir.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            files,
            source: source_id,
            data,
            format,
        } => {
            let json = matches!(format, FormatArg::Json);
            citybrief::extract_files(
                &files,
                source_id.as_deref(),
                data.map(DataSource::Dir),
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { data, port, out } => {
            citybrief::serve::serve(&citybrief::serve::ServeOptions {
                data: source(data),
                out,
                port,
                quiet,
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_problems(problems: &[Problem]) {
    for p in problems {
        let label = if p.is_error() { "error" } else { "warning" };
        eprintln!("{label}: {p}");
    }
}

fn print_error(e: &Error) {
    match e {
        Error::Invalid(problems) => {
            print_problems(problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!("citybrief: {errors} error(s) in the dataset; nothing was written");
        }
        other => eprintln!("error: {other}"),
    }
}

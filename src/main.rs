//! The command line: argument definitions, printing diagnostics, exit codes.
//! Everything else lives in the library.

use citybrief::aggregate::Scope;
use citybrief::error::{Error, Problem};
use citybrief::format::Lang;
use citybrief::ingest::DataSource;
use citybrief::model::Period;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const EXAMPLES: &str = "Examples:
  citybrief build                          briefs of the built-in dataset into output/
  citybrief build --data mydata --out site --period 2024-Q1 --lang zh
  citybrief check --data mydata            validate a dataset, report every problem
  citybrief check --data mydata -v --color never
                                           say what is read, labels without colour
  citybrief build --data mydata -q --deny-warnings
                                           for cron: silent unless something is wrong
  citybrief init mydata                    start a dataset with a small sample
  citybrief extract article.html --source s1 > rows.csv
  citybrief completions bash > /etc/bash_completion.d/citybrief
  citybrief man > citybrief.1";

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
    /// Print only errors: no warnings, progress or summary.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say what is read and written, page by page.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Colour the `error:` and `warning:` labels: `auto` on a terminal only.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Subcommand)]
enum Command {
    /// Build every brief (or those of --period) into the output folder.
    #[command(after_help = "Examples:
  citybrief build
  citybrief build --data mydata --out /srv/intranet/briefs
  citybrief build --period 2024 --period latest --lang en
  citybrief build --data mydata --png --deny-warnings")]
    Build {
        /// The dataset folder; the built-in dataset of the seed articles if left out.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The output folder; its whole content is replaced by a successful build.
        /// Default: `output` of the dataset's citybrief.toml (relative to the dataset), else output/ here.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Only this brief: a period (2024, 2024-H1, 2024-Q1, 2024-03, 2024-01..2024-09, 2023年一季度) or `latest`. Repeatable.
        #[arg(long, value_name = "P", value_parser = parse_scope)]
        period: Vec<Scope>,
        /// Languages to write [default: the dataset's `languages`, else all].
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Fail when the dataset has warnings (for unattended runs).
        #[arg(long)]
        deny_warnings: bool,
        /// Also write each chart as PNG for print (300 dpi at A4 width), with a
        /// Chinese system font (fonts-noto-cjk or fonts-wqy-microhei).
        #[arg(long)]
        png: bool,
    },
    /// Validate a dataset as `build` would, write nothing, report every problem.
    #[command(after_help = "Examples:
  citybrief check
  citybrief check --data mydata
  citybrief check --data mydata --deny-warnings && citybrief build --data mydata")]
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
    /// Print a shell completion script to standard output.
    #[command(
        hide = true,
        after_help = "Examples:
  citybrief completions bash > ~/.local/share/bash-completion/completions/citybrief
  citybrief completions zsh > ~/.zfunc/_citybrief
  citybrief completions fish > ~/.config/fish/completions/citybrief.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, or write one page
    /// per command into a folder.
    #[command(
        hide = true,
        after_help = "Examples:
  citybrief man > /usr/local/share/man/man1/citybrief.1 && man citybrief
  citybrief man --dir /usr/local/share/man/man1     citybrief.1, citybrief-build.1, ..."
    )]
    Man {
        /// Write citybrief.1 and citybrief-<command>.1 into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
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
    match cli.color {
        ColorArg::Auto => {}
        ColorArg::Always => anstream::ColorChoice::Always.write_global(),
        ColorArg::Never => anstream::ColorChoice::Never.write_global(),
    }
    let say = Say {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match run(cli.command, say) {
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

/// How much to print besides errors.
#[derive(Clone, Copy)]
struct Say {
    quiet: bool,
    verbose: bool,
}

fn run(command: Command, say: Say) -> Result<ExitCode, Error> {
    let quiet = say.quiet;
    match command {
        Command::Build {
            data,
            out,
            period,
            lang,
            deny_warnings,
            png,
        } => {
            let started = Instant::now();
            let out = out.unwrap_or_else(|| configured_out(data.as_deref()));
            let options = citybrief::BuildOptions {
                data: source(data),
                out: out.clone(),
                periods: period,
                langs: lang.map(|l| match l {
                    LangArg::Zh => vec![Lang::Zh],
                    LangArg::En => vec![Lang::En],
                    LangArg::All => Lang::ALL.to_vec(),
                }),
            };
            if say.verbose {
                eprintln!(
                    "reading {}; writing {}",
                    describe(&options.data),
                    out.display()
                );
            }
            if deny_warnings {
                let loaded = citybrief::check(&options.data)?;
                if !loaded.warnings.is_empty() {
                    print_problems(&loaded.warnings);
                    error_line(&format!(
                        "{} warning(s) and --deny-warnings: nothing was written",
                        loaded.warnings.len()
                    ));
                    return Ok(ExitCode::from(1));
                }
            }
            let bar = Progress::new(say, started);
            let progress = |done: usize, total: usize, page: &str| bar.step(done, total, page);
            let extras = citybrief::BuildExtras {
                png,
                progress: Some(&progress),
                cancel: None,
            };
            let report = citybrief::build_with(&options, &extras);
            bar.finish();
            let report = report?;
            if !quiet {
                print_problems(&report.warnings);
                if let (true, Some(font)) = (say.verbose, &report.png_font) {
                    eprintln!("PNG charts drawn with {font}");
                }
                let t = report.totals;
                let pngs = if png { " (and as PNG)" } else { "" };
                eprintln!(
                    "built {} brief(s) as {} page(s) with {} chart(s){pngs} and {} figure(s) into {} in {:.2} s; {} warning(s)",
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
            let source = source(data);
            if say.verbose {
                eprintln!("reading {}", describe(&source));
            }
            let loaded = citybrief::check(&source)?;
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
                if !quiet {
                    error_line(&format!(
                        "{} warning(s) and --deny-warnings",
                        loaded.warnings.len()
                    ));
                }
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Init { dir } => {
            citybrief::init::init(&dir)?;
            if !quiet {
                eprintln!(
                    "made {d}: edit its CSV files (or start from dataset-template.xlsx, see its README.md), then `citybrief check --data {d}` and `citybrief build --data {d}`",
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
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "citybrief",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            let (path, written) = match &dir {
                Some(dir) => (dir.clone(), clap_mangen::generate_to(Cli::command(), dir)),
                None => (
                    PathBuf::from("<standard output>"),
                    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()),
                ),
            };
            written.map_err(|source| Error::Write { path, source })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--out` left out: the `output` key of the dataset's citybrief.toml,
/// relative to the dataset folder, else the contract's `output/` here. A
/// citybrief.toml that does not read is reported by the build itself.
fn configured_out(data: Option<&Path>) -> PathBuf {
    let configured = data.and_then(|dir| {
        let text = std::fs::read_to_string(dir.join("citybrief.toml")).ok()?;
        let config = citybrief::config::Config::from_toml(&text, "citybrief.toml").ok()?;
        let output = config.output.filter(|o| !o.trim().is_empty())?;
        Some(dir.join(output))
    });
    configured.unwrap_or_else(|| PathBuf::from("output"))
}

fn describe(source: &DataSource) -> String {
    match source {
        DataSource::Dir(dir) => format!("the dataset in {}", dir.display()),
        DataSource::Builtin => "the built-in dataset".to_string(),
    }
}

/// A progress bar for builds that take over a second, on a terminal only;
/// with `--verbose`, a line per page instead.
struct Progress {
    bar: indicatif::ProgressBar,
    say: Say,
    started: Instant,
    terminal: bool,
}

impl Progress {
    fn new(say: Say, started: Instant) -> Progress {
        Progress {
            bar: indicatif::ProgressBar::hidden(),
            say,
            started,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn step(&self, done: usize, total: usize, page: &str) {
        if self.say.verbose {
            self.bar
                .suspend(|| eprintln!("rendered {page} ({done}/{total})"));
        }
        if self.say.quiet || !self.terminal {
            return;
        }
        if self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) && done < total {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages [{bar:30}] {elapsed} {msg}",
            ) {
                self.bar.set_style(style.progress_chars("=> "));
            }
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        self.bar.set_message(page.to_string());
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn label(severity: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let colour = if severity == "error" {
        AnsiColor::Red
    } else {
        AnsiColor::Yellow
    };
    let style = Style::new().bold().fg_color(Some(colour.into()));
    format!("{style}{severity}:{style:#}")
}

fn error_line(message: &str) {
    anstream::eprintln!("{} {message}", label("error"));
}

fn print_problems(problems: &[Problem]) {
    for p in problems {
        let severity = if p.is_error() { "error" } else { "warning" };
        anstream::eprintln!("{} {p}", label(severity));
    }
}

fn print_error(e: &Error) {
    match e {
        Error::Invalid(problems) => {
            print_problems(problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!("citybrief: {errors} error(s) in the dataset; nothing was written");
        }
        other => error_line(&other.to_string()),
    }
}

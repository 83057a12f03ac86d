//! Whole datasets through `load`: a valid one, every validation fault with
//! the location it reports, encodings, workbooks, and a dataset with ten
//! faults that reports all ten.

use super::{load, DataSource, Loaded};
use crate::error::{Error, Problem, Severity};
use crate::model::{Currency, Level, Period, Qualifier, Stage};
use std::path::Path;

const REGIONS: &str = "id,name_zh,name_en,level,parent,province
jiashan,嘉善县,Jiashan,county,嘉兴,zhejiang
zhejiang,浙江省,Zhejiang,province,,
jiaxing,嘉兴市,Jiaxing,city,zhejiang,浙江省
huaian,淮安市,Huai'an,city,,江苏省
";
const SOURCES: &str = "id,title,publisher,published,url,language
s1,嘉兴招商,嘉兴日报,2024-10-08,https://example.cn/a,zh-Hans
s2,Huai'an news,,2024-07-01,,en
";
const INDICATORS: &str = "region,period,metric,value,source,event,note
嘉兴,2024年1-9月,fdi_actual,23.74亿美元,s1,,
jiashan,2024-H1,signed_projects,70余项,s1,,
HUAIAN,2024,fdi_actual_yoy,44.4%,s2,,
";
const PROJECTS: &str =
    "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note
p1,jiaxing,2024-03-15,新能源汽车零部件,汽车,51亿元,,是,否,签约,s1,
,淮安,2024/5/2,\"Chip plant, phase 2\",电子,US$2.5 billion,USD,yes,TRUE,started,s2,
";

/// Files of a test dataset: (relative name, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn base() -> Files {
    [
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", INDICATORS),
        ("projects.csv", PROJECTS),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
    .collect()
}

/// A change to the base dataset.
enum Edit {
    /// Adds lines at the end of a file (creating it).
    Append(&'static str, &'static str),
    /// Replaces a file (creating it).
    Put(&'static str, &'static str),
    Remove(&'static str),
}

fn apply(files: &mut Files, edit: &Edit) {
    match edit {
        Edit::Append(name, lines) => match files.iter_mut().find(|(n, _)| n == name) {
            Some((_, bytes)) => bytes.extend_from_slice(lines.as_bytes()),
            None => files.push((name.to_string(), lines.as_bytes().to_vec())),
        },
        Edit::Put(name, content) => {
            apply(files, &Edit::Remove(name));
            files.push((name.to_string(), content.as_bytes().to_vec()));
        }
        Edit::Remove(name) => files.retain(|(n, _)| n != name),
    }
}

fn write(dir: &Path, files: &Files) {
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            let made = std::fs::create_dir_all(parent);
            assert!(made.is_ok(), "{made:?}");
        }
        let written = std::fs::write(&path, bytes);
        assert!(written.is_ok(), "{written:?}");
    }
}

fn load_files(files: &Files) -> Result<Loaded, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Other(e.to_string()))?;
    write(dir.path(), files);
    load(&DataSource::Dir(dir.path().to_path_buf()))
}

fn load_ok(files: &Files) -> Loaded {
    match load_files(files) {
        Ok(loaded) => loaded,
        Err(Error::Invalid(problems)) => unreachable!("{}", lines(&problems)),
        Err(e) => unreachable!("{e}"),
    }
}

fn problems(files: &Files) -> Vec<Problem> {
    match load_files(files) {
        Ok(loaded) => unreachable!("loaded, warnings: {}", lines(&loaded.warnings)),
        Err(Error::Invalid(problems)) => problems,
        Err(e) => unreachable!("{e}"),
    }
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("\n  {p}"))
        .collect::<String>()
}

fn errors(problems: &[Problem]) -> Vec<&Problem> {
    problems.iter().filter(|p| p.is_error()).collect()
}

#[test]
fn a_valid_dataset_loads() {
    let loaded = load_ok(&base());
    assert!(loaded.warnings.is_empty(), "{}", lines(&loaded.warnings));
    let d = &loaded.dataset;
    let id = |r: &str| d.regions.resolve(r).ok();
    let jiashan = id("jiashan").map(|i| d.regions.get(i));
    assert_eq!(
        jiashan.and_then(|r| r.parent),
        id("jiaxing"),
        "forward parent"
    );
    assert_eq!(
        jiashan.and_then(|r| r.province.clone()).as_deref(),
        Some("浙江省")
    );
    assert_eq!(
        id("jiaxing").map(|i| d.regions.get(i).level),
        Some(Level::City)
    );
    assert_eq!(
        (d.sources.len(), d.indicators.len(), d.projects.len()),
        (2, 3, 2)
    );
    assert_eq!(
        d.indicators[0].region,
        id("jiaxing").unwrap_or(crate::model::RegionIdx(99))
    );
    assert_eq!(d.indicators[2].origin.row, 4);
    let chip = &d.projects[1];
    assert_eq!(chip.name(), "Chip plant, phase 2");
    assert_eq!(chip.investment.map(|a| a.currency), Some(Currency::Usd));
    assert_eq!((chip.foreign, chip.fortune500), (Some(true), Some(true)));
    assert_eq!(chip.stage, Some(Stage::Started));
    assert_eq!(chip.date, Period::parse_date("2024-05-02").ok());
    assert_eq!(d.projects[0].foreign, Some(true));
    assert_eq!(d.projects[0].fortune500, Some(false));
}

#[test]
fn ids_of_sources_projects_and_metrics_take_any_form() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Append("sources.csv", "JX_News 3,t,,,,\n"),
    );
    apply(
        &mut files,
        &Edit::Put(
            "metrics.csv",
            "id,label_zh,label_en,kind,unit,better\nland_area,用地,,area,亩,higher\n",
        ),
    );
    apply(
        &mut files,
        &Edit::Append("indicators.csv", "jiaxing,2024,land_area,120,JX_News 3,,\n"),
    );
    apply(
        &mut files,
        &Edit::Append("projects.csv", "P_2,jiaxing,,X,,,,,,,JX_News 3,\n"),
    );
    let d = load_ok(&files).dataset;
    assert_eq!(d.projects[2].id(), Some("P_2"));
    assert_eq!(
        d.metrics
            .find("land_area")
            .map(|m| d.metrics.get(m).unit.clone()),
        Some(Some("亩".to_string()))
    );
}

/// Where one fault is reported: file, row, column (as written), line.
type At = (
    &'static str,
    Option<usize>,
    Option<&'static str>,
    Option<u64>,
);

fn csv_at(file: &'static str, row: usize, column: &'static str) -> At {
    (file, Some(row), Some(column), None)
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn fault_cases() -> Vec<(&'static str, Vec<Edit>, At)> {
    use Edit::*;
    let r = |row: &'static str| vec![Append("regions.csv", row)];
    let s = |row: &'static str| vec![Append("sources.csv", row)];
    let m = |row: &'static str| vec![Put("metrics.csv", row)];
    let i = |row: &'static str| vec![Append("indicators.csv", row)];
    let p = |row: &'static str| vec![Append("projects.csv", row)];
    vec![
        ("region id missing", r(",某地,,city,,\n"), csv_at("regions.csv", 6, "id")),
        ("region name missing", r("x1,,X,city,,\n"), csv_at("regions.csv", 6, "name_zh")),
        ("region bad id", r("Bad_Id,某地,,city,,\n"), csv_at("regions.csv", 6, "id")),
        ("region duplicate id", r("jiaxing,嘉兴2,,city,,\n"), csv_at("regions.csv", 6, "id")),
        ("region bad level", r("x2,某区,,town,,\n"), csv_at("regions.csv", 6, "level")),
        ("region level missing", r("x2,某区,,,,\n"), csv_at("regions.csv", 6, "level")),
        ("unknown parent", r("x3,某区,,district,nowhere,\n"), csv_at("regions.csv", 6, "parent")),
        (
            "ambiguous parent",
            r("a1,甲市,,city,,\na2,甲县,,county,,\nx5,某区,,district,甲,\n"),
            csv_at("regions.csv", 8, "parent"),
        ),
        (
            "parent cycle",
            r("c1,甲区,,zone,c3,\nc2,乙区,,zone,c1,\nc3,丙区,,zone,c2,\n"),
            csv_at("regions.csv", 6, "parent"),
        ),
        ("own parent", r("c1,甲区,,zone,c1,\n"), csv_at("regions.csv", 6, "parent")),
        (
            "province names a city",
            r("x6,某县,,county,jiaxing,jiaxing\n"),
            csv_at("regions.csv", 6, "province"),
        ),
        (
            "province inside a province",
            r("x7,江苏省,,province,,zhejiang\n"),
            csv_at("regions.csv", 6, "province"),
        ),
        ("source title missing", s("s3,,,,,\n"), csv_at("sources.csv", 4, "title")),
        ("source duplicate id", s("s1,t,,,,\n"), csv_at("sources.csv", 4, "id")),
        ("published not a date", s("s3,t,,2024/10/08,,\n"), csv_at("sources.csv", 4, "published")),
        ("published impossible", s("s3,t,,2024-02-30,,\n"), csv_at("sources.csv", 4, "published")),
        ("url not http", s("s3,t,,,ftp://x.cn/a,\n"), csv_at("sources.csv", 4, "url")),
        ("url without scheme", s("s3,t,,,www.x.cn,\n"), csv_at("sources.csv", 4, "url")),
        ("bad language", s("s3,t,,,,fr\n"), csv_at("sources.csv", 4, "language")),
        (
            "metric clashes with a built-in",
            m("id,label_zh,label_en,kind,unit,better\nfdi_actual,x,,money,,\n"),
            csv_at("metrics.csv", 2, "id"),
        ),
        (
            "metric bad kind",
            m("id,label_zh,label_en,kind,unit,better\nm1,x,,length,,\n"),
            csv_at("metrics.csv", 2, "kind"),
        ),
        (
            "metric unit on a count",
            m("id,label_zh,label_en,kind,unit,better\nm1,x,,count,个,\n"),
            csv_at("metrics.csv", 2, "unit"),
        ),
        (
            "metric bad better",
            m("id,label_zh,label_en,kind,unit,better\nm1,x,,area,平方公里,up\n"),
            csv_at("metrics.csv", 2, "better"),
        ),
        (
            "metric label missing",
            m("id,label_zh,label_en,kind,unit,better\nm1,,x,area,,\n"),
            csv_at("metrics.csv", 2, "label_zh"),
        ),
        (
            "metric duplicate id",
            m("id,label_zh,label_en,kind,unit,better\nm1,x,,area,,\nm1,y,,count,,\n"),
            csv_at("metrics.csv", 3, "id"),
        ),
        ("unknown region", i("nowhere,2024,fdi_actual,1亿元,s1,,\n"), csv_at("indicators.csv", 5, "region")),
        ("bad period", i("jiaxing,2024年第五季度,fdi_actual,1亿元,s1,,\n"), csv_at("indicators.csv", 5, "period")),
        ("unknown metric", i("jiaxing,2024,nope,1,s1,,\n"), csv_at("indicators.csv", 5, "metric")),
        ("bad value", i("jiaxing,2024,fdi_actual,五十一亿元,s1,,\n"), csv_at("indicators.csv", 5, "value")),
        ("percent without %", i("jiaxing,2024,fdi_actual_yoy,44.4,s1,,\n"), csv_at("indicators.csv", 5, "value")),
        ("value missing", i("jiaxing,2024,fdi_actual,,s1,,\n"), csv_at("indicators.csv", 5, "value")),
        ("unknown source", i("jiaxing,2024,fdi_actual,1亿元,s9,,\n"), csv_at("indicators.csv", 5, "source")),
        (
            "duplicate with another value",
            i("嘉兴市,2024-01..2024-09,fdi_actual,23.75亿美元,s2,,\n"),
            csv_at("indicators.csv", 5, "value"),
        ),
        (
            "metric of metrics.csv, value by its kind",
            vec![
                Put("metrics.csv", "id,label_zh,label_en,kind,unit,better\nland,土地,,area,亩,\n"),
                Append("indicators.csv", "jiaxing,2024,land,120,s1,,\njiaxing,2024,land,十亩,s1,,\n"),
            ],
            csv_at("indicators.csv", 6, "value"),
        ),
        ("ragged row", i("jiaxing,2024\n"), ("indicators.csv", Some(5), None, Some(5))),
        // projects.csv is read record by record as it is validated: the
        // row and the physical line still follow quoted line breaks.
        (
            "ragged project row after a two-line name",
            p("p9,jiaxing,2024,\"two\nlines\",,,,,,,s1,\np10,jiaxing,2024\n"),
            ("projects.csv", Some(5), None, Some(6)),
        ),
        (
            "project name too long",
            p(leak(format!("p11,jiaxing,2024,{},,,,,,,s1,\n", "名".repeat(10_001)))),
            csv_at("projects.csv", 4, "name"),
        ),
        (
            "ragged source row, cited later: reported once",
            vec![
                Append("sources.csv", "s3,t,网(转载,未给出),,,\n"),
                Append("indicators.csv", "jiaxing,2024,fdi_actual,1亿元,s3,,\n"),
                Append("projects.csv", ",jiaxing,,X,,,,,,,S3,\n"),
            ],
            ("sources.csv", Some(4), None, Some(4)),
        ),
        (
            "region row with a bad id, referred to: reported once",
            vec![
                Append("regions.csv", "Bad_Id,某地,,city,,\nx8,某区,,zone,bad_id,\n"),
                Append("indicators.csv", "Bad_Id,2024,fdi_actual,1亿元,s1,,\n"),
            ],
            csv_at("regions.csv", 6, "id"),
        ),
        (
            "ragged region row, referred to by name: reported once",
            vec![
                Append("regions.csv", "x9,某地,,city,,,\n"),
                Append("projects.csv", ",某地,,X,,,,,,,s1,\n"),
            ],
            ("regions.csv", Some(6), None, Some(6)),
        ),
        (
            "metric row too long, used later: reported once",
            vec![
                Put("metrics.csv", leak(format!("id,label_zh,label_en,kind,unit,better\nm1,{},,count,,\n", "长".repeat(10_001)))),
                Append("indicators.csv", "jiaxing,2024,m1,3,s1,,\n"),
            ],
            csv_at("metrics.csv", 2, "label_zh"),
        ),
        (
            "row and line differ after a quoted line break",
            i("jiaxing,2024,fdi_actual,1亿元,s1,,\"two\nlines\"\njiaxing,2023,fdi_actual,1亿元,s7,,\n"),
            ("indicators.csv", Some(6), Some("source"), Some(7)),
        ),
        ("project duplicate id", p("p1,jiaxing,,X,,,,,,,s1,\n"), csv_at("projects.csv", 4, "id")),
        ("project bad date", p(",jiaxing,2024-13-01,X,,,,,,,s1,\n"), csv_at("projects.csv", 4, "date")),
        ("project name missing", p(",jiaxing,,,,,,,,,s1,\n"), csv_at("projects.csv", 4, "name")),
        ("project unknown region", p(",nowhere,,X,,,,,,,s1,\n"), csv_at("projects.csv", 4, "region")),
        ("project bad investment", p(",jiaxing,,X,,五十亿元,,,,,s1,\n"), csv_at("projects.csv", 4, "investment")),
        ("currency clash", p(",jiaxing,,X,,5亿美元,CNY,,,,s1,\n"), csv_at("projects.csv", 4, "investment")),
        ("bad currency", p(",jiaxing,,X,,5亿,JPY,,,,s1,\n"), csv_at("projects.csv", 4, "currency")),
        ("bad foreign", p(",jiaxing,,X,,,,maybe,,,s1,\n"), csv_at("projects.csv", 4, "foreign")),
        ("bad fortune500", p(",jiaxing,,X,,,,,2,,s1,\n"), csv_at("projects.csv", 4, "fortune500")),
        ("bad stage", p(",jiaxing,,X,,,,,,planned,s1,\n"), csv_at("projects.csv", 4, "stage")),
        ("project unknown source", p(",jiaxing,,X,,,,,,,s9,\n"), csv_at("projects.csv", 4, "source")),
        ("project source missing", p(",jiaxing,,X,,,,,,,,\n"), csv_at("projects.csv", 4, "source")),
        (
            "unknown column",
            vec![Put("indicators.csv", "region,period,metric,value,source,colour\n")],
            csv_at("indicators.csv", 1, "colour"),
        ),
        (
            "one column twice",
            vec![Put("indicators.csv", "region,地区,period,metric,value,source\n")],
            csv_at("indicators.csv", 1, "地区"),
        ),
        (
            "required column missing",
            vec![Put("projects.csv", "region,source\n")],
            csv_at("projects.csv", 1, "name"),
        ),
        ("no regions", vec![Remove("regions.csv")], ("regions.csv", None, None, None)),
        (
            "no indicators nor projects",
            vec![Remove("indicators.csv"), Remove("projects.csv")],
            ("indicators.csv", None, None, None),
        ),
        (
            "note for an unknown region",
            vec![Put("notes/2024-Q1/nowhere.md", "# x\n")],
            ("notes/2024-Q1/nowhere.md", None, None, None),
        ),
        (
            "note in a folder that is no period",
            vec![Put("notes/sometime/jiaxing.md", "# x\n")],
            ("notes/sometime/jiaxing.md", None, None, None),
        ),
        (
            "config unknown key",
            vec![Put("citybrief.toml", "title = \"x\"\ntitel = \"y\"\n")],
            ("citybrief.toml", None, None, Some(2)),
        ),
        (
            "config bad value",
            vec![Put("citybrief.toml", "languages = [\"zh\", \"fr\"]\n")],
            ("citybrief.toml", None, None, Some(1)),
        ),
        (
            "config unknown region",
            vec![Put("citybrief.toml", "regions = [\n  \"jiaxing\",\n  \"nowhere\",\n]\n")],
            ("citybrief.toml", None, Some("regions"), Some(3)),
        ),
        (
            "config rate not positive",
            vec![Put("citybrief.toml", "[exchange_rates]\nUSD = 7.2\nEUR = 0\n")],
            ("citybrief.toml", None, Some("exchange_rates"), Some(3)),
        ),
        (
            "config rate for another currency",
            vec![Put("citybrief.toml", "[exchange_rates]\nJPY = 0.05\n")],
            ("citybrief.toml", None, Some("exchange_rates"), Some(2)),
        ),
        (
            "config templates outside the folder",
            vec![Put("citybrief.toml", "templates = \"../shared\"\n")],
            ("citybrief.toml", None, Some("templates"), Some(1)),
        ),
        (
            "config templates absolute",
            vec![Put("citybrief.toml", "templates = \"/etc\"\n")],
            ("citybrief.toml", None, Some("templates"), Some(1)),
        ),
    ]
}

#[test]
fn every_fault_is_reported_once_where_it_is() {
    let mut failures = Vec::new();
    for (name, edits, want) in fault_cases() {
        let mut files = base();
        for edit in &edits {
            apply(&mut files, edit);
        }
        let found = problems(&files);
        let errs = errors(&found);
        let at = errs.first().map(|p| {
            let line = if want.3.is_some() { p.line } else { None };
            (p.file.as_str(), p.row, p.column.as_deref(), line)
        });
        if errs.len() != 1 || at != Some(want) {
            failures.push(format!("{name}: want {want:?}, got{}", lines(&found)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn problems_carry_the_text_and_what_was_expected() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Append(
            "indicators.csv",
            "jiaxing,2024,fdi_actual,五十一亿元,s1,,\n",
        ),
    );
    let found = problems(&files);
    let p = &found[0];
    assert_eq!(p.text.as_deref(), Some("五十一亿元"));
    assert!(p.expected.is_some());
    assert!(p
        .to_string()
        .starts_with("indicators.csv, row 5, column value: \"五十一亿元\""));
}

#[test]
fn the_same_figure_twice_is_a_warning() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Append(
            "indicators.csv",
            "Jiaxing,2024-01..2024-09,fdi_actual,US$2.374 billion,s2,,\n",
        ),
    );
    let loaded = load_ok(&files);
    let at: Vec<(Severity, Option<usize>)> = loaded
        .warnings
        .iter()
        .map(|p| (p.severity, p.row))
        .collect();
    assert_eq!(at, [(Severity::Warning, Some(5))]);
    assert_eq!(loaded.dataset.indicators.len(), 3);
}

#[test]
fn an_event_tally_is_not_a_duplicate_of_the_period_figure() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Append(
            "indicators.csv",
            "jiaxing,2024年1-9月,fdi_actual,1亿美元,s1,善洽会,\n",
        ),
    );
    assert_eq!(load_ok(&files).dataset.indicators.len(), 4);
}

#[test]
fn a_dataset_with_ten_faults_reports_all_ten() {
    use Edit::*;
    let edits = [
        Append("regions.csv", "Bad,某地,,city,,\nx1,某区,,town,nowhere,\n"),
        Append("sources.csv", "s3,t,,2024/1/1,ftp://x,fr\n"),
        Append(
            "indicators.csv",
            "nowhere,2024,fdi_actual,1亿元,s1,,\njiaxing,2024,fdi_actual,五十亿元,s9,,\n",
        ),
        Append("projects.csv", ",jiaxing,2024-13-01,X,,,,,,,s1,\n"),
    ];
    let mut files = base();
    for edit in &edits {
        apply(&mut files, edit);
    }
    let found = problems(&files);
    let got: Vec<(&str, Option<usize>, Option<&str>)> = errors(&found)
        .iter()
        .map(|p| (p.file.as_str(), p.row, p.column.as_deref()))
        .collect();
    let want = [
        ("regions.csv", Some(6), Some("id")),
        ("regions.csv", Some(7), Some("level")),
        ("regions.csv", Some(7), Some("parent")),
        ("sources.csv", Some(4), Some("published")),
        ("sources.csv", Some(4), Some("url")),
        ("sources.csv", Some(4), Some("language")),
        ("indicators.csv", Some(5), Some("region")),
        ("indicators.csv", Some(6), Some("value")),
        ("indicators.csv", Some(6), Some("source")),
        ("projects.csv", Some(4), Some("date")),
    ];
    assert_eq!(got, want, "{}", lines(&found));
}

/// Large files are validated in batches on every core: problems still
/// come in file order, each id's repeat names its first row wherever the
/// batches were cut (a row that failed otherwise still uses its id), and
/// the projects keep their order.
#[test]
fn a_large_file_reports_in_file_order_across_batches() {
    let mut text = String::from(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    let rows = 20_000;
    for i in 0..rows {
        let row = i + 2;
        let id = match row {
            4_099 | 15_000 => "p5".to_string(),
            9_000 => "p8999".to_string(),
            // The id of a row that failed for its amount.
            16_000 => "p12345".to_string(),
            _ => format!("p{row}"),
        };
        let amount = if row == 9_000 || row == 12_345 {
            "很多亿元"
        } else {
            "1亿元"
        };
        let region = if row == 4_098 { "nowhere" } else { "jiaxing" };
        text.push_str(&format!(
            "{id},{region},2024-03-15,项目{row},汽车,{amount},,,,,s1,\n"
        ));
        if row == 7_000 {
            text.push_str("ragged,row\n");
        }
    }
    let mut files = base();
    apply(&mut files, &Edit::Put("projects.csv", leak(text)));
    let found = problems(&files);
    let got: Vec<(Option<usize>, Option<&str>, String)> = errors(&found)
        .iter()
        .map(|p| (p.row, p.column.as_deref(), p.message.clone()))
        .collect();
    let bad = "no number where `很多亿元` stands".to_string();
    let used = |first: usize| format!("the id is already used in row {first}");
    let want = vec![
        (
            Some(4_098),
            Some("region"),
            "no region has this id or name".to_string(),
        ),
        (Some(4_099), Some("id"), used(5)),
        (
            Some(7_001),
            None,
            "the row has 2 fields but the header has 12".to_string(),
        ),
        (Some(9_001), Some("investment"), bad.clone()),
        (Some(9_001), Some("id"), used(9_000)),
        (Some(12_346), Some("investment"), bad),
        (Some(15_001), Some("id"), used(5)),
        (Some(16_001), Some("id"), used(12_346)),
    ];
    assert_eq!(got, want, "{}", lines(&found));
}

/// `serve` reads notes again without the tables: the notes as they are
/// now, against the regions read before; a note naming no region is an
/// error naming its file.
#[test]
fn notes_are_read_again_against_the_regions_read_before() -> Result<(), Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Other(e.to_string()))?;
    let mut files = base();
    apply(&mut files, &Edit::Put("notes/2024/jiaxing.md", "First."));
    write(dir.path(), &files);
    let source = DataSource::Dir(dir.path().to_path_buf());
    let loaded = load(&source)?;
    let notes = |n: &[crate::model::Note]| n.iter().map(|n| n.markdown.clone()).collect::<Vec<_>>();
    assert_eq!(notes(&loaded.dataset.notes), ["First."]);

    write(
        dir.path(),
        &vec![("notes/2024/jiaxing.md".to_string(), b"Second.".to_vec())],
    );
    let (again, warnings) =
        super::reload_notes(&source, &loaded.dataset.regions, &loaded.warnings)?;
    assert_eq!(notes(&again), ["Second."]);
    assert_eq!(again[0].region, loaded.dataset.notes[0].region);
    assert_eq!(warnings, load(&source)?.warnings);

    write(
        dir.path(),
        &vec![("notes/2024/nowhere.md".to_string(), b"x".to_vec())],
    );
    match super::reload_notes(&source, &loaded.dataset.regions, &loaded.warnings) {
        Err(Error::Invalid(problems)) => {
            // What a whole load reports.
            let Err(Error::Invalid(whole)) = load(&source) else {
                unreachable!("the whole load fails too")
            };
            assert_eq!(problems, whole);
            assert!(
                errors(&problems)
                    .iter()
                    .any(|p| p.file == "notes/2024/nowhere.md"),
                "{}",
                lines(&problems)
            );
        }
        other => unreachable!("{other:?}"),
    }
    Ok(())
}

#[test]
fn notes_read_again_bring_the_warnings_a_whole_load_gives() -> Result<(), Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Other(e.to_string()))?;
    let mut files = base();
    // Damaged bytes: a warning for the note, one for the settings.
    let damaged = |text: &str| [text.as_bytes(), b"\xFF\xFE"].concat();
    files.push(("notes/2024/jiaxing.md".to_string(), damaged("First.")));
    files.push(("citybrief.toml".to_string(), damaged("title = \"t\"\n#")));
    write(dir.path(), &files);
    let source = DataSource::Dir(dir.path().to_path_buf());
    let first = load(&source)?;
    let (files_warned, expected) = (
        |w: &[Problem]| w.iter().map(|p| p.file.clone()).collect::<Vec<_>>(),
        ["notes/2024/jiaxing.md", "citybrief.toml"],
    );
    assert_eq!(files_warned(&first.warnings), expected);
    // Mended: its warning goes; damaged again: it comes back in its place.
    for (note, warned) in [
        (b"Second.".to_vec(), &["citybrief.toml"][..]),
        (damaged("Third."), &expected[..]),
    ] {
        write(
            dir.path(),
            &vec![("notes/2024/jiaxing.md".to_string(), note)],
        );
        let (_, warnings) = super::reload_notes(&source, &first.dataset.regions, &first.warnings)?;
        assert_eq!(files_warned(&warnings), warned);
        assert_eq!(warnings, load(&source)?.warnings);
    }
    Ok(())
}

#[test]
fn chinese_headers_and_every_encoding_load() {
    use encoding_rs::{BIG5, GB18030, GBK};
    let regions_zh = "编号,中文名,英文名,级别,上级,省份\njiaxing,嘉兴市,Jiaxing,city,,浙江省\njiashan,嘉善县,,county,嘉兴,浙江省\ntaipei,臺北市,Taipei,city,,臺灣\n";
    let sources_zh = "编号,标题,发布单位,发布日期,链接,语言\ns1,嘉兴招商,嘉兴日报,2024-10-08,https://example.cn/a,zh-Hans\n";
    let projects_zh = "编号,地区,签约日期,项目名称,产业,投资额,币种,外资,世界500强,进度,来源,备注\np1,嘉善,2024-3-5,𠀀项目,汽车,超5000万美元,美元,否,否,投产,s1,\n";
    let indicators_big5 = "region,period,metric,value,source,event,note\ntaipei,2024,signed_projects,12,s1,,臺北市招商\n";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(sources_zh.as_bytes());
    let files: Files = vec![
        ("regions.csv".into(), GBK.encode(regions_zh).0.into_owned()),
        ("sources.csv".into(), bom),
        (
            "projects.csv".into(),
            GB18030.encode(projects_zh).0.into_owned(),
        ),
        (
            "indicators.csv".into(),
            BIG5.encode(indicators_big5).0.into_owned(),
        ),
    ];
    let loaded = load_ok(&files);
    assert!(loaded.warnings.is_empty(), "{}", lines(&loaded.warnings));
    let d = &loaded.dataset;
    assert_eq!(
        d.regions
            .resolve("嘉善")
            .map(|i| d.regions.get(i).id.as_str()),
        Ok("jiashan")
    );
    assert_eq!(d.sources[0].publisher.as_deref(), Some("嘉兴日报"));
    let project = &d.projects[0];
    assert_eq!(project.name(), "𠀀项目");
    assert_eq!(project.stage, Some(Stage::Producing));
    assert_eq!(
        project.investment.map(|a| (a.currency, a.qualifier)),
        Some((Currency::Usd, Qualifier::Over))
    );
    assert_eq!(d.indicators[0].note.as_deref(), Some("臺北市招商"));
}

#[test]
fn notes_are_loaded_by_any_period_and_region_form() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Put("notes/2024年一季度/嘉兴.md", "# 评述\n"),
    );
    apply(&mut files, &Edit::Put("notes/2024/Jiashan.md", "ok"));
    apply(
        &mut files,
        &Edit::Put("notes/2024/readme.txt", "not a note"),
    );
    let loaded = load_ok(&files);
    let notes: Vec<(&str, Period)> = loaded
        .dataset
        .notes
        .iter()
        .map(|n| (n.markdown.as_str(), n.period))
        .collect();
    let q1 = Period::parse("2024-Q1").ok();
    let y = Period::parse("2024").ok();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().any(|(m, p)| *m == "ok" && Some(*p) == y));
    assert!(notes
        .iter()
        .any(|(m, p)| *m == "# 评述\n" && Some(*p) == q1));
}

#[test]
fn config_is_loaded_and_resolved() {
    let mut files = base();
    let toml = "title = \"对比\"\nregions = [\"嘉兴\", \"huaian\"]\nlanguages = [\"zh\", \"en\"]\ntemplates = \"templates\"\n\n[exchange_rates]\nUSD = 7.2\n";
    apply(&mut files, &Edit::Put("citybrief.toml", toml));
    let config = load_ok(&files).dataset.config;
    assert_eq!(config.title.as_deref(), Some("对比"));
    assert_eq!(
        config
            .exchange_rates
            .get("USD")
            .map(|r| r.to_string())
            .as_deref(),
        Some("7.2")
    );
}

#[test]
fn a_long_parent_chain_is_fine_and_fast() {
    let mut regions = String::from("id,name_zh,level,parent\n");
    for i in 0..10_000 {
        regions.push_str(&format!(
            "r{i},地{i},zone,{}\n",
            if i == 0 {
                String::new()
            } else {
                format!("r{}", i - 1)
            }
        ));
    }
    // A long cycle too, reported once.
    for i in 0..10_000 {
        regions.push_str(&format!("c{i},环{i},zone,c{}\n", (i + 1) % 10_000));
    }
    let mut files = base();
    apply(
        &mut files,
        &Edit::Put("regions.csv", Box::leak(regions.into_boxed_str())),
    );
    apply(
        &mut files,
        &Edit::Put(
            "indicators.csv",
            "region,period,metric,value,source\nr9999,2024,signed_projects,3,s1\n",
        ),
    );
    apply(&mut files, &Edit::Remove("projects.csv"));
    let started = std::time::Instant::now();
    let found = problems(&files);
    assert!(started.elapsed().as_secs() < 10);
    let errs = errors(&found);
    assert_eq!(errs.len(), 1, "{}", lines(&found));
    assert_eq!(errs[0].row, Some(10_002));
}

#[test]
fn builtin_dataset_loads() {
    let loaded = load(&DataSource::Builtin);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}

#[test]
fn missing_folder_is_no_dataset() {
    let result = load(&DataSource::Dir("/nonexistent/citybrief".into()));
    assert!(matches!(result, Err(Error::NoDataset(_))));
}

mod workbook {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

    pub enum X {
        S(&'static str),
        N(f64),
        B(bool),
        D(u16, u8, u8),
        E,
    }

    pub fn xlsx(sheets: &[(&str, Vec<Vec<X>>)]) -> Result<Vec<u8>, XlsxError> {
        let mut workbook = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (name, rows) in sheets {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*name)?;
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        X::S(s) => sheet.write_string(r, c, *s).map(|_| ())?,
                        X::N(n) => sheet.write_number(r, c, *n).map(|_| ())?,
                        X::B(b) => sheet.write_boolean(r, c, *b).map(|_| ())?,
                        X::D(y, m, d) => sheet
                            .write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d)?,
                                &date,
                            )
                            .map(|_| ())?,
                        X::E => {}
                    }
                }
            }
        }
        workbook.save_to_buffer()
    }

    fn strings(table: &str) -> Vec<Vec<X>> {
        table
            .lines()
            .map(|l| {
                l.split(',')
                    .map(|c| if c.is_empty() { X::E } else { X::S(leak(c)) })
                    .collect()
            })
            .collect()
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    fn projects() -> Vec<Vec<X>> {
        use X::*;
        vec![
            vec![
                S("地区"),
                S("签约日期"),
                S("项目名称"),
                S("总投资"),
                S("外资"),
                S("世界500强"),
                S("来源"),
                S("x_memo"),
            ],
            vec![
                S("嘉兴"),
                D(2024, 3, 15),
                S("新能源汽车零部件"),
                S("51亿元"),
                B(true),
                N(0.0),
                S("s1"),
                S("ignored"),
            ],
            vec![E, E, E, E, E, E, E, E],
            vec![
                S("huaian"),
                N(2024.0),
                S("Chip plant"),
                N(5.1e9),
                B(false),
                B(true),
                S("s2"),
                E,
            ],
        ]
    }

    #[test]
    fn a_workbook_loads_with_typed_cells() -> Result<(), XlsxError> {
        let bytes = xlsx(&[
            ("regions", strings(REGIONS)),
            ("sources", strings(SOURCES)),
            ("projects", projects()),
            ("x_notes", strings("anything,at,all")),
        ])?;
        let files: Files = vec![("dataset.xlsx".into(), bytes)];
        let loaded = load_ok(&files);
        let p = &loaded.dataset.projects;
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].date, Period::parse_date("2024-03-15").ok());
        assert_eq!((p[0].foreign, p[0].fortune500), (Some(true), Some(false)));
        assert_eq!(p[1].date, Period::parse_date("2024").ok());
        assert_eq!(
            p[1].investment.map(|a| a.value().to_string()).as_deref(),
            Some("5100000000")
        );
        let origin = loaded.dataset.project_origin(&p[1]);
        assert_eq!(&*origin.file, "dataset.xlsx (sheet projects)");
        assert_eq!(origin.row, 4, "the sheet's row number");
        Ok(())
    }

    #[test]
    fn workbook_faults_name_the_sheet_and_row() -> Result<(), XlsxError> {
        let mut bad = projects();
        bad[3][4] = X::S("maybe");
        let bytes = xlsx(&[
            ("regions", strings(REGIONS)),
            ("sources", strings(SOURCES)),
            ("projects", bad),
            ("summary", strings("a,b")),
        ])?;
        let mut files: Files = vec![("dataset.xlsx".into(), bytes)];
        apply(&mut files, &Edit::Put("regions.csv", REGIONS));
        let found = problems(&files);
        let got: Vec<(&str, Option<usize>, Option<&str>)> = errors(&found)
            .iter()
            .map(|p| (p.file.as_str(), p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("dataset.xlsx", None, None),
                ("regions.csv", None, None),
                ("dataset.xlsx (sheet projects)", Some(4), Some("外资")),
            ],
            "{}",
            lines(&found)
        );
        assert!(found[0].message.contains("summary"));
        assert!(found[1].message.contains("dataset.xlsx"));
        Ok(())
    }

    #[test]
    fn a_corrupt_workbook_is_an_error_naming_it() {
        let mut files = base();
        apply(
            &mut files,
            &Edit::Put("dataset.xlsx", "PK\u{3}\u{4} not really a zip"),
        );
        let found = problems(&files);
        let files: Vec<&str> = errors(&found).iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["dataset.xlsx"]);
    }
}

#[test]
fn a_municipality_may_name_itself_as_its_province() {
    let mut files = base();
    apply(
        &mut files,
        &Edit::Append(
            "regions.csv",
            "shanghai,上海市,Shanghai,city,,上海市\npudong,浦东新区,,district,上海,Shanghai\n",
        ),
    );
    let d = load_ok(&files).dataset;
    let province = |r: &str| {
        d.regions
            .resolve(r)
            .ok()
            .and_then(|i| d.regions.get(i).province.clone())
    };
    assert_eq!(province("shanghai").as_deref(), Some("上海市"));
    assert_eq!(province("pudong").as_deref(), Some("Shanghai"));
}

//! A synthetic dataset written to the dataset contract, for benchmarks:
//!
//! ```sh
//! cargo run --release --example generate -- --projects 100000 --regions 60 --years 5 --out /tmp/ds100k
//! ```
//!
//! `--regions R` places: R/5 cities, each with three counties and one
//! development zone beneath it. `--years Y` years from 2020. Projects are
//! spread over the places, with heavy-tailed amounts (a Pareto law) written
//! in every notation the contract reads (`51亿元`, `超5000万美元`,
//! `"1,249.45亿元"`, `US$2.5 billion`, `50多亿元`, `近900亿元`, …), dates in
//! every accepted form, and some undated. Every city and county reports
//! indicators per quarter (and per half year), with some signing events.
//! Deterministic: the same arguments (and `--seed`) give the same bytes.

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

struct Args {
    projects: usize,
    regions: usize,
    years: i32,
    out: PathBuf,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        projects: 10_000,
        regions: 60,
        years: 5,
        out: PathBuf::from("/tmp/citybrief-ds"),
        seed: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--projects" => a.projects = num()? as usize,
            "--regions" => a.regions = (num()? as usize).max(5),
            "--years" => a.years = num()?.clamp(1, 30) as i32,
            "--seed" => a.seed = num()?.max(1),
            "--out" => a.out = PathBuf::from(&value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

const FIRST_YEAR: i32 = 2020;
const SYL_A: [&str; 20] = [
    "嘉", "淮", "临", "安", "宁", "平", "湖", "桐", "德", "长", "新", "永", "文", "武", "清", "海",
    "江", "山", "金", "玉",
];
const SYL_B: [&str; 20] = [
    "兴", "阳", "川", "丰", "源", "泉", "州", "城", "南", "北", "东", "西", "宁", "康", "华", "明",
    "庆", "和", "顺", "昌",
];
const SECTORS: [&str; 12] = [
    "新能源",
    "算力",
    "集成电路",
    "生物医药",
    "新材料",
    "高端装备",
    "汽车零部件",
    "现代物流",
    "数字经济",
    "纺织服装",
    "食品加工",
    "文旅",
];

/// A number of hundredths as text: `51`, `1.05`, `1249.45`; with digit
/// groups when asked (`1,249.45`).
fn hundredths(n: u64, groups: bool) -> String {
    let whole = n / 100;
    let frac = n % 100;
    let mut w = whole.to_string();
    if groups && whole >= 1000 {
        let digits: Vec<char> = w.chars().collect();
        let mut g = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                g.push(',');
            }
            g.push(*c);
        }
        w = g;
    }
    match frac {
        0 => w,
        f if f % 10 == 0 => format!("{w}.{}", f / 10),
        f => format!("{w}.{f:02}"),
    }
}

/// A field quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// An investment in one of the contract's notations, with the `currency`
/// cell that goes with it. Amounts follow a Pareto law: most are a few
/// hundred million yuan, a few are hundreds of 亿.
fn investment(rng: &mut Rng) -> (String, &'static str) {
    if rng.below(100) < 4 {
        return (String::new(), "");
    }
    // In hundredths of 亿元 (1e6 CNY): 0.05亿 and up, tail exponent 1.1.
    let u = rng.unit().max(1e-9);
    let yi_h = ((5.0 * u.powf(-1.0 / 1.1)) as u64).clamp(5, 300_000);
    let whole_yi = (yi_h / 100).max(1);
    let cur_cny = if rng.below(3) == 0 { "CNY" } else { "" };
    let usd_m = (yi_h as f64 / 7.2) as u64; // hundredths of 1e8 USD → millions: ×1
    match rng.below(16) {
        0..=4 => (format!("{}亿元", hundredths(yi_h, false)), cur_cny),
        5 => (format!("{}亿元", hundredths(yi_h, true)), ""),
        6 => (format!("近{whole_yi}亿元"), cur_cny),
        7 => (format!("{whole_yi}多亿元"), ""),
        8 => (format!("{whole_yi}亿元以上"), cur_cny),
        9 => (format!("超{}万美元", (usd_m.max(1)) * 100), ""),
        10 => (
            format!("US${} billion", hundredths((usd_m / 10).max(1), false)),
            "",
        ),
        11 => (format!("USD {} million", usd_m.max(1)), "USD"),
        12 => (format!("{}万元", yi_h * 100), ""),
        13 => (format!("约{}亿元", hundredths(yi_h, false)), ""),
        14 => (format!("{}", yi_h * 1_000_000), "CNY"),
        _ => (format!("{}亿", hundredths(yi_h, false)), "USD"),
    }
}

fn date(rng: &mut Rng, years: i32) -> String {
    let y = FIRST_YEAR + rng.below(years as u64) as i32;
    let m = 1 + rng.below(12);
    let d = 1 + rng.below(28);
    match rng.below(50) {
        0 => String::new(),
        1..=3 => format!("{y}"),
        4..=7 => format!("{y}-{m:02}"),
        8..=12 => format!("{y}/{m}/{d}"),
        13..=15 => format!("{y}-{m}-{d}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    }
}

struct Place {
    id: String,
    counties: Vec<String>,
    zone: String,
}

fn write(path: PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let a = args()?;
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
    let cities = (a.regions / 5).max(1);
    let sources = 50 + a.projects / 500;

    // regions.csv
    let mut regions = String::from("id,name_zh,name_en,level,parent,province\n");
    let mut places = Vec::new();
    for c in 0..cities {
        let (sa, sb) = (SYL_A[c % 20], SYL_B[(c / 20 + c) % 20]);
        let id = format!("city{c:03}");
        let _ = writeln!(
            regions,
            "{id},{sa}{sb}{c}市,City {c},city,,{}",
            if c % 2 == 0 { "浙江省" } else { "江苏省" }
        );
        let mut counties = Vec::new();
        for k in 0..3 {
            let cid = format!("{id}-county{k}");
            let level = if k == 2 { "district" } else { "county" };
            let suffix = if k == 2 { "区" } else { "县" };
            let _ = writeln!(
                regions,
                "{cid},{sa}{sb}{c}第{k}{suffix},County {c}-{k},{level},{id},浙江省"
            );
            counties.push(cid);
        }
        let zid = format!("{id}-etdz");
        let _ = writeln!(
            regions,
            "{zid},{sa}{sb}{c}经济技术开发区,\"City {c} Economic and Technological Development Zone\",zone,{id},浙江省"
        );
        places.push(Place {
            id,
            counties,
            zone: zid,
        });
    }
    write(a.out.join("regions.csv"), &regions)?;

    // sources.csv
    let mut src = String::from("id,title,publisher,published,url,language\n");
    for s in 0..sources {
        let y = FIRST_YEAR + (s as i32 % a.years);
        let _ = writeln!(
            src,
            "s{s:05},\"招商引资简报第{s}期,重大项目集中签约\",投资促进中心,{y}-{:02}-{:02},https://example.org/news/{s},{}",
            1 + s % 12,
            1 + s % 28,
            if s % 7 == 0 { "zh-Hant" } else { "zh-Hans" }
        );
    }
    write(a.out.join("sources.csv"), &src)?;

    // projects.csv
    let mut out = String::with_capacity(a.projects * 140);
    out.push_str(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    let flags = ["true", "false", "是", "否", "1", "0", "", "", "yes", "No"];
    let stages = [
        "signed",
        "registered",
        "land",
        "started",
        "producing",
        "签约",
        "开工",
        "投产",
        "",
    ];
    for p in 0..a.projects {
        // Larger cities get more projects (a Zipf-like weight).
        let c = ((rng.unit().powi(2)) * cities as f64) as usize % cities;
        let place = &places[c];
        let region = match rng.below(10) {
            0..=3 => place.id.as_str(),
            4..=8 => place.counties[rng.below(3) as usize].as_str(),
            _ => place.zone.as_str(),
        };
        let sector = rng.pick(&SECTORS);
        let (amount, currency) = investment(&mut rng);
        let name = match rng.below(8) {
            0 => format!("{sector}产业园(一期,二期)项目{p}"),
            1 => format!("“{sector}”总部基地{p}"),
            _ => format!("{sector}项目{p}"),
        };
        let note = if rng.below(20) == 0 {
            "原文未给出所在县(市、区)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "p{p:07},{region},{},{},{},{},{currency},{},{},{},s{:05},{}",
            date(&mut rng, a.years),
            field(&name),
            if rng.below(30) == 0 { "" } else { sector },
            field(&amount),
            rng.pick(&flags),
            rng.pick(&flags),
            rng.pick(&stages),
            rng.below(sources as u64),
            note,
        );
    }
    write(a.out.join("projects.csv"), &out)?;

    // indicators.csv: per city and county, per quarter and half year.
    let mut ind = String::from("region,period,metric,value,source,event,note\n");
    for place in &places {
        for region in std::iter::once(&place.id).chain(place.counties.iter().take(1)) {
            for y in FIRST_YEAR..FIRST_YEAR + a.years {
                let s = rng.below(sources as u64);
                for q in 1..=4 {
                    let fdi = 50 + rng.below(5_000);
                    let _ = writeln!(
                        ind,
                        "{region},{y}-Q{q},fdi_actual,{}亿美元,s{s:05},,",
                        hundredths(fdi, false)
                    );
                    let yoy = rng.below(900) as i64 - 300;
                    let _ = writeln!(
                        ind,
                        "{region},{y}-Q{q},fdi_actual_yoy,{}{}.{}%,s{s:05},,",
                        if yoy < 0 { "-" } else { "" },
                        yoy.abs() / 10,
                        yoy.abs() % 10
                    );
                    let _ = writeln!(
                        ind,
                        "{region},{y}年{}季度,signed_projects,{}多,s{s:05},,",
                        ["一", "二", "三", "四"][q - 1],
                        10 + rng.below(300)
                    );
                }
                let _ = writeln!(
                    ind,
                    "{region},{y}-H1,signed_investment,\"{}亿元\",s{s:05},,",
                    hundredths(100_000 + rng.below(200_000), true)
                );
                let _ = writeln!(
                    ind,
                    "{region},{y}年1-9月,fdi_actual,超{}万美元,s{s:05},,按商务部口径",
                    5000 + rng.below(90_000)
                );
                let _ = writeln!(
                    ind,
                    "{region},{y},fdi_rank_province,第{},s{s:05},,",
                    1 + rng.below(11)
                );
                // A signing event: a day's tally, never a period's figure.
                let _ = writeln!(
                    ind,
                    "{region},{y}-{:02}-{:02},signed_investment,近{}亿元,s{s:05},集中签约仪式,",
                    1 + rng.below(12),
                    1 + rng.below(28),
                    100 + rng.below(900)
                );
            }
        }
    }
    write(a.out.join("indicators.csv"), &ind)?;

    write(
        a.out.join("citybrief.toml"),
        "# A synthetic dataset for benchmarks (benches/generate.rs).\n\
         title = \"合成数据集 · Synthetic dataset\"\n\
         languages = [\"zh\", \"en\"]\n\n\
         [exchange_rates]\nUSD = 7.2\nEUR = 7.8\n",
    )?;
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("generate: {e}");
        std::process::exit(2);
    }
}

//! The words of a brief that are not figures: interface strings and the
//! sentences that explain comparability, in Chinese and English. Numbers in
//! them come from `crate::format`.

use crate::aggregate::Comparability;
use crate::format::{self, Lang};
use crate::model::{Currency, Dataset, Level, Period, Stage};
use std::collections::BTreeMap;

/// Interface strings, looked up in templates as `t.key`.
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        ("brief", "简报", "Brief"),
        ("briefs", "简报列表", "Briefs"),
        ("latest", "最新数据对比", "Latest figures"),
        ("period", "期间", "Period"),
        ("regions", "对比地区", "Regions compared"),
        ("summary", "摘要", "Summary"),
        ("key_figures", "主要指标对比", "Key figures"),
        ("metric", "指标", "Metric"),
        ("charts", "图表", "Charts"),
        ("inner", "下辖地区及园区数据", "Figures of places within"),
        ("region", "地区", "Region"),
        ("value", "数值", "Value"),
        ("source", "来源", "Source"),
        ("events", "签约活动", "Signing events"),
        ("event", "活动", "Event"),
        ("date", "日期", "Date"),
        ("projects", "重点项目", "Largest listed projects"),
        ("project", "项目", "Project"),
        ("sector", "行业", "Sector"),
        ("investment", "总投资", "Investment"),
        ("stage", "进度", "Stage"),
        ("undated", "未注明日期的项目", "Projects with no date"),
        (
            "no_projects",
            "本期无在列项目。",
            "No listed projects in this period.",
        ),
        ("comparability", "可比性说明", "Comparability"),
        ("analyst_notes", "分析评注", "Analyst's notes"),
        ("references", "资料来源", "Sources"),
        (
            "computed",
            "据在列项目计算",
            "computed from listed projects",
        ),
        ("rank", "位次", "rank"),
        ("share", "占比", "share"),
        ("other_lang", "English", "中文"),
        ("index", "全部简报", "All briefs"),
        ("regions_index", "地区", "Regions"),
        ("feed", "订阅", "Feed"),
        ("unknown", "未注明", "not stated"),
        ("more", "另有", "more:"),
        ("period_of", "期间为", "period"),
        ("missing", "–", "–"),
        ("generated", "由 citybrief 生成", "Made with citybrief"),
        ("colon", "：", ": "),
        ("sep", "；", "; "),
        ("list_sep", "、", ", "),
        ("open", "（", " ("),
        ("close", "）", ")"),
        ("from_n_before", "据", "from "),
        ("from_n_after", "个在列项目计算", " listed projects"),
        ("from_one_after", "个在列项目计算", " listed project"),
        ("listed_projects", "个在列项目", " listed projects"),
        ("not_converted", "未折算", "not converted"),
        ("rank_prefix", "第", "#"),
        ("rank_suffix", "位", ""),
        ("notes_title", "注", "Notes"),
        ("foreign", "外资", "foreign"),
        ("fortune500", "世界500强", "Fortune 500"),
        ("yes", "是", "yes"),
        ("no", "否", "no"),
        ("skip", "跳至正文", "Skip to content"),
        ("lang_name", "中文", "English"),
        ("period_count", "个在列项目", "listed projects"),
        ("published", "发布", "published"),
        ("trend", "走势", "Trend"),
        ("single", "其他数据", "Other figures"),
        ("sentence_sep", "", " "),
        ("gap_before", "与首位差", ""),
        ("within_before", "属", "part of "),
        ("within_after", "", ""),
        ("gap_after", "", " behind #1"),
        ("unknown_count", "个未注明", " not stated"),
        ("all_periods", "各期数据", "Figures by period"),
    ];
    pick(pairs, lang)
}

/// A table of (key, Chinese, English) strings in one language.
pub fn pick(
    pairs: &[(&'static str, &'static str, &'static str)],
    lang: Lang,
) -> BTreeMap<&'static str, &'static str> {
    pairs
        .iter()
        .map(|(k, zh, en)| (*k, if lang == Lang::Zh { *zh } else { *en }))
        .collect()
}

pub fn level(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Province, Lang::Zh) => "省",
        (Level::City, Lang::Zh) => "市",
        (Level::County, Lang::Zh) => "县（市）",
        (Level::District, Lang::Zh) => "区",
        (Level::Zone, Lang::Zh) => "园区",
        (Level::Province, Lang::En) => "province",
        (Level::City, Lang::En) => "city",
        (Level::County, Lang::En) => "county",
        (Level::District, Lang::En) => "district",
        (Level::Zone, Lang::En) => "zone",
    }
}

pub fn stage(stage: Option<Stage>, lang: Lang) -> String {
    match (stage, lang) {
        (Some(s), Lang::Zh) => s.label_zh().to_string(),
        (Some(s), Lang::En) => s.label_en().to_string(),
        (None, _) => format::MISSING.to_string(),
    }
}

pub fn period(period: &Period, lang: Lang) -> String {
    match lang {
        Lang::Zh => period.label_zh(),
        Lang::En => period.label_en(),
    }
}

fn currency_name(currency: Currency, lang: Lang) -> &'static str {
    match (currency, lang) {
        (Currency::Cny, Lang::Zh) => "人民币",
        (Currency::Usd, Lang::Zh) => "美元",
        (Currency::Eur, Lang::Zh) => "欧元",
        (c, Lang::En) => c.code(),
    }
}

/// One comparability note as a sentence.
pub fn note(data: &Dataset, note: &Comparability, lang: Lang) -> String {
    let name = |r| data.regions.get(r).name(lang).to_string();
    let zh = lang == Lang::Zh;
    match note {
        Comparability::Nested { inner, outer } => {
            if zh {
                format!(
                    "{}位于{}境内：{}的数据已包含{}，二者不相加、不排位次。",
                    name(*inner),
                    name(*outer),
                    name(*outer),
                    name(*inner)
                )
            } else {
                format!(
                    "{} lies inside {}: {}'s figures include {}'s, so the two are never added or ranked against each other.",
                    name(*inner), name(*outer), name(*outer), name(*inner)
                )
            }
        }
        Comparability::Periods { periods } => {
            let list: Vec<String> = periods.iter().map(|p| period(p, lang)).collect();
            if zh {
                format!("各地数据期间不同（{}），不排位次。", list.join("、"))
            } else {
                format!(
                    "The figures cover different periods ({}), so they are not ranked.",
                    list.join(", ")
                )
            }
        }
        Comparability::Currencies { currencies } => {
            let list: Vec<&str> = currencies.iter().map(|c| currency_name(*c, lang)).collect();
            if zh {
                format!(
                    "金额币种不同（{}）且未设定汇率，不作比较。",
                    list.join("、")
                )
            } else {
                format!("Amounts are in different currencies ({}) with no exchange rate set, so they are not compared.", list.join(", "))
            }
        }
        Comparability::Rate {
            currency,
            rate,
            source,
        } => {
            let src = source.as_deref().unwrap_or("citybrief.toml");
            if zh {
                format!(
                    "{}金额按1{}={}元人民币折算（汇率来源：{}）。",
                    currency_name(*currency, lang),
                    currency_name(*currency, lang),
                    rate.normalize(),
                    src
                )
            } else {
                format!(
                    "{} amounts are converted at CNY {} per {} (rate from {}).",
                    currency.code(),
                    rate.normalize(),
                    currency.code(),
                    src
                )
            }
        }
        Comparability::NoRate { currency } => {
            if zh {
                format!("未设定{}汇率：{}金额单列，不计入人民币合计；按人民币划分的规模档次只含人民币金额。", currency_name(*currency, lang), currency_name(*currency, lang))
            } else {
                format!("No exchange rate is set for {c}: {c} amounts are kept apart from CNY totals, and the CNY size brackets hold CNY amounts only.", c = currency.code())
            }
        }
        Comparability::Qualified => {
            if zh {
                "部分数据为约数或下限（超、近、约、以上），位次按字面数值排列。".to_string()
            } else {
                "Some figures are bounds or approximations (over, nearly, about, at least); ranks take them at face value.".to_string()
            }
        }
        Comparability::ReportedDiffers { region } => {
            if zh {
                format!("{}的报道数据与在列项目计算结果不同：在列项目可能只是来源统计的一部分，以报道数据为准。", name(*region))
            } else {
                format!("For {}, the reported figure differs from the one computed from listed projects, which may be only some of those the source counted; the reported figure leads.", name(*region))
            }
        }
        Comparability::Events => {
            if zh {
                "签约活动的数据单独列出，不作为期间数据。".to_string()
            } else {
                "Figures of signing events are listed on their own and are never counted as a period's figures.".to_string()
            }
        }
        Comparability::Definitions => {
            if zh {
                "部分数据为来源报道数，部分为据在列项目计算数，口径不同，不排位次。".to_string()
            } else {
                "Some figures are reported by sources and others computed from listed projects; the definitions differ, so they are not ranked.".to_string()
            }
        }
        Comparability::Latest => {
            if zh {
                "本简报并列各地各项指标的最新数据，每个数据标注其所属期间；期间不同的数据不排位次。"
                    .to_string()
            } else {
                "This brief sets each region's newest figure of each metric side by side, each with its own period; figures of different periods are not ranked.".to_string()
            }
        }
    }
}

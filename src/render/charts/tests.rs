use super::*;

const REGIONS: [&str; 12] = [
    "嘉兴市南湖区",
    "嘉善县经济开发区",
    "淮安",
    "宁波市鄞州区",
    "南京市江宁区",
    "杭州市余杭区",
    "上海市浦东新区",
    "苏州工业园区",
    "淮安市清江浦区",
    "湖州",
    "绍兴市柯桥区经济技术开发区",
    "Wuxi New District",
];
const BRACKETS: [&str; 4] = ["<1亿", "1–10亿", "10–50亿", "≥50亿"];
const PERIODS: [&str; 8] = [
    "2019年",
    "2020年",
    "2021年",
    "2022年",
    "2023年",
    "2024年",
    "2025年上半年",
    "2025年",
];

fn yi(v: f64) -> String {
    format!("{}亿", text::tick_label(v))
}

fn bars(n: usize) -> Chart {
    Chart::Bar(BarChart {
        id: format!("bar{n}"),
        title: "签约项目总投资（亿元）".into(),
        description: format!("{n} 个地区的签约项目总投资"),
        unit: "亿元".into(),
        bars: (0..n)
            .map(|i| {
                let value = 1350.0 - 110.0 * i as f64;
                Bar {
                    label: REGIONS[i].into(),
                    value,
                    text: format!("~{}", yi(value)),
                    colour: i,
                }
            })
            .collect(),
    })
}

fn series(n: usize, slots: usize, missing: bool) -> Vec<Series> {
    (0..n)
        .map(|s| {
            let values: Vec<Option<f64>> = (0..slots)
                .map(|i| {
                    let v = 40.0 + 30.0 * ((i * 7 + s * 3) % 11) as f64 + 5.0 * s as f64;
                    (!(missing && s == 1 && i == 2)).then_some(v)
                })
                .collect();
            let texts = values
                .iter()
                .map(|v| v.map_or("无数据".into(), yi))
                .collect();
            Series {
                name: REGIONS[s].into(),
                colour: s,
                values,
                texts,
            }
        })
        .collect()
}

fn grouped(categories: usize, regions: usize) -> Chart {
    let names: Vec<String> = if categories <= 4 {
        BRACKETS[..categories]
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        (0..categories)
            .map(|i| {
                format!(
                    "{}产业",
                    REGIONS[i % 12].chars().take(4 + i % 5).collect::<String>()
                )
            })
            .collect()
    };
    Chart::Grouped(GroupedBarChart {
        id: format!("grouped{categories}x{regions}"),
        title: "项目规模分布".into(),
        description: "各地区按投资规模的项目数".into(),
        unit: "项目数".into(),
        categories: names,
        series: series(regions, categories, true),
    })
}

fn lines(points: usize, regions: usize) -> Chart {
    Chart::Line(LineChart {
        id: format!("line{points}x{regions}"),
        title: "历年签约项目总投资".into(),
        description: "各地区历年签约项目总投资（亿元）".into(),
        unit: "亿元".into(),
        x_labels: PERIODS[..points].iter().map(|s| s.to_string()).collect(),
        series: series(regions, points, true),
    })
}

fn samples() -> Vec<Chart> {
    let mut negative = bars(3);
    if let Chart::Bar(c) = &mut negative {
        c.id = "negative".into();
        c.title = "同比增速（%）".into();
        c.unit = "%".into();
        for (bar, v) in c.bars.iter_mut().zip([12.5, -8.25, 0.0]) {
            bar.value = v;
            bar.text = format!("{v}%");
        }
    }
    let mut zeros = bars(3);
    if let Chart::Bar(c) = &mut zeros {
        c.id = "zeros".into();
        c.title = "一个很长很长的标题：长三角地区各城市二〇二四年签约项目总投资与上年同期相比的变化情况（亿元）".into();
        for bar in &mut c.bars {
            (bar.value, bar.text) = (0.0, "0亿".into());
        }
    }
    let english = Chart::Grouped(GroupedBarChart {
        id: "english".into(),
        title: "Projects by sector".into(),
        description: "Number of projects per sector and region".into(),
        unit: "CNY bn".into(),
        categories: [
            "Advanced manufacturing",
            "New energy vehicles",
            "Biomedicine",
            "Digital economy & software",
        ]
        .map(String::from)
        .to_vec(),
        series: series(2, 4, false),
    });
    let mut growth = lines(6, 3);
    if let Chart::Line(c) = &mut growth {
        c.id = "growth".into();
        c.unit = "%".into();
        for s in &mut c.series {
            for (v, t) in s.values.iter_mut().zip(&mut s.texts) {
                if let Some(v) = v {
                    *v = (*v - 200.0) / 10.0;
                    *t = format!("{v}%");
                }
            }
        }
    }
    vec![
        zeros,
        english,
        growth,
        bars(1),
        bars(2),
        bars(3),
        bars(12),
        negative,
        grouped(1, 1),
        grouped(4, 3),
        grouped(12, 3),
        grouped(4, 8),
        lines(2, 1),
        lines(5, 3),
        lines(8, 3),
        lines(8, 8),
    ]
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn kind_of(chart: &Chart) -> Option<ChartErrorKind> {
    render_svg(chart).err().map(|e| e.kind)
}

#[test]
fn every_kind_renders_one_three_and_twelve_entries() -> TestResult {
    let charts = [
        bars(1),
        bars(3),
        bars(12),
        grouped(1, 1),
        grouped(3, 3),
        grouped(12, 3),
        grouped(4, 12),
    ]
    .into_iter()
    .chain([lines(2, 1), lines(3, 3), lines(8, 12)]);
    for chart in charts {
        let svg = render_svg(&chart)?;
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{}",
            chart.id()
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        // The first region appears as a category label or in the legend.
        assert!(svg.contains(">\n嘉兴市南湖区\n</text>"), "{}", chart.id());
    }
    Ok(())
}

#[test]
fn output_is_deterministic() -> TestResult {
    for chart in samples() {
        assert_eq!(render_svg(&chart)?, render_svg(&chart)?, "{}", chart.id());
    }
    Ok(())
}

#[test]
fn root_is_accessible_responsive_and_titled() -> TestResult {
    let svg = render_svg(&bars(3))?;
    let root_end = svg.find('>').unwrap_or(0);
    let root = &svg[..root_end];
    for attribute in [
        "role=\"img\"",
        "aria-labelledby=\"bar3-title bar3-desc\"",
        "viewBox=\"0 0 800 ",
        "width=\"100%\"",
    ] {
        assert!(root.contains(attribute), "{attribute} missing in {root}");
    }
    assert!(
        !root.contains("height=\""),
        "a fixed height would stop scaling: {root}"
    );
    let children = &svg[root_end + 1..];
    assert!(children.starts_with("\n<title id=\"bar3-title\">签约项目总投资（亿元）</title>\n<desc id=\"bar3-desc\">3 个地区"));
    assert!(!svg.contains("<?xml"));
    Ok(())
}

#[test]
fn nothing_external_is_referenced() -> TestResult {
    for chart in samples() {
        let svg = render_svg(&chart)?;
        assert_eq!(
            svg.matches("http").count(),
            1,
            "only the SVG namespace: {}",
            chart.id()
        );
        assert!(!svg.contains("xlink:href") && !svg.contains("<image") && !svg.contains("url("));
    }
    Ok(())
}

#[test]
fn every_text_uses_the_cjk_font_list_said_once_on_the_root() -> TestResult {
    for chart in samples() {
        let svg = render_svg(&chart)?;
        let family = "font-family=\"&quot;Noto Sans CJK SC&quot;, &quot;Source Han Sans SC&quot;, &quot;PingFang SC&quot;, \
                      &quot;Microsoft YaHei&quot;, &quot;WenQuanYi Micro Hei&quot;, sans-serif\"";
        let root = &svg[..svg.find('>').unwrap_or(0)];
        assert!(root.contains(family), "{root}");
        // Texts inherit it: none names another.
        assert_eq!(svg.matches("font-family").count(), 1, "{svg}");
        assert!(svg.matches("<text").count() >= 2);
        // The default opacity is not repeated; other opacities stay.
        assert!(!svg.contains(" opacity=\"1\""), "{svg}");
    }
    Ok(())
}

#[test]
fn user_text_is_escaped() -> TestResult {
    let evil = "<script>alert(1)</script> & \"q\"";
    let mut charts = vec![bars(2), grouped(2, 2), lines(3, 2)];
    for chart in &mut charts {
        match chart {
            Chart::Bar(c) => {
                c.title = evil.into();
                c.unit = evil.into();
                c.bars[0].label = evil.into();
                c.bars[1].text = evil.into();
            }
            Chart::Grouped(c) => {
                c.description = evil.into();
                c.categories[0] = evil.into();
                c.series[0].name = evil.into();
            }
            Chart::Line(c) => {
                c.x_labels[0] = evil.into();
                c.series[1].name = evil.into();
                c.series[0].texts[0] = evil.into();
            }
        }
    }
    for chart in &charts {
        let svg = render_svg(chart)?;
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{}", chart.id());
        assert!(!svg.contains(" & "));
    }
    Ok(())
}

#[test]
fn empty_input_is_an_empty_error() {
    let mut no_bars = bars(1);
    if let Chart::Bar(c) = &mut no_bars {
        c.bars.clear();
    }
    let mut no_series = grouped(3, 2);
    if let Chart::Grouped(c) = &mut no_series {
        c.series.clear();
    }
    let mut all_missing = lines(3, 2);
    if let Chart::Line(c) = &mut all_missing {
        c.series
            .iter_mut()
            .for_each(|s| s.values.iter_mut().for_each(|v| *v = None));
    }
    for chart in [no_bars, no_series, all_missing] {
        assert_eq!(
            kind_of(&chart),
            Some(ChartErrorKind::Empty),
            "{}",
            chart.id()
        );
    }
    let message = render_svg(&Chart::Grouped(GroupedBarChart {
        id: "g".into(),
        title: String::new(),
        description: String::new(),
        unit: String::new(),
        categories: vec![],
        series: vec![],
    }))
    .err()
    .map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("chart `g`: nothing to draw: no categories")
    );
}

#[test]
fn inconsistent_input_is_invalid() {
    let mut short = lines(4, 2);
    if let Chart::Line(c) = &mut short {
        c.series[1].values.pop();
    }
    let mut nan = bars(2);
    if let Chart::Bar(c) = &mut nan {
        c.bars[1].value = f64::NAN;
    }
    let mut bad_id = bars(2);
    if let Chart::Bar(c) = &mut bad_id {
        c.id = "图 1".into();
    }
    for chart in [short, nan, bad_id] {
        assert_eq!(
            kind_of(&chart),
            Some(ChartErrorKind::Invalid),
            "{}",
            chart.id()
        );
    }
}

#[test]
fn zero_and_negative_values_render() -> TestResult {
    let mut zeros = bars(3);
    if let Chart::Bar(c) = &mut zeros {
        c.bars.iter_mut().for_each(|b| b.value = 0.0);
    }
    render_svg(&zeros)?;
    let negative = samples().into_iter().find(|c| c.id() == "negative");
    let svg = render_svg(&negative.ok_or("no negative sample")?)?;
    assert!(
        svg.contains(">\n-8.25%\n</text>") && svg.contains(">\n-5\n</text>"),
        "{svg}"
    );
    Ok(())
}

#[test]
fn twelve_bars_get_a_taller_chart() -> TestResult {
    let height = |svg: &str| {
        svg.split("viewBox=\"0 0 800 ")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
    };
    let (small, big) = (render_svg(&bars(3))?, render_svg(&bars(12))?);
    let (small, big): (u32, u32) = (
        height(&small).ok_or("h")?.parse()?,
        height(&big).ok_or("h")?.parse()?,
    );
    assert!(big >= small + 9 * 30, "{small} vs {big}");
    Ok(())
}

#[test]
fn many_periods_are_named_every_few_never_cut() -> TestResult {
    let quarters = ["一", "二", "三", "四"];
    let years = || (2020..2025).flat_map(|y| (0..4).map(move |q| (y, q)));
    let zh: Vec<String> = years()
        .map(|(y, q)| format!("{y}年{}季度", quarters[q]))
        .collect();
    let en: Vec<String> = years().map(|(y, q)| format!("Q{} {y}", q + 1)).collect();
    for (lang, names) in [("zh", zh), ("en", en)] {
        let svg = render_svg(&Chart::Line(LineChart {
            id: "quarters".into(),
            title: "t".into(),
            description: "d".into(),
            unit: "u".into(),
            x_labels: names.clone(),
            series: series(2, names.len(), false),
        }))?;
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1)?.split('<').next())
            .map(str::trim)
            .collect();
        assert!(!texts.iter().any(|t| t.contains('…')), "{lang}: {texts:?}");
        let named: Vec<usize> = (0..names.len())
            .filter(|i| texts.contains(&names[*i].as_str()))
            .collect();
        // The newest, and others at one even step back from it.
        assert_eq!(named.last(), Some(&(names.len() - 1)), "{lang}: {named:?}");
        assert!(named.len() >= 4, "{lang}: {named:?}");
        let step = named[1] - named[0];
        assert!(
            named.windows(2).all(|w| w[1] - w[0] == step),
            "{lang}: {named:?}"
        );
    }
    // Few periods: every one named.
    let svg = render_svg(&lines(8, 2))?;
    assert!(PERIODS.iter().all(|p| svg.contains(&format!("\n{p}\n"))));
    Ok(())
}

/// The value axis' tick labels of a bar chart (below the plot) or a line
/// chart (left of it, right-aligned): the numbers there.
fn ticks(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter(|t| {
            let tag = t.split('>').next().unwrap_or("");
            tag.contains("dy=\"0.76em\"") || tag.contains("text-anchor=\"end\"")
        })
        .filter_map(|t| t.split('>').nth(1)?.split('<').next())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ",.-".contains(c)))
        .collect()
}

#[test]
fn counts_get_whole_ticks_amounts_any() -> TestResult {
    let counts = |values: &[f64]| {
        Chart::Bar(BarChart {
            id: "counts".into(),
            title: "签约项目数".into(),
            description: "d".into(),
            unit: "个".into(),
            bars: values
                .iter()
                .enumerate()
                .map(|(i, v)| Bar {
                    label: REGIONS[i].into(),
                    value: *v,
                    text: v.to_string(),
                    colour: i,
                })
                .collect(),
        })
    };
    for values in [&[1.0, 0.0][..], &[0.0, 0.0], &[3.0, 1.0], &[2.0]] {
        let whole = ticks(&render_svg(&counts(values))?);
        assert!(whole.len() >= 2, "{values:?}: {whole:?}");
        assert!(
            !whole.iter().any(|t| t.contains('.')),
            "{values:?}: {whole:?}"
        );
    }
    // Not all whole: fractions stay where they help.
    let fractions = ticks(&render_svg(&counts(&[0.6, 0.25]))?);
    assert!(fractions.iter().any(|t| t.contains('.')), "{fractions:?}");
    // A line of counts too.
    let mut line = lines(4, 2);
    if let Chart::Line(l) = &mut line {
        for s in &mut l.series {
            s.values = vec![Some(1.0), Some(0.0), None, Some(1.0)];
        }
    }
    let line_ticks = ticks(&render_svg(&line)?);
    assert!(
        line_ticks.len() >= 2 && !line_ticks.iter().any(|t| t.contains('.')),
        "{line_ticks:?}"
    );
    Ok(())
}

/// Start tags `<name …>` in `svg` whose attributes contain `needle`.
fn tags<'a>(svg: &'a str, name: &str, needle: &str) -> Vec<&'a str> {
    svg.split(&format!("<{name} "))
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .filter(|tag| tag.contains(needle))
        .collect()
}

fn number(tag: &str, attribute: &str) -> f64 {
    tag.split(&format!(" {attribute}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

#[test]
fn legend_sits_below_the_bars() -> TestResult {
    let svg = render_svg(&grouped(4, 8))?;
    let rects: Vec<&str> = PALETTE
        .iter()
        .flat_map(|c| tags(&svg, "rect", &format!("fill=\"{c}\"")))
        .collect();
    let (swatches, bars): (Vec<&str>, Vec<&str>) =
        rects.into_iter().partition(|r| number(r, "height") == 14.0);
    assert_eq!((swatches.len(), bars.len()), (8, 31), "one bar is missing");
    let lowest_bar = bars
        .iter()
        .map(|r| number(r, "y") + number(r, "height"))
        .fold(0.0, f64::max);
    let highest_swatch = swatches
        .iter()
        .map(|r| number(r, "y"))
        .fold(f64::INFINITY, f64::min);
    assert!(
        lowest_bar + 30.0 < highest_swatch,
        "{lowest_bar} vs {highest_swatch}"
    );
    Ok(())
}

#[test]
fn missing_values_break_the_line() -> TestResult {
    let line = |values: Vec<Option<f64>>| {
        let texts = vec![String::new(); values.len()];
        Chart::Line(LineChart {
            id: "gaps".into(),
            title: "t".into(),
            description: "d".into(),
            unit: "亿元".into(),
            x_labels: (0..values.len())
                .map(|i| format!("{}年", 2020 + i))
                .collect(),
            series: vec![Series {
                name: "嘉兴".into(),
                colour: 0,
                values,
                texts,
            }],
        })
    };
    let (some, none) = (Some(5.0), None);
    // Counts include the legend's swatch: one line and one dot.
    let svg = render_svg(&line(vec![some, some, none, some, some]))?;
    assert_eq!(tags(&svg, "polyline", "stroke=\"#E69F00\"").len(), 2 + 1);
    assert_eq!(tags(&svg, "circle", "fill=\"#E69F00\"").len(), 4 + 1);
    let svg = render_svg(&line(vec![some, none, some]))?;
    assert_eq!(
        tags(&svg, "polyline", "stroke=\"#E69F00\"").len(),
        1,
        "lone points are markers only"
    );
    assert_eq!(tags(&svg, "circle", "fill=\"#E69F00\"").len(), 2 + 1);
    Ok(())
}

/// Writes every sample as /tmp/charts/<id>.html for a visual check:
/// `cargo test --lib render::charts -- --ignored write_samples`.
#[test]
#[ignore]
fn write_samples() -> TestResult {
    let dir = std::path::Path::new("/tmp/charts");
    std::fs::create_dir_all(dir)?;
    for chart in samples() {
        let svg = render_svg(&chart)?;
        let page = format!("<!doctype html><meta charset=utf-8><style>body{{margin:0;width:820px}} figure{{margin:8px;border:1px solid #ccc}}</style><figure>{svg}</figure>");
        std::fs::write(dir.join(format!("{}.html", chart.id())), page)?;
    }
    Ok(())
}

//! Figures in a normalised paragraph (simplified, half-width): amounts with
//! magnitude and currency, counts with a measure word, percentages,
//! percentage points and ranks; and figures whose number the text lost.
//! Positions are `char` indices into the paragraph.

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Amount,
    Count,
    Percent,
    Points,
    Rank,
    /// A capacity, with its unit (`GWh`): the value is the plain number.
    Energy(&'static str),
    /// An area, with its unit (`平方公里`): the value is the plain number.
    Area(&'static str),
}

impl Kind {
    /// The contract's kind of a value like this one.
    pub fn metric_kind(self) -> crate::model::value::MetricKind {
        use crate::model::value::MetricKind as M;
        match self {
            Kind::Amount => M::Money,
            Kind::Count => M::Count,
            Kind::Percent => M::Percent,
            Kind::Points => M::Points,
            Kind::Rank => M::Rank,
            Kind::Energy(_) => M::Energy,
            Kind::Area(_) => M::Area,
        }
    }
}

/// One figure: `start..end` covers qualifier, number and units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The value in contract syntax: `超1100亿元`, `51`, `44.4%`, `第2`.
    pub value: String,
}

/// A figure whose number is missing or whose label is garbled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Garble {
    pub start: usize,
    pub end: usize,
    pub reason: &'static str,
}

/// Qualifiers written before a number, longest first, with the form to emit.
const QUALIFIERS: [(&str, &str); 12] = [
    ("将近", "近"),
    ("不低于", "不低于"),
    ("不少于", "不少于"),
    ("超过", "超过"),
    ("多于", "多于"),
    ("接近", "接近"),
    ("大约", "大约"),
    ("超", "超"),
    ("逾", "逾"),
    ("近", "近"),
    ("约", "约"),
    ("破", "超"),
];
const MAGNITUDES: [&str; 5] = ["万亿", "千万", "百万", "亿", "万"];
const CURRENCIES: [&str; 4] = ["美元", "欧元", "人民币", "元"];
const MEASURES: [&str; 6] = ["个", "项", "家", "批", "次", "人"];
/// Units of capacity and area, as written and as kept.
const QUANTITY_UNITS: [(&str, Kind); 12] = [
    ("GWh", Kind::Energy("GWh")),
    ("Gwh", Kind::Energy("GWh")),
    ("gwh", Kind::Energy("GWh")),
    ("MWh", Kind::Energy("MWh")),
    ("GW", Kind::Energy("GW")),
    ("MW", Kind::Energy("MW")),
    ("万千瓦", Kind::Energy("万千瓦")),
    ("平方公里", Kind::Area("平方公里")),
    ("万平方米", Kind::Area("万平方米")),
    ("平方米", Kind::Area("平方米")),
    ("公顷", Kind::Area("公顷")),
    ("亩", Kind::Area("亩")),
];
const CHINESE_DIGITS: &str = "〇一二三四五六七八九";

/// Whether `t[at..]` starts with `word`.
pub fn starts_with(t: &[char], at: usize, word: &str) -> bool {
    (at..).zip(word.chars()).all(|(i, c)| t.get(i) == Some(&c))
}

/// Whether `t[..at]` ends with `word`.
pub fn ends_with(t: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    at >= n && starts_with(t, at - n, word)
}

/// The first of `words` that `t[at..]` starts with.
fn first_of<'w>(t: &[char], at: usize, words: &[&'w str]) -> Option<&'w str> {
    words.iter().copied().find(|w| starts_with(t, at, w))
}

fn is_digit(t: &[char], i: usize) -> bool {
    t.get(i).is_some_and(char::is_ascii_digit)
}

/// The end of the number starting at `i` (`51`, `1.05`, `1,249.45`): a
/// comma only between groups of three digits, one decimal point.
fn number_end(t: &[char], i: usize) -> usize {
    let digits_from = |k: usize| (k..).take_while(|&j| is_digit(t, j)).count();
    let mut j = i + digits_from(i);
    while t.get(j) == Some(&',') && digits_from(j + 1) == 3 {
        j += 4;
    }
    if t.get(j) == Some(&'.') && digits_from(j + 1) > 0 {
        j += 1 + digits_from(j + 1);
    }
    j
}

/// The qualifier written just before `at`, as (length, emitted form).
fn qualifier_before(t: &[char], at: usize) -> Option<(usize, &'static str)> {
    let (word, form) = QUALIFIERS.iter().find(|(w, _)| ends_with(t, at, w))?;
    let n = word.chars().count();
    let prev = at.checked_sub(n + 1).and_then(|i| t.get(i)).copied();
    let ok = match *word {
        "约" => !prev.is_some_and(|c| "签节预合条公契制邀".contains(c)),
        "近" => !prev.is_some_and(|c| "最附".contains(c)),
        "破" => prev.is_some_and(|c| "首突打".contains(c)),
        _ => true,
    };
    ok.then_some((n, *form))
}

/// Whether a fall is written just before `at` (`下降3.2%`, `减少1.5个百分点`).
fn falls_before(t: &[char], at: usize) -> bool {
    ["下降", "减少", "回落", "下滑", "降低"]
        .iter()
        .any(|w| ends_with(t, at, w))
}

/// Reads the figure whose number starts at `i`.
fn figure_at(t: &[char], i: usize) -> Option<Figure> {
    let end = number_end(t, i);
    let number: String = t.get(i..end)?.iter().collect();
    let (qlen, qual) = qualifier_before(t, i).unwrap_or((0, ""));
    let (kind, units, len) = units_after(t, end)?;
    if kind == Kind::Count && number.contains('.') {
        return None; // a count is a whole number
    }
    if matches!(kind, Kind::Energy(_) | Kind::Area(_)) {
        let number = number.replace(',', "");
        return (qual.is_empty()).then_some(Figure {
            start: i,
            end: end + len,
            kind,
            value: number,
        });
    }
    let falls = matches!(kind, Kind::Percent | Kind::Points) && falls_before(t, i - qlen);
    let sign = if falls { "-" } else { "" };
    Some(Figure {
        start: i - qlen,
        end: end + len,
        kind,
        value: format!("{qual}{sign}{number}{units}"),
    })
}

/// The units after a number: (kind, text to keep in the value, chars read).
fn units_after(t: &[char], at: usize) -> Option<(Kind, String, usize)> {
    if t.get(at) == Some(&'%') {
        let suffix = first_of(t, at + 1, &["以上", "左右"]).unwrap_or("");
        return Some((
            Kind::Percent,
            format!("%{suffix}"),
            1 + suffix.chars().count(),
        ));
    }
    if starts_with(t, at, "个百分点") {
        return Some((Kind::Points, "个百分点".into(), 4));
    }
    if let Some((word, kind)) = QUANTITY_UNITS.iter().find(|(w, _)| starts_with(t, at, w)) {
        return Some((*kind, String::new(), word.chars().count()));
    }
    let mut i = at;
    let mut kept = String::new();
    let take = |i: &mut usize, words: &[&str], kept: &mut String| -> bool {
        match first_of(t, *i, words) {
            Some(w) => {
                kept.push_str(w);
                *i += w.chars().count();
                true
            }
            None => false,
        }
    };
    let mid = take(&mut i, &["多", "余"], &mut kept);
    let magnitude = take(&mut i, &MAGNITUDES, &mut kept);
    if magnitude && !mid {
        take(&mut i, &["多", "余"], &mut kept);
    }
    if take(&mut i, &CURRENCIES, &mut kept) {
        take(&mut i, &["以上", "左右", "多", "余"], &mut kept);
        return Some((Kind::Amount, kept, i - at));
    }
    if magnitude {
        return None;
    }
    let measure = first_of(t, i, &MEASURES)?;
    let after = i + 1;
    if measure == "个" && (t.get(after) == Some(&'月') || starts_with(t, i, "个百分点")) {
        return None;
    }
    let mut j = after;
    take(&mut j, &["以上", "左右"], &mut kept);
    Some((Kind::Count, kept, j - at))
}

/// Magnitudes written without a number after a qualifier (`超亿美元`,
/// `超千亿元`), and the number they stand for.
const BARE_MAGNITUDES: [(&str, &str); 6] = [
    ("千亿", "1000亿"),
    ("百亿", "100亿"),
    ("千万", "1千万"),
    ("百万", "1百万"),
    ("亿", "1亿"),
    ("万", "1万"),
];

/// An amount with no digits at `i` (the magnitude): `超亿美元` is `超1亿美元`.
fn bare_amount_at(t: &[char], i: usize) -> Option<Figure> {
    let (qlen, qual) = qualifier_before(t, i)?;
    let (word, number) = BARE_MAGNITUDES.iter().find(|(w, _)| starts_with(t, i, w))?;
    let at = i + word.chars().count();
    let currency = first_of(t, at, &CURRENCIES)?;
    let mut end = at + currency.chars().count();
    let suffix = first_of(t, end, &["以上", "左右"]).unwrap_or("");
    end += suffix.chars().count();
    let value = format!("{qual}{number}{currency}{suffix}");
    Some(Figure {
        start: i - qlen,
        end,
        kind: Kind::Amount,
        value,
    })
}

/// A rank `第2位`, `第二名` starting at `i` (the `第`).
fn rank_at(t: &[char], i: usize) -> Option<Figure> {
    let mut j = i + 1;
    let mut digits = String::new();
    while let Some(&c) = t.get(j) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if let Some(d) = CHINESE_DIGITS.chars().position(|x| x == c) {
            digits.push(char::from_digit(u32::try_from(d).ok()?, 10)?);
        } else if c == '十' {
            digits = chinese_ten(&digits, t.get(j + 1))?;
        } else {
            break;
        }
        j += 1;
    }
    if digits.is_empty() || !matches!(t.get(j), Some('位' | '名')) {
        return None;
    }
    Some(Figure {
        start: i,
        end: j + 1,
        kind: Kind::Rank,
        value: format!("第{digits}"),
    })
}

/// Digits so far after a `十`: `十` → 1 (tens), `二十` → 2 (tens).
fn chinese_ten(before: &str, next: Option<&char>) -> Option<String> {
    let tens = if before.is_empty() {
        "1".to_string()
    } else {
        before.to_string()
    };
    let unit_follows = next.is_some_and(|c| CHINESE_DIGITS.contains(*c) && *c != '〇');
    Some(if unit_follows {
        tens
    } else {
        format!("{tens}0")
    })
}

/// Whether the digit at `i` continues something else: a code (`135N`), a
/// date (`2020/12/8`), a time, or a badly grouped number (`12,34`).
fn continues_number(t: &[char], i: usize) -> bool {
    let prev = |k: usize| i.checked_sub(k).and_then(|p| t.get(p)).copied();
    let bad_group = prev(1) == Some(',') && prev(2).is_some_and(|c| c.is_ascii_digit());
    bad_group || prev(1).is_some_and(|c| c.is_ascii_alphanumeric() || "./-:".contains(c))
}

/// Every figure in the paragraph, in order.
pub fn figures(t: &[char]) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let starts_number = is_digit(t, i) && !continues_number(t, i);
        let found = if starts_number {
            figure_at(t, i)
        } else if t.get(i) == Some(&'第') {
            rank_at(t, i)
        } else if matches!(t.get(i), Some('亿' | '万' | '千' | '百')) {
            bare_amount_at(t, i)
        } else {
            None
        };
        match found {
            Some(f) => {
                i = f.end;
                out.push(f);
            }
            None if starts_number => i = number_end(t, i),
            None => i += 1,
        }
    }
    out
}

/// Figures whose number was lost: `项目个`, `总投资亿元`, `增长.5%`.
pub fn garbles(t: &[char]) -> Vec<Garble> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        if let Some(g) = garble_at(t, i) {
            out.push(g);
        }
    }
    out
}

fn garble_at(t: &[char], i: usize) -> Option<Garble> {
    let prev = i.checked_sub(1).and_then(|p| t.get(p)).copied();
    if starts_with(t, i, "项目")
        && first_of(t, i + 2, &MEASURES).is_some()
        && t.get(i + 3) != Some(&'月')
        && !starts_with(t, i + 2, "个百分点")
    {
        let reason = "count lost: measure word with no number";
        return Some(Garble {
            start: i,
            end: i + 3,
            reason,
        });
    }
    if first_of(t, i, &MAGNITUDES).is_some() && prev.is_some_and(|c| "资额值达为".contains(c))
    {
        let mag = first_of(t, i, &MAGNITUDES)?.chars().count();
        if first_of(t, i + mag, &CURRENCIES).is_some() {
            let reason = "amount lost: magnitude and currency with no number";
            return Some(Garble {
                start: i,
                end: i + mag + 1,
                reason,
            });
        }
    }
    if starts_with(t, i, "上元") && prev.is_some_and(|c| "约省节省".contains(c)) {
        let reason = "amount lost: 上元 (上亿元 or 上千万元 with the magnitude lost?)";
        return Some(Garble {
            start: i,
            end: i + 2,
            reason,
        });
    }
    if t.get(i) == Some(&'.') && is_digit(t, i + 1) && !prev.is_some_and(|c| c.is_ascii_digit()) {
        let end = number_end(t, i + 1);
        let reason = "number lost before the decimal point";
        return Some(Garble {
            start: i,
            end: end + usize::from(t.get(end) == Some(&'%')),
            reason,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn values(s: &str) -> Vec<(Kind, String)> {
        figures(&chars(s))
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect()
    }

    #[test]
    fn reads_figures_in_contract_syntax() {
        use Kind::*;
        let cases: &[(&str, &[(Kind, &str)])] = &[
            ("实际利用外资23.74亿美元", &[(Amount, "23.74亿美元")]),
            ("协议引资额1249.45亿元", &[(Amount, "1249.45亿元")]),
            ("协议引资额1,249.45亿元", &[(Amount, "1,249.45亿元")]),
            ("12,34个", &[]),
            ("23.74个", &[]),
            ("总投资近900亿元", &[(Amount, "近900亿元")]),
            ("总投资将近300亿元", &[(Amount, "近300亿元")]),
            ("首破2000亿元大关", &[(Amount, "超2000亿元")]),
            ("总投资超5000万美元", &[(Amount, "超5000万美元")]),
            (
                "50亿元以上项目21个",
                &[(Amount, "50亿元以上"), (Count, "21")],
            ),
            ("50多亿元", &[(Amount, "50多亿元")]),
            ("项目265个", &[(Count, "265")]),
            ("70余项", &[(Count, "70余")]),
            ("同比增长44.4%", &[(Percent, "44.4%")]),
            ("同比下降3.2%", &[(Percent, "-3.2%")]),
            ("减少1.5个百分点", &[(Points, "-1.5个百分点")]),
            ("高出全省平均35.1个百分点", &[(Points, "35.1个百分点")]),
            ("规模列全省第二位", &[(Rank, "第2")]),
            ("列全省第十二名", &[(Rank, "第12")]),
            ("第3位", &[(Rank, "第3")]),
            ("新签约47个", &[(Count, "47")]),
            ("3个月过去了", &[]),
            ("总产能也可提升至32Gwh", &[(Energy("GWh"), "32")]),
            ("核心板块面积30.38平方公里", &[(Area("平方公里"), "30.38")]),
            ("近30平方公里", &[]),
            ("实际利用外资超亿美元", &[(Amount, "超1亿美元")]),
            ("招引投资超千亿元", &[(Amount, "超1000亿元")]),
            (
                "引进超亿美元项目51个",
                &[(Amount, "超1亿美元"), (Count, "51")],
            ),
            ("新签约亿元以上项目265个", &[(Count, "265")]),
            ("首破千亿大关", &[]),
            ("2024年", &[]),
            ("2020/12/8", &[]),
            ("年产30万片", &[]),
        ];
        for (input, want) in cases {
            let want: Vec<(Kind, String)> = want.iter().map(|(k, v)| (*k, v.to_string())).collect();
            assert_eq!(values(input), want, "{input}");
        }
    }

    #[test]
    fn values_read_under_the_contract() {
        let text = "超1100亿元、超亿美元、超千亿元、50多亿元、近900亿元、5亿多元、51个、70余项、44.4%、下降3.2%、35.1个百分点、第二位、10%以上";
        for f in figures(&chars(text)) {
            let read = crate::model::value::Value::parse(&f.value, f.kind.metric_kind());
            assert!(read.is_ok(), "{} as {:?}: {read:?}", f.value, f.kind);
        }
    }

    #[test]
    fn finds_lost_numbers() {
        let cases = [
            ("全市引进外资项目个;", "项目个"),
            ("总投资亿元的云顶新耀", "亿元"),
            ("同比增长.5%,", ".5%"),
            ("每年可以节约上元的物流城本", "上元"),
        ];
        for (input, want) in cases {
            let t = chars(input);
            let g = garbles(&t);
            assert_eq!(g.len(), 1, "{input}");
            let text: String = g.iter().flat_map(|g| t[g.start..g.end].iter()).collect();
            assert_eq!(text, want, "{input}");
        }
        for fine in ["新签约亿元以上项目265个", "超亿美元项目51个", "增长4.5%"] {
            assert!(garbles(&chars(fine)).is_empty(), "{fine}");
        }
    }
}

//! Counts, percentages, percentage points, ranks and plain quantities.

use rust_decimal::Decimal;

use crate::model::value::{Count, Percent, Points, Quantity, Rank, Value};

use super::digits::group;
use super::money::amount;
use super::wording::qualified;
use super::Lang;

/// Any figure; `unit` names the unit of a quantity (平方公里, GWh) and is
/// ignored for the other kinds.
pub fn value(v: &Value, unit: Option<&str>, lang: Lang) -> String {
    match v {
        Value::Amount(a) => amount(a, lang),
        Value::Count(c) => count(c, lang),
        Value::Percent(p) => percent(p, lang),
        Value::Points(p) => points(p, lang),
        Value::Rank(r) => rank(r, lang),
        Value::Quantity(q) => quantity(q, unit, lang),
    }
}

/// A count without measure word (templates add 个/项/家): "超1100", "300以上",
/// "over 1,100". Chinese groups digits from five digits on, English from four.
pub fn count(c: &Count, lang: Lang) -> String {
    qualified(&group(Decimal::from(c.number), lang), c.qualifier, lang)
}

/// "44.4%", "-3.2%", "10%以上", "over 10%", with the decimals as written.
pub fn percent(p: &Percent, lang: Lang) -> String {
    qualified(&format!("{}%", group(p.number, lang)), p.qualifier, lang)
}

/// "35.1个百分点", "35.1 pp", possibly negative.
pub fn points(p: &Points, lang: Lang) -> String {
    let number = group(p.number, lang);
    let figure = match lang {
        Lang::Zh => format!("{number}个百分点"),
        Lang::En => format!("{number} pp"),
    };
    qualified(&figure, p.qualifier, lang)
}

/// "第2位", "2nd".
pub fn rank(r: &Rank, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{}位", r.position),
        Lang::En => format!("{}{}", r.position, ordinal_suffix(r.position)),
    }
}

/// 1st 2nd 3rd 4th … 11th 12th 13th … 21st 22nd 23rd … 111th 112th …
fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// A plain number in its metric's unit: zh "30.38平方公里", "12.5GWh" (no
/// blank, as Chinese text writes units); en "30.38 km²", "12.5 GWh" (known
/// Chinese units are translated, others are kept as given); no unit gives the
/// plain number.
pub fn quantity(q: &Quantity, unit: Option<&str>, lang: Lang) -> String {
    let number = group(q.number, lang);
    let figure = match unit.map(str::trim).filter(|u| !u.is_empty()) {
        None => number,
        Some(unit) => match lang {
            Lang::Zh => format!("{number}{unit}"),
            Lang::En => format!("{number} {}", en_unit(unit)),
        },
    };
    qualified(&figure, q.qualifier, lang)
}

/// The English symbol of a Chinese unit, or the unit as given.
fn en_unit(unit: &str) -> &str {
    match unit {
        "平方公里" | "平方千米" => "km²",
        "平方米" => "m²",
        "公顷" => "ha",
        "亩" => "mu",
        "千瓦时" | "度" => "kWh",
        "兆瓦时" => "MWh",
        "吉瓦时" => "GWh",
        "千瓦" => "kW",
        "兆瓦" => "MW",
        "吉瓦" => "GW",
        _ => unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::digits::tests::d;
    use crate::format::wording::tests::{expect, ALL_QUALIFIERS};
    use crate::model::value::{Amount, Currency, Magnitude, Qualifier};

    /// Checks `format` against (Chinese, English) for every qualifier.
    fn check_qualified<T>(
        cases: &[(T, &str, &str)],
        format: impl Fn(&T, Qualifier, Lang) -> String,
    ) {
        for (input, zh, en) in cases {
            for q in ALL_QUALIFIERS {
                assert_eq!(format(input, q, Lang::Zh), expect(zh, q, Lang::Zh));
                assert_eq!(format(input, q, Lang::En), expect(en, q, Lang::En));
            }
        }
    }

    #[test]
    fn counts() {
        let cases = [
            (51, "51", "51"),
            (0, "0", "0"),
            (900, "900", "900"),
            (1100, "1100", "1,100"),
            (12345, "12,345", "12,345"),
            (1_234_567, "1,234,567", "1,234,567"),
        ];
        check_qualified(&cases, |&number, qualifier, lang| {
            count(&Count { number, qualifier }, lang)
        });
    }

    #[test]
    fn count_examples() {
        let c = |number, qualifier| Count { number, qualifier };
        assert_eq!(count(&c(300, Qualifier::AtLeast), Lang::Zh), "300以上");
        assert_eq!(count(&c(300, Qualifier::AtLeast), Lang::En), "at least 300");
        assert_eq!(count(&c(1100, Qualifier::Over), Lang::Zh), "超1100");
        assert_eq!(count(&c(1100, Qualifier::Over), Lang::En), "over 1,100");
        assert_eq!(count(&c(900, Qualifier::Nearly), Lang::En), "nearly 900");
        assert_eq!(count(&c(20, Qualifier::About), Lang::Zh), "约20");
    }

    #[test]
    fn percents() {
        let cases = [
            (d(444, 1), "44.4%", "44.4%"),
            (d(-32, 1), "-3.2%", "-3.2%"),
            (d(10, 0), "10%", "10%"),
            (d(100, 1), "10.0%", "10.0%"),
            (d(0, 0), "0%", "0%"),
            (d(12345, 1), "1,234.5%", "1,234.5%"),
        ];
        check_qualified(&cases, |&number, qualifier, lang| {
            percent(&Percent { number, qualifier }, lang)
        });
        let at_least = Percent {
            number: d(10, 0),
            qualifier: Qualifier::AtLeast,
        };
        assert_eq!(percent(&at_least, Lang::Zh), "10%以上");
        assert_eq!(percent(&at_least, Lang::En), "at least 10%");
    }

    #[test]
    fn points_of_percentage() {
        let cases = [
            (d(351, 1), "35.1个百分点", "35.1 pp"),
            (d(-15, 1), "-1.5个百分点", "-1.5 pp"),
            (d(0, 0), "0个百分点", "0 pp"),
            (d(2, 0), "2个百分点", "2 pp"),
        ];
        check_qualified(&cases, |&number, qualifier, lang| {
            points(&Points { number, qualifier }, lang)
        });
    }

    #[test]
    fn ranks() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (23, "23rd"),
            (101, "101st"),
            (111, "111th"),
            (112, "112th"),
            (0, "0th"),
        ];
        for (position, en) in cases {
            assert_eq!(rank(&Rank { position }, Lang::En), en);
            assert_eq!(
                rank(&Rank { position }, Lang::Zh),
                format!("第{position}位")
            );
        }
    }

    #[test]
    fn quantities() {
        let cases = [
            ((d(3038, 2), Some("平方公里")), "30.38平方公里", "30.38 km²"),
            ((d(125, 1), Some("GWh")), "12.5GWh", "12.5 GWh"),
            ((d(120, 0), Some("亩")), "120亩", "120 mu"),
            ((d(3, 0), Some("公顷")), "3公顷", "3 ha"),
            ((d(7, 0), Some("座")), "7座", "7 座"),
            ((d(3038, 2), None), "30.38", "30.38"),
            ((d(3038, 2), Some(" ")), "30.38", "30.38"),
            ((d(12345, 0), None), "12,345", "12,345"),
            ((d(0, 0), Some("平方公里")), "0平方公里", "0 km²"),
        ];
        check_qualified(&cases, |&(number, unit), qualifier, lang| {
            quantity(&Quantity { number, qualifier }, unit, lang)
        });
    }

    #[test]
    fn any_value() {
        let amount_ = Amount {
            number: d(51, 0),
            magnitude: Magnitude::Yi,
            currency: Currency::Cny,
            qualifier: Qualifier::Exact,
        };
        let exact = Qualifier::Exact;
        let cases = [
            (Value::Amount(amount_), "51亿元", "CNY 5.1 bn"),
            (
                Value::Count(Count {
                    number: 19,
                    qualifier: exact,
                }),
                "19",
                "19",
            ),
            (
                Value::Percent(Percent {
                    number: d(444, 1),
                    qualifier: exact,
                }),
                "44.4%",
                "44.4%",
            ),
            (
                Value::Points(Points {
                    number: d(351, 1),
                    qualifier: exact,
                }),
                "35.1个百分点",
                "35.1 pp",
            ),
            (Value::Rank(Rank { position: 2 }), "第2位", "2nd"),
            (
                Value::Quantity(Quantity {
                    number: d(3038, 2),
                    qualifier: exact,
                }),
                "30.38平方公里",
                "30.38 km²",
            ),
        ];
        for (v, zh, en) in cases {
            assert_eq!(value(&v, Some("平方公里"), Lang::Zh), zh);
            assert_eq!(value(&v, Some("平方公里"), Lang::En), en);
        }
    }
}

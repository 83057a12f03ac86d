//! Numbers for chart axes and bar labels: amounts in 亿 (zh) or bn (en).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::value::{Amount, Currency, Magnitude};

use super::digits::{group, round_2, round_sig4};
use super::money::en_currency;
use super::wording::qualifier_mark;
use super::Lang;

/// An amount in units of `currency` as a chart plots it: the number in 亿
/// (zh) or bn (en), and the axis unit ("亿元", "亿美元", "CNY bn", "US$ bn").
pub fn chart_number(units: Decimal, currency: Currency, lang: Lang) -> (f64, String) {
    let plotted = (units / chart_factor(lang)).to_f64().unwrap_or(f64::NAN); // ok: NaN is never drawn as 0
    (plotted, chart_unit(currency, lang))
}

/// A bar's label: the qualifier mark and the number in 亿 (two decimals at
/// most) or bn (four significant digits at most): "≥50", ">1100", "124.9".
pub fn chart_label(a: &Amount, lang: Lang) -> String {
    let Some(units) = a.number.checked_mul(a.magnitude.factor()) else {
        return format!("{}{}", qualifier_mark(a.qualifier), a.number);
    };
    let scaled = units / chart_factor(lang);
    let number = match lang {
        Lang::Zh => round_2(scaled),
        Lang::En => round_sig4(scaled),
    };
    format!("{}{}", qualifier_mark(a.qualifier), group(number, lang))
}

fn chart_factor(lang: Lang) -> Decimal {
    match lang {
        Lang::Zh => Magnitude::Yi.factor(),
        Lang::En => Magnitude::Billion.factor(),
    }
}

fn chart_unit(currency: Currency, lang: Lang) -> String {
    match (lang, currency) {
        (Lang::Zh, Currency::Cny) => "亿元".to_string(),
        (Lang::Zh, Currency::Usd) => "亿美元".to_string(),
        (Lang::Zh, Currency::Eur) => "亿欧元".to_string(),
        (Lang::En, _) => format!("{} bn", en_currency(currency)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Qualifier;

    #[test]
    fn numbers_and_units() {
        let units = Decimal::new(124_945_000_000, 0);
        let cases = [
            (Currency::Cny, Lang::Zh, 1249.45, "亿元"),
            (Currency::Usd, Lang::Zh, 1249.45, "亿美元"),
            (Currency::Eur, Lang::Zh, 1249.45, "亿欧元"),
            (Currency::Cny, Lang::En, 124.945, "CNY bn"),
            (Currency::Usd, Lang::En, 124.945, "US$ bn"),
            (Currency::Eur, Lang::En, 124.945, "EUR bn"),
        ];
        for (currency, lang, number, unit) in cases {
            let (plotted, label) = chart_number(units, currency, lang);
            assert!((plotted - number).abs() < 1e-9, "{plotted} {number}");
            assert_eq!(label, unit);
        }
    }

    #[test]
    fn labels_with_marks() {
        let a = |number: i64, scale: u32, magnitude, qualifier| Amount {
            number: Decimal::new(number, scale),
            magnitude,
            currency: Currency::Cny,
            qualifier,
        };
        let cases = [
            (a(1100, 0, Magnitude::Yi, Qualifier::Over), ">1100", ">110"),
            (a(50, 0, Magnitude::Yi, Qualifier::AtLeast), "≥50", "≥5"),
            (a(900, 0, Magnitude::Yi, Qualifier::Nearly), "<900", "<90"),
            (a(20, 0, Magnitude::Yi, Qualifier::About), "≈20", "≈2"),
            (
                a(124945, 2, Magnitude::Yi, Qualifier::Exact),
                "1,249.45",
                "124.9",
            ),
            (a(5000, 0, Magnitude::Wan, Qualifier::Exact), "0.5", "0.05"),
            (
                a(12345, 0, Magnitude::Billion, Qualifier::Exact),
                "123,450",
                "12,345",
            ),
        ];
        for (amount, zh, en) in cases {
            assert_eq!(chart_label(&amount, Lang::Zh), zh);
            assert_eq!(chart_label(&amount, Lang::En), en);
        }
    }
}

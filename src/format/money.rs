//! Amounts of money: 51亿元, 超5000万美元, CNY 124.9 bn, over US$ 50 mn.

use rust_decimal::Decimal;

use crate::model::value::{Amount, Currency, Magnitude};

use super::digits::{group, round_2, round_sig4};
use super::wording::qualified;
use super::Lang;

/// A scale a number may be shown in, from the largest down; the last is
/// always `Unit`.
type Scales = [(Magnitude, &'static str); 3];

const ZH_SCALES: Scales = [
    (Magnitude::Yi, "亿"),
    (Magnitude::Wan, "万"),
    (Magnitude::Unit, ""),
];

const EN_SCALES: Scales = [
    (Magnitude::Billion, "bn"),
    (Magnitude::Million, "mn"),
    (Magnitude::Unit, ""),
];

/// An amount as readers of `lang` write it, with its qualifier.
///
/// Chinese keeps the number and magnitude as written for 万/亿/万亿
/// ("1,249.45亿元", "5000万美元"); other magnitudes (百万, 千万, thousand,
/// million, billion) are shown exactly in 亿 or 万 ("2.5 billion" → 25亿), and
/// a plain sum in 亿 (≥ 1e8) or 万 (≥ 1e4) with at most two decimals.
/// English shows bn (≥ 1e9), mn (≥ 1e6) or the grouped number, with at most
/// four significant digits but every integer digit: "CNY 124.9 bn".
pub fn amount(a: &Amount, lang: Lang) -> String {
    let figure = match units(a) {
        Some(units) => match lang {
            Lang::Zh => zh_figure(a, units),
            Lang::En => en_figure(units, a.currency),
        },
        None => overflowed(a),
    };
    qualified(&figure, a.qualifier, lang)
}

/// The amount in units of its currency; None when it cannot be represented.
fn units(a: &Amount) -> Option<Decimal> {
    a.number.checked_mul(a.magnitude.factor())
}

fn zh_figure(a: &Amount, units: Decimal) -> String {
    let (number, magnitude) = zh_number(a, units);
    let currency = match a.currency {
        Currency::Cny => "元",
        Currency::Usd => "美元",
        Currency::Eur => "欧元",
    };
    let mut figure = group(number, Lang::Zh);
    figure.push_str(magnitude);
    figure.push_str(currency);
    figure
}

/// The number and the magnitude word a Chinese reader sees.
fn zh_number(a: &Amount, units: Decimal) -> (Decimal, &'static str) {
    match a.magnitude {
        Magnitude::Wan => (a.number, "万"),
        Magnitude::Yi => (a.number, "亿"),
        Magnitude::WanYi => (a.number, "万亿"),
        Magnitude::Unit => scaled(units, &ZH_SCALES, round_2),
        Magnitude::BaiWan
        | Magnitude::QianWan
        | Magnitude::Thousand
        | Magnitude::Million
        | Magnitude::Billion => scaled(units, &ZH_SCALES, |d| d.normalize()),
    }
}

fn en_figure(units: Decimal, currency: Currency) -> String {
    let (number, word) = scaled(units, &EN_SCALES, round_sig4);
    let number = group(number, Lang::En);
    let currency = en_currency(currency);
    if word.is_empty() {
        [currency, " ", &number].concat()
    } else {
        [currency, " ", &number, " ", word].concat()
    }
}

/// The currency as it leads an English figure.
pub(super) fn en_currency(currency: Currency) -> &'static str {
    match currency {
        Currency::Cny => "CNY",
        Currency::Usd => "US$",
        Currency::Eur => "EUR",
    }
}

/// `units` in the largest scale it reaches, rounded; when rounding reaches
/// the next scale up (9999.9999万), it is shown there instead (1亿).
fn scaled(
    units: Decimal,
    scales: &Scales,
    round: fn(Decimal) -> Decimal,
) -> (Decimal, &'static str) {
    let mut larger: Option<(Decimal, &'static str)> = None;
    for &(magnitude, word) in scales {
        let factor = magnitude.factor();
        if units.abs() >= factor || magnitude == Magnitude::Unit {
            let number = round(units / factor);
            return match larger {
                Some((up, up_word)) if number.abs() * factor >= up => (round(units / up), up_word),
                _ => (number, word),
            };
        }
        larger = Some((factor, word));
    }
    (round(units), "")
}

/// An amount too large to compute with, shown as written with its power of ten.
fn overflowed(a: &Amount) -> String {
    format!(
        "{} × {} {}",
        a.number,
        a.magnitude.factor(),
        a.currency.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::wording::tests::{expect, ALL_QUALIFIERS};
    use crate::model::value::Qualifier;
    use Currency::{Cny, Eur, Usd};
    use Magnitude::*;

    fn a(mantissa: i64, scale: u32, magnitude: Magnitude, currency: Currency) -> Amount {
        Amount {
            number: Decimal::new(mantissa, scale),
            magnitude,
            currency,
            qualifier: Qualifier::Exact,
        }
    }

    /// (amount, Chinese, English), each read with every qualifier below.
    fn table() -> Vec<(Amount, &'static str, &'static str)> {
        vec![
            (a(51, 0, Yi, Cny), "51亿元", "CNY 5.1 bn"),
            (a(124945, 2, Yi, Cny), "1,249.45亿元", "CNY 124.9 bn"),
            (a(1100, 0, Yi, Cny), "1100亿元", "CNY 110 bn"),
            (a(900, 0, Yi, Cny), "900亿元", "CNY 90 bn"),
            (a(50, 0, Yi, Cny), "50亿元", "CNY 5 bn"),
            (a(120, 2, Yi, Cny), "1.20亿元", "CNY 120 mn"),
            (a(2374, 2, Yi, Usd), "23.74亿美元", "US$ 2.374 bn"),
            (a(105, 2, Yi, Usd), "1.05亿美元", "US$ 105 mn"),
            (a(3, 0, Yi, Eur), "3亿欧元", "EUR 300 mn"),
            (a(5000, 0, Wan, Usd), "5000万美元", "US$ 50 mn"),
            (a(300, 0, Wan, Eur), "300万欧元", "EUR 3 mn"),
            (a(12000, 0, Wan, Cny), "12,000万元", "CNY 120 mn"),
            (a(5, 1, Wan, Cny), "0.5万元", "CNY 5,000"),
            (a(12, 1, WanYi, Cny), "1.2万亿元", "CNY 1,200 bn"),
            (a(3, 0, WanYi, Usd), "3万亿美元", "US$ 3,000 bn"),
            (a(3, 0, BaiWan, Cny), "300万元", "CNY 3 mn"),
            (a(250, 0, BaiWan, Eur), "2.5亿欧元", "EUR 250 mn"),
            (a(15, 1, QianWan, Usd), "1500万美元", "US$ 15 mn"),
            (a(15, 0, QianWan, Cny), "1.5亿元", "CNY 150 mn"),
            (a(500, 0, Thousand, Cny), "50万元", "CNY 500,000"),
            (a(5, 0, Thousand, Eur), "5000欧元", "EUR 5,000"),
            (a(50, 0, Million, Usd), "5000万美元", "US$ 50 mn"),
            (a(150, 0, Million, Cny), "1.5亿元", "CNY 150 mn"),
            (a(3, 0, Million, Eur), "300万欧元", "EUR 3 mn"),
            (a(25, 1, Billion, Usd), "25亿美元", "US$ 2.5 bn"),
            (a(2374, 3, Billion, Usd), "23.74亿美元", "US$ 2.374 bn"),
            (a(250, 2, Billion, Cny), "25亿元", "CNY 2.5 bn"),
            (a(999, 3, Billion, Eur), "9.99亿欧元", "EUR 999 mn"),
            (a(124945, 3, Billion, Cny), "1,249.45亿元", "CNY 124.9 bn"),
            (a(12345, 4, Billion, Cny), "12.345亿元", "CNY 1.235 bn"),
            (a(12345, 0, Billion, Usd), "123,450亿美元", "US$ 12,345 bn"),
            (a(11_800_000_000, 0, Unit, Cny), "118亿元", "CNY 11.8 bn"),
            (
                a(124_945_000_000, 0, Unit, Cny),
                "1,249.45亿元",
                "CNY 124.9 bn",
            ),
            (a(120_000_000, 0, Unit, Cny), "1.2亿元", "CNY 120 mn"),
            (a(123_456_789, 0, Unit, Usd), "1.23亿美元", "US$ 123.5 mn"),
            (a(50_000_000, 0, Unit, Cny), "5000万元", "CNY 50 mn"),
            (a(99_999_999, 0, Unit, Cny), "1亿元", "CNY 100 mn"),
            (a(999_999_999, 0, Unit, Usd), "10亿美元", "US$ 1 bn"),
            (a(999_000_000, 0, Unit, Eur), "9.99亿欧元", "EUR 999 mn"),
            (a(500_000, 0, Unit, Cny), "50万元", "CNY 500,000"),
            (a(12_345_678, 3, Unit, Cny), "1.23万元", "CNY 12,346"),
            (a(5000, 0, Unit, Eur), "5000欧元", "EUR 5,000"),
            (a(5, 1, Unit, Usd), "0.5美元", "US$ 0.5"),
            (a(0, 0, Unit, Cny), "0元", "CNY 0"),
            (a(0, 0, Yi, Cny), "0亿元", "CNY 0"),
        ]
    }

    #[test]
    fn every_qualifier_magnitude_and_currency() {
        for (base, zh, en) in table() {
            for qualifier in ALL_QUALIFIERS {
                let amount_ = Amount { qualifier, ..base };
                assert_eq!(amount(&amount_, Lang::Zh), expect(zh, qualifier, Lang::Zh));
                assert_eq!(amount(&amount_, Lang::En), expect(en, qualifier, Lang::En));
            }
        }
    }

    #[test]
    fn every_magnitude_with_every_currency() {
        let magnitudes = [
            (Unit, "3", "3"),
            (Thousand, "3000", "3,000"),
            (Wan, "3万", "30,000"),
            (BaiWan, "300万", "3 mn"),
            (Million, "300万", "3 mn"),
            (QianWan, "3000万", "30 mn"),
            (Yi, "3亿", "300 mn"),
            (Billion, "30亿", "3 bn"),
            (WanYi, "3万亿", "3,000 bn"),
        ];
        let currencies = [
            (Cny, "元", "CNY"),
            (Usd, "美元", "US$"),
            (Eur, "欧元", "EUR"),
        ];
        for (magnitude, zh_number, en_number) in magnitudes {
            for (currency, zh_word, en_word) in currencies {
                for qualifier in ALL_QUALIFIERS {
                    let amount_ = Amount {
                        qualifier,
                        ..a(3, 0, magnitude, currency)
                    };
                    let zh = expect(&format!("{zh_number}{zh_word}"), qualifier, Lang::Zh);
                    let en = expect(&format!("{en_word} {en_number}"), qualifier, Lang::En);
                    assert_eq!(amount(&amount_, Lang::Zh), zh);
                    assert_eq!(amount(&amount_, Lang::En), en);
                }
            }
        }
    }

    #[test]
    fn examples_of_the_brief() {
        let with = |q: Qualifier, amount_: Amount| Amount {
            qualifier: q,
            ..amount_
        };
        let cases = [
            (
                with(Qualifier::Over, a(1100, 0, Yi, Cny)),
                "超1100亿元",
                "over CNY 110 bn",
            ),
            (
                with(Qualifier::Nearly, a(900, 0, Yi, Cny)),
                "近900亿元",
                "nearly CNY 90 bn",
            ),
            (
                with(Qualifier::AtLeast, a(50, 0, Yi, Cny)),
                "50亿元以上",
                "at least CNY 5 bn",
            ),
            (
                with(Qualifier::About, a(3, 0, Wan, Eur)),
                "约3万欧元",
                "about EUR 30,000",
            ),
            (
                with(Qualifier::Over, a(5000, 0, Wan, Usd)),
                "超5000万美元",
                "over US$ 50 mn",
            ),
        ];
        for (amount_, zh, en) in cases {
            assert_eq!(amount(&amount_, Lang::Zh), zh);
            assert_eq!(amount(&amount_, Lang::En), en);
        }
    }

    #[test]
    fn an_amount_too_large_is_still_shown() {
        let huge = Amount {
            number: Decimal::MAX,
            ..a(1, 0, WanYi, Cny)
        };
        let written = "79228162514264337593543950335 × 1000000000000 CNY";
        assert_eq!(amount(&huge, Lang::Zh), written);
        assert_eq!(amount(&huge, Lang::En), written);
    }
}

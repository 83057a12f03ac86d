//! Changes and shares: 同比增长44.4%, 高出35.1个百分点, 42.1%.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::value::{Percent, Points, Qualifier};

use super::digits::group;
use super::figures::{percent, points};
use super::{Lang, MISSING};

/// Which way a signed figure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
    /// Zero, exactly.
    Level,
    /// Zero, "about" or "nearly".
    RoughlyLevel,
}

/// Zero with "over" or "at least" reads as a rise: 同比增长超0%.
fn direction(number: Decimal, qualifier: Qualifier) -> Direction {
    match (number.is_zero(), qualifier) {
        (true, Qualifier::Exact) => Direction::Level,
        (true, Qualifier::About | Qualifier::Nearly) => Direction::RoughlyLevel,
        _ if number.is_sign_negative() => Direction::Down,
        _ => Direction::Up,
    }
}

/// A year-on-year change, the size without its sign: zh 同比增长44.4%,
/// 同比下降3.2%, 同比持平 (约0%: 同比基本持平); en "up 44.4% year on year",
/// "down 3.2% year on year", "unchanged year on year" ("broadly unchanged").
pub fn growth(p: &Percent, lang: Lang) -> String {
    let size = percent(
        &Percent {
            number: p.number.abs(),
            ..*p
        },
        lang,
    );
    match (direction(p.number, p.qualifier), lang) {
        (Direction::Up, Lang::Zh) => format!("同比增长{size}"),
        (Direction::Down, Lang::Zh) => format!("同比下降{size}"),
        (Direction::Level, Lang::Zh) => "同比持平".to_string(),
        (Direction::RoughlyLevel, Lang::Zh) => "同比基本持平".to_string(),
        (Direction::Up, Lang::En) => format!("up {size} year on year"),
        (Direction::Down, Lang::En) => format!("down {size} year on year"),
        (Direction::Level, Lang::En) => "unchanged year on year".to_string(),
        (Direction::RoughlyLevel, Lang::En) => "broadly unchanged year on year".to_string(),
    }
}

/// A difference of rates, the size without its sign: zh 高出35.1个百分点,
/// 低3.2个百分点, 持平 (基本持平); en "35.1 percentage points higher",
/// "3.2 percentage points lower", "level" ("broadly level").
pub fn points_diff(p: &Points, lang: Lang) -> String {
    let size = Points {
        number: p.number.abs(),
        ..*p
    };
    match (direction(p.number, p.qualifier), lang) {
        (Direction::Up, Lang::Zh) => format!("高出{}", points(&size, lang)),
        (Direction::Down, Lang::Zh) => format!("低{}", points(&size, lang)),
        (Direction::Level, Lang::Zh) => "持平".to_string(),
        (Direction::RoughlyLevel, Lang::Zh) => "基本持平".to_string(),
        (Direction::Up, Lang::En) => format!("{} higher", en_points_long(&size)),
        (Direction::Down, Lang::En) => format!("{} lower", en_points_long(&size)),
        (Direction::Level, Lang::En) => "level".to_string(),
        (Direction::RoughlyLevel, Lang::En) => "broadly level".to_string(),
    }
}

/// "35.1 percentage points", "1 percentage point" (but "1.0 percentage
/// points"), with the qualifier.
fn en_points_long(p: &Points) -> String {
    let number = group(p.number, Lang::En);
    let noun = if number == "1" {
        "percentage point"
    } else {
        "percentage points"
    };
    super::wording::qualified(&format!("{number} {noun}"), p.qualifier, Lang::En)
}

/// A computed share as a percentage with one decimal, as statistical
/// bulletins write rates: 0.421 → "42.1%", 0.5 → "50.0%", in both languages.
pub fn share(fraction: Decimal, lang: Lang) -> String {
    let Some(hundredths) = fraction.checked_mul(Decimal::ONE_HUNDRED) else {
        return MISSING.to_string();
    };
    let mut rounded = hundredths
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    rounded.rescale(1);
    format!("{}%", group(rounded, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::digits::tests::d;
    use crate::format::wording::tests::ALL_QUALIFIERS;

    fn pc(mantissa: i64, scale: u32, qualifier: Qualifier) -> Percent {
        Percent {
            number: d(mantissa, scale),
            qualifier,
        }
    }

    fn pp(mantissa: i64, scale: u32, qualifier: Qualifier) -> Points {
        Points {
            number: d(mantissa, scale),
            qualifier,
        }
    }

    #[test]
    fn growth_every_direction_and_qualifier() {
        use Qualifier::*;
        let cases = [
            (pc(444, 1, Exact), "同比增长44.4%", "up 44.4% year on year"),
            (pc(-32, 1, Exact), "同比下降3.2%", "down 3.2% year on year"),
            (pc(0, 0, Exact), "同比持平", "unchanged year on year"),
            (pc(0, 1, Exact), "同比持平", "unchanged year on year"),
            (
                pc(0, 0, About),
                "同比基本持平",
                "broadly unchanged year on year",
            ),
            (
                pc(0, 0, Nearly),
                "同比基本持平",
                "broadly unchanged year on year",
            ),
            (pc(0, 0, Over), "同比增长超0%", "up over 0% year on year"),
            (pc(10, 0, Over), "同比增长超10%", "up over 10% year on year"),
            (
                pc(10, 0, AtLeast),
                "同比增长10%以上",
                "up at least 10% year on year",
            ),
            (
                pc(-50, 1, About),
                "同比下降约5.0%",
                "down about 5.0% year on year",
            ),
            (
                pc(-30, 0, Nearly),
                "同比下降近30%",
                "down nearly 30% year on year",
            ),
            (pc(-3, 0, Over), "同比下降超3%", "down over 3% year on year"),
            (
                pc(-3, 0, AtLeast),
                "同比下降3%以上",
                "down at least 3% year on year",
            ),
            (
                pc(15, 0, About),
                "同比增长约15%",
                "up about 15% year on year",
            ),
            (
                pc(12345, 1, Exact),
                "同比增长1,234.5%",
                "up 1,234.5% year on year",
            ),
        ];
        for (p, zh, en) in cases {
            assert_eq!(growth(&p, Lang::Zh), zh);
            assert_eq!(growth(&p, Lang::En), en);
        }
    }

    #[test]
    fn points_diff_every_direction_and_qualifier() {
        use Qualifier::*;
        let cases = [
            (
                pp(351, 1, Exact),
                "高出35.1个百分点",
                "35.1 percentage points higher",
            ),
            (
                pp(-32, 1, Exact),
                "低3.2个百分点",
                "3.2 percentage points lower",
            ),
            (
                pp(1, 0, Exact),
                "高出1个百分点",
                "1 percentage point higher",
            ),
            (
                pp(-10, 1, Exact),
                "低1.0个百分点",
                "1.0 percentage points lower",
            ),
            (pp(0, 0, Exact), "持平", "level"),
            (pp(0, 0, About), "基本持平", "broadly level"),
            (
                pp(5, 0, Over),
                "高出超5个百分点",
                "over 5 percentage points higher",
            ),
            (
                pp(5, 0, AtLeast),
                "高出5个百分点以上",
                "at least 5 percentage points higher",
            ),
            (
                pp(-2, 0, Nearly),
                "低近2个百分点",
                "nearly 2 percentage points lower",
            ),
            (
                pp(-2, 0, About),
                "低约2个百分点",
                "about 2 percentage points lower",
            ),
        ];
        for (p, zh, en) in cases {
            assert_eq!(points_diff(&p, Lang::Zh), zh);
            assert_eq!(points_diff(&p, Lang::En), en);
        }
    }

    #[test]
    fn every_qualifier_keeps_its_word() {
        for q in ALL_QUALIFIERS {
            let word_zh = crate::format::qualifier_word(q, Lang::Zh);
            let word_en = crate::format::qualifier_word(q, Lang::En);
            assert!(growth(&pc(7, 0, q), Lang::Zh).contains(word_zh));
            assert!(growth(&pc(-7, 0, q), Lang::En).contains(word_en));
            assert!(points_diff(&pp(7, 0, q), Lang::Zh).contains(word_zh));
            assert!(points_diff(&pp(-7, 0, q), Lang::En).contains(word_en));
        }
    }

    #[test]
    fn shares() {
        let cases = [
            (d(421, 3), "42.1%"),
            (d(5, 1), "50.0%"),
            (d(1, 0), "100.0%"),
            (d(0, 0), "0.0%"),
            (d(4215, 4), "42.2%"),
            (d(42149, 5), "42.1%"),
            (d(-5, 2), "-5.0%"),
            (d(-4, 4), "0.0%"),
            (d(123456, 3), "12,345.6%"),
        ];
        for (fraction, expected) in cases {
            assert_eq!(share(fraction, Lang::Zh), expected, "{fraction}");
            assert_eq!(share(fraction, Lang::En), expected, "{fraction}");
        }
        assert_eq!(share(Decimal::MAX, Lang::En), MISSING);
    }
}

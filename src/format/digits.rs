//! Digits: rounding, trimming and thousands separators, the same on every
//! machine (no locale is read from the environment).

use rust_decimal::{Decimal, RoundingStrategy};

use super::Lang;

/// Rounds to at most `dp` decimals, half away from zero, and drops trailing
/// zeros (and the sign of a zero).
pub(super) fn round_trim(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// At most two decimals, trailing zeros dropped: amounts in 亿/万 computed from
/// sums.
pub(super) fn round_2(d: Decimal) -> Decimal {
    round_trim(d, 2)
}

/// At most four significant digits, never fewer than the digits of the
/// integer part, trailing zeros dropped: 124.945 → 124.9, 12345.6 → 12346.
pub(super) fn round_sig4(d: Decimal) -> Decimal {
    round_trim(d, 4u32.saturating_sub(integer_digits(d)))
}

/// How many digits the integer part has (0 has one).
fn integer_digits(d: Decimal) -> u32 {
    let text = d.abs().trunc().normalize().to_string();
    u32::try_from(text.len()).unwrap_or(u32::MAX) // ok: a Decimal has < 30 digits
}

/// The number with "," between groups of three integer digits.
///
/// English groups every integer part of four or more digits ("1,100").
/// Chinese follows GB/T 15835: an integer of up to four digits is not grouped
/// ("1100", "5000"), a longer one is ("12,345"), and so is a four-digit
/// integer part before decimals ("1,249.45"). Decimals are never grouped.
pub(super) fn group(d: Decimal, lang: Lang) -> String {
    // The digits as the decimal's own text has them (its mantissa, the
    // last `scale` of them decimals), without building that text: every
    // figure of every page is written through here.
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(d.mantissa().unsigned_abs());
    let scale = d.scale() as usize;
    let (int, decimals, zeros) = match digits.len().checked_sub(scale) {
        Some(0) | None => ("0", digits, scale - digits.len()),
        Some(at) => (&digits[..at], &digits[at..], 0),
    };
    let min_digits = match (lang, scale) {
        (Lang::Zh, 0) => 5,
        _ => 4,
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    if int.len() >= min_digits {
        separate(int, &mut out);
    } else {
        out.push_str(int);
    }
    if scale > 0 {
        out.push('.');
        out.extend(std::iter::repeat_n('0', zeros));
        out.push_str(decimals);
    }
    out
}

/// "1234567" → "1,234,567", onto `out`.
fn separate(int: &str, out: &mut String) {
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A decimal written as mantissa and scale: d(1245, 2) is 12.45.
    pub(in crate::format) fn d(mantissa: i64, scale: u32) -> Decimal {
        Decimal::new(mantissa, scale)
    }

    /// `group` as it was first written: from the decimal's own text.
    fn grouped_from_text(d: Decimal, lang: Lang) -> String {
        let text = if d.is_zero() { d.abs() } else { d }.to_string();
        let (sign, unsigned) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (unsigned, None),
        };
        let min_digits = if lang == Lang::Zh && frac.is_none() {
            5
        } else {
            4
        };
        let mut out = sign.to_string();
        if int.len() >= min_digits {
            separate(int, &mut out);
        } else {
            out.push_str(int);
        }
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn digits_are_those_of_the_decimals_text(
            mantissa in proptest::prelude::any::<u128>(),
            digits in 0u32..=28,
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..=28,
        ) {
            // Any number of digits, more or fewer than the scale.
            let m = (mantissa % 10u128.pow(digits)) as i128;
            let m = if negative { -m } else { m };
            let d = Decimal::try_from_i128_with_scale(m, scale).unwrap_or(Decimal::ZERO);
            for lang in [Lang::Zh, Lang::En] {
                proptest::prop_assert_eq!(group(d, lang), grouped_from_text(d, lang));
            }
        }
    }

    #[test]
    fn a_negative_zero_has_no_sign() {
        let mut zero = Decimal::new(0, 2);
        zero.set_sign_negative(true);
        assert_eq!(group(zero, Lang::En), "0.00");
        assert_eq!(group(zero, Lang::Zh), grouped_from_text(zero, Lang::Zh));
    }

    #[test]
    fn groups_by_language() {
        let cases = [
            (d(1100, 0), "1100", "1,100"),
            (d(5000, 0), "5000", "5,000"),
            (d(12345, 0), "12,345", "12,345"),
            (d(124945, 2), "1,249.45", "1,249.45"),
            (d(9995, 1), "999.5", "999.5"),
            (d(100, 0), "100", "100"),
            (d(0, 0), "0", "0"),
            (d(-0, 2), "0.00", "0.00"),
            (d(-12345, 1), "-1,234.5", "-1,234.5"),
            (d(-12345, 0), "-12,345", "-12,345"),
            (d(1234567891, 3), "1,234,567.891", "1,234,567.891"),
            (d(123456789, 0), "123,456,789", "123,456,789"),
            (d(150, 2), "1.50", "1.50"),
        ];
        for (number, zh, en) in cases {
            assert_eq!(group(number, Lang::Zh), zh, "zh {number}");
            assert_eq!(group(number, Lang::En), en, "en {number}");
        }
    }

    #[test]
    fn rounds_to_four_significant_digits() {
        let cases = [
            (d(124945, 3), "124.9"),
            (d(12345, 4), "1.235"),
            (d(2374, 3), "2.374"),
            (d(51, 1), "5.1"),
            (d(118, 1), "11.8"),
            (d(999, 3), "0.999"),
            (d(9999999, 4), "1000"),
            (d(123456, 1), "12346"),
            (d(5000, 2), "50"),
            (d(0, 3), "0"),
            (d(-12345, 4), "-1.235"),
        ];
        for (number, expected) in cases {
            assert_eq!(round_sig4(number).to_string(), expected, "{number}");
        }
    }

    #[test]
    fn rounds_to_two_decimals() {
        let cases = [
            (d(123456789, 8), "1.23"),
            (d(1235, 3), "1.24"),
            (d(99999999, 4), "10000"),
            (d(120, 2), "1.2"),
            (d(-4, 3), "0"),
        ];
        for (number, expected) in cases {
            assert_eq!(round_2(number).to_string(), expected, "{number}");
        }
    }
}

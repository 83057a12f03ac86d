//! Figures as sources write them: amounts with Chinese magnitudes and
//! qualifiers (超/近/以上), counts, percentages, percentage points, ranks and
//! plain quantities. Parsing of every written form of the dataset contract
//! lives here ("where are 亿 amounts parsed?": `Amount::parse`).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::text::{halfwidth, may_start_blank, trim};
use Qualifier::{About, AtLeast, Nearly, Over};

/// How exact a figure is, as its source said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    /// 超, 超过, 逾, 多于, …多, …余
    Over,
    /// 近, 接近
    Nearly,
    /// 约, 大约, …左右
    About,
    /// 不低于, 不少于, …以上
    AtLeast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "CNY")]
    Cny,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
}

/// The magnitude word an amount was written with, kept so that "51亿元" is
/// shown back as 51亿元 and not as 5,100,000,000元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Magnitude {
    /// No magnitude word: the number is in units of the currency.
    Unit,
    /// 万 1e4
    Wan,
    /// 百万 1e6
    BaiWan,
    /// 千万 1e7
    QianWan,
    /// 亿 1e8
    Yi,
    /// 万亿 1e12
    WanYi,
    /// thousand 1e3
    Thousand,
    /// million, mn 1e6
    Million,
    /// billion, bn 1e9
    Billion,
}

/// A sum of money: `number` as written times the magnitude, in `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    pub number: Decimal,
    pub magnitude: Magnitude,
    pub currency: Currency,
    pub qualifier: Qualifier,
}

/// A whole number of things (projects, firms, events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Count {
    pub number: u64,
    pub qualifier: Qualifier,
}

/// A percentage such as 44.4% (`number` is 44.4), possibly negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Percent {
    pub number: Decimal,
    pub qualifier: Qualifier,
}

/// A difference of percentages: 35.1个百分点 (`number` is 35.1), possibly negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Points {
    pub number: Decimal,
    pub qualifier: Qualifier,
}

/// A place in a ranking, 1 being first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rank {
    pub position: u32,
}

/// A plain number in the unit that the metric names (area, energy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quantity {
    pub number: Decimal,
    pub qualifier: Qualifier,
}

/// What kind of figure a metric holds; decides how its values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    Count,
    Money,
    Percent,
    Points,
    Rank,
    Area,
    Energy,
}

/// One figure of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    Amount(Amount),
    Count(Count),
    Percent(Percent),
    Points(Points),
    Rank(Rank),
    Quantity(Quantity),
}

/// Why a text is not a value of the kind asked for. `expected` is written for
/// a person: "an amount such as 51亿元, 超5000万美元 or US$2.5 billion".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}; expected {expected}")]
pub struct ValueError {
    pub reason: String,
    pub expected: String,
}

// The API the rest of the pipeline uses. Bodies are filled in by the value
// work; signatures are the contract.
impl Magnitude {
    pub fn factor(self) -> Decimal {
        Decimal::from_i128_with_scale(10i128.pow(self.exponent()), 0)
    }

    /// The power of ten it stands for.
    fn exponent(self) -> u32 {
        match self {
            Magnitude::Unit => 0,
            Magnitude::Thousand => 3,
            Magnitude::Wan => 4,
            Magnitude::BaiWan | Magnitude::Million => 6,
            Magnitude::QianWan => 7,
            Magnitude::Yi => 8,
            Magnitude::Billion => 9,
            Magnitude::WanYi => 12,
        }
    }
}

/// A table of words and what each means, with the bytes its words start
/// with (in either ASCII case): most look-ups end at the text's first byte
/// (an amount is read through nine of them).
struct Words<T: 'static> {
    list: &'static [(&'static str, T)],
    first: [bool; 256],
}

impl<T> Words<T> {
    const fn new(list: &'static [(&'static str, T)]) -> Words<T> {
        let mut first = [false; 256];
        let mut i = 0;
        while i < list.len() {
            // A table's words are never empty (a compile-time error if one is).
            let byte = list[i].0.as_bytes()[0];
            first[byte.to_ascii_lowercase() as usize] = true;
            first[byte.to_ascii_uppercase() as usize] = true;
            i += 1;
        }
        Words { list, first }
    }
}

// ---------------------------------------------------------------------------
// Word tables. Longer words come before their prefixes (超过 before 超,
// 万亿 before 万, million before mn) because the first match wins.

const PREFIX_QUALIFIERS: Words<Qualifier> = Words::new(&[
    ("超过", Over),
    ("超", Over),
    ("逾", Over),
    ("多于", Over),
    ("接近", Nearly),
    ("近", Nearly),
    ("大约", About),
    ("约", About),
    ("不低于", AtLeast),
    ("不少于", AtLeast),
]);

/// 多/余 right after the number or the magnitude: `50多亿元`, `5亿多元`.
const INNER_QUALIFIERS: Words<Qualifier> = Words::new(&[("多", Over), ("余", Over), ("餘", Over)]);

const SUFFIX_QUALIFIERS: Words<Qualifier> = Words::new(&[
    ("以上", AtLeast),
    ("左右", About),
    ("多", Over),
    ("余", Over),
    ("餘", Over),
]);

const MAGNITUDES: Words<Magnitude> = Words::new(&[
    ("万亿", Magnitude::WanYi),
    ("萬億", Magnitude::WanYi),
    ("百万", Magnitude::BaiWan),
    ("百萬", Magnitude::BaiWan),
    ("千万", Magnitude::QianWan),
    ("千萬", Magnitude::QianWan),
    ("万", Magnitude::Wan),
    ("萬", Magnitude::Wan),
    ("亿", Magnitude::Yi),
    ("億", Magnitude::Yi),
    ("thousand", Magnitude::Thousand),
    ("million", Magnitude::Million),
    ("billion", Magnitude::Billion),
    ("bn", Magnitude::Billion),
    ("mn", Magnitude::Million),
]);

const CURRENCIES: Words<Currency> = Words::new(&[
    ("人民币", Currency::Cny),
    ("元", Currency::Cny),
    ("CNY", Currency::Cny),
    ("RMB", Currency::Cny),
    ("¥", Currency::Cny),
    ("\u{FFE5}", Currency::Cny), // full-width yen sign, outside the range halfwidth maps
    ("美元", Currency::Usd),
    ("US$", Currency::Usd),
    ("USD", Currency::Usd),
    ("欧元", Currency::Eur),
    ("EUR", Currency::Eur),
]);

const MEASURE_WORDS: Words<()> = Words::new(&[
    ("个", ()),
    ("項", ()),
    ("项", ()),
    ("家", ()),
    ("批", ()),
    ("次", ()),
    ("人", ()),
]);

const PERCENT_SIGNS: Words<()> = Words::new(&[("%", ()), ("\u{FE6A}", ())]);

const POINT_WORDS: Words<()> = Words::new(&[("个百分点", ()), ("百分点", ()), ("pp", ())]);

const SIGNS: Words<bool> = Words::new(&[("-", true), ("+", false)]);

const RANK_BEFORE: Words<()> = Words::new(&[("第", ())]);
const RANK_AFTER: Words<()> = Words::new(&[("位", ()), ("名", ())]);

/// 下降 3.2% is -3.2%; the value is `true` when the word means negative.
const DIRECTIONS: Words<bool> = Words::new(&[
    ("下降", true),
    ("减少", true),
    ("增长", false),
    ("增加", false),
]);

const EXPECT_AMOUNT: &str = "an amount such as 51亿元, 超5000万美元 or US$2.5 billion";
const EXPECT_COUNT: &str = "a count such as 19个, 70余项 or 300多";
const EXPECT_PERCENT: &str = "a percentage such as 44.4%, -3.2% or 10%以上";
const EXPECT_POINTS: &str = "percentage points such as 35.1个百分点 or -1.5pp";
const EXPECT_RANK: &str = "a rank such as 第2, 第二名 or 2";
const EXPECT_QUANTITY: &str = "a plain number such as 30.38 or 超32";

/// Longer texts are refused before any work is done: no figure of the
/// contract comes near this, and it bounds the cost of a hostile cell.
const MAX_CHARS: usize = 100;
/// Decimal holds 28 significant digits exactly; more would be rounded.
const MAX_DIGITS: usize = 28;
/// Amounts above this (in units of their currency) are refused.
const AMOUNT_LIMIT_EXPONENT: u32 = 15;
const AMOUNT_LIMIT: i64 = 10i64.pow(AMOUNT_LIMIT_EXPONENT);
const AMOUNT_LIMIT_REASON: &str = "over the limit of 1e15 in its currency";
const CHINESE_NUMERALS_REASON: &str =
    "Chinese numerals are not numbers here (write 51, not 五十一)";

// ---------------------------------------------------------------------------
// Reading.

/// Walks through a normalised text; every reader skips blanks first, so
/// blanks may stand between any two parts.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn skip_blanks(&mut self) {
        // Most parts follow each other without a blank.
        if self
            .rest
            .as_bytes()
            .first()
            .is_some_and(|b| may_start_blank(*b))
        {
            self.rest = self.rest.trim_start();
        }
    }

    /// The first word of `table` the text goes on with (ASCII letters in any
    /// case), consumed.
    fn word<T: Copy>(&mut self, table: &Words<T>) -> Option<T> {
        self.skip_blanks();
        let rest = self.rest.as_bytes();
        if !table.first[usize::from(*rest.first()?)] {
            return None;
        }
        // Compared as bytes: a whole word's bytes end on a character's end.
        let (word, value) = table.list.iter().find(|(word, _)| {
            rest.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
        })?;
        self.rest = self.rest.get(word.len()..)?;
        Some(*value)
    }

    /// Reads an optional qualifier word into `qualifier`.
    fn qualify(
        &mut self,
        qualifier: &mut Qualifier,
        table: &Words<Qualifier>,
    ) -> Result<(), String> {
        if let Some(found) = self.word(table) {
            *qualifier = join(*qualifier, found)?;
        }
        Ok(())
    }

    /// `Some(true)` for `-`, `Some(false)` for `+`.
    fn sign(&mut self) -> Option<bool> {
        self.word(&SIGNS)
    }

    fn refuse_sign(&mut self, what: &str) -> Result<(), String> {
        match self.sign() {
            Some(true) => Err(format!("{what} may not be negative")),
            _ => Ok(()),
        }
    }

    /// The text up to the first character that `stop` accepts, consumed.
    fn take_until(&mut self, stop: impl Fn(char) -> bool) -> &'a str {
        let end = self.rest.find(stop).unwrap_or(self.rest.len());
        let (head, tail) = self.rest.split_at(end);
        self.rest = tail;
        head
    }

    /// Digits with optional three-digit groups and decimal part: `1,249.45`.
    fn numeral(&mut self) -> Result<Numeral, String> {
        self.skip_blanks();
        match self.rest.chars().next() {
            Some(c) if c.is_ascii_digit() => {}
            None => return Err("no number".into()),
            Some(c) if is_chinese_numeral(c) => return Err(CHINESE_NUMERALS_REASON.into()),
            Some(_) => return Err(format!("no number where `{}` stands", self.rest)),
        }
        let bytes = self.rest.as_bytes();
        let end = bytes
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b',' || *b == b'.'))
            .unwrap_or(bytes.len());
        // ASCII bytes: `end` is a character's boundary.
        let (body, rest) = self.rest.split_at(end);
        self.rest = rest;
        if self.looks_like_exponent() {
            return Err("scientific notation (1e9) is not a form of the contract".into());
        }
        Numeral::read(body)
    }

    /// `e9`, `E+9`, `e-3` right after a number.
    fn looks_like_exponent(&self) -> bool {
        let mut chars = self.rest.chars();
        matches!(chars.next(), Some('e' | 'E'))
            && matches!(chars.next(), Some(c) if c.is_ascii_digit() || c == '+' || c == '-')
    }

    fn finish(&mut self) -> Result<(), String> {
        self.skip_blanks();
        match self.rest {
            "" => Ok(()),
            rest => Err(format!("unexpected `{rest}`")),
        }
    }
}

/// Two qualifiers in one figure must agree (`超50多亿元` is fine, `约5亿元以上`
/// is not). The pleonasm `超过5亿元以上` is read as over: both claim at least
/// the number, and "over" is what the writer said first.
fn join(have: Qualifier, found: Qualifier) -> Result<Qualifier, String> {
    match (have, found) {
        (Qualifier::Exact, q) => Ok(q),
        (a, b) if a == b => Ok(a),
        (Over, AtLeast) | (AtLeast, Over) => Ok(Over),
        (a, b) => Err(format!(
            "two qualifiers that disagree ({} and {})",
            a.name(),
            b.name()
        )),
    }
}

fn is_chinese_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
}

/// A number as written: its digits (without group separators) as one
/// whole number, `None` past 38 digits, and how many digits it has before
/// the point (without leading zeros; 1 for zero) and after it. Read
/// without allocating: amounts are a tenth of reading a million projects.
struct Numeral {
    digits: Option<u128>,
    integer: usize,
    fraction: usize,
}

impl Numeral {
    fn read(body: &str) -> Result<Numeral, String> {
        let (integer, fraction) = match body.split_once('.') {
            Some((_, f)) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => {
                return Err("a decimal point must be followed by digits, once".into());
            }
            Some(parts) => parts,
            None => (body, ""),
        };
        check_groups(integer)?;
        let (mut digits, mut significant) = (Some(0u128), 0);
        let mut push = |b: u8| {
            digits = digits.and_then(|n| n.checked_mul(10)?.checked_add(u128::from(b - b'0')));
        };
        for b in integer.bytes().filter(u8::is_ascii_digit) {
            significant += usize::from(significant > 0 || b != b'0');
            push(b);
        }
        fraction.bytes().for_each(push);
        Ok(Numeral {
            digits,
            integer: significant.max(1),
            fraction: fraction.len(),
        })
    }

    fn decimal(&self) -> Result<Decimal, String> {
        let too_many = || format!("more than {MAX_DIGITS} digits");
        if self.integer + self.fraction > MAX_DIGITS {
            return Err(too_many());
        }
        // 28 digits fit a decimal's 96 bits, and its scale.
        let scale = u32::try_from(self.fraction).map_err(|_| too_many())?;
        let digits = self.digits.and_then(|d| i128::try_from(d).ok());
        digits
            .and_then(|d| Decimal::try_from_i128_with_scale(d, scale).ok())
            .ok_or_else(too_many)
    }

    fn whole(&self) -> Result<u64, String> {
        if self.fraction > 0 {
            return Err("a count is a whole number, not a decimal".into());
        }
        self.digits
            .and_then(|d| u64::try_from(d).ok())
            .ok_or_else(|| "too large for a count".into())
    }
}

/// `1,249` and `12,345,678` are groups; `12,34` and `1,2345` are not.
fn check_groups(integer: &str) -> Result<(), String> {
    if !integer.contains(',') {
        return Ok(());
    }
    let mut groups = integer.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    if first_ok && groups.all(|g| g.len() == 3) {
        Ok(())
    } else {
        Err(format!(
            "digit groups have three digits (`{integer}` does not)"
        ))
    }
}

/// Normalises a cell and runs `read` over all of it; an error gets the
/// description of what was expected.
fn run<T>(
    text: &str,
    expected: &str,
    read: impl FnOnce(&mut Cursor<'_>) -> Result<T, String>,
) -> Result<T, ValueError> {
    let fail = |reason: String| ValueError {
        reason,
        expected: expected.into(),
    };
    let text = trim(text);
    if text.is_empty() {
        return Err(fail("empty".into()));
    }
    // Byte length first: O(1), at least one byte and at most 4 per char.
    if text.len() > 4 * MAX_CHARS || (text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS) {
        return Err(fail(format!("longer than {MAX_CHARS} characters")));
    }
    let text = halfwidth(text);
    let mut cursor = Cursor { rest: &text };
    let value = read(&mut cursor).map_err(fail)?;
    cursor.finish().map_err(fail)?;
    Ok(value)
}

/// The currency of an amount: named by the text (leading, trailing or both,
/// as in `人民币5亿元` or `5亿元人民币`, which must agree), else the
/// `currency` cell, else CNY.
fn settle_currency(named: &[Option<Currency>], cell: Option<Currency>) -> Result<Currency, String> {
    let mut found = named.iter().flatten();
    let first = found.next().copied();
    if let (Some(a), Some(b)) = (first, found.find(|&&b| Some(b) != first)) {
        return Err(format!(
            "names two currencies, {} and {}",
            a.code(),
            b.code()
        ));
    }
    match (first, cell) {
        (Some(n), Some(c)) if n != c => Err(format!(
            "names {} but the currency column says {}",
            n.code(),
            c.code()
        )),
        (n, c) => Ok(n.or(c).unwrap_or(Currency::Cny)),
    }
}

/// `[qualifier] [currency] number [多|余] [magnitude] [多|余] [currency [currency]] [suffix]`.
fn read_amount(c: &mut Cursor<'_>, cell: Option<Currency>) -> Result<Amount, String> {
    let mut qualifier = Qualifier::Exact;
    c.qualify(&mut qualifier, &PREFIX_QUALIFIERS)?;
    let lead = c.word(&CURRENCIES);
    c.qualify(&mut qualifier, &PREFIX_QUALIFIERS)?;
    c.refuse_sign("an amount")?;
    let numeral = c.numeral()?;
    c.qualify(&mut qualifier, &INNER_QUALIFIERS)?;
    let magnitude = c.word(&MAGNITUDES).unwrap_or(Magnitude::Unit);
    c.qualify(&mut qualifier, &INNER_QUALIFIERS)?;
    let trail = [c.word(&CURRENCIES), c.word(&CURRENCIES)];
    c.qualify(&mut qualifier, &SUFFIX_QUALIFIERS)?;
    let currency = settle_currency(&[lead, trail[0], trail[1]], cell)?;
    let number = within_limit(&numeral, magnitude)?;
    Ok(Amount {
        number,
        magnitude,
        currency,
        qualifier,
    })
}

/// The number of an amount whose value is at most 1e15.
fn within_limit(numeral: &Numeral, magnitude: Magnitude) -> Result<Decimal, String> {
    // 16 integer digits already exceed the limit; checked before any arithmetic.
    if numeral.integer > 16 {
        return Err(AMOUNT_LIMIT_REASON.into());
    }
    let number = numeral.decimal()?;
    // In whole numbers where they fit (nearly always): the digits × 10^magnitude
    // against the limit × 10^fraction; a product past u128 is past the limit.
    let limit = u32::try_from(numeral.fraction)
        .ok()
        .and_then(|f| 10u128.checked_pow(AMOUNT_LIMIT_EXPONENT.checked_add(f)?));
    let whole = numeral.digits.zip(limit).map(|(digits, limit)| {
        let value = digits.checked_mul(10u128.pow(magnitude.exponent()));
        value.is_some_and(|v| v <= limit)
    });
    let within = whole.unwrap_or_else(|| {
        let value = number.checked_mul(magnitude.factor());
        value.is_some_and(|v| v <= Decimal::from(AMOUNT_LIMIT))
    });
    if within {
        Ok(number)
    } else {
        Err(AMOUNT_LIMIT_REASON.into())
    }
}

/// How a figure other than an amount is written around its number.
struct Shape {
    /// What the figure is, for "… may not be negative".
    what: &'static str,
    signs: Signs,
    unit: Unit,
}

#[derive(PartialEq)]
enum Signs {
    /// Never negative (counts).
    Never,
    /// `-` or `+` (quantities).
    Minus,
    /// `-`, `+`, 下降 or 增长 (percentages and points).
    MinusAndWords,
}

enum Unit {
    /// Nothing after the number (quantities).
    Bare,
    /// A word that may end the number: a count's measure word.
    Optional(&'static Words<()>),
    /// A word that must follow the number, and the reason when it is missing.
    Required(&'static Words<()>, &'static str),
}

const COUNT: Shape = Shape {
    what: "a count",
    signs: Signs::Never,
    unit: Unit::Optional(&MEASURE_WORDS),
};
const QUANTITY: Shape = Shape {
    what: "a quantity",
    signs: Signs::Minus,
    unit: Unit::Bare,
};
const PERCENT: Shape = Shape {
    what: "a percentage",
    signs: Signs::MinusAndWords,
    unit: Unit::Required(&PERCENT_SIGNS, "a percentage always has its % sign"),
};
const POINTS: Shape = Shape {
    what: "percentage points",
    signs: Signs::MinusAndWords,
    unit: Unit::Required(&POINT_WORDS, "percentage points end in 个百分点 or pp"),
};

/// A figure read by its shape: the number as written, whether it is
/// negative, and its qualifier.
struct Reading {
    numeral: Numeral,
    negative: bool,
    qualifier: Qualifier,
}

impl Reading {
    fn decimal(&self) -> Result<Decimal, String> {
        let number = self.numeral.decimal()?;
        Ok(if self.negative { -number } else { number })
    }
}

/// `[qualifier] [下降|增长] [qualifier] [sign] number [多|余] [unit] [suffix]`.
fn read_shape(c: &mut Cursor<'_>, shape: &Shape) -> Result<Reading, String> {
    let mut qualifier = Qualifier::Exact;
    c.qualify(&mut qualifier, &PREFIX_QUALIFIERS)?;
    let negative = read_sign(c, shape, &mut qualifier)?;
    let numeral = c.numeral()?;
    c.qualify(&mut qualifier, &INNER_QUALIFIERS)?;
    match shape.unit {
        Unit::Bare => {}
        Unit::Optional(words) => {
            c.word(words);
        }
        Unit::Required(words, missing) => {
            c.word(words).ok_or(missing)?;
        }
    }
    c.qualify(&mut qualifier, &SUFFIX_QUALIFIERS)?;
    Ok(Reading {
        numeral,
        negative,
        qualifier,
    })
}

/// Whether the figure is negative, by a sign or a word (下降); a qualifier
/// may also stand after the word (下降超3%).
fn read_sign(c: &mut Cursor<'_>, shape: &Shape, qualifier: &mut Qualifier) -> Result<bool, String> {
    if shape.signs == Signs::Never {
        c.refuse_sign(shape.what)?;
        return Ok(false);
    }
    let word = match shape.signs {
        Signs::MinusAndWords => c.word(&DIRECTIONS),
        _ => None,
    };
    c.qualify(qualifier, &PREFIX_QUALIFIERS)?;
    match (word, c.sign()) {
        (Some(_), Some(_)) => Err("both a sign and a word (下降/增长) for the direction".into()),
        (w, s) => Ok(w.or(s).unwrap_or(false)),
    }
}

/// `第2`, `2`, `第二名`, `第十二位`.
fn read_rank(c: &mut Cursor<'_>) -> Result<Rank, String> {
    c.word(&RANK_BEFORE);
    c.skip_blanks();
    let body = c.take_until(|ch| ch == '位' || ch == '名' || ch.is_whitespace());
    c.word(&RANK_AFTER);
    let position = if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<u32>()
            .map_err(|_| "too large for a rank".to_string())?
    } else {
        let chars: Vec<char> = body.chars().collect();
        chinese_below_1000(&chars)
            .ok_or_else(|| format!("`{body}` is not a position (a whole number from 1, or 第二)"))?
    };
    if position == 0 {
        return Err("a rank starts at 1".into());
    }
    Ok(Rank { position })
}

fn chinese_digit(c: char) -> Option<u32> {
    let value = match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(value)
}

/// 一 … 九百九十九. `一百二` (colloquially 120) is refused as ambiguous.
fn chinese_below_1000(chars: &[char]) -> Option<u32> {
    match chars {
        [d, '百', rest @ ..] => {
            let hundreds = chinese_digit(*d).filter(|&h| h > 0)?;
            let tail = match rest {
                [] => 0,
                ['零' | '〇', unit] => chinese_digit(*unit)?,
                _ => chinese_below_100(rest).filter(|&t| t >= 10)?,
            };
            Some(hundreds * 100 + tail)
        }
        _ => chinese_below_100(chars),
    }
}

/// 零 … 九十九: `五`, `十`, `十二`, `二十`, `二十三`.
fn chinese_below_100(chars: &[char]) -> Option<u32> {
    let tens = |d: &char| chinese_digit(*d).filter(|&t| t > 0);
    let units = |d: &char| chinese_digit(*d).filter(|&u| u > 0);
    match chars {
        ['十'] => Some(10),
        [d] => chinese_digit(*d),
        ['十', u] => Some(10 + units(u)?),
        [t, '十'] => Some(10 * tens(t)?),
        [t, '十', u] => Some(10 * tens(t)? + units(u)?),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The public readers.

impl Currency {
    /// A `currency` cell: 元/人民币/CNY/RMB, 美元/USD/US$, 欧元/EUR, any case.
    pub fn parse(text: &str) -> Option<Currency> {
        let text = halfwidth(trim(text));
        CURRENCIES
            .list
            .iter()
            .find(|(word, _)| word.eq_ignore_ascii_case(&text))
            .map(|&(_, currency)| currency)
    }
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }
    /// The word written after a Chinese magnitude: 元, 美元, 欧元.
    fn chinese(self) -> &'static str {
        match self {
            Currency::Cny => "元",
            Currency::Usd => "美元",
            Currency::Eur => "欧元",
        }
    }
}

impl Amount {
    /// The amount in units of its currency (number × magnitude).
    pub fn value(&self) -> Decimal {
        self.number * self.magnitude.factor()
    }
    /// Reads an amount; one that names no currency is CNY.
    pub fn parse(text: &str) -> Result<Amount, ValueError> {
        Self::parse_with_currency(text, None)
    }
    /// Reads an amount of a project row: `cell` is the `currency` column,
    /// used when the text names none; naming a different one is an error.
    pub fn parse_with_currency(text: &str, cell: Option<Currency>) -> Result<Amount, ValueError> {
        run(text, EXPECT_AMOUNT, |c| read_amount(c, cell))
    }
}

impl Count {
    /// A whole number with qualifiers and a measure word: `70余项`, `300多`.
    pub fn parse(text: &str) -> Result<Count, ValueError> {
        run(text, EXPECT_COUNT, |c| {
            let reading = read_shape(c, &COUNT)?;
            Ok(Count {
                number: reading.numeral.whole()?,
                qualifier: reading.qualifier,
            })
        })
    }
}

/// The readers of the decimal figures differ only in shape and wording.
macro_rules! decimal_figure {
    ($type:ident, $shape:expr, $expected:expr, $doc:literal) => {
        impl $type {
            #[doc = $doc]
            pub fn parse(text: &str) -> Result<$type, ValueError> {
                run(text, $expected, |c| {
                    let reading = read_shape(c, &$shape)?;
                    Ok($type {
                        number: reading.decimal()?,
                        qualifier: reading.qualifier,
                    })
                })
            }
        }
    };
}

decimal_figure!(
    Percent,
    PERCENT,
    EXPECT_PERCENT,
    "`44.4%`, `-3.2%`, `下降3.2%`, `10%以上`."
);
decimal_figure!(
    Points,
    POINTS,
    EXPECT_POINTS,
    "`35.1个百分点`, `-1.5pp`, `下降0.3个百分点`."
);
decimal_figure!(
    Quantity,
    QUANTITY,
    EXPECT_QUANTITY,
    "A plain number: `30.38`, `超32`."
);

impl Rank {
    /// `第2`, `第二`, `2`, `第2位`, `第十二名`.
    pub fn parse(text: &str) -> Result<Rank, ValueError> {
        run(text, EXPECT_RANK, read_rank)
    }
}

impl Value {
    /// How exact the figure is (a rank is always exact).
    pub fn qualifier(&self) -> Qualifier {
        match self {
            Value::Amount(a) => a.qualifier,
            Value::Count(c) => c.qualifier,
            Value::Percent(p) => p.qualifier,
            Value::Points(p) => p.qualifier,
            Value::Quantity(q) => q.qualifier,
            Value::Rank(_) => Qualifier::Exact,
        }
    }

    /// The same figure with another qualifier (a rank stays as it is).
    pub fn with_qualifier(mut self, qualifier: Qualifier) -> Value {
        match &mut self {
            Value::Amount(a) => a.qualifier = qualifier,
            Value::Count(c) => c.qualifier = qualifier,
            Value::Percent(p) => p.qualifier = qualifier,
            Value::Points(p) => p.qualifier = qualifier,
            Value::Quantity(q) => q.qualifier = qualifier,
            Value::Rank(_) => {}
        }
        self
    }

    /// Reads a value of the given kind, as the contract writes it.
    pub fn parse(text: &str, kind: MetricKind) -> Result<Value, ValueError> {
        match kind {
            MetricKind::Money => Amount::parse(text).map(Value::Amount),
            MetricKind::Count => Count::parse(text).map(Value::Count),
            MetricKind::Percent => Percent::parse(text).map(Value::Percent),
            MetricKind::Points => Points::parse(text).map(Value::Points),
            MetricKind::Rank => Rank::parse(text).map(Value::Rank),
            MetricKind::Area | MetricKind::Energy => Quantity::parse(text).map(Value::Quantity),
        }
    }
}

// ---------------------------------------------------------------------------
// Display: canonical contract forms that read back to the same value.

impl Qualifier {
    /// 超/近/约 lead; 以上 follows (there is no leading word for "at least"
    /// that reads as naturally).
    fn prefix(self) -> &'static str {
        match self {
            Qualifier::Over => "超",
            Qualifier::Nearly => "近",
            Qualifier::About => "约",
            Qualifier::Exact | Qualifier::AtLeast => "",
        }
    }
    fn suffix(self) -> &'static str {
        match self {
            Qualifier::AtLeast => "以上",
            _ => "",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Over => "over",
            Qualifier::Nearly => "nearly",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at least",
        }
    }
}

impl Magnitude {
    /// The Chinese word, or `None` for the English magnitudes.
    fn chinese(self) -> Option<&'static str> {
        match self {
            Magnitude::Unit => Some(""),
            Magnitude::Wan => Some("万"),
            Magnitude::BaiWan => Some("百万"),
            Magnitude::QianWan => Some("千万"),
            Magnitude::Yi => Some("亿"),
            Magnitude::WanYi => Some("万亿"),
            Magnitude::Thousand => None,
            Magnitude::Million => None,
            Magnitude::Billion => None,
        }
    }
    fn english(self) -> &'static str {
        match self {
            Magnitude::Thousand => "thousand",
            Magnitude::Million => "million",
            Magnitude::Billion => "billion",
            _ => "",
        }
    }
}

/// A number without trailing zeros, its integer part grouped by threes
/// from five digits on (`12,345`, but `1249.45`).
struct Shown(Decimal);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.normalize().to_string();
        let (sign, unsigned) = match text.strip_prefix('-') {
            Some(unsigned) => ("-", unsigned),
            None => ("", text.as_str()),
        };
        let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        f.write_str(sign)?;
        let grouped = integer.len() >= 5;
        for (i, digit) in integer.chars().enumerate() {
            if grouped && i > 0 && (integer.len() - i) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{digit}")?;
        }
        if !fraction.is_empty() {
            write!(f, ".{fraction}")?;
        }
        Ok(())
    }
}

/// `超51亿元`, `5000万美元以上`, `超USD 2.5 billion`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.qualifier;
        let number = Shown(self.number);
        match self.magnitude.chinese() {
            Some(word) => write!(f, "{}{number}{word}{}", q.prefix(), self.currency.chinese())?,
            None => write!(
                f,
                "{}{} {number} {}",
                q.prefix(),
                self.currency.code(),
                self.magnitude.english()
            )?,
        }
        f.write_str(q.suffix())
    }
}

/// `超300`, `51`, `50以上`.
impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.qualifier;
        write!(f, "{}{}{}", q.prefix(), self.number, q.suffix())
    }
}

/// `44.4%`, `-3.2%`, `10%以上`.
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.qualifier;
        write!(f, "{}{}%{}", q.prefix(), Shown(self.number), q.suffix())
    }
}

/// `35.1个百分点`, `-1.5个百分点`.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.qualifier;
        write!(
            f,
            "{}{}个百分点{}",
            q.prefix(),
            Shown(self.number),
            q.suffix()
        )
    }
}

/// `第2`.
impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}", self.position)
    }
}

/// `30.38`, `超32`.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.qualifier;
        write!(f, "{}{}{}", q.prefix(), Shown(self.number), q.suffix())
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Amount(v) => v.fmt(f),
            Value::Count(v) => v.fmt(f),
            Value::Percent(v) => v.fmt(f),
            Value::Points(v) => v.fmt(f),
            Value::Rank(v) => v.fmt(f),
            Value::Quantity(v) => v.fmt(f),
        }
    }
}

#[cfg(test)]
// A failed unwrap in a test is a failed test, which is what it should be.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn amount(number: &str, magnitude: Magnitude, currency: Currency, q: Qualifier) -> Amount {
        Amount {
            number: dec(number),
            magnitude,
            currency,
            qualifier: q,
        }
    }

    use Currency::{Cny, Eur, Usd};
    use Magnitude::{BaiWan, Billion, Million, QianWan, Thousand, Wan, WanYi, Yi};
    use Qualifier::Exact;

    #[test]
    fn reads_every_amount_form() {
        let unit = Magnitude::Unit;
        for (text, want) in [
            ("51亿元", amount("51", Yi, Cny, Exact)),
            ("1.05亿元", amount("1.05", Yi, Cny, Exact)),
            ("1,249.45亿元", amount("1249.45", Yi, Cny, Exact)),
            ("12,345,678元", amount("12345678", unit, Cny, Exact)),
            ("５１亿元", amount("51", Yi, Cny, Exact)),
            ("１，２４９．４５亿元", amount("1249.45", Yi, Cny, Exact)),
            ("\u{3000}51亿元\t", amount("51", Yi, Cny, Exact)),
            ("51亿", amount("51", Yi, Cny, Exact)),
            ("51", amount("51", unit, Cny, Exact)),
            ("3万元", amount("3", Wan, Cny, Exact)),
            ("3萬元", amount("3", Wan, Cny, Exact)),
            ("3百万元", amount("3", BaiWan, Cny, Exact)),
            ("3百萬元", amount("3", BaiWan, Cny, Exact)),
            ("3千万元", amount("3", QianWan, Cny, Exact)),
            ("3千萬元", amount("3", QianWan, Cny, Exact)),
            ("3億元", amount("3", Yi, Cny, Exact)),
            ("1.2万亿元", amount("1.2", WanYi, Cny, Exact)),
            ("1.2萬億元", amount("1.2", WanYi, Cny, Exact)),
            ("5亿人民币", amount("5", Yi, Cny, Exact)),
            ("5亿CNY", amount("5", Yi, Cny, Exact)),
            ("5亿rmb", amount("5", Yi, Cny, Exact)),
            ("人民币5亿元", amount("5", Yi, Cny, Exact)),
            ("5亿元人民币", amount("5", Yi, Cny, Exact)),
            ("5 亿 美元 USD", amount("5", Yi, Usd, Exact)),
            ("超过5亿元以上", amount("5", Yi, Cny, Over)),
            ("超5000万美元", amount("5000", Wan, Usd, Over)),
            ("5000万USD", amount("5000", Wan, Usd, Exact)),
            ("3亿欧元", amount("3", Yi, Eur, Exact)),
            ("3亿 eur", amount("3", Yi, Eur, Exact)),
            ("近900亿元", amount("900", Yi, Cny, Nearly)),
            ("接近900亿元", amount("900", Yi, Cny, Nearly)),
            ("超过10亿元", amount("10", Yi, Cny, Over)),
            ("逾10亿元", amount("10", Yi, Cny, Over)),
            ("多于10亿元", amount("10", Yi, Cny, Over)),
            ("约10亿元", amount("10", Yi, Cny, About)),
            ("大约10亿元", amount("10", Yi, Cny, About)),
            ("10亿元左右", amount("10", Yi, Cny, About)),
            ("不低于10亿元", amount("10", Yi, Cny, AtLeast)),
            ("不少于10亿元", amount("10", Yi, Cny, AtLeast)),
            ("10亿元以上", amount("10", Yi, Cny, AtLeast)),
            ("50多亿元", amount("50", Yi, Cny, Over)),
            ("50余亿元", amount("50", Yi, Cny, Over)),
            ("5亿多元", amount("5", Yi, Cny, Over)),
            ("5亿余元", amount("5", Yi, Cny, Over)),
            ("300多万", amount("300", Wan, Cny, Over)),
            ("2.5 billion USD", amount("2.5", Billion, Usd, Exact)),
            ("US$2.5 billion", amount("2.5", Billion, Usd, Exact)),
            ("USD 50 million", amount("50", Million, Usd, Exact)),
            ("CNY 5.1 bn", amount("5.1", Billion, Cny, Exact)),
            ("usd 50 MN", amount("50", Million, Usd, Exact)),
            ("EUR 3 Thousand", amount("3", Thousand, Eur, Exact)),
            ("¥51亿", amount("51", Yi, Cny, Exact)),
            ("￥51亿", amount("51", Yi, Cny, Exact)),
            ("超US$2.5 billion", amount("2.5", Billion, Usd, Over)),
            ("超 USD 2.5 billion", amount("2.5", Billion, Usd, Over)),
            ("USD 2.5 billion以上", amount("2.5", Billion, Usd, AtLeast)),
            ("0元", amount("0", unit, Cny, Exact)),
            ("1000万亿元", amount("1000", WanYi, Cny, Exact)),
        ] {
            assert_eq!(Amount::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn amount_value_is_exact() {
        let a = Amount::parse("51亿元").unwrap();
        assert_eq!(a.value(), dec("5100000000"));
        assert_eq!(
            Amount::parse("50多亿元").unwrap().value(),
            dec("5000000000")
        );
        assert_eq!(
            Amount::parse("超5000万美元").unwrap().value(),
            dec("50000000")
        );
    }

    fn reason_of<T: std::fmt::Debug>(result: Result<T, ValueError>) -> String {
        match result {
            Err(e) => e.reason,
            Ok(v) => format!("unexpectedly read {v:?}"),
        }
    }

    #[test]
    fn refuses_bad_amounts_with_a_reason() {
        let huge = "9".repeat(40) + "元";
        let long = "5".repeat(50 * 1024 * 1024);
        for (text, reason) in [
            ("", "empty"),
            ("  \u{3000} ", "empty"),
            ("五十一亿元", "Chinese numerals"),
            ("12,34亿元", "digit groups have three digits"),
            ("1,2345亿元", "digit groups"),
            ("1234,567元", "digit groups"),
            ("5,亿元", "digit groups"),
            ("-5亿元", "negative"),
            ("−5亿元", "negative"),
            ("1e9元", "scientific notation"),
            ("1e400", "scientific notation"),
            ("1E+9", "scientific notation"),
            (huge.as_str(), "over the limit of 1e15"),
            ("1001万亿元", "over the limit of 1e15"),
            ("2000000 billion USD", "over the limit of 1e15"),
            (long.as_str(), "longer than 100"),
            ("5.亿元", "decimal point"),
            ("5.1.2亿元", "decimal point"),
            ("亿元", "no number"),
            ("51亿港元", "unexpected `港元`"),
            ("约5亿元以上", "two qualifiers"),
            ("USD 5亿元", "two currencies"),
            ("5亿元美元", "two currencies, CNY and USD"),
            ("5亿元元元", "unexpected `元`"),
            (".5亿元", "no number"),
            ("5 0亿元", "unexpected"),
            ("5亿元 (约)", "unexpected"),
        ] {
            let got = reason_of(Amount::parse(text));
            assert!(got.contains(reason), "{text:.40}: {got}");
        }
    }

    #[test]
    fn the_currency_cell_fills_in_or_conflicts() {
        let read = Amount::parse_with_currency;
        assert_eq!(read("5亿", Some(Usd)).unwrap().currency, Usd);
        assert_eq!(read("5亿", None).unwrap().currency, Cny);
        assert_eq!(read("5亿美元", Some(Usd)).unwrap().currency, Usd);
        let got = reason_of(read("US$5 million", Some(Cny)));
        assert_eq!(got, "names USD but the currency column says CNY");
        let err = read("5亿元", Some(Eur)).unwrap_err();
        assert_eq!(err.expected, EXPECT_AMOUNT);
    }

    #[test]
    fn reads_currency_cells() {
        for (text, want) in [
            ("元", Some(Cny)),
            ("人民币", Some(Cny)),
            ("cny", Some(Cny)),
            (" RMB ", Some(Cny)),
            ("¥", Some(Cny)),
            ("美元", Some(Usd)),
            ("usd", Some(Usd)),
            ("US$", Some(Usd)),
            ("欧元", Some(Eur)),
            ("Eur", Some(Eur)),
            ("ＵＳＤ", Some(Usd)),
            ("", None),
            ("港元", None),
            ("USDX", None),
        ] {
            assert_eq!(Currency::parse(text), want, "{text}");
        }
    }

    fn count(number: u64, qualifier: Qualifier) -> Count {
        Count { number, qualifier }
    }

    #[test]
    fn reads_counts() {
        for (text, want) in [
            ("19", count(19, Exact)),
            ("19个", count(19, Exact)),
            ("70余项", count(70, Over)),
            ("12家", count(12, Exact)),
            ("3批", count(3, Exact)),
            ("5次", count(5, Exact)),
            ("200人", count(200, Exact)),
            ("300多", count(300, Over)),
            ("超300", count(300, Over)),
            ("近20个", count(20, Nearly)),
            ("约20个", count(20, About)),
            ("20个左右", count(20, About)),
            ("50以上", count(50, AtLeast)),
            ("50个以上", count(50, AtLeast)),
            ("不少于50家", count(50, AtLeast)),
            ("1,200个", count(1200, Exact)),
            ("１９个", count(19, Exact)),
        ] {
            assert_eq!(Count::parse(text), Ok(want), "{text}");
        }
        for (text, reason) in [
            ("19.5个", "whole number"),
            ("-3", "negative"),
            ("十九个", "Chinese numerals"),
            ("19只", "unexpected `只`"),
            ("99999999999999999999", "too large"),
            ("", "empty"),
        ] {
            let got = reason_of(Count::parse(text));
            assert!(got.contains(reason), "{text}: {got}");
        }
    }

    fn percent(number: &str, qualifier: Qualifier) -> Percent {
        Percent {
            number: dec(number),
            qualifier,
        }
    }

    #[test]
    fn reads_percentages() {
        for (text, want) in [
            ("44.4%", percent("44.4", Exact)),
            ("４４．４％", percent("44.4", Exact)),
            ("-3.2%", percent("-3.2", Exact)),
            ("−3.2%", percent("-3.2", Exact)),
            ("+3.2%", percent("3.2", Exact)),
            ("下降3.2%", percent("-3.2", Exact)),
            ("减少3.2%", percent("-3.2", Exact)),
            ("增长3.2%", percent("3.2", Exact)),
            ("增加3.2%", percent("3.2", Exact)),
            ("10%以上", percent("10", AtLeast)),
            ("超10%", percent("10", Over)),
            ("下降超10%", percent("-10", Over)),
            ("约-3.2%", percent("-3.2", About)),
            ("0%", percent("0", Exact)),
        ] {
            assert_eq!(Percent::parse(text), Ok(want), "{text}");
        }
        for (text, reason) in [
            ("44.4", "always has its %"),
            ("44.4个百分点", "always has its %"),
            ("下降-3.2%", "both a sign and a word"),
            ("百分之四十", "Chinese numerals"),
            ("四十%", "Chinese numerals"),
            ("4e1%", "scientific notation"),
        ] {
            let got = reason_of(Percent::parse(text));
            assert!(got.contains(reason), "{text}: {got}");
        }
    }

    #[test]
    fn reads_points() {
        let points = |n: &str, qualifier| Points {
            number: dec(n),
            qualifier,
        };
        for (text, want) in [
            ("35.1个百分点", points("35.1", Exact)),
            ("35.1百分点", points("35.1", Exact)),
            ("35.1pp", points("35.1", Exact)),
            ("35.1 PP", points("35.1", Exact)),
            ("−1.5个百分点", points("-1.5", Exact)),
            ("下降1.5个百分点", points("-1.5", Exact)),
            ("增长1.5pp", points("1.5", Exact)),
            ("超2个百分点", points("2", Over)),
            ("2个百分点以上", points("2", AtLeast)),
        ] {
            assert_eq!(Points::parse(text), Ok(want), "{text}");
        }
        for (text, reason) in [("35.1", "个百分点 or pp"), ("35.1%", "个百分点 or pp")] {
            let got = reason_of(Points::parse(text));
            assert!(got.contains(reason), "{text}: {got}");
        }
    }

    #[test]
    fn reads_ranks() {
        for (text, want) in [
            ("第2", 2),
            ("2", 2),
            ("２", 2),
            ("第2位", 2),
            ("第2名", 2),
            ("第12名", 12),
            ("第二", 2),
            ("第二名", 2),
            ("第一位", 1),
            ("第十", 10),
            ("第十二", 12),
            ("第二十", 20),
            ("第九十九", 99),
            ("第一百", 100),
            ("第一百零五", 105),
            ("第一百一十", 110),
            ("第三百四十五", 345),
            ("第 3 位", 3),
        ] {
            assert_eq!(Rank::parse(text), Ok(Rank { position: want }), "{text}");
        }
        for (text, reason) in [
            ("第0", "starts at 1"),
            ("第零名", "starts at 1"),
            ("0", "starts at 1"),
            ("-2", "not a position"),
            ("2.5", "not a position"),
            ("第一百二", "not a position"),
            ("第二二", "not a position"),
            ("第", "not a position"),
            ("第2位名", "unexpected"),
            ("99999999999", "too large"),
        ] {
            let got = reason_of(Rank::parse(text));
            assert!(got.contains(reason), "{text}: {got}");
        }
    }

    #[test]
    fn reads_quantities() {
        let quantity = |n: &str, qualifier| Quantity {
            number: dec(n),
            qualifier,
        };
        for (text, want) in [
            ("30.38", quantity("30.38", Exact)),
            ("6", quantity("6", Exact)),
            ("超32", quantity("32", Over)),
            ("32以上", quantity("32", AtLeast)),
            ("-1.5", quantity("-1.5", Exact)),
        ] {
            assert_eq!(Quantity::parse(text), Ok(want), "{text}");
        }
        for (text, reason) in [
            ("30平方公里", "unexpected"),
            ("下降3", "no number"),
            ("三十", "Chinese"),
        ] {
            let got = reason_of(Quantity::parse(text));
            assert!(got.contains(reason), "{text}: {got}");
        }
    }

    #[test]
    fn value_parse_dispatches_on_the_kind() {
        use MetricKind as K;
        let amount = Value::parse("51亿元", K::Money).unwrap();
        assert!(matches!(amount, Value::Amount(a) if a.magnitude == Yi));
        assert!(matches!(
            Value::parse("19个", K::Count),
            Ok(Value::Count(_))
        ));
        assert!(matches!(
            Value::parse("4%", K::Percent),
            Ok(Value::Percent(_))
        ));
        assert!(matches!(
            Value::parse("4pp", K::Points),
            Ok(Value::Points(_))
        ));
        assert!(matches!(Value::parse("第二", K::Rank), Ok(Value::Rank(_))));
        assert!(matches!(
            Value::parse("30.38", K::Area),
            Ok(Value::Quantity(_))
        ));
        assert!(matches!(
            Value::parse("6", K::Energy),
            Ok(Value::Quantity(_))
        ));
        for kind in [K::Money, K::Count, K::Percent, K::Points, K::Rank, K::Area] {
            assert_eq!(reason_of(Value::parse(" ", kind)), "empty", "{kind:?}");
        }
        let err = Value::parse("五十一亿元", K::Money).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{CHINESE_NUMERALS_REASON}; expected {EXPECT_AMOUNT}")
        );
    }

    #[test]
    fn displays_canonical_forms() {
        for (text, shown) in [
            ("51亿元", "51亿元"),
            ("超5000万美元", "超5000万美元"),
            ("50多亿元", "超50亿元"),
            ("10亿元以上", "10亿元以上"),
            ("10亿元左右", "约10亿元"),
            ("近900亿元", "近900亿元"),
            ("1,249.45亿元", "1249.45亿元"),
            ("12345.6万元", "12,345.6万元"),
            ("2.50亿欧元", "2.5亿欧元"),
            ("超US$2.5 billion", "超USD 2.5 billion"),
            ("CNY 5.1 bn", "CNY 5.1 billion"),
            ("3 thousand EUR", "EUR 3 thousand"),
            ("USD 5000", "5000美元"),
        ] {
            assert_eq!(Amount::parse(text).unwrap().to_string(), shown, "{text}");
        }
        let show = |text, kind| Value::parse(text, kind).unwrap().to_string();
        assert_eq!(show("300多", MetricKind::Count), "超300");
        assert_eq!(show("50个以上", MetricKind::Count), "50以上");
        assert_eq!(show("下降3.2%", MetricKind::Percent), "-3.2%");
        assert_eq!(show("44.40%", MetricKind::Percent), "44.4%");
        assert_eq!(show("35.1pp", MetricKind::Points), "35.1个百分点");
        assert_eq!(show("第二名", MetricKind::Rank), "第2");
        assert_eq!(show("30.38", MetricKind::Area), "30.38");
        assert_eq!(show("-0%", MetricKind::Percent), "0%");
    }

    // Property tests: every value reads back from its display.

    fn qualifiers() -> impl Strategy<Value = Qualifier> {
        prop::sample::select(vec![Exact, Over, Nearly, About, AtLeast])
    }

    /// Any decimal from an i64 mantissa and a scale of 0 to 4.
    fn decimals() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
    }

    /// An amount within the 1e15 limit: the mantissa is folded below the
    /// largest number the magnitude allows.
    fn amounts() -> impl Strategy<Value = Amount> {
        let magnitudes = vec![
            Magnitude::Unit,
            Wan,
            BaiWan,
            QianWan,
            Yi,
            WanYi,
            Thousand,
            Million,
            Billion,
        ];
        (
            any::<u64>(),
            0u32..=4,
            prop::sample::select(magnitudes),
            prop::sample::select(vec![Cny, Usd, Eur]),
            qualifiers(),
        )
            .prop_map(|(m, scale, magnitude, currency, qualifier)| {
                let top = Decimal::from(AMOUNT_LIMIT) / magnitude.factor();
                let bound = top.mantissa() * 10i128.pow(scale) + 1;
                Amount {
                    number: Decimal::from_i128_with_scale(i128::from(m) % bound, scale),
                    magnitude,
                    currency,
                    qualifier,
                }
            })
    }

    /// A numeral as a decimal and as a count, or why not.
    type AsText = (Result<Decimal, String>, Result<u64, String>);

    /// Numerals as they were read before they were read without
    /// allocating: the digits as text, then parsed.
    fn numeral_as_text(body: &str) -> Result<AsText, String> {
        let (integer, fraction) = body.split_once('.').unwrap_or((body, ""));
        Numeral::read(body)?;
        let digits: String = integer.chars().filter(|&c| c != ',').collect();
        let integer = match digits.trim_start_matches('0') {
            "" => "0",
            significant => significant,
        };
        let decimal = if integer.len() + fraction.len() > MAX_DIGITS {
            Err(format!("more than {MAX_DIGITS} digits"))
        } else if fraction.is_empty() {
            Decimal::from_str_exact(integer).map_err(|e| e.to_string())
        } else {
            Decimal::from_str_exact(&format!("{integer}.{fraction}")).map_err(|e| e.to_string())
        };
        let whole = match fraction.is_empty() {
            false => Err("a count is a whole number, not a decimal".to_string()),
            true => integer
                .parse()
                .map_err(|_| "too large for a count".to_string()),
        };
        Ok((decimal, whole))
    }

    proptest! {
        /// The same decimals (scale included) and counts, and the same
        /// reasons, as the digits read as text and parsed.
        #[test]
        fn numerals_read_as_their_text(
            integer in "0{0,3}[0-9]{1,3}(,[0-9]{3}){0,4}|0{0,30}[0-9]{0,40}",
            fraction in proptest::option::of("[0-9]{1,30}"),
        ) {
            let body = match &fraction {
                Some(f) => format!("{integer}.{f}"),
                None => integer.clone(),
            };
            let Ok(numeral) = Numeral::read(&body) else {
                return Ok(());
            };
            let (decimal, whole) = numeral_as_text(&body).map_err(TestCaseError::fail)?;
            let got = numeral.decimal();
            let parts = |d: &Result<Decimal, String>| d.as_ref().ok().map(|d| (d.mantissa(), d.scale()));
            prop_assert_eq!(parts(&got), parts(&decimal));
            prop_assert_eq!(got.err(), decimal.err());
            prop_assert_eq!(numeral.whole(), whole);
            prop_assert_eq!(numeral.integer > 16, body.split('.').next().unwrap_or_default().replace(',', "").trim_start_matches('0').len() > 16);
        }

        /// The limit as whole numbers says what the decimal product says,
        /// at and around 1e15 as well as far from it.
        #[test]
        fn amount_limit_as_the_product_says(
            integer in "[1-9][0-9]{0,15}|10{15}|0",
            fraction in proptest::option::of("[0-9]{1,27}"),
            magnitude in prop::sample::select(vec![
                Magnitude::Unit, Wan, BaiWan, QianWan, Yi, WanYi, Thousand, Million, Billion,
            ]),
        ) {
            let body = match &fraction {
                Some(f) => format!("{integer}.{f}"),
                None => integer.clone(),
            };
            let numeral = Numeral::read(&body).map_err(TestCaseError::fail)?;
            let Ok(number) = numeral.decimal() else {
                return Ok(());
            };
            let product = number.checked_mul(magnitude.factor());
            let within = product.is_some_and(|v| v <= Decimal::from(AMOUNT_LIMIT));
            prop_assert_eq!(within_limit(&numeral, magnitude), if within {
                Ok(number)
            } else {
                Err(AMOUNT_LIMIT_REASON.to_string())
            });
        }

        #[test]
        fn amounts_round_trip(a in amounts()) {
            prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
        }

        #[test]
        fn counts_round_trip(number in any::<u64>(), qualifier in qualifiers()) {
            let c = Count { number, qualifier };
            prop_assert_eq!(Count::parse(&c.to_string()), Ok(c));
        }

        #[test]
        fn percents_round_trip(number in decimals(), qualifier in qualifiers()) {
            let p = Percent { number, qualifier };
            prop_assert_eq!(Percent::parse(&p.to_string()), Ok(p));
        }

        #[test]
        fn points_round_trip(number in decimals(), qualifier in qualifiers()) {
            let p = Points { number, qualifier };
            prop_assert_eq!(Points::parse(&p.to_string()), Ok(p));
        }

        #[test]
        fn quantities_round_trip(number in decimals(), qualifier in qualifiers()) {
            let q = Quantity { number, qualifier };
            prop_assert_eq!(Quantity::parse(&q.to_string()), Ok(q));
        }

        #[test]
        fn ranks_round_trip(position in 1u32..) {
            let r = Rank { position };
            prop_assert_eq!(Rank::parse(&r.to_string()), Ok(r));
        }

        #[test]
        fn values_round_trip(a in amounts()) {
            let v = Value::Amount(a);
            prop_assert_eq!(Value::parse(&v.to_string(), MetricKind::Money), Ok(v));
        }

        /// Jumbles of the contract's own pieces never panic.
        #[test]
        fn jumbled_pieces_never_panic(pieces in prop::collection::vec(prop::sample::select(vec![
            "超", "近", "5", "12", ",", ".", "亿", "万亿", "元", "US$", "bn", "-", "%", "pp",
            "第", "十", "百", "零", "多", "以上", "e", "9", " ", "下降", "个",
        ]), 0..12)) {
            let text = pieces.concat();
            for kind in [MetricKind::Money, MetricKind::Count, MetricKind::Percent,
                         MetricKind::Points, MetricKind::Rank, MetricKind::Energy] {
                if let Ok(v) = Value::parse(&text, kind) {
                    // Whatever reads, reads back the same from its display.
                    prop_assert_eq!(Value::parse(&v.to_string(), kind), Ok(v));
                }
            }
        }

        /// Arbitrary text never panics, whatever the kind.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
            for kind in [MetricKind::Money, MetricKind::Count, MetricKind::Percent,
                         MetricKind::Points, MetricKind::Rank, MetricKind::Area] {
                let _ = Value::parse(&text, kind);
            }
        }
    }
}

//! Figures as sources write them: amounts with Chinese magnitudes and
//! qualifiers (超/近/以上), counts, percentages, percentage points, ranks and
//! plain quantities. Parsing of every written form of the dataset contract
//! lives here ("where are 亿 amounts parsed?": `Amount::parse`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
        let exponent = match self {
            Magnitude::Unit => 0,
            Magnitude::Thousand => 3,
            Magnitude::Wan => 4,
            Magnitude::BaiWan | Magnitude::Million => 6,
            Magnitude::QianWan => 7,
            Magnitude::Yi => 8,
            Magnitude::Billion => 9,
            Magnitude::WanYi => 12,
        };
        Decimal::from_i128_with_scale(10i128.pow(exponent), 0)
    }
}

impl Currency {
    /// A `currency` cell: 元/人民币/CNY/RMB, 美元/USD/US$, 欧元/EUR, any case.
    pub fn parse(text: &str) -> Option<Currency> {
        let _ = text;
        todo!()
    }
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
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
        let _ = (text, cell);
        todo!()
    }
}

impl Value {
    /// Reads a value of the given kind, as the contract writes it.
    pub fn parse(text: &str, kind: MetricKind) -> Result<Value, ValueError> {
        let _ = (text, kind);
        todo!()
    }
}

//! How a value reads in Chinese and in English: 亿/万, 超/近/以上, 个百分点,
//! "over CNY 110 bn", "up 44.4% year on year". The Tera filters call into
//! this module; nothing else formats numbers.
//!
//! Every function is deterministic and reads no locale. A figure always
//! keeps its qualifier (超1100亿元, over CNY 110 bn). Where there is no figure,
//! templates show [`MISSING`], never 0.
//!
//! Digit grouping: English groups integer parts of four or more digits
//! ("1,100"); Chinese follows GB/T 15835 and leaves integers of up to four
//! digits ungrouped ("超1100亿元", "5000万美元") but groups longer ones and a
//! four-digit integer part before decimals ("1,249.45亿元", "12,345").

mod change;
mod chart;
mod digits;
mod figures;
mod money;
mod wording;

pub use change::{growth, points_diff, share};
pub use chart::{chart_label, chart_number};
pub use figures::{count, percent, points, quantity, rank, value};
pub use money::amount;
pub use wording::{qualifier_mark, qualifier_word};

/// Shown where there is no figure; never 0.
pub const MISSING: &str = "–";

use serde::{Deserialize, Serialize};

/// The language of a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

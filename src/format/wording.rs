//! Qualifiers as readers see them: 超/近/约/以上, over/nearly/about/at least,
//! and the marks used on charts.

use crate::model::value::Qualifier;

use super::Lang;

/// The word a qualifier reads as. In Chinese, 以上 (at least) follows the
/// figure and the others precede it; in English all precede it. Exact is "".
pub fn qualifier_word(q: Qualifier, lang: Lang) -> &'static str {
    match (lang, q) {
        (_, Qualifier::Exact) => "",
        (Lang::Zh, Qualifier::Over) => "超",
        (Lang::Zh, Qualifier::Nearly) => "近",
        (Lang::Zh, Qualifier::About) => "约",
        (Lang::Zh, Qualifier::AtLeast) => "以上",
        (Lang::En, Qualifier::Over) => "over",
        (Lang::En, Qualifier::Nearly) => "nearly",
        (Lang::En, Qualifier::About) => "about",
        (Lang::En, Qualifier::AtLeast) => "at least",
    }
}

/// A short mark put before a figure on a chart, the same in both languages:
/// "" exact, ">" over, "≥" at least, "<" nearly (just under: the dataset
/// counts a "nearly" figure below its threshold), "≈" about.
pub fn qualifier_mark(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::Over => ">",
        Qualifier::AtLeast => "≥",
        Qualifier::Nearly => "<",
        Qualifier::About => "≈",
    }
}

/// A figure with its qualifier: 超1100亿元, 50亿元以上, over CNY 110 bn.
pub(super) fn qualified(figure: &str, q: Qualifier, lang: Lang) -> String {
    let word = qualifier_word(q, lang);
    match (lang, q) {
        (_, Qualifier::Exact) => figure.to_string(),
        (Lang::Zh, Qualifier::AtLeast) => [figure, word].concat(),
        (Lang::Zh, _) => [word, figure].concat(),
        (Lang::En, _) => [word, " ", figure].concat(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::format) const ALL_QUALIFIERS: [Qualifier; 5] = [
        Qualifier::Exact,
        Qualifier::Over,
        Qualifier::Nearly,
        Qualifier::About,
        Qualifier::AtLeast,
    ];

    /// How a figure with a qualifier must read, written out independently of
    /// `qualified` for the table tests of every module.
    pub(in crate::format) fn expect(figure: &str, q: Qualifier, lang: Lang) -> String {
        match (lang, q) {
            (_, Qualifier::Exact) => figure.to_string(),
            (Lang::Zh, Qualifier::Over) => format!("超{figure}"),
            (Lang::Zh, Qualifier::Nearly) => format!("近{figure}"),
            (Lang::Zh, Qualifier::About) => format!("约{figure}"),
            (Lang::Zh, Qualifier::AtLeast) => format!("{figure}以上"),
            (Lang::En, Qualifier::Over) => format!("over {figure}"),
            (Lang::En, Qualifier::Nearly) => format!("nearly {figure}"),
            (Lang::En, Qualifier::About) => format!("about {figure}"),
            (Lang::En, Qualifier::AtLeast) => format!("at least {figure}"),
        }
    }

    #[test]
    fn words_and_marks() {
        let cases = [
            (Qualifier::Exact, "", "", ""),
            (Qualifier::Over, "超", "over", ">"),
            (Qualifier::Nearly, "近", "nearly", "<"),
            (Qualifier::About, "约", "about", "≈"),
            (Qualifier::AtLeast, "以上", "at least", "≥"),
        ];
        for (q, zh, en, mark) in cases {
            assert_eq!(qualifier_word(q, Lang::Zh), zh);
            assert_eq!(qualifier_word(q, Lang::En), en);
            assert_eq!(qualifier_mark(q), mark);
        }
    }

    #[test]
    fn qualifies_every_way() {
        for q in ALL_QUALIFIERS {
            for lang in Lang::ALL {
                assert_eq!(qualified("51", q, lang), expect("51", q, lang));
            }
        }
        assert_eq!(
            qualified("50亿元", Qualifier::AtLeast, Lang::Zh),
            "50亿元以上"
        );
        assert_eq!(
            qualified("CNY 110 bn", Qualifier::Over, Lang::En),
            "over CNY 110 bn"
        );
    }
}

//! Tera filters: the templates' way into `crate::format`. Each reads the
//! brief's language from the context variable `lang`.

use super::context::FigureView;
use crate::aggregate::Growth;
use crate::format::{self, Lang};
use crate::model::Period;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::borrow::Cow;
use tera::{Kwargs, State, Tera, TeraResult};

fn lang(state: &State) -> TeraResult<Lang> {
    // Read as the template value it is: as a `String`, Tera would format it
    // into a new one for every figure.
    let code: Option<tera::Value> = state.get("lang")?;
    code.as_ref()
        .and_then(tera::Value::as_str)
        .and_then(Lang::parse)
        .ok_or_else(|| tera::Error::message("the context has no `lang` of \"zh\" or \"en\""))
}

/// A filter's text argument, with the error Tera gives for any other value.
fn text(value: &tera::Value) -> TeraResult<&str> {
    <&str as tera::ArgFromValue>::from_value(value)
}

fn read<'a, T: Deserialize<'a>>(value: &'a tera::Value, what: &str) -> TeraResult<T> {
    T::deserialize(value).map_err(|e| tera::Error::message(format!("expected {what}: {e}")))
}

/// Registers every filter; must run before templates are added (Tera 2).
pub fn register(tera: &mut Tera) {
    // {{ cell.figure | fig }} → 超1100亿元 / over CNY 110 bn
    tera.register_filter(
        "fig",
        |v: &tera::Value, _: Kwargs, s: &State| -> TeraResult<tera::Value> {
            // A figure of the page's own view comes with its text, given
            // back as the template value it is (not copied).
            if let Some(text) = v.get_from_path("text").filter(|t| t.as_str().is_some()) {
                return Ok(text.clone());
            }
            let f: FigureView = read(v, "a figure")?;
            Ok(format::value(&f.value, f.unit.as_deref(), lang(s)?).into())
        },
    );
    // {{ "2020-01..2020-09" | period }} → 2020年1-9月 / Jan–Sep 2020
    tera.register_filter(
        "period",
        |v: &str, _: Kwargs, s: &State| -> TeraResult<String> {
            let p = Period::parse(v).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(super::words::period(&p, lang(s)?))
        },
    );
    // {{ cell.growth | growth }} → 同比增长44.4% / up 44.4% year on year
    tera.register_filter(
        "growth",
        |v: &tera::Value, _: Kwargs, s: &State| -> TeraResult<String> {
            let g: Growth = read(v, "a growth")?;
            let lang = lang(s)?;
            Ok(match (&g.percent, &g.points) {
                (Some(p), _) => format::growth(p, lang),
                (None, Some(p)) => format::points_diff(p, lang),
                (None, None) => String::new(),
            })
        },
    );
    // {{ cell.share | share }} → 42.1%
    tera.register_filter(
        "share",
        |v: &tera::Value, _: Kwargs, s: &State| -> TeraResult<String> {
            let d: Decimal = read(v, "a fraction")?;
            Ok(format::share(d, lang(s)?))
        },
    );
    // {{ name | md }}: data text made safe for Markdown (and tables).
    // Most names need no escape: those are given back as they are.
    tera.register_filter(
        "md",
        |v: &tera::Value, _: Kwargs, _: &State| -> TeraResult<tera::Value> {
            let raw = text(v)?;
            Ok(match super::markdown::escape(raw) {
                Cow::Borrowed(_) => v.clone(),
                Cow::Owned(escaped) => escaped.into(),
            })
        },
    );
    // {{ [1, 2] | cites }} → [1][2]
    tera.register_filter("cites", |v: Vec<i64>, _: Kwargs, _: &State| {
        v.iter().map(|n| format!("[{n}]")).collect::<String>()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Value};

    fn fig(figure: &FigureView, lang: &str) -> Result<String, Box<dyn std::error::Error>> {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t", "{{ f | fig }}")?;
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("f", figure);
        Ok(tera.render("t", &ctx)?)
    }

    #[test]
    fn md_escapes_what_needs_it_and_refuses_what_is_not_text(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t", "{{ v | md }}")?;
        let render = |v: tera::Value| {
            let mut ctx = tera::Context::new();
            ctx.insert("v", &v);
            tera.render("t", &ctx)
        };
        for (text, want) in [
            ("嘉兴市", "嘉兴市"),
            ("", ""),
            ("a*b_c", "a\\*b\\_c"),
            ("x\n| y", "x \\| y"),
        ] {
            assert_eq!(render(text.into())?, want, "{text:?}");
        }
        assert!(render(tera::Value::from(5)).is_err());
        Ok(())
    }

    #[test]
    fn fig_gives_the_views_text_and_formats_a_figure_without_one(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let value = Value::Amount(Amount::parse("超1100亿元")?);
        let made = FigureView::new(value, None, Lang::En);
        assert_eq!(fig(&made, "en")?, "over CNY 110 bn");
        // A template's own figure (no text) is formatted in the page's language.
        let bare = FigureView { text: None, ..made };
        assert_eq!(fig(&bare, "zh")?, "超1100亿元");
        Ok(())
    }
}

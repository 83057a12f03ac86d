//! Roll-ups over the region tree: every project counts once in each of its
//! ancestors, a child's reported figure is never added to its parent's, and
//! sums keep what their parts allow them to claim.

use crate::common::*;
use citybrief::aggregate::{self, Scope};
use citybrief::ingest::{self, DataSource};
use citybrief::model::{Period, Qualifier, Value};

const PROJECTS: &str =
    "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note
p1,alpha,2024-02-01,A,新能源,10亿元,,是,,signed,s1,
p2,alpha-zone,2024-03,B,新能源,超5亿元,,否,是,started,s1,
p3,alpha-county,2024-05-20,C,新材料,1亿元,,,,signed,s1,
p4,alpha-county-zone,2024-11,D,算力,近50亿元,,,,signed,s1,
p5,beta,2024,E,算力,2000万美元,,是,,signed,s2,
p6,beta,,F,算力,,,,,signed,s2,
";

fn load(files: &[(&str, &str)]) -> Result<citybrief::model::Dataset, Box<dyn std::error::Error>> {
    let data = Dataset::new(files);
    Ok(ingest::load(&DataSource::Dir(data.path().to_path_buf()))?.dataset)
}

fn count(v: &Value) -> u64 {
    match v {
        Value::Count(c) => c.number,
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn projects_roll_up_into_every_ancestor_exactly_once() -> TestResult {
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("projects.csv", PROJECTS),
    ])?;
    let year = Scope::Period(Period::parse("2024")?);
    let id = |s: &str| data.regions.resolve(s).map_err(|e| format!("{e:?}"));
    let (alpha, county, beta) = (id("alpha")?, id("alpha-county")?, id("beta")?);
    let brief = aggregate::brief(&data, year, &[alpha, county, beta]);
    let computed = |i: usize, m: &str| brief.projects[i].computed(m).map(|c| c.value);
    assert_eq!(computed(0, "signed_projects").map(|v| count(&v)), Some(4));
    assert_eq!(computed(1, "signed_projects").map(|v| count(&v)), Some(2));
    // p5 is dated by year only: it counts in 2024, never in a quarter.
    assert_eq!(computed(2, "signed_projects").map(|v| count(&v)), Some(1));
    // 10亿 + 超5亿 + 1亿 + 近50亿: a "nearly" part makes the sum "about".
    match computed(0, "signed_investment") {
        Some(Value::Amount(a)) => {
            assert_eq!(a.value(), rust_decimal::Decimal::from(6_600_000_000i64));
            assert_eq!(a.qualifier, Qualifier::About);
        }
        other => panic!("{other:?}"),
    }
    // Brackets: 近50亿 is below 50亿; 10亿 is at 10亿 (以上 includes it).
    assert_eq!(
        computed(0, "projects_ge_5b_cny").map(|v| count(&v)),
        Some(0)
    );
    assert_eq!(
        computed(0, "projects_ge_1b_cny").map(|v| count(&v)),
        Some(2)
    );
    assert_eq!(
        computed(0, "fortune500_projects").map(|v| count(&v)),
        Some(1)
    );
    assert_eq!(
        brief.projects[0]
            .computed("fortune500_projects")
            .map(|c| c.unknown),
        Some(3)
    );
    // Beta's USD amount has no rate: kept apart, not in the CNY brackets.
    assert_eq!(
        computed(2, "projects_ge_100m_cny").map(|v| count(&v)),
        Some(0)
    );
    let q1 = aggregate::brief(
        &data,
        Scope::Period(Period::parse("2024-Q1")?),
        &[alpha, beta],
    );
    assert_eq!(
        q1.projects[0]
            .computed("signed_projects")
            .map(|c| count(&c.value)),
        Some(2)
    );
    assert!(
        q1.projects[1].computed("signed_projects").is_none(),
        "no projects shows –, never 0"
    );
    Ok(())
}

#[test]
fn a_rate_converts_and_is_named() -> TestResult {
    let toml = "[exchange_rates]\nUSD = 7\n";
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("projects.csv", PROJECTS),
        ("citybrief.toml", toml),
    ])?;
    let beta = data.regions.resolve("beta").map_err(|e| format!("{e:?}"))?;
    let brief = aggregate::brief(&data, Scope::Period(Period::parse("2024")?), &[beta]);
    match brief.projects[0]
        .computed("signed_investment")
        .map(|c| c.value)
    {
        Some(Value::Amount(a)) => assert_eq!(a.value(), rust_decimal::Decimal::from(140_000_000)),
        other => panic!("{other:?}"),
    }
    assert!(brief
        .notes
        .iter()
        .any(|n| matches!(n, aggregate::Comparability::Rate { .. })));
    Ok(())
}

#[test]
fn reported_figures_lead_and_children_are_never_added() -> TestResult {
    let indicators = "region,period,metric,value,source,event,note
alpha,2024,signed_projects,40,s1,,
alpha-zone,2024,signed_projects,12,s1,,
alpha-zone,2024-06-08,signed_projects,5,s2,签约仪式,
";
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("projects.csv", PROJECTS),
        ("indicators.csv", indicators),
    ])?;
    let alpha = data.regions.resolve("甲市").map_err(|e| format!("{e:?}"))?;
    let brief = aggregate::brief(&data, Scope::Period(Period::parse("2024")?), &[alpha]);
    let row = brief
        .rows
        .iter()
        .find(|r| data.metrics.get(r.metric).id == "signed_projects")
        .ok_or("row")?;
    let cell = &row.cells[0];
    assert_eq!(cell.reported.as_ref().map(|r| count(&r.value)), Some(40));
    assert_eq!(cell.computed.as_ref().map(|c| count(&c.value)), Some(4));
    assert_eq!(
        brief.inner.len(),
        1,
        "the zone's figure is listed on its own"
    );
    assert_eq!(
        brief.events.len(),
        1,
        "the event's tally is listed, not summed"
    );
    Ok(())
}

#[test]
fn ranks_shares_and_gaps_only_between_independent_regions() -> TestResult {
    let indicators = "region,period,metric,value,source,event,note
alpha,2024,fdi_actual,12.5亿美元,s1,,
alpha-county,2024,fdi_actual,3亿美元,s1,,
beta,2024,fdi_actual,近10亿美元,s1,,
alpha,2024,fdi_actual_yoy,7.8%,s1,,
beta,2024,fdi_actual_yoy,-3.1%,s1,,
alpha,2023,fdi_actual,10亿美元,s1,,
";
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", indicators),
    ])?;
    let id = |s: &str| data.regions.resolve(s).map_err(|e| format!("{e:?}"));
    let compared = [id("alpha")?, id("alpha-county")?, id("beta")?];
    let brief = aggregate::brief(&data, Scope::Period(Period::parse("2024")?), &compared);
    let row = |m: &str| {
        brief
            .rows
            .iter()
            .find(|r| data.metrics.get(r.metric).id == m)
            .ok_or("row")
    };
    let fdi = row("fdi_actual")?;
    // USD figures compare in USD without any rate; the county inside alpha is not ranked.
    assert_eq!(
        fdi.cells.iter().map(|c| c.rank).collect::<Vec<_>>(),
        vec![Some(1), None, Some(2)]
    );
    match fdi.cells[2].gap {
        Some(Value::Amount(a)) => {
            assert_eq!(a.value(), rust_decimal::Decimal::from(250_000_000));
            assert_eq!(a.currency, citybrief::model::Currency::Usd);
        }
        ref other => panic!("{other:?}"),
    }
    assert!(
        fdi.notes.contains(&aggregate::Comparability::Qualified),
        "近 is a bound"
    );
    // Year on year from the reported 2023 figure: 12.5 / 10 - 1 = 25%.
    let growth = fdi.cells[0]
        .growth
        .as_ref()
        .and_then(|g| g.percent)
        .ok_or("growth")?;
    assert_eq!(growth.number, rust_decimal::Decimal::from(25));
    // A difference of percentages is in points.
    let yoy = row("fdi_actual_yoy")?;
    match yoy.cells[2].gap {
        Some(Value::Points(p)) => assert_eq!(p.number.to_string(), "10.9"),
        ref other => panic!("{other:?}"),
    }
    assert!(brief
        .notes
        .iter()
        .any(|n| matches!(n, aggregate::Comparability::Nested { .. })));
    Ok(())
}

#[test]
fn mixed_currencies_without_a_rate_are_not_ranked() -> TestResult {
    let indicators = "region,period,metric,value,source,event,note
alpha,2024,fdi_actual,12.5亿美元,s1,,
beta,2024,fdi_actual,80亿元,s1,,
";
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", indicators),
    ])?;
    let id = |s: &str| data.regions.resolve(s).map_err(|e| format!("{e:?}"));
    let brief = aggregate::brief(
        &data,
        Scope::Period(Period::parse("2024")?),
        &[id("alpha")?, id("beta")?],
    );
    let row = &brief.rows[0];
    assert!(row.cells.iter().all(|c| c.rank.is_none()));
    assert!(row
        .notes
        .iter()
        .any(|n| matches!(n, aggregate::Comparability::Currencies { .. })));
    Ok(())
}

#[test]
fn a_reported_figure_is_never_ranked_against_a_computed_one() -> TestResult {
    let indicators = "region,period,metric,value,source,event,note
alpha,2024,signed_projects,40,s1,,
";
    let data = load(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("projects.csv", PROJECTS),
        ("indicators.csv", indicators),
    ])?;
    let id = |s: &str| data.regions.resolve(s).map_err(|e| format!("{e:?}"));
    let brief = aggregate::brief(
        &data,
        Scope::Period(Period::parse("2024")?),
        &[id("alpha")?, id("beta")?],
    );
    let row = brief
        .rows
        .iter()
        .find(|r| data.metrics.get(r.metric).id == "signed_projects")
        .ok_or("row")?;
    assert!(row.cells[0].reported.is_some() && row.cells[1].reported.is_none());
    assert!(row
        .cells
        .iter()
        .all(|c| c.rank.is_none() && c.share.is_none()));
    assert!(row.notes.contains(&aggregate::Comparability::Definitions));
    Ok(())
}

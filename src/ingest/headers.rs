//! The five tables, their columns, and the header aliases of the contract
//! (English in any letter case, or Chinese).

use super::table::Table;
use crate::error::Problem;
use crate::model::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    Regions,
    Sources,
    Indicators,
    Projects,
    Metrics,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Regions,
        TableKind::Sources,
        TableKind::Metrics,
        TableKind::Indicators,
        TableKind::Projects,
    ];

    /// The sheet name, and the CSV file name without `.csv`.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Regions => "regions",
            TableKind::Sources => "sources",
            TableKind::Indicators => "indicators",
            TableKind::Projects => "projects",
            TableKind::Metrics => "metrics",
        }
    }

    pub fn csv_file(self) -> String {
        format!("{}.csv", self.name())
    }

    pub fn columns(self) -> &'static [&'static str] {
        match self {
            TableKind::Regions => &["id", "name_zh", "name_en", "level", "parent", "province"],
            TableKind::Sources => &["id", "title", "publisher", "published", "url", "language"],
            TableKind::Indicators => &[
                "region", "period", "metric", "value", "source", "event", "note",
            ],
            TableKind::Projects => &[
                "id",
                "region",
                "date",
                "name",
                "sector",
                "investment",
                "currency",
                "foreign",
                "fortune500",
                "stage",
                "source",
                "note",
            ],
            TableKind::Metrics => &["id", "label_zh", "label_en", "kind", "unit", "better"],
        }
    }

    /// Columns that must be present and non-empty.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            TableKind::Regions => &["id", "name_zh", "level"],
            TableKind::Sources => &["id", "title"],
            TableKind::Indicators => &["region", "period", "metric", "value", "source"],
            TableKind::Projects => &["region", "name", "source"],
            TableKind::Metrics => &["id", "label_zh", "kind"],
        }
    }
}

/// Chinese header → the column it means.
const ALIASES: [(&str, &str); 40] = [
    ("地区", "region"),
    ("城市", "region"),
    ("日期", "date"),
    ("签约日期", "date"),
    ("项目名称", "name"),
    ("名称", "name"),
    ("行业", "sector"),
    ("产业", "sector"),
    ("总投资", "investment"),
    ("投资额", "investment"),
    ("币种", "currency"),
    ("外资", "foreign"),
    ("世界500强", "fortune500"),
    ("阶段", "stage"),
    ("进度", "stage"),
    ("来源", "source"),
    ("备注", "note"),
    ("期间", "period"),
    ("时期", "period"),
    ("指标", "metric"),
    ("数值", "value"),
    ("事件", "event"),
    ("活动", "event"),
    ("标题", "title"),
    ("发布单位", "publisher"),
    ("来源单位", "publisher"),
    ("发布日期", "published"),
    ("链接", "url"),
    ("语言", "language"),
    ("级别", "level"),
    ("上级", "parent"),
    ("省份", "province"),
    ("编号", "id"),
    ("中文名", "name_zh"),
    ("英文名", "name_en"),
    ("中文标签", "label_zh"),
    ("英文标签", "label_en"),
    ("类型", "kind"),
    ("单位", "unit"),
    ("方向", "better"),
];

fn alias(header: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(a, _)| *a == header).map(|(_, c)| *c)
}

/// The column a header means in a table, if any.
pub fn canonical(kind: TableKind, header: &str) -> Option<&'static str> {
    let normal = text::halfwidth(text::trim(header)).to_ascii_lowercase();
    let column = alias(&normal).unwrap_or(normal.as_str());
    kind.columns().iter().copied().find(|c| *c == column)
}

/// Which column of the file holds each column of the table.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// A table has a dozen columns at most: a list beats hashing, and this
    /// is looked up for every cell validated.
    index: Vec<(&'static str, usize)>,
}

impl Columns {
    pub fn get(&self, column: &str) -> Option<usize> {
        self.index
            .iter()
            .find(|(name, _)| *name == column)
            .map(|(_, i)| *i)
    }

    /// Maps `column` to `i`; the index it had before, if any (as a map's
    /// insert does).
    fn insert(&mut self, column: &'static str, i: usize) -> Option<usize> {
        match self.index.iter_mut().find(|(name, _)| *name == column) {
            Some((_, at)) => Some(std::mem::replace(at, i)),
            None => {
                self.index.push((column, i));
                None
            }
        }
    }
}

/// Maps a table's headers; every unknown, doubled or missing column is a
/// problem. The rows can still be checked (so that every problem is
/// reported at once) unless a required column is missing: an unknown column
/// is left aside and a doubled one reads its first occurrence.
pub fn map(kind: TableKind, table: &Table) -> (Option<Columns>, Vec<Problem>) {
    let mut columns = Columns::default();
    let mut problems = Vec::new();
    let at = |message: String, header: &str| {
        Problem::error(&table.file, message)
            .at_row(1)
            .in_column(header.to_string())
    };
    for (i, header) in table.headers.iter().enumerate() {
        if text::trim(header).starts_with("x_") {
            continue;
        }
        let Some(column) = canonical(kind, header) else {
            let expected = format!(
                "one of {}, or a name starting with x_",
                kind.columns().join(", ")
            );
            problems.push(at(format!("unknown column {header:?}"), header).expected(expected));
            continue;
        };
        if let Some(first) = columns.get(column) {
            let message = format!(
                "{header:?} means the same column as {:?} ({column})",
                table.headers[first]
            );
            problems.push(at(message, header).expected("each column once"));
        } else {
            columns.insert(column, i);
        }
    }
    for column in kind.required() {
        if columns.get(column).is_none() {
            problems.push(
                Problem::error(
                    &table.file,
                    format!("the required column {column} is missing"),
                )
                .at_row(1)
                .in_column(*column)
                .expected(format!("a column {column}")),
            );
        }
    }
    let complete = kind.required().iter().all(|c| columns.get(c).is_some());
    (complete.then_some(columns), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Table {
        Table {
            file: "t.csv".into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            deferred: None,
        }
    }

    #[test]
    fn every_alias_maps_to_its_column() {
        let mut seen = 0;
        for (alias, column) in ALIASES {
            let kinds: Vec<TableKind> = TableKind::ALL
                .into_iter()
                .filter(|k| k.columns().contains(&column))
                .collect();
            assert!(!kinds.is_empty(), "{alias} → {column} is in no table");
            for kind in kinds {
                assert_eq!(canonical(kind, alias), Some(column), "{alias} in {kind:?}");
                assert_eq!(canonical(kind, &column.to_uppercase()), Some(column));
                seen += 1;
            }
        }
        assert!(seen >= 40);
        assert_eq!(canonical(TableKind::Regions, " 世界５００强 "), None);
        assert_eq!(
            canonical(TableKind::Projects, " 世界５００强 "),
            Some("fortune500")
        );
        assert_eq!(canonical(TableKind::Regions, "名称"), None);
    }

    /// Headers, and the (column, message part) of each problem expected.
    type Case = (
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    );

    #[test]
    fn header_faults_are_reported_with_their_column() {
        let cases: [Case; 5] = [
            (&["id", "中文名", "LEVEL", "x_comment"], &[]),
            (
                &["id", "name_zh", "level", "colour"],
                &[("colour", "unknown column")],
            ),
            (
                &["id", "name_zh", "level", "级别"],
                &[("级别", "means the same column")],
            ),
            (
                &["id", "name_en"],
                &[("name_zh", "missing"), ("level", "missing")],
            ),
            (
                &["编号", "id", "name_zh", "level", "parent", "上级"],
                &[("id", "same column"), ("上级", "same column")],
            ),
        ];
        for (headers, want) in cases {
            let (_, got) = map(TableKind::Regions, &table(headers));
            assert_eq!(got.len(), want.len(), "{headers:?}: {got:?}");
            for (p, (column, message)) in got.iter().zip(want) {
                assert_eq!(p.column.as_deref(), Some(*column), "{headers:?}");
                assert!(p.message.contains(message), "{headers:?}: {}", p.message);
                assert_eq!((p.row, p.file.as_str()), (Some(1), "t.csv"));
            }
        }
    }
}

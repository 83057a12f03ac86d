//! Place mentions in a normalised paragraph: gazetteer names (longest
//! first) and names the text itself marks as places (`秀洲区`, `海宁市`,
//! `平湖经开区`).

use super::hant::to_simplified;
use super::scan::starts_with;
use super::Place;

/// Suffixes that make the two characters before them a place name.
const SUFFIXES: [&str; 6] = ["经济技术开发区", "经济开发区", "经开区", "市", "县", "区"];
/// Characters that never start or end such a two-character name.
const STOP: &str = "项目全我本该各此每其一这那个主城地园片市县区省等和与及的在到从了是中新示范自贸保税工业开发产科技高经上下城都辖社小景湾大内外市场";

/// A gazetteer prepared for matching: simplified names, longest first,
/// each with its region and whether the caller knew it (or the article
/// taught it, see [`Gazetteer::learn`]).
pub struct Gazetteer {
    names: Vec<(Vec<char>, String, bool)>,
}

impl Gazetteer {
    pub fn new(places: &[Place]) -> Gazetteer {
        let mut g = Gazetteer { names: Vec::new() };
        for place in places {
            for name in &place.names {
                g.add(name, &place.id, true);
            }
        }
        g
    }

    /// Adds names the article marks as places (`嘉善县`), so that their bare
    /// form (`嘉善`) is recognised too.
    pub fn learn(&mut self, marked: impl IntoIterator<Item = String>) {
        for name in marked {
            self.add(&name, &name, false);
        }
    }

    /// Adds a name and, without its trailing 市/县/区, its bare form.
    fn add(&mut self, name: &str, region: &str, known: bool) {
        let simple = to_simplified(name);
        let bare = simple.trim_end_matches(['市', '县', '区']);
        if bare.chars().count() >= 2 && bare != simple {
            self.names
                .push((bare.chars().collect(), region.to_string(), known));
        }
        self.names
            .push((simple.chars().collect(), region.to_string(), known));
        self.names
            .sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    }

    fn at(&self, t: &[char], i: usize) -> Option<&(Vec<char>, String, bool)> {
        self.names
            .iter()
            .find(|(n, _, _)| !n.is_empty() && t.get(i..i + n.len()) == Some(n.as_slice()))
    }
}

/// One mention: `region` is a gazetteer id, or the name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub region: String,
    pub known: bool,
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A name the text marks as a place: two Han characters before a suffix.
fn marked_at(t: &[char], i: usize, after: usize) -> Option<Mention> {
    let suffix = SUFFIXES.iter().find(|s| starts_with(t, i, s))?;
    let start = i.checked_sub(2).filter(|&s| s >= after)?;
    let name = t.get(start..i)?;
    if !name.iter().all(|&c| is_han(c) && !STOP.contains(c)) {
        return None;
    }
    let end = i + suffix.chars().count();
    let region: String = t.get(start..end)?.iter().collect();
    Some(Mention {
        start,
        end,
        region,
        known: false,
    })
}

/// Every place mention, in order, none overlapping.
pub fn mentions(t: &[char], gazetteer: &Gazetteer) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let after = out.last().map_or(0, |m| m.end);
        if let Some((name, region, known)) = gazetteer.at(t, i) {
            let (start, end) = (i, i + name.len());
            out.push(Mention {
                start,
                end,
                region: region.clone(),
                known: *known,
            });
            i = end;
        } else if let Some(m) = marked_at(t, i, after) {
            i = m.end;
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the mention begins a project's or company's name
/// (`嘉兴储能电池智能制造总部基地项目`) rather than naming the subject.
pub fn names_a_project(t: &[char], m: &Mention) -> bool {
    const VERBS: [&str; 8] = ["引进", "签约", "招引", "实际", "利用", "全年", "共", "有"];
    let window: String = t.iter().skip(m.end).take(16).collect();
    let Some(at) = window.find("项目") else {
        return false;
    };
    let before = window.get(..at).unwrap_or("");
    !before.chars().any(|c| "，,、。；;：:“”（）()".contains(c))
        && !VERBS.iter().any(|v| before.contains(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let place = |id: &str, names: &[&str]| Place {
            id: id.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
        };
        Gazetteer::new(&[
            place("jiaxing", &["嘉兴市", "Jiaxing"]),
            place("jiaxing-etdz", &["嘉兴经济技术开发区", "嘉兴经开区"]),
            place("jiashan", &["嘉善縣"]),
        ])
    }

    #[test]
    fn finds_gazetteer_and_marked_places() {
        for (text, want) in [
            ("嘉兴经开区迎来重大项目", vec!["jiaxing-etdz"]),
            ("嘉兴全年引进", vec!["jiaxing"]),
            ("嘉善规上工业产值", vec!["jiashan"]),
            ("尤以秀洲区势头最为强劲", vec!["秀洲区"]),
            ("海宁市年产30万片", vec!["海宁市"]),
            ("全市引进42个项目中,主城区占19个", vec![]),
            ("动员全市上下", vec![]),
            ("长三角地区储能产业", vec![]),
            ("平湖经开区", vec!["平湖经开区"]),
            ("引进的项目区位分布", vec![]),
        ] {
            let t: Vec<char> = text.chars().collect();
            let got: Vec<String> = mentions(&t, &gazetteer())
                .into_iter()
                .map(|m| m.region)
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn tells_project_names_from_subjects() {
        for (text, want) in [
            ("嘉兴储能电池智能制造总部基地项目投资51亿元", true),
            ("嘉兴全年引进总投资超亿美元项目51个", false),
            ("嘉兴新签约亿元以上项目265个", false),
        ] {
            let t: Vec<char> = text.chars().collect();
            let m = mentions(&t, &gazetteer()).remove(0);
            assert_eq!(names_a_project(&t, &m), want, "{text}");
        }
    }
}

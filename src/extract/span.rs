//! Sentences and clauses of a normalised paragraph, as `start..end` ranges.

const SENTENCE_ENDS: &str = "。！？；!?;…";
const CLAUSE_ENDS: &str = "。！？；!?;…，,、：:";

fn bounds(t: &[char], at: usize, ends: &str) -> (usize, usize) {
    let is_end = |c: &char| ends.contains(*c);
    let start = t
        .get(..at.min(t.len()))
        .and_then(|b| b.iter().rposition(is_end))
        .map_or(0, |p| p + 1);
    let end = t
        .get(at..)
        .and_then(|a| a.iter().position(is_end))
        .map_or(t.len(), |p| at + p);
    (start, end)
}

/// The sentence holding position `at`.
pub fn sentence(t: &[char], at: usize) -> (usize, usize) {
    bounds(t, at, SENTENCE_ENDS)
}

/// The clause holding position `at`.
pub fn clause(t: &[char], at: usize) -> (usize, usize) {
    bounds(t, at, CLAUSE_ENDS)
}

/// The text of `t[start..end]`.
pub fn text(t: &[char], (start, end): (usize, usize)) -> String {
    t.get(start..end.min(t.len()))
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_clauses() {
        let t: Vec<char> = "甲,乙、丙。丁……戊".chars().collect();
        assert_eq!(text(&t, sentence(&t, 2)), "甲,乙、丙");
        assert_eq!(text(&t, clause(&t, 2)), "乙");
        assert_eq!(text(&t, sentence(&t, 9)), "戊");
        assert_eq!(text(&t, sentence(&t, 6)), "丁");
    }
}

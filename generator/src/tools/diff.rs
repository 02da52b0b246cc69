//! A unified diff of two texts by line, for `--check` and the staleness test to show what
//! changed. Common leading and trailing lines are set aside first, so the quadratic part only
//! sees the lines that differ.

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Above this many cells the middle is shown as removed-then-added instead of aligned.
const MAX_CELLS: usize = 16_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Same,
    Removed,
    Added,
}

/// A unified diff from `old` to `new` with `---`/`+++` names; empty when they are equal.
pub fn unified(old_name: &str, new_name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let edits = edits(&a, &b);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for hunk in hunks(&edits) {
        write_hunk(&mut out, &edits[hunk.0..hunk.1], &a, &b, hunk.2, hunk.3);
    }
    out
}

/// The edit script, one entry per line of the merged sequence.
fn edits(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out = vec![Edit::Same; prefix];
    out.extend(middle(mid_a, mid_b));
    out.extend(vec![Edit::Same; suffix]);
    out
}

/// Longest-common-subsequence alignment of the differing middle.
fn middle(a: &[&str], b: &[&str]) -> Vec<Edit> {
    if (a.len() + 1) * (b.len() + 1) > MAX_CELLS {
        return [vec![Edit::Removed; a.len()], vec![Edit::Added; b.len()]].concat();
    }
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(Edit::Same);
            (i, j) = (i + 1, j + 1);
        } else if i < a.len()
            && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
        {
            // Removals come before additions, as in every unified diff people read.
            out.push(Edit::Removed);
            i += 1;
        } else {
            out.push(Edit::Added);
            j += 1;
        }
    }
    out
}

/// Hunks as (first edit, end edit, old line, new line), merging changes closer than twice the
/// context.
fn hunks(edits: &[Edit]) -> Vec<(usize, usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (mut old_line, mut new_line) = (0, 0);
    let mut positions = Vec::with_capacity(edits.len());
    for edit in edits {
        positions.push((old_line, new_line));
        match edit {
            Edit::Same => (old_line, new_line) = (old_line + 1, new_line + 1),
            Edit::Removed => old_line += 1,
            Edit::Added => new_line += 1,
        }
    }
    for (index, edit) in edits.iter().enumerate() {
        if *edit == Edit::Same {
            continue;
        }
        let start = index.saturating_sub(CONTEXT);
        let end = (index + 1 + CONTEXT).min(edits.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => out.push((start, end, positions[start].0, positions[start].1)),
        }
    }
    out
}

fn write_hunk(
    out: &mut String,
    edits: &[Edit],
    a: &[&str],
    b: &[&str],
    old_start: usize,
    new_start: usize,
) {
    let old_len = edits.iter().filter(|e| **e != Edit::Added).count();
    let new_len = edits.iter().filter(|e| **e != Edit::Removed).count();
    out.push_str(&format!(
        "@@ -{},{old_len} +{},{new_len} @@\n",
        old_start + 1,
        new_start + 1
    ));
    let (mut i, mut j) = (old_start, new_start);
    for edit in edits {
        let (mark, line) = match edit {
            Edit::Same => {
                (i, j) = (i + 1, j + 1);
                (' ', a[i - 1])
            }
            Edit::Removed => {
                i += 1;
                ('-', a[i - 1])
            }
            Edit::Added => {
                j += 1;
                ('+', b[j - 1])
            }
        };
        out.push(mark);
        out.push_str(line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a", "b", "x\ny\n", "x\ny\n"), "");
    }

    #[test]
    fn one_changed_line_gives_one_hunk_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let want = "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n";
        assert_eq!(unified("a", "b", old, new), want);
    }

    #[test]
    fn insertions_and_distant_changes_give_separate_hunks() {
        let old: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let new = old.replacen("2\n", "2\nnew\n", 1).replace("18\n", "");
        let diff = unified("a", "b", &old, &new);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("+new\n") && diff.contains("-18\n"), "{diff}");
        assert!(diff.contains("@@ -1,5 +1,6 @@"), "{diff}");
    }
}

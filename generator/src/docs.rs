//! Doc comment text from the spec (part of the model stage): text written for a web page is
//! cleaned so that rustdoc shows it as written and nothing in it can break the build.
//!
//! - line endings are normalized and control and bidirectional-override characters dropped
//!   (rustc rejects the latter in comments);
//! - code fences become `text` fences, so rustdoc never compiles spec text as a doctest, and an
//!   unclosed fence is closed; indentation outside fences is dropped for the same reason (four
//!   spaces would start an indented code block);
//! - `[`, `]`, `<` and `>` are escaped outside fences (no accidental intra-doc links or HTML
//!   tags), and bare URLs become `<...>` links.

/// The cleaned lines of `text`, without leading or trailing blank lines.
pub fn lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
    // The width of the current list item's marker: its continuation lines are indented by it,
    // so that Markdown (and clippy's `doc_lazy_continuation`) reads them as part of the item.
    let mut list_indent: Option<usize> = None;
    for raw in text.lines() {
        let line: String = raw
            .chars()
            .filter(|c| !is_dropped(*c))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            out.push(if in_fence || info.contains('`') {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.trim_end().to_string());
        } else {
            let text = link_urls(&escape(trimmed));
            if trimmed.is_empty() {
                list_indent = None;
                out.push(text);
            } else if let Some(width) = list_marker_width(trimmed) {
                list_indent = Some(width);
                out.push(text);
            } else {
                out.push(format!("{}{text}", " ".repeat(list_indent.unwrap_or(0))));
            }
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let leading = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..leading);
    out
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `, `1. `, `1) `), if any.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// The cleaned text on one line (for variant docs and messages).
pub fn one_line(text: &str) -> String {
    lines(text)
        .iter()
        .filter(|l| !l.starts_with("```"))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text for inside a code span on one doc line (a name, path or pointer quoted from the spec):
/// control and bidirectional characters are dropped, and backticks, which would end the span,
/// become quotes.
pub fn code_span(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !is_dropped(*c))
        .map(|c| if c == '`' { '\'' } else { c })
        .collect()
}

fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Wraps bare `http://` and `https://` URLs in angle brackets, leaving trailing punctuation out.
fn link_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(start) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        let (before, from) = rest.split_at(start);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | '(' | ')' | '\\'))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let url = url
            .split("&lt;")
            .next()
            .unwrap_or(url)
            .split("&gt;")
            .next()
            .unwrap_or(url);
        out.push_str(before);
        if before.ends_with('`') {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_what_would_break_rustdoc() {
        let text = "  Intro [link] <b>bold</b>\r\n\n    indented code\n```\nlet x = [1];\n```\nSee https://example.com/a?b=c. Done";
        assert_eq!(
            lines(text),
            [
                "Intro \\[link\\] &lt;b&gt;bold&lt;/b&gt;",
                "",
                "indented code",
                "```text",
                "let x = [1];",
                "```",
                "See <https://example.com/a?b=c>. Done",
            ]
        );
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        let text = "You can either:\n1. Start a task.\nNote: one-off.\n2. Reuse a session\n\nAfter.\n- a\n  b";
        assert_eq!(
            lines(text),
            [
                "You can either:",
                "1. Start a task.",
                "   Note: one-off.",
                "2. Reuse a session",
                "",
                "After.",
                "- a",
                "  b"
            ]
        );
    }

    #[test]
    fn closes_fences_and_drops_controls_and_bidi() {
        assert_eq!(lines("```rust\nfn f() {}"), ["```text", "fn f() {}", "```"]);
        assert_eq!(lines("a\u{202e}b\u{7}c\td"), ["abc d"]);
        assert_eq!(lines("\n\n  \nx\n\n"), ["x"]);
        assert_eq!(one_line("Too many\n requests"), "Too many requests");
    }

    #[test]
    fn urls_in_code_spans_are_left_alone() {
        assert_eq!(
            lines("use `https://x.io` or http://y.io/"),
            ["use `https://x.io` or <http://y.io/>"]
        );
    }
}

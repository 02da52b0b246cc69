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
//!
//! It also holds the small rules of the text the generator writes itself: long lines wrapped
//! (rustfmt and prettyplease leave doc text alone), a title that only repeats a name left out,
//! "a" or "an" by the sound of the next word, and where an inline schema sits, said in words.

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
        // An escaped `<` or `>` ends the URL (`<https://x.io>` in the spec), then trailing
        // punctuation is left out.
        let url = &from[..end];
        let url = url.split("&lt;").next().unwrap_or(url);
        let url = url.split("&gt;").next().unwrap_or(url);
        let url = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
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

/// `lines` with every line longer than `width` characters wrapped at spaces, never inside a
/// code span (unless its backticks are unbalanced) nor inside a fence; a word longer than
/// `width` stays whole. A wrapped list item continues indented by its marker, and a break is
/// never put where the next line would start a Markdown block (`- x`, `1. x`, `# x`, `===`)
/// or after a backslash.
pub fn wrap(lines: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
        }
        let verbatim = in_fence || trimmed.starts_with("```") || trimmed.starts_with('#');
        if verbatim || line.chars().count() <= width {
            out.push(line.clone());
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let continuation = " ".repeat(indent.len() + list_marker_width(trimmed).unwrap_or(0));
        let widths = [indent.len(), continuation.len()].map(|used| width.saturating_sub(used));
        let mut prefix = indent;
        for words in line_words(&words(trimmed), widths) {
            out.push(format!("{prefix}{}", words.join(" ")));
            prefix = &continuation;
        }
    }
    out
}

/// `words` filled greedily into lines of at most `widths` characters (the first line's, then
/// the others'; a longer word alone). Where a line may not break before a word (see
/// [`may_break`]), the word before it moves down too, unless the line could not break before
/// that one either or would be left empty; then the word stays on the line it would end.
fn line_words<'w>(words: &[&'w str], widths: [usize; 2]) -> Vec<Vec<&'w str>> {
    let mut lines: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for &word in words {
        let used: usize = current.iter().map(|w| w.chars().count() + 1).sum();
        let width = widths[usize::from(!lines.is_empty())];
        if current.is_empty() || used + word.chars().count() <= width {
            current.push(word);
            continue;
        }
        let mut next = vec![word];
        if !may_break(&current, word) {
            match current.split_last() {
                Some((last, before)) if !before.is_empty() && may_break(before, last) => {
                    next.insert(0, last);
                    current.pop();
                }
                _ => {
                    current.push(word);
                    continue;
                }
            }
        }
        lines.push(std::mem::replace(&mut current, next));
    }
    lines.push(current);
    lines
}

/// The words of a line: split at spaces outside code spans, or at every space when the line's
/// backticks do not pair up.
fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut start = 0;
    for (i, c) in line.char_indices() {
        match c {
            '`' => in_code = !in_code,
            ' ' if !in_code => {
                out.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[start..]);
    if in_code {
        out = line.split(' ').collect();
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Whether a line may end after `before` and the next start with `word`: not where `word`
/// would begin a Markdown block, nor after a backslash (a hard line break at the end of a line).
fn may_break(before: &[&str], word: &str) -> bool {
    !starts_block(word) && !before.last().is_some_and(|last| last.ends_with('\\'))
}

/// Whether a word at the start of a line would begin a Markdown block rather than continue
/// the paragraph: a list marker, a heading, a rule or setext underline, a fence or a table.
fn starts_block(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    matches!(word, "-" | "*" | "+")
        || word.starts_with(['#', '|'])
        || word.starts_with("```")
        || word.starts_with("~~~")
        || word.chars().all(|c| c == '=' || c == '-')
        || (digits > 0 && matches!(&word[digits..], "." | ")"))
}

/// Whether `title` only repeats `name`, ignoring case, spaces and punctuation (`Detail` for
/// `detail`, `HTTP Validation Error` for `HTTPValidationError`): such a title says nothing a
/// doc comment should echo.
pub fn repeats_name(title: &str, name: &str) -> bool {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(title) == letters(name)
}

/// "a" or "an" for the word that follows (leading backticks and brackets skipped), by its
/// sound: "an" before a vowel letter, except where it sounds like "you" or "one" (`User`,
/// `Uri`, `Euro`, `One`); acronyms (`HTTPError`, `URL`, `SSE`) by their first letter's name;
/// `hour` and `honest` take "an".
pub fn article(word: &str) -> &'static str {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = word.to_lowercase();
    // An acronym is read letter by letter: "an HTTP", "an SSE", "a URL".
    let an = if word.chars().take_while(char::is_ascii_uppercase).count() >= 2 {
        lower.starts_with(['a', 'e', 'f', 'h', 'i', 'l', 'm', 'n', 'o', 'r', 's', 'x'])
    } else {
        const SOUNDS_YOU_OR_ONE: [&str; 11] = [
            "uni", "use", "usa", "usu", "ura", "uri", "url", "uti", "uu", "eu", "one",
        ];
        const SILENT_H: [&str; 4] = ["hour", "honest", "honor", "heir"];
        (lower.starts_with(['a', 'e', 'i', 'o', 'u'])
            && !SOUNDS_YOU_OR_ONE.iter().any(|p| lower.starts_with(p)))
            || SILENT_H.iter().any(|p| lower.starts_with(p))
    };
    if an {
        "an"
    } else {
        "a"
    }
}

/// Where the schema at a JSON pointer (without `#`) sits, in words, as a sentence: "An item of
/// the `loc` property of `ValidationError`." or "The body of the `422` response of `POST
/// /pets`.". Segments it does not know are named as they are.
pub fn place(pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| code_span(&s.replace("~1", "/").replace("~0", "~")))
        .collect();
    let mut text = phrase(&segments);
    if let Some(first) = text.get(..1) {
        text = format!("{}{}", first.to_uppercase(), &text[1..]);
    }
    text.push('.');
    text
}

/// How many steps from the schema towards its root `place` spells out; a deeper schema is
/// "... inside" its root (the words would outgrow the doc, and nesting can be thousands deep).
const MAX_STEPS: usize = 6;

/// The noun phrase for a pointer's segments: steps from the end inwards, then the root.
fn phrase(segments: &[String]) -> String {
    let all: Vec<&str> = segments.iter().map(String::as_str).collect();
    let mut rest = all.as_slice();
    let mut words = Vec::new();
    loop {
        if let Some(root) = root(rest) {
            words.push(root);
            break;
        }
        if words.len() == MAX_STEPS {
            let outer = (0..=all.len().min(3)).rev().find_map(|n| root(&all[..n]));
            words.push(format!("a schema inside {}", outer.unwrap_or_default()));
            break;
        }
        let (what, used) = step(rest);
        words.push(what);
        rest = &rest[..rest.len().saturating_sub(used.max(1))];
    }
    words.join(" ")
}

/// The phrase for a pointer that names a whole entry of the document, if it is one.
fn root(segments: &[&str]) -> Option<String> {
    Some(match segments {
        [] => "the document".to_string(),
        ["components", "schemas", name] => format!("`{name}`"),
        ["components", "responses", name] => format!("the `{name}` response"),
        ["components", "requestBodies", name] => format!("the `{name}` request body"),
        ["components", "parameters", name] => format!("the `{name}` parameter"),
        ["components", kind, name] => format!("the `{name}` entry of the `{kind}` components"),
        ["paths", path, method] => format!("`{} {path}`", method.to_uppercase()),
        ["paths", path] => format!("the path `{path}`"),
        _ => return None,
    })
}

/// The words for the innermost step of a pointer ("an item of") and how many segments it
/// takes.
fn step(segments: &[&str]) -> (String, usize) {
    match segments {
        [.., "requestBody", "content", _, "schema"] => ("the request body of".to_string(), 4),
        [rest @ .., "responses", status, "content", _, "schema"] if rest != ["components"] => {
            (format!("the body of the `{status}` response of"), 5)
        }
        [.., "content", _, "schema"] => ("the body of".to_string(), 3),
        [.., "requestBody"] => ("the request body of".to_string(), 1),
        [.., "responses", status] => (format!("the `{status}` response of"), 2),
        [.., "parameters", index] => (format!("parameter {} of", ordinal(index)), 2),
        [.., "properties", name] => (format!("the `{name}` property of"), 2),
        [.., "items"] => ("an item of".to_string(), 1),
        [.., "additionalProperties"] => ("a value of".to_string(), 1),
        [.., kind @ ("oneOf" | "anyOf" | "allOf"), index] => {
            let part = if *kind == "allOf" { "part" } else { "option" };
            (format!("{part} {} of the `{kind}` of", ordinal(index)), 2)
        }
        [.., "schema"] => ("the schema of".to_string(), 1),
        [.., last] => (format!("the `{last}` entry of"), 1),
        [] => (String::new(), 1),
    }
}

/// A zero-based list index as a one-based count (`0` is `1`); other text as it is.
fn ordinal(index: &str) -> String {
    index.parse::<usize>().map_or_else(
        |_| format!("`{index}`"),
        |i| i.saturating_add(1).to_string(),
    )
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
        assert_eq!(
            lines("see <https://x.io/a.md>."),
            ["see &lt;<https://x.io/a.md>&gt;."]
        );
    }

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_long_lines_at_spaces_outside_code_spans() {
        let table: [(&[&str], &[&str]); 11] = [
            // Short lines are left alone, blank lines too.
            (&["one two", "", "three"], &["one two", "", "three"]),
            (&["aaa bbb ccc ddd"], &["aaa bbb", "ccc ddd"]),
            // A code span is one word; a lone overlong word stays whole.
            (&["see `a b c` now"], &["see", "`a b c`", "now"]),
            (&["abcdefghijkl x"], &["abcdefghijkl", "x"]),
            // Unbalanced backticks: every space is a break.
            (&["a `b c d ee"], &["a `b c d", "ee"]),
            // A list item continues under its text, a continuation line under its own.
            (&["1. aaa bbb ccc"], &["1. aaa bbb", "   ccc"]),
            // Never a break where the next line would start a list, a heading or a rule.
            (&["aaaa bbbbb - cc"], &["aaaa", "bbbbb - cc"]),
            (&["aaaaaaaaa 2. x"], &["aaaaaaaaa 2.", "x"]),
            (&["aaaaaaaaa ## x ==="], &["aaaaaaaaa ##", "x ==="]),
            // Nor after a backslash, which would end the line with a hard break.
            (&["aaa bb \\ cccc"], &["aaa bb", "\\ cccc"]),
            // Fences and headings are verbatim.
            (
                &["```text", "aaa bbb ccc ddd", "```"],
                &["```text", "aaa bbb ccc ddd", "```"],
            ),
        ];
        for (input, expected) in table {
            assert_eq!(wrap(&strings(input), 10), strings(expected), "{input:?}");
        }
    }

    #[test]
    fn wrapped_lines_fit_unless_a_word_is_longer() {
        let text = "word ".repeat(60) + "https://example.com/".repeat(8).as_str();
        let wrapped = wrap(&lines(&text), 92);
        assert!(wrapped.len() > 3);
        for line in &wrapped {
            assert!(line.chars().count() <= 92 || !line.contains(' '), "{line}");
        }
    }

    #[test]
    fn titles_that_repeat_the_name_are_echoes() {
        for (title, name, echo) in [
            ("Detail", "detail", true),
            ("HTTPValidationError", "HttpValidationError", true),
            ("Created At", "created_at", true),
            ("Body_create_skill", "BodyCreateSkill", true),
            ("Name of the pet", "name", false),
            ("Tools", "CreateSkillRequestTools", false),
        ] {
            assert_eq!(repeats_name(title, name), echo, "{title} / {name}");
        }
    }

    #[test]
    fn articles_follow_the_sound() {
        for (word, expected) in [
            ("`AdditionalTools`", "an"),
            ("[`Item`]", "an"),
            ("`Thing`", "a"),
            ("`User`", "a"),
            ("`Uuid`", "a"),
            ("`UnknownKind`", "an"),
            ("`Update`", "an"),
            ("`EuroPrice`", "a"),
            ("`OneOf`", "a"),
            ("`HTTPValidationError`", "an"),
            ("`URLSet`", "a"),
            ("`SSEEvent`", "an"),
            ("`OAuthToken`", "an"),
            ("hour", "an"),
            ("`Hat`", "a"),
            ("", "a"),
        ] {
            assert_eq!(article(word), expected, "{word}");
        }
    }

    #[test]
    fn places_are_said_in_words() {
        for (pointer, expected) in [
            ("/components/schemas/Pet", "`Pet`."),
            (
                "/components/schemas/ValidationError/properties/loc/items",
                "An item of the `loc` property of `ValidationError`.",
            ),
            (
                "/paths/~1skills/post/responses/422/content/application~1json/schema",
                "The body of the `422` response of `POST /skills`.",
            ),
            (
                "/paths/~1skills/post/requestBody/content/application~1json/schema",
                "The request body of `POST /skills`.",
            ),
            (
                "/paths/~1a/get/parameters/0/schema",
                "The schema of parameter 1 of `GET /a`.",
            ),
            (
                "/components/schemas/A/oneOf/1/additionalProperties",
                "A value of option 2 of the `oneOf` of `A`.",
            ),
            (
                "/components/responses/NotFound/content/application~1json/schema",
                "The body of the `NotFound` response.",
            ),
            (
                "/x-odd/a`b",
                "The `a'b` entry of the `x-odd` entry of the document.",
            ),
        ] {
            assert_eq!(place(pointer), expected, "{pointer}");
        }
        // A deep schema is said in a few steps, then by its root, in linear time.
        let six = "An item of an item of an item of an item of an item of an item of";
        for (pointer, root) in [
            (
                format!("/components/schemas/Deep{}", "/items".repeat(10_000)),
                "`Deep`",
            ),
            (format!("/x{}", "/items".repeat(7)), "the document"),
        ] {
            assert_eq!(place(&pointer), format!("{six} a schema inside {root}."));
        }
    }
}

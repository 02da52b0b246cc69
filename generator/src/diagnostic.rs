//! The generator's one error type: a diagnostic that says where (file, line, column, JSON
//! pointer) and what, with a hint where one helps. Every stage reports problems as diagnostics;
//! nothing panics on bad input.

use std::fmt;

/// Where a problem is: the file, a 1-based line and column, and the JSON pointer of the node
/// when the problem is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column.
    pub column: usize,
    /// The JSON pointer of the node (`/components/schemas/X`), when there is one.
    pub pointer: Option<String>,
}

/// A problem with the input document, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, lower-case without a final full stop.
    pub message: String,
    /// A hint at the fix, when there is one.
    pub help: Option<String>,
    /// The source line the location points into, for [`Diagnostic::render`].
    pub source_line: Option<String>,
}

/// Most characters of a source line shown around the caret (minified JSON has one long line).
const SOURCE_WINDOW: usize = 100;

impl Diagnostic {
    /// A diagnostic at a known line and column.
    pub fn at(
        file: &str,
        line: usize,
        column: usize,
        pointer: Option<String>,
        message: String,
    ) -> Self {
        let location = Location {
            file: file.to_string(),
            line,
            column,
            pointer,
        };
        Diagnostic {
            location,
            message,
            help: None,
            source_line: None,
        }
    }

    /// The same diagnostic with its source line taken from the document `text`.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = text
            .lines()
            .nth(self.location.line.saturating_sub(1))
            .map(str::to_string);
        self
    }

    /// The diagnostic as rustc shows one: `FILE:LINE:COL: error: what`, the JSON pointer, the
    /// source line with a caret under the column, and the hint.
    pub fn render(&self) -> String {
        let Location {
            file,
            line,
            column,
            pointer,
        } = &self.location;
        let mut out = format!("{file}:{line}:{column}: error: {}\n", self.message);
        if let Some(pointer) = pointer {
            out.push_str(&format!("  at #{pointer}\n"));
        }
        if let Some(source) = &self.source_line {
            let (shown, caret) = window(source, column.saturating_sub(1));
            let gutter = " ".repeat(line.to_string().len());
            out.push_str(&format!(
                "{gutter} |\n{line} | {shown}\n{gutter} | {}^\n",
                " ".repeat(caret)
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out
    }
}

/// The part of `line` to show, and where the caret goes in it: the whole line when short, else
/// a window around the column, marked with `...` where cut.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let column = column.min(chars.len());
    if chars.len() <= SOURCE_WINDOW {
        return (chars.iter().collect(), column);
    }
    let start = column.saturating_sub(SOURCE_WINDOW / 2);
    let end = (start + SOURCE_WINDOW).min(chars.len());
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < chars.len() { "..." } else { "" };
    let shown: String = chars[start..end].iter().collect();
    (
        format!("{prefix}{shown}{suffix}"),
        column - start + prefix.len(),
    )
}

impl fmt::Display for Diagnostic {
    /// One line: `FILE:LINE:COL: #/pointer: message`, or `FILE:LINE:COL: message` without a
    /// pointer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location {
            file,
            line,
            column,
            pointer,
        } = &self.location;
        write!(f, "{file}:{line}:{column}: ")?;
        if let Some(pointer) = pointer {
            write!(f, "#{pointer}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// All the problems found in one document (at least one), in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// Most diagnostics rendered in full; the rest are counted.
const MAX_SHOWN: usize = 20;

impl Diagnostics {
    /// Every diagnostic rendered (up to a cap), separated by blank lines, then a count.
    pub fn render(&self) -> String {
        let shown: Vec<String> = self
            .0
            .iter()
            .take(MAX_SHOWN)
            .map(Diagnostic::render)
            .collect();
        let mut out = shown.join("\n");
        if self.0.len() > MAX_SHOWN {
            out.push_str(&format!(
                "\n... and {} more problems\n",
                self.0.len() - MAX_SHOWN
            ));
        }
        let count = self.0.len();
        let plural = if count == 1 { "" } else { "s" };
        out.push_str(&format!(
            "\nerror: {count} problem{plural} in the document\n"
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    /// One line per diagnostic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let mut diagnostic =
            Diagnostic::at("a.yaml", 3, 5, Some("/x/y".into()), "bad thing".into())
                .with_source("a\nb\n    y: 1\n");
        diagnostic.help = Some("do the other thing".into());
        assert_eq!(
            diagnostic.render(),
            "a.yaml:3:5: error: bad thing\n  at #/x/y\n  |\n3 |     y: 1\n  |     ^\n  = help: do the other thing\n"
        );
        assert_eq!(diagnostic.to_string(), "a.yaml:3:5: #/x/y: bad thing");
    }

    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let (shown, caret) = window(&line, 500);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(shown.chars().nth(caret), Some('X'));
    }

    #[test]
    fn many_problems_are_capped() {
        let one = Diagnostic::at("a", 1, 1, None, "x".into());
        let rendered = Diagnostics(vec![one; 25]).render();
        assert_eq!(rendered.matches("error: x").count(), 20);
        assert!(rendered.contains("... and 5 more problems"));
        assert!(rendered.ends_with("error: 25 problems in the document\n"));
    }
}

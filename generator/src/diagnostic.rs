//! The generator's one error type: a diagnostic that says where (file, line, column, JSON
//! pointer) and what, with a hint where one helps. Every stage reports problems as diagnostics;
//! nothing panics on bad input.

use crate::pointer::JsonPointer;
use std::fmt;

/// Where a problem is: the file, the line and column when the problem has a place in the text,
/// and the JSON pointer of the node when the problem is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// The line and column; `None` for a problem with the file as a whole or with the
    /// configuration, which is rendered without a position rather than at a made-up `1:1`.
    pub position: Option<Position>,
    /// The JSON pointer of the node (`/components/schemas/X`), when there is one.
    pub pointer: Option<JsonPointer>,
}

/// A place in a text: a 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column.
    pub column: usize,
}

impl Location {
    /// `FILE:LINE:COL`, or `FILE` alone when there is no position.
    fn prefix(&self) -> String {
        match self.position {
            Some(Position { line, column }) => format!("{}:{line}:{column}", self.file),
            None => self.file.clone(),
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The document cannot be generated faithfully: nothing is generated.
    Error,
    /// The document is sloppy but its meaning is clear: the code is generated, and the message
    /// says what the generator did instead (strict mode makes these errors).
    Warning,
}

impl Severity {
    /// The word rustc prints for it: `error` or `warning`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem with the input document, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops generation (an error) or not (a warning).
    pub severity: Severity,
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
    /// An error at a known line and column.
    pub fn at(
        file: &str,
        line: usize,
        column: usize,
        pointer: Option<JsonPointer>,
        message: String,
    ) -> Self {
        let location = Location {
            file: file.to_string(),
            position: Some(Position { line, column }),
            pointer,
        };
        Diagnostic {
            severity: Severity::Error,
            location,
            message,
            help: None,
            source_line: None,
        }
    }

    /// An error about the file as a whole, or about the configuration it is generated with:
    /// no line, column or pointer, and none pretended.
    pub fn in_file(file: &str, message: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location {
                file: file.to_string(),
                position: None,
                pointer: None,
            },
            message,
            help: None,
            source_line: None,
        }
    }

    /// An error about the node at `pointer`, with no file or position yet: the pipeline gives
    /// it the document's name and finds the line and column only for the problems it reports
    /// (finding one scans the text).
    pub fn at_pointer(pointer: JsonPointer, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location {
                file: String::new(),
                position: None,
                pointer: Some(pointer),
            },
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }

    /// The same diagnostic with a hint at the fix (for a warning: what was done instead).
    pub fn with_help(self, help: impl Into<String>) -> Self {
        Diagnostic {
            help: Some(help.into()),
            ..self
        }
    }

    /// A warning at a known line and column: `message` says what was sloppy and what the
    /// generator did instead.
    pub fn warning_at(
        file: &str,
        line: usize,
        column: usize,
        pointer: Option<JsonPointer>,
        message: String,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::at(file, line, column, pointer, message)
        }
    }

    /// Whether it is a warning.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The same diagnostic with its source line taken from the document `text`.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = self
            .location
            .position
            .and_then(|position| text.lines().nth(position.line.saturating_sub(1)))
            .map(str::to_string);
        self
    }

    /// The diagnostic as rustc shows one: `FILE:LINE:COL: error: what` (or `warning:`), the
    /// JSON pointer, the source line with a caret under the column, and the hint.
    pub fn render(&self) -> String {
        let severity = self.severity.label();
        let mut out = format!("{}: {severity}: {}\n", self.location.prefix(), self.message);
        if let Some(pointer) = &self.location.pointer {
            out.push_str(&format!("  at #{pointer}\n"));
        }
        if let (Some(source), Some(Position { line, column })) =
            (&self.source_line, self.location.position)
        {
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
    /// pointer, `FILE: message` without a position; a warning says `warning: ` before the
    /// pointer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location.prefix())?;
        if self.is_warning() {
            f.write_str("warning: ")?;
        }
        if let Some(pointer) = &self.location.pointer {
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
    /// The message of the first diagnostic: what stopped a stage that stops at its first error
    /// (empty when there is none).
    pub fn first_message(&self) -> &str {
        self.0.first().map_or("", |first| first.message.as_str())
    }

    /// Every diagnostic rendered (up to a cap), separated by blank lines, then a count of the
    /// errors and of the warnings.
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
        let warnings = self.0.iter().filter(|d| d.is_warning()).count();
        let errors = self.0.len() - warnings;
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        if errors > 0 {
            out.push_str(&format!(
                "\nerror: {errors} problem{} in the document\n",
                plural(errors)
            ));
        }
        if warnings > 0 {
            out.push_str(&format!(
                "\nwarning: {warnings} warning{} in the document\n",
                plural(warnings)
            ));
        }
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
        let mut diagnostic = Diagnostic::at(
            "a.yaml",
            3,
            5,
            JsonPointer::parse("/x/y"),
            "bad thing".into(),
        )
        .with_source("a\nb\n    y: 1\n");
        diagnostic.help = Some("do the other thing".into());
        assert_eq!(
            diagnostic.render(),
            "a.yaml:3:5: error: bad thing\n  at #/x/y\n  |\n3 |     y: 1\n  |     ^\n  = help: do the other thing\n"
        );
        assert_eq!(diagnostic.to_string(), "a.yaml:3:5: #/x/y: bad thing");
    }

    #[test]
    fn warnings_render_like_errors() {
        let mut diagnostic = Diagnostic::warning_at(
            "a.yaml",
            3,
            5,
            JsonPointer::parse("/x/y"),
            "odd thing".into(),
        )
        .with_source("a\nb\n    y: 1\n");
        diagnostic.help = Some("what was done".into());
        assert_eq!(
            diagnostic.render(),
            "a.yaml:3:5: warning: odd thing\n  at #/x/y\n  |\n3 |     y: 1\n  |     ^\n  = help: what was done\n"
        );
        assert_eq!(
            diagnostic.to_string(),
            "a.yaml:3:5: warning: #/x/y: odd thing"
        );
        let rendered = Diagnostics(vec![diagnostic.clone(), diagnostic]).render();
        assert!(
            rendered.ends_with("\nwarning: 2 warnings in the document\n"),
            "{rendered}"
        );
    }

    #[test]
    fn a_problem_without_a_position_says_none() {
        let diagnostic =
            Diagnostic::in_file("a.yaml", "bad configuration".into()).with_source("line one\n");
        assert_eq!(diagnostic.render(), "a.yaml: error: bad configuration\n");
        assert_eq!(diagnostic.to_string(), "a.yaml: bad configuration");
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
        let one = Diagnostic::in_file("a", "x".into());
        let rendered = Diagnostics(vec![one; 25]).render();
        assert_eq!(rendered.matches("error: x").count(), 20);
        assert!(rendered.contains("... and 5 more problems"));
        assert!(rendered.ends_with("error: 25 problems in the document\n"));
    }
}

//! The generator's one error type: a diagnostic that says where (file, line, column, JSON
//! pointer) and what. Every stage reports problems as diagnostics; nothing panics on bad input.

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
    /// The JSON pointer of the node (`#/components/schemas/X`), when there is one.
    pub pointer: Option<String>,
}

/// A problem with the input document, with its location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, lower-case without a final full stop.
    pub message: String,
}

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
        Diagnostic { location, message }
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: #/pointer: message`, or `FILE:LINE:COL: message` without a pointer.
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

/// All the problems found in one document (at least one), in document order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
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

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

//! What the command-line tool and the generator's own tests use beyond generation (the default
//! feature `tools`; a build script leaves it off): the generation jobs a workspace declares, the
//! `new` command, the corpus runner, the compile check of generated files, compare-or-refresh
//! of committed files, and unified diffs.
//!
//! Every failure is [`Diagnostics`], as generation's are: a file that cannot be read or written
//! is a diagnostic about that file, without a position ([`render`] prints them without the count
//! of problems in a document).

mod check;
mod corpus;
mod diff;
mod jobs;
mod scaffold;
mod snapshot;
#[doc(hidden)]
pub mod stages;

pub use crate::builder::render;
pub use check::{Checker, Outcome};
pub use corpus::{corpus, Corpus};
pub use diff::unified as unified_diff;
pub use jobs::{jobs, Job};
pub use scaffold::{new_crate, NewCrate, Written};
pub use snapshot::{expect_file, Mode};

use crate::{Diagnostic, Diagnostics};
use std::path::Path;

/// One error about `path` as a whole (a file or directory that cannot be read, written or
/// used), with no position in any text.
fn failure(path: &Path, message: String) -> Diagnostics {
    Diagnostics::from(Diagnostic::in_file(&path.display().to_string(), message))
}

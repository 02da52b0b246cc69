//! The command-line tool: regenerates (or checks) the generation jobs the current workspace
//! declares, generates a client from one spec, writes a new client crate, or runs a corpus.
//!
//! ```text
//! openapi-rust-gen [--check]
//! openapi-rust-gen SPEC [--out FILE | --check] [--env-prefix PREFIX] [--runtime-path PATH]
//!                  [--regenerate COMMAND] [--deny-warnings] [--operations ID,...] [--tags TAG,...]
//!                  [--paging SETTING]...
//! openapi-rust-gen new DIR --spec FILE [--name CRATE] [--published] [--operations ID,...]
//!                  [--tags TAG,...]
//! openapi-rust-gen corpus DIR
//! ```
//! Without a SPEC it runs every job in `[[package.metadata.openapi-rust-gen.jobs]]` tables of
//! the workspace's packages (see `tools::Job`).

use openapi_rust_gen::tools::{self, Job, NewCrate};
use openapi_rust_gen::{generate_with_warnings, Config, Diagnostic, Diagnostics, Generated};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: openapi-rust-gen [--check]
       openapi-rust-gen SPEC [--out FILE | --check] [OPTIONS]
       openapi-rust-gen new DIR --spec FILE [--name CRATE] [--published] [SELECTION]
       openapi-rust-gen corpus DIR

  (no SPEC)   run every generation job the workspace's packages declare in
              [[package.metadata.openapi-rust-gen.jobs]] (spec, output, env-prefix,
              runtime-path, regenerate, deny-warnings, operations, tags, paging), writing
              each output that changed
  SPEC        an OpenAPI 3.0 or 3.1 document, YAML or JSON
  --out FILE  write the generated Rust to FILE (only when it changed); default: stdout
  --check     do not write; exit 1 and print a unified diff when an output is stale

OPTIONS, the settings that change the output (a build script's Builder has the same):
  --env-prefix PREFIX    the variables Client::from_env reads: PREFIX_API_KEY, PREFIX_TOKEN,
                         PREFIX_BASE_URL (default: from the document's title)
  --runtime-path PATH    how generated code names the runtime (default ::openapi_rust_runtime)
  --regenerate COMMAND   the command the generated header names for regenerating the file
  --deny-warnings        strict mode: fail on warnings (printed to stderr either way)
  --paging SETTING       correct or add the paging of one operation (repeatable):
                         OPERATION=off, or OPERATION=STYLE[:PARAM][,KEY=FIELD]... with STYLE
                         pages (keys size, items, total, pages), offset (limit, items, total),
                         cursor (next=FIELD or next=last-id, has-more, items) or links (next,
                         items); FIELD is a dotted wire path, items=. the body itself
SELECTION (default: every operation):
  --operations ID[,ID...]  only these operations (operationIds as the document writes them)
                           and the types they reach
  --tags TAG[,TAG...]      only the operations with one of these tags (added to --operations)

  new DIR     write a client crate for FILE into DIR (new or empty): Cargo.toml, build.rs,
              src/lib.rs, the spec and a README; CRATE defaults to DIR's name. It depends on
              the runtime and generator of this tool's checkout by path; --published uses
              their crates.io versions instead; a SELECTION goes into its build.rs
  corpus DIR  generate every .json/.yaml/.yml document under DIR, compile each as a crate on
              the runtime and print a table";

/// What to generate from one spec, and where to.
#[derive(Default)]
struct Args {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    check: bool,
    env_prefix: Option<String>,
    runtime_path: Option<String>,
    regenerate: Option<String>,
    deny_warnings: bool,
    operations: Vec<String>,
    tags: Vec<String>,
    paging: Vec<String>,
}

impl Args {
    /// Whether any option that changes the output was given.
    fn has_options(&self) -> bool {
        self.env_prefix.is_some()
            || self.runtime_path.is_some()
            || self.regenerate.is_some()
            || self.deny_warnings
            || !self.operations.is_empty()
            || !self.tags.is_empty()
            || !self.paging.is_empty()
    }

    /// The configuration for the spec named `name`: the defaults, and the options given.
    fn config(&self, name: &str) -> Config {
        let mut config = Config::new(name);
        config.env_prefix.clone_from(&self.env_prefix);
        if let Some(path) = &self.runtime_path {
            config.runtime_path.clone_from(path);
        }
        if let Some(command) = &self.regenerate {
            config.regenerate.clone_from(command);
        }
        config.deny_warnings = self.deny_warnings;
        config.operations.clone_from(&self.operations);
        config.tags.clone_from(&self.tags);
        config.paging.clone_from(&self.paging);
        config
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("corpus") => corpus(&args[1..]),
        Some("new") => new_crate(args.into_iter().skip(1)),
        _ => parse_args(args.into_iter()).and_then(run),
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            if !message.is_empty() {
                eprintln!("{message}\n");
            }
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Diagnostics(diagnostics)) => {
            eprint!("{}", tools::render(&diagnostics));
            ExitCode::FAILURE
        }
    }
}

/// Why the tool stopped: the command line was wrong (exit 2, with the usage), or the work
/// failed (exit 1, with the diagnostics).
enum Failure {
    Usage(String),
    Diagnostics(Diagnostics),
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Diagnostics(diagnostics)
    }
}

/// An error about `path` as a whole, with no position in any text.
fn failure(path: &Path, message: String) -> Diagnostics {
    Diagnostics::from(Diagnostic::in_file(&path.display().to_string(), message))
}

/// The checkout this tool was built from: the runtime the corpus compiles against is there.
fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus(args: &[String]) -> Result<ExitCode, Failure> {
    let [dir] = args else {
        return Err(Failure::Usage("corpus needs one DIR".to_string()));
    };
    let root = checkout();
    let corpus = tools::corpus(Path::new(dir), &root, &root.join("target"))?;
    print!("{corpus}");
    Ok(if corpus.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn new_crate(mut args: impl Iterator<Item = String>) -> Result<ExitCode, Failure> {
    let (mut dir, mut spec, mut name, mut published) = (None, None, None, false);
    let (mut operations, mut tags) = (Vec::new(), Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value(&mut args, "--spec", "a file")?)),
            "--name" => name = Some(value(&mut args, "--name", "a crate name")?),
            "--published" => published = true,
            "--operations" => operations = list(&mut args, "--operations", "ids")?,
            "--tags" => tags = list(&mut args, "--tags", "tags")?,
            flag if flag.starts_with('-') => return Err(unknown(flag)),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(Failure::Usage("more than one DIR given".to_string())),
        }
    }
    let (Some(dir), Some(spec)) = (dir, spec) else {
        return Err(Failure::Usage(
            "new needs a DIR and --spec FILE".to_string(),
        ));
    };
    let request = NewCrate {
        dir,
        spec,
        name,
        published,
        operations,
        tags,
    };
    let written = tools::new_crate(&request)?;
    if !written.warnings.is_empty() {
        eprint!("{}", Diagnostics(written.warnings.clone()).render());
    }
    let files: Vec<String> = written
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    eprintln!(
        "created crate `{}` in {}: {}",
        written.name,
        request.dir.display(),
        files.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// The value after `flag`, or the usage error that says what it needs.
fn value(
    args: &mut impl Iterator<Item = String>,
    flag: &str,
    what: &str,
) -> Result<String, Failure> {
    args.next()
        .ok_or_else(|| Failure::Usage(format!("{flag} needs {what}")))
}

/// The comma-separated list after `flag` (`a,b`), empty items left out.
fn list(
    args: &mut impl Iterator<Item = String>,
    flag: &str,
    what: &str,
) -> Result<Vec<String>, Failure> {
    let text = value(args, flag, &format!("{what}, separated by commas"))?;
    Ok(text
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect())
}

fn unknown(flag: &str) -> Failure {
    Failure::Usage(format!("unknown option `{flag}`"))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, Failure> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        let given = |args: &mut _, what| value(args, &arg, what).map(Some);
        match arg.as_str() {
            "--out" => parsed.out = given(&mut args, "a file")?.map(PathBuf::from),
            "--check" => parsed.check = true,
            "--env-prefix" => parsed.env_prefix = given(&mut args, "a prefix")?,
            "--runtime-path" => parsed.runtime_path = given(&mut args, "a Rust path")?,
            "--regenerate" => parsed.regenerate = given(&mut args, "a command")?,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--operations" => parsed.operations = list(&mut args, "--operations", "ids")?,
            "--tags" => parsed.tags = list(&mut args, "--tags", "tags")?,
            "--paging" => parsed.paging.extend(given(&mut args, "a paging setting")?),
            "-h" | "--help" => return Err(Failure::Usage(String::new())),
            flag if flag.starts_with('-') => return Err(unknown(flag)),
            _ if parsed.spec.is_none() => parsed.spec = Some(arg.into()),
            _ => return Err(Failure::Usage("more than one SPEC given".to_string())),
        }
    }
    Ok(parsed)
}

fn run(args: Args) -> Result<ExitCode, Failure> {
    let Some(spec) = &args.spec else {
        return run_jobs(&args);
    };
    let config = args.config(&spec.display().to_string());
    let text =
        std::fs::read_to_string(spec).map_err(|e| failure(spec, format!("cannot read: {e}")))?;
    let code = generated(generate_with_warnings(&config, &text))?;
    match (args.out, args.check) {
        (Some(out), check) => Ok(write_or_check(&out, &code, check)?),
        (None, true) => Err(Failure::Usage(
            "--check needs --out FILE to compare with".to_string(),
        )),
        (None, false) => {
            print!("{code}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The generated code, its warnings printed to stderr.
fn generated(generated: Result<Generated, Diagnostics>) -> Result<String, Diagnostics> {
    let generated = generated?;
    if !generated.warnings.is_empty() {
        eprint!("{}", Diagnostics(generated.warnings).render());
    }
    Ok(generated.code)
}

/// Every job of the workspace around the current directory, written or checked.
fn run_jobs(args: &Args) -> Result<ExitCode, Failure> {
    if args.out.is_some() || args.has_options() {
        return Err(Failure::Usage(
            "--out and the output options need a SPEC (a job takes them from its table)"
                .to_string(),
        ));
    }
    let here = std::env::current_dir().unwrap_or_default();
    let jobs = tools::jobs(&here)?;
    if jobs.is_empty() {
        return Err(Failure::Usage(
            "no SPEC given, and no package here declares generation jobs".to_string(),
        ));
    }
    let mut stale = false;
    for job in &jobs {
        stale |= run_job(job, args.check)? != ExitCode::SUCCESS;
    }
    Ok(if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One job, run from its package's directory (where its paths and its spec's `$ref`s are
/// relative to); the outputs are named as the table names them.
fn run_job(job: &Job, check: bool) -> Result<ExitCode, Diagnostics> {
    std::env::set_current_dir(&job.dir).map_err(|e| failure(&job.dir, e.to_string()))?;
    let code = generated(job.generate())?;
    write_or_check(&job.output, &code, check)
}

fn write_or_check(out: &Path, code: &str, check: bool) -> Result<ExitCode, Diagnostics> {
    let current = std::fs::read_to_string(out).ok();
    let name = out.display().to_string();
    let unchanged = current.as_deref() == Some(code);
    if check {
        if unchanged {
            eprintln!("{name} is up to date");
            return Ok(ExitCode::SUCCESS);
        }
        let regenerated = format!("{name} (regenerated)");
        let current = current.unwrap_or_default();
        print!(
            "{}",
            tools::unified_diff(&name, &regenerated, &current, code)
        );
        eprintln!("{name} is stale: run openapi-rust-gen without --check to refresh it");
        return Ok(ExitCode::FAILURE);
    }
    if !unchanged {
        std::fs::write(out, code).map_err(|e| failure(out, format!("cannot write: {e}")))?;
    }
    let lines = code.lines().count();
    let state = if unchanged { "unchanged" } else { "written" };
    eprintln!("{name}: {lines} lines, {state}");
    Ok(ExitCode::SUCCESS)
}

//! The command-line tool: generates a client from a spec, or checks a committed copy.
//!
//! ```text
//! openapi-rust-gen [SPEC] [--out FILE | --check] [--deny-warnings]
//! openapi-rust-gen new DIR --spec FILE [--name CRATE]
//! openapi-rust-gen corpus [DIR]
//! ```
//! Without arguments it regenerates this project's embedded spec into its committed file.

use openapi_rust_gen::{diff, embedded, generate_with_warnings, scaffold, Config, Diagnostics};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: openapi-rust-gen [SPEC] [--out FILE | --check] [--deny-warnings]
       openapi-rust-gen new DIR --spec FILE [--name CRATE]
       openapi-rust-gen corpus [DIR]

  SPEC        an OpenAPI 3.0 or 3.1 document, YAML or JSON
              (default: this project's spec/browser-use-v2.yaml)
  --out FILE  write the generated Rust to FILE (only when it changed)
              (default: stdout for a SPEC, the committed copy for the embedded spec)
  --check     do not write; exit 1 and print a unified diff when FILE is stale
  --deny-warnings
              strict mode: fail on warnings (printed to stderr either way)
  new DIR     write a client crate for FILE into DIR (new or empty): Cargo.toml, build.rs,
              src/lib.rs, the spec and a README; CRATE defaults to DIR's name
  corpus DIR  generate every .json/.yaml/.yml document under DIR (default ../shared/specs),
              compile each as a crate on the runtime and print a table";

struct Args {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    check: bool,
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "corpus") {
        return corpus(args.get(1).map(PathBuf::from));
    }
    if args.first().is_some_and(|a| a == "new") {
        return new_crate(args.into_iter().skip(1));
    }
    match parse_args(args.into_iter()).and_then(run) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn corpus(dir: Option<PathBuf>) -> ExitCode {
    let root = workspace_root();
    let dir = dir.unwrap_or_else(|| root.join("../shared/specs"));
    match openapi_rust_gen::corpus::run(&dir, &root, &root.join("target")) {
        Ok(entries) => {
            print!("{}", openapi_rust_gen::corpus::report(&entries));
            let failed = entries
                .iter()
                .any(|e| matches!(e.result, openapi_rust_gen::corpus::Verdict::Failed(_)));
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("corpus: {message}");
            ExitCode::from(2)
        }
    }
}

fn new_crate(mut args: impl Iterator<Item = String>) -> ExitCode {
    let (mut dir, mut spec, mut name) = (None, None, None);
    let mut parse = || -> Result<(), String> {
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--spec" => spec = Some(PathBuf::from(args.next().ok_or("--spec needs a file")?)),
                "--name" => name = Some(args.next().ok_or("--name needs a crate name")?),
                flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
                _ => return Err("more than one DIR given".to_string()),
            }
        }
        Ok(())
    };
    let parsed = parse().and_then(|()| match (dir, spec) {
        (Some(dir), Some(spec)) => Ok(scaffold::Request { dir, spec, name }),
        _ => Err("new needs a DIR and --spec FILE".to_string()),
    });
    let request = match parsed {
        Ok(request) => request,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match scaffold::new_crate(&request) {
        Ok(written) => {
            if !written.warnings.is_empty() {
                eprint!("{}", Diagnostics(written.warnings.clone()).render());
            }
            eprintln!(
                "created crate `{}` in {}: {}",
                written.name,
                request.dir.display(),
                written
                    .files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        spec: None,
        out: None,
        check: false,
        deny_warnings: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => parsed.out = Some(args.next().ok_or("--out needs a file")?.into()),
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option `{flag}`\n\n{USAGE}"))
            }
            _ if parsed.spec.is_none() => parsed.spec = Some(arg.into()),
            _ => return Err(format!("more than one SPEC given\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// The workspace root, for the embedded spec's default paths: the current directory when it
/// holds the spec, else the directory above this crate's manifest.
fn workspace_root() -> PathBuf {
    if Path::new(embedded::SPEC).exists() {
        return std::env::current_dir().unwrap_or_default();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: Args) -> Result<ExitCode, String> {
    let (spec, mut config, out) = match &args.spec {
        Some(spec) => {
            let name = spec.display().to_string();
            // The embedded spec named explicitly still gets the header of its committed copy.
            let config = if name == embedded::SPEC {
                embedded::config()
            } else {
                Config::new(&name)
            };
            (spec.clone(), config, args.out.clone())
        }
        None => {
            let root = workspace_root();
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| root.join(embedded::COMMITTED));
            (root.join(embedded::SPEC), embedded::config(), Some(out))
        }
    };
    let text = std::fs::read_to_string(&spec)
        .map_err(|e| format!("{}: cannot read: {e}", spec.display()))?;
    config.deny_warnings = args.deny_warnings;
    let generated =
        generate_with_warnings(&config, &text).map_err(|diagnostics| diagnostics.render())?;
    if !generated.warnings.is_empty() {
        eprint!("{}", Diagnostics(generated.warnings).render());
    }
    let code = generated.code;
    match (out, args.check) {
        (Some(out), true) => check(&out, &code),
        (None, true) => Err(format!(
            "--check needs --out FILE to compare with\n\n{USAGE}"
        )),
        (Some(out), false) => write(&out, &code),
        (None, false) => {
            print!("{code}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(out: &Path, code: &str) -> Result<ExitCode, String> {
    let current = std::fs::read_to_string(out).unwrap_or_default();
    if current == code {
        eprintln!("{} is up to date", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let name = out.display().to_string();
    print!(
        "{}",
        diff::unified(&name, &format!("{name} (regenerated)"), &current, code)
    );
    eprintln!(
        "{name} is stale: run `cargo run -p openapi-rust-gen` (or `cargo test`) to refresh it"
    );
    Ok(ExitCode::FAILURE)
}

fn write(out: &Path, code: &str) -> Result<ExitCode, String> {
    let unchanged = std::fs::read_to_string(out).is_ok_and(|current| current == code);
    if !unchanged {
        std::fs::write(out, code).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    }
    let lines = code.lines().count();
    let state = if unchanged { "unchanged" } else { "written" };
    eprintln!("{}: {lines} lines, {state}", out.display());
    Ok(ExitCode::SUCCESS)
}

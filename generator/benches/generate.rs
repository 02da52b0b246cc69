//! Generation time per spec, beside the two costs no generator can avoid, all in one run.
//!
//! For each document (the seed spec, then the larger corpus documents) criterion measures:
//!
//! - `generate`: the whole pipeline, text in, formatted Rust out ([`openapi_rust_gen::generate`]);
//! - `parse_alone` (baseline A): the text parsed straight into `openapiv3::OpenAPI` with
//!   serde_yaml or serde_json. When openapiv3 rejects the raw text (3.1 forms it does not model),
//!   the baseline parses the normalized document re-serialized as JSON instead, and says so;
//! - `format_alone` (baseline B): `syn::parse_file` + `prettyplease::unparse` of the generated
//!   output;
//! - `pipeline`: the four stage calls (`tools::stages::{load, model, emit, format}`) in
//!   sequence as `generate` makes them, each timed in place, so the split adds
//!   up to the whole;
//! - the front end alone, to split the stages further: `read_value` (text to
//!   `serde_yaml::Value`, the value the load stage works on; normalize = load - read_value),
//!   `load`, `typed_parse` (openapiv3's `Deserialize` from that value) and `typed_parse_tracked`
//!   (the same through serde_path_to_error, as the model stage does it; model = build -
//!   typed_parse_tracked).
//!
//! Inputs a routine consumes (a clone of the value) are made outside the timed region, and
//! outputs are dropped outside it. A document the generator cannot generate yet is not a
//! failure: `generate`, `format_alone` and `pipeline` are skipped with a printed note, and the
//! front end is still measured.
//!
//! After criterion's groups the bench prints a summary computed from criterion's own samples (the
//! median of the per-iteration times of the measured samples, warm-up excluded):
//!
//! - `ratio` = generate / (parse_alone + format_alone); the target is at most 1.5. The machine
//!   is shared, and load from others can hit one benchmark and spare the next, so the ratio is
//!   also measured interleaved: rounds of generate, A and B back to back, the median of each
//!   (`ratio, interleaved`); when the two ratios differ, trust the interleaved one;
//! - `MB/s` = input bytes (10^6 per MB) / generate time;
//! - the stage split in ms and as a share of `generate`.
//!
//! Last, it times the release command-line tool as a whole process on nexus.json (target: under
//! 250 ms) and, for scale, on the other documents: the median wall time of a few runs.
//!
//! Run with `cargo bench -p openapi-rust-gen --bench generate` (about three minutes). A criterion
//! filter (`-- nexus`) limits the run; stages it skipped show as `-` in the summary. The machine
//! is shared, so expect a few percent of noise between runs.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use openapi_rust_gen::tools::stages;
use openapi_rust_gen::{generate, Config};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A document to measure, with the criterion settings its size calls for.
struct Spec {
    /// The short name of the criterion group and of the summary row.
    label: &'static str,
    /// The path relative to the generator crate's manifest directory.
    path: &'static str,
    /// Large documents take few samples, each of the same number of iterations (flat sampling).
    large: bool,
}

/// Every document measured, smallest first.
const SPECS: &[Spec] = &[
    Spec {
        label: "seed",
        path: "../spec/browser-use-v2.yaml",
        large: false,
    },
    Spec {
        label: "browser-use-full",
        path: "../../shared/specs/browser-use-v2-full.json",
        large: true,
    },
    Spec {
        label: "nexus",
        path: "../../shared/specs/corpus/progenitor/nexus.json",
        large: true,
    },
    Spec {
        label: "discord",
        path: "../../shared/specs/corpus/discord/openapi.json",
        large: true,
    },
];

/// The document whose whole-process CLI time has a target (a quarter of a second).
const CLI_TARGET_SPEC: &str = "nexus";

/// Timed CLI runs per document (after one untimed run that warms the page cache).
const CLI_RUNS: usize = 5;

/// Rounds of the interleaved generate / A / B loop: small documents, then large ones.
const SMALL_ROUNDS: usize = 51;
const LARGE_ROUNDS: usize = 7;

/// Samples criterion takes per benchmark: small documents, then large ones.
const SMALL_SAMPLES: usize = 20;
const LARGE_SAMPLES: usize = 10;

/// What one benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Generate,
    ParseAlone,
    FormatAlone,
    ReadValue,
    Load,
    TypedParse,
    TypedParseTracked,
    /// The four stage calls in sequence, each timed in place (the steps below).
    Pipeline,
    PipelineLoad,
    PipelineBuild,
    PipelineEmit,
    PipelineFormat,
}

/// The steps of [`Stage::Pipeline`], in order.
const PIPELINE_STEPS: [Stage; 4] = [
    Stage::PipelineLoad,
    Stage::PipelineBuild,
    Stage::PipelineEmit,
    Stage::PipelineFormat,
];

impl Stage {
    /// The benchmark's name within its spec's criterion group.
    fn id(self) -> &'static str {
        match self {
            Stage::Generate => "generate",
            Stage::ParseAlone => "parse_alone",
            Stage::FormatAlone => "format_alone",
            Stage::ReadValue => "read_value",
            Stage::Load => "load",
            Stage::TypedParse => "typed_parse",
            Stage::TypedParseTracked => "typed_parse_tracked",
            Stage::Pipeline => "pipeline",
            Stage::PipelineLoad => "pipeline/load",
            Stage::PipelineBuild => "pipeline/build",
            Stage::PipelineEmit => "pipeline/emit",
            Stage::PipelineFormat => "pipeline/format",
        }
    }
}

/// The per-iteration time (seconds) of every sample criterion took, per spec and stage, in the
/// order taken: warm-up calls first, then the measured samples.
#[derive(Default)]
struct Samples(RefCell<BTreeMap<(&'static str, Stage), Vec<f64>>>);

impl Samples {
    /// Adds one sample: the time per iteration of `stage` on `spec`.
    fn record(&self, spec: &'static str, stage: Stage, seconds_per_iteration: f64) {
        let mut map = self.0.borrow_mut();
        map.entry((spec, stage))
            .or_default()
            .push(seconds_per_iteration);
    }

    /// The median per-iteration time, in milliseconds, of the last `count` samples (the measured
    /// ones; criterion's warm-up comes before them), or `None` when the stage did not run.
    fn median_ms(&self, spec: &'static str, stage: Stage, count: usize) -> Option<f64> {
        let map = self.0.borrow();
        let all = map.get(&(spec, stage))?;
        let measured = &all[all.len().saturating_sub(count)..];
        Some(median(measured) * 1e3)
    }
}

/// The median of `values` (not empty).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

/// Baseline A's input: the text openapiv3 parses, and whether it is YAML.
struct ParseInput {
    text: String,
    yaml: bool,
    /// Set when the raw text was rejected and the normalized document is parsed instead.
    substituted: bool,
}

/// A document read and run through the pipeline once, with what each benchmark needs.
struct Prepared {
    spec: &'static Spec,
    text: String,
    yaml: bool,
    /// The normalized document (the load stage's output).
    value: serde_yaml::Value,
    parse_input: ParseInput,
    /// The generated file, or why the document does not generate.
    generated: Result<String, String>,
}

impl Prepared {
    /// The configuration `generate` gets for this document.
    fn config(&self) -> Config {
        Config::new(self.spec.path)
    }

    /// How many samples criterion takes per benchmark of this document.
    fn sample_count(&self) -> usize {
        if self.spec.large {
            LARGE_SAMPLES
        } else {
            SMALL_SAMPLES
        }
    }
}

/// The path of a document, from the generator crate's manifest directory.
fn spec_path(spec: &Spec) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(spec.path)
}

/// Reads and runs the pipeline once on `spec`; an error when it cannot even be loaded.
fn prepare(spec: &'static Spec) -> Result<Prepared, String> {
    let path = spec_path(spec);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let yaml = !text.trim_start().starts_with('{');
    let value = stages::load(spec.path, &text)
        .map_err(|diagnostics| format!("does not load: {diagnostics}"))?
        .value()
        .clone();
    let parse_input = parse_input(&text, yaml, &value);
    let generated = generate_text(&Config::new(spec.path), &text);
    Ok(Prepared {
        spec,
        text,
        yaml,
        value,
        parse_input,
        generated,
    })
}

/// The generated file, or the first line of the diagnostics.
fn generate_text(config: &Config, text: &str) -> Result<String, String> {
    generate(config, text).map_err(|diagnostics| {
        let text = diagnostics.to_string();
        text.lines().next().unwrap_or_default().to_string()
    })
}

/// Baseline A's input: the raw text when openapiv3 accepts it, else the normalized document.
fn parse_input(text: &str, yaml: bool, normalized: &serde_yaml::Value) -> ParseInput {
    match parse_alone(text, yaml) {
        Ok(_) => ParseInput {
            text: text.to_string(),
            yaml,
            substituted: false,
        },
        Err(error) => {
            println!("note: openapiv3 rejects the raw text ({error}); baseline A parses the normalized document as JSON");
            ParseInput {
                text: serde_json::to_string(normalized).expect("a JSON-shaped value"),
                yaml: false,
                substituted: true,
            }
        }
    }
}

/// Baseline A: text straight into openapiv3.
fn parse_alone(text: &str, yaml: bool) -> Result<openapiv3::OpenAPI, String> {
    if yaml {
        serde_yaml::from_str(text).map_err(|error| error.to_string())
    } else {
        serde_json::from_str(text).map_err(|error| error.to_string())
    }
}

/// Baseline B: syn + prettyplease over already formatted Rust.
fn format_alone(code: &str) -> String {
    let file = syn::parse_file(code).expect("generated code parses");
    prettyplease::unparse(&file)
}

/// The text into a generic value alone (the parse `load` starts with, without giving YAML JSON's
/// shape), so normalization is what `load` costs beyond it.
fn read_value(text: &str, yaml: bool) -> serde_yaml::Value {
    if yaml {
        serde_yaml::from_str(text).expect("YAML parses")
    } else {
        serde_json::from_str(text).expect("JSON parses")
    }
}

/// Criterion settings by size: large documents take few, flat samples.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, prepared: &Prepared) {
    group.sample_size(prepared.sample_count());
    group.throughput(Throughput::Bytes(prepared.text.len() as u64));
    if prepared.spec.large {
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
    } else {
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
    }
}

/// One document's criterion group, and where its samples are recorded.
struct Bench<'g, 's> {
    group: BenchmarkGroup<'g, WallTime>,
    samples: &'s Samples,
    label: &'static str,
}

impl Bench<'_, '_> {
    /// One benchmark: `routine` on a fresh `setup()` input per iteration, timing only the
    /// routine, and recording each sample's per-iteration time.
    fn run<I, O>(
        &mut self,
        stage: Stage,
        mut setup: impl FnMut() -> I,
        mut routine: impl FnMut(I) -> O,
    ) {
        let (samples, label) = (self.samples, self.label);
        self.group.bench_function(stage.id(), |bencher| {
            bencher.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let input = black_box(setup());
                    let start = Instant::now();
                    let output = routine(input);
                    total += start.elapsed();
                    drop(black_box(output));
                }
                samples.record(label, stage, total.as_secs_f64() / iterations as f64);
                total
            });
        });
    }

    /// [`Stage::Pipeline`]: criterion times the whole; each step's time is recorded beside it.
    fn pipeline(&mut self, config: &Config, text: &str) {
        let (samples, label) = (self.samples, self.label);
        self.group.bench_function(Stage::Pipeline.id(), |bencher| {
            bencher.iter_custom(|iterations| {
                let mut split = [Duration::ZERO; 4];
                for _ in 0..iterations {
                    drop(black_box(pipeline_once(config, text, &mut split)));
                }
                for (step, time) in PIPELINE_STEPS.into_iter().zip(split) {
                    samples.record(label, step, time.as_secs_f64() / iterations as f64);
                }
                let total: Duration = split.iter().sum();
                samples.record(
                    label,
                    Stage::Pipeline,
                    total.as_secs_f64() / iterations as f64,
                );
                total
            });
        });
    }
}

/// The benchmarks that need only the text and the normalized value.
fn bench_front(bench: &mut Bench, p: &Prepared) {
    let input = &p.parse_input;
    bench.run(
        Stage::ParseAlone,
        || (),
        |_| parse_alone(&input.text, input.yaml).expect("baseline A parses"),
    );
    bench.run(
        Stage::Load,
        || (),
        |_| stages::load(p.spec.path, &p.text).expect("loads"),
    );
    bench.run(Stage::ReadValue, || (), |_| read_value(&p.text, p.yaml));
    let value = || p.value.clone();
    bench.run(Stage::TypedParse, value, |value| {
        let typed = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value);
        (typed.expect("typed"), value)
    });
    bench.run(Stage::TypedParseTracked, value, |value| {
        let typed = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value);
        (typed.expect("typed"), value)
    });
}

/// The benchmarks that need the output: whole generation, baseline B and the pipeline.
fn bench_back(bench: &mut Bench, p: &Prepared, output: &str) {
    let config = p.config();
    let generate = |_| generate(&config, &p.text).expect("generates");
    bench.run(Stage::Generate, || (), generate);
    bench.run(Stage::FormatAlone, || (), |_| format_alone(output));
    bench.pipeline(&config, &p.text);
}

/// One run of the stage calls, as [`generate`] makes them, adding each one's time to
/// `split` (in [`PIPELINE_STEPS`] order).
fn pipeline_once(config: &Config, text: &str, split: &mut [Duration; 4]) -> String {
    let mut lap = Instant::now();
    let mut step = |index: usize| {
        split[index] += lap.elapsed();
        lap = Instant::now();
    };
    let loaded = stages::load(&config.spec_name, text).expect("loads");
    step(0);
    let model = stages::model(config, loaded).expect("models");
    step(1);
    let tokens = stages::emit(config, &model).expect("emits");
    step(2);
    let code = stages::format(config, tokens).expect("formats");
    drop(model);
    step(3);
    code
}

/// All benchmarks of one document, in one criterion group named after it.
fn bench_spec(criterion: &mut Criterion, samples: &Samples, prepared: &Prepared) {
    let mut group = criterion.benchmark_group(prepared.spec.label);
    configure(&mut group, prepared);
    let label = prepared.spec.label;
    let mut bench = Bench {
        group,
        samples,
        label,
    };
    bench_front(&mut bench, prepared);
    match &prepared.generated {
        Ok(output) => bench_back(&mut bench, prepared, output),
        Err(reason) => println!(
            "note: {} does not generate yet, so generate, format_alone and pipeline are skipped: {reason}",
            prepared.spec.label
        ),
    }
    bench.group.finish();
}

/// A value in milliseconds, or `-` when it was not measured.
fn ms(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.2}"))
}

/// `part` in ms with its share of `whole`, or `-`.
fn share(part: Option<f64>, whole: Option<f64>) -> String {
    match (part, whole) {
        (Some(part), Some(whole)) => format!("{part:.2} ({:.0}%)", 100.0 * part / whole),
        (Some(part), None) => format!("{part:.2}"),
        _ => "-".to_string(),
    }
}

/// The median of one stage of one document, in ms.
fn stage_ms(samples: &Samples, p: &Prepared, stage: Stage) -> Option<f64> {
    samples.median_ms(p.spec.label, stage, p.sample_count())
}

/// `a - b`, when both were measured.
fn minus(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? - b?)
}

/// The time `f` takes, in ms; its output is dropped outside the timed region.
fn time_ms<O>(f: impl FnOnce() -> O) -> f64 {
    let start = Instant::now();
    let output = f();
    let elapsed = start.elapsed();
    drop(black_box(output));
    elapsed.as_secs_f64() * 1e3
}

/// generate / (A + B) from rounds of the three run back to back, so that load from other
/// processes falls on all three alike; `None` when criterion did not measure `generate`.
fn interleaved_ratio(samples: &Samples, p: &Prepared) -> Option<f64> {
    stage_ms(samples, p, Stage::Generate)?;
    let output = p.generated.as_ref().ok()?;
    let (config, input) = (p.config(), &p.parse_input);
    let rounds = if p.spec.large {
        LARGE_ROUNDS
    } else {
        SMALL_ROUNDS
    };
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        times[0].push(time_ms(|| generate(&config, &p.text).expect("generates")));
        times[1].push(time_ms(|| {
            parse_alone(&input.text, input.yaml).expect("parses")
        }));
        times[2].push(time_ms(|| format_alone(output)));
    }
    let [generate, parse, format] = times.map(|t| median(&t));
    Some(generate / (parse + format))
}

/// A ratio with two decimals, or `-`.
fn ratio_cell(ratio: Option<f64>) -> String {
    ratio.map_or("-".to_string(), |r| format!("{r:.2}"))
}

/// The headline table: generation against the two baselines, and throughput.
fn print_ratio_table(samples: &Samples, specs: &[Prepared]) {
    println!("\n## generation against the unavoidable costs (medians; ratio target <= 1.5)\n");
    println!("| spec | bytes | out lines | generate ms | parse ms (A) | format ms (B) | ratio | ratio, interleaved | MB/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for p in specs {
        let generate = stage_ms(samples, p, Stage::Generate);
        let parse = stage_ms(samples, p, Stage::ParseAlone);
        let format = stage_ms(samples, p, Stage::FormatAlone);
        let ratio = generate
            .zip(parse.zip(format))
            .map(|(g, (a, b))| g / (a + b));
        let mbps = generate.map(|g| p.text.len() as f64 / 1e6 / (g / 1e3));
        let lines = p.generated.as_ref().map(|out| out.lines().count());
        let star = if p.parse_input.substituted { "*" } else { "" };
        println!(
            "| {} | {} | {} | {} | {}{star} | {} | {} | {} | {} |",
            p.spec.label,
            p.text.len(),
            lines.map_or("-".to_string(), |n| n.to_string()),
            ms(generate),
            ms(parse),
            ms(format),
            ratio_cell(ratio),
            ratio_cell(interleaved_ratio(samples, p)),
            mbps.map_or("-".to_string(), |m| format!("{m:.1}")),
        );
    }
    if specs.iter().any(|p| p.parse_input.substituted) {
        println!("\n(*) openapiv3 rejects the raw text; A parses the normalized document as JSON.");
    }
}

/// The stage split: each stage's median in ms and its share of `generate`.
fn print_stage_table(samples: &Samples, specs: &[Prepared]) {
    println!("\n## stage split, ms (share of generate)\n");
    println!(
        "load, build (typed parse + model), emit and format are timed in place, in one run of"
    );
    println!(
        "the pipeline; read, typed and tracked alone. read = text to the YAML value; normalize"
    );
    println!(
        "= load - read; typed = openapiv3 from that value; tracking = what serde_path_to_error"
    );
    println!(
        "adds to it; model = build - tracked typed parse; pipeline = load + build + emit + format."
    );
    println!("Without a model (`-`), load is the isolated `load` benchmark.\n");
    println!("| spec | read | normalize | typed | tracking | model | emit | format | pipeline | generate |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for p in specs {
        let generate = stage_ms(samples, p, Stage::Generate);
        let cells: Vec<String> = stage_cells(samples, p)
            .iter()
            .map(|&cell| share(cell, generate))
            .collect();
        println!(
            "| {} | {} | {} |",
            p.spec.label,
            cells.join(" | "),
            ms(generate)
        );
    }
}

/// One row of the stage table, in its column order, without `generate`.
fn stage_cells(samples: &Samples, p: &Prepared) -> [Option<f64>; 8] {
    let stage = |s| stage_ms(samples, p, s);
    let load = stage(Stage::PipelineLoad).or(stage(Stage::Load));
    let read = stage(Stage::ReadValue);
    let (typed, tracked) = (stage(Stage::TypedParse), stage(Stage::TypedParseTracked));
    [
        read,
        minus(load, read),
        typed,
        minus(tracked, typed),
        minus(stage(Stage::PipelineBuild), tracked),
        stage(Stage::PipelineEmit),
        stage(Stage::PipelineFormat),
        stage(Stage::Pipeline),
    ]
}

/// The median wall time of the release CLI generating `spec` into a temporary file, or why not.
fn cli_median_ms(spec: &Spec) -> Result<f64, String> {
    let out =
        std::env::temp_dir().join(format!("openapi-rust-gen-bench-{}.rs", std::process::id()));
    let run = || -> Result<Duration, String> {
        let _ = std::fs::remove_file(&out);
        let start = Instant::now();
        let result = Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
            .arg(spec_path(spec))
            .arg("--out")
            .arg(&out)
            .output()
            .map_err(|error| format!("cannot run the CLI: {error}"))?;
        let elapsed = start.elapsed();
        if result.status.success() {
            Ok(elapsed)
        } else {
            Err(format!(
                "does not generate ({})",
                first_line(&result.stderr)
            ))
        }
    };
    run()?;
    let times: Result<Vec<f64>, String> = (0..CLI_RUNS)
        .map(|_| Ok(run()?.as_secs_f64() * 1e3))
        .collect();
    let _ = std::fs::remove_file(&out);
    Ok(median(&times?))
}

/// The first line of a process's error output.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines().next().unwrap_or("failed").to_string()
}

/// The whole-process table: the release CLI, text file in, Rust file out.
fn print_cli_table() {
    println!("\n## whole process: the release CLI, median of {CLI_RUNS} runs (target for {CLI_TARGET_SPEC}: < 250 ms)\n");
    println!("| spec | wall ms |");
    println!("|---|---:|");
    for spec in SPECS {
        match cli_median_ms(spec) {
            Ok(ms) => println!("| {} | {ms:.1} |", spec.label),
            Err(reason) => println!("| {} | skipped: {reason} |", spec.label),
        }
    }
}

fn main() {
    let mut criterion = Criterion::default().without_plots().configure_from_args();
    let samples = Samples::default();
    let specs: Vec<Prepared> = SPECS
        .iter()
        .filter_map(|spec| {
            prepare(spec)
                .inspect_err(|reason| println!("note: {} skipped: {reason}", spec.label))
                .ok()
        })
        .collect();
    for prepared in &specs {
        bench_spec(&mut criterion, &samples, prepared);
    }
    criterion.final_summary();
    print_ratio_table(&samples, &specs);
    print_stage_table(&samples, &specs);
    print_cli_table();
}

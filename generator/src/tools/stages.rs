//! The pipeline's stages one at a time, for the generator's benchmarks (which time each stage
//! of [`crate::generate`]) and its tests (which read the model's names). Not a stable API: the
//! stages change as the generator does.

use crate::{ir, load, model, Config, Diagnostic, Diagnostics};

/// The load stage's output: the document as a normalized value.
#[derive(Debug)]
pub struct Loaded(load::Loaded);

impl Loaded {
    /// The normalized document (3.1 forms rewritten into 3.0 terms).
    pub fn value(&self) -> &serde_yaml::Value {
        &self.0.value
    }
}

/// The model stage's output.
#[derive(Debug)]
pub struct Model(ir::Api);

impl Model {
    /// Each operation's Rust name, HTTP method and path template, in output order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, &str, String)> {
        self.0.operations.iter().map(|op| {
            (
                op.name.as_str(),
                op.method.key(),
                op.path.text(&op.path_params),
            )
        })
    }
}

/// The load stage: `text` (named `file`) to a normalized value.
pub fn load(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    load::load(file, text).map(Loaded)
}

/// The model stage: the normalized value to the model (errors without their positions;
/// warnings dropped).
pub fn model(config: &Config, loaded: Loaded) -> Result<Model, Diagnostics> {
    let built = model::build_with_warnings(loaded.0.value, &[]);
    built.map(|built| Model(built.api)).map_err(|refused| {
        let named = refused.errors.into_iter().map(|mut diagnostic| {
            diagnostic.location.file.clone_from(&config.spec_name);
            diagnostic
        });
        Diagnostics(named.collect())
    })
}

/// The emit stage: the model to tokens.
pub fn emit(config: &Config, model: &Model) -> Result<proc_macro2::TokenStream, Diagnostics> {
    Ok(crate::emit::api(&model.0, &config.emit_options(&model.0)?))
}

/// The format stage: tokens to the formatted file, with the configuration's header.
pub fn format(config: &Config, tokens: proc_macro2::TokenStream) -> Result<String, Diagnostics> {
    crate::format::file(&config.header(), tokens).map_err(|error| {
        let message = format!("the generated code does not parse: {error}");
        Diagnostics::from(Diagnostic::in_file(&config.spec_name, message))
    })
}

/// The Rust type name the generator gives a schema named `name`.
pub fn type_name(name: &str) -> String {
    crate::names::type_name(name)
}

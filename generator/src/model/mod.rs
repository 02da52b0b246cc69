//! Stage 2, model: the normalized document, parsed into openapiv3's types, becomes the model of
//! [`crate::ir`], with every Rust name decided (through [`crate::names`]).
//!
//! This is the only module that looks at openapiv3. Problems are collected, not returned at the
//! first one, so a document with several mistakes is reported whole. The work is split by
//! subject: `schema` turns schemas into types, `operation` turns operations into methods, and
//! `analysis` derives what needs the whole model (validation, recursion).

mod analysis;
mod client;
mod discriminator;
mod operation;
mod paging;
mod schema;
mod select;
mod stream_methods;
mod streams;

use crate::diagnostic::Diagnostic;
use crate::ir::{Api, Operation, TypeDef};
use crate::names::{self, Namespace};
use crate::pointer::JsonPointer;
use openapiv3 as oa;
pub use select::{select, Selection};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Names the client runtime defines beside the generated code; generated types avoid them.
const RUNTIME_NAMES: &[&str] = &[
    "ApiError",
    "BoxError",
    "BuildError",
    "Client",
    "ClientBuilder",
    "Error",
    "InvalidRequest",
    "Violation",
];

/// Methods the generated `Client` defines beside the operations; operations avoid them.
const CLIENT_METHODS: &[&str] = &["base_url", "builder", "from_env"];

/// How many references in a row are followed before a chain is taken for a cycle.
const MAX_REFERENCE_HOPS: usize = 64;

/// The model of a document, and the warnings found while building it.
#[derive(Debug)]
pub struct Built {
    /// The model.
    pub api: Api,
    /// What was sloppy in the document and what was done instead, in the order found.
    pub warnings: Vec<Diagnostic>,
}

/// Why a document has no model: its errors, and the warnings found before or beside them (so a
/// user fixing the errors hears about the rest at the same time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What cannot be generated faithfully.
    pub errors: Vec<Diagnostic>,
    /// What was sloppy, as in [`Built::warnings`].
    pub warnings: Vec<Diagnostic>,
}

impl From<Diagnostic> for Refused {
    fn from(error: Diagnostic) -> Self {
        Refused {
            errors: vec![error],
            warnings: Vec::new(),
        }
    }
}

/// Builds the model of the document `value` (already normalized by the load stage), with the
/// configured paging settings (`OPERATION=...`, see `stream_methods::parse_setting`): the
/// model and its warnings, or the errors.
pub fn build_with_warnings(value: Value, paging: &[String]) -> Result<Built, Refused> {
    if let Some(problem) = check_version(&value) {
        return Err(Refused::from(problem));
    }
    let doc = match serde_path_to_error::deserialize::<_, oa::OpenAPI>(&value) {
        Ok(doc) => doc,
        Err(error) => {
            let message = format!("not a valid OpenAPI document: {}", error.inner());
            return Err(Refused::from(Diagnostic::at_pointer(
                pointer_of(error.path()),
                message,
            )));
        }
    };
    let mut builder = Builder::new(&doc);
    builder.paging_settings(paging);
    builder.component_schemas();
    builder.operations();
    builder.finish()
}

/// Why the document is not an OpenAPI 3 document, found before openapiv3 reports a missing field.
fn check_version(value: &Value) -> Option<Diagnostic> {
    let problem = |token: Option<&str>, message: String, help: &str| {
        Some(Diagnostic::at_pointer(JsonPointer::from_tokens(token), message).with_help(help))
    };
    if let Some(version) = value.get("swagger") {
        let version = serde_json::to_string(version).unwrap_or_default();
        let message =
            format!("this is a Swagger {version} document; only OpenAPI 3.0 and 3.1 are supported");
        return problem(
            Some("swagger"),
            message,
            "convert it to OpenAPI 3 first (for example with swagger2openapi)",
        );
    }
    match value.get("openapi").and_then(Value::as_str) {
        None => problem(
            None,
            "not an OpenAPI document: there is no `openapi` version field".to_string(),
            "an OpenAPI document starts with `openapi: 3.1.0` (or a 3.0 version)",
        ),
        Some(version) if !version.starts_with("3.") => problem(
            Some("openapi"),
            format!("OpenAPI {version} is not supported"),
            "only OpenAPI 3.0 and 3.1 documents are supported",
        ),
        Some(_) => None,
    }
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    let mut pointer = JsonPointer::root();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push(&index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// A section of `components` that references are resolved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Schemas,
    Responses,
    Parameters,
    RequestBodies,
    PathItems,
}

impl Section {
    /// The section's key in `components`.
    fn key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Responses => "responses",
            Section::Parameters => "parameters",
            Section::RequestBodies => "requestBodies",
            Section::PathItems => "pathItems",
        }
    }

    /// What one entry is called in a message: `schema`, `request body`.
    fn word(self) -> &'static str {
        match self {
            Section::Schemas => "schema",
            Section::Responses => "response",
            Section::Parameters => "parameter",
            Section::RequestBodies => "request body",
            Section::PathItems => "path item",
        }
    }
}

/// The state of one model build: the document, the names handed out and what was found.
struct Builder<'a> {
    doc: &'a oa::OpenAPI,
    type_names: Namespace,
    /// Component schema key to Rust type name.
    schema_names: BTreeMap<String, String>,
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// The pointers of list item and map value schemas whose constraints a field checks.
    checked_items: BTreeSet<JsonPointer>,
    /// The `_stream` methods detected, resolved once every type is known.
    pending_streams: Vec<stream_methods::Pending>,
    /// The configured paging plans by operationId (`None`: no `_stream` method).
    paging_settings: BTreeMap<String, Option<(paging::Style, Option<paging::Items>)>>,
}

impl<'a> Builder<'a> {
    fn new(doc: &'a oa::OpenAPI) -> Self {
        let mut type_names = Namespace::with_reserved(RUNTIME_NAMES);
        let mut schema_names = BTreeMap::new();
        // Component names are claimed first, in sorted order, so that they keep their natural
        // names whatever inline types are found later and whatever order the document uses.
        let keys: BTreeSet<&String> = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .collect();
        for key in keys {
            schema_names.insert(key.clone(), type_names.claim(names::type_name(key)));
        }
        Builder {
            doc,
            type_names,
            schema_names,
            types: Vec::new(),
            operations: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            checked_items: BTreeSet::new(),
            pending_streams: Vec::new(),
            paging_settings: BTreeMap::new(),
        }
    }

    fn problem(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        let problem = Diagnostic::at_pointer(pointer.clone(), message);
        self.problems.push(problem);
    }

    /// Reports a problem with a hint at its fix.
    fn problem_with_help(
        &mut self,
        pointer: &JsonPointer,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let problem = Diagnostic::at_pointer(pointer.clone(), message).with_help(help);
        self.problems.push(problem);
    }

    /// Reports something sloppy whose meaning is clear: `message` says what is sloppy, `help`
    /// what the generator did instead.
    fn warn(&mut self, pointer: &JsonPointer, message: impl Into<String>, help: impl Into<String>) {
        let warning = Diagnostic::at_pointer(pointer.clone(), message);
        self.warnings.push(warning.warning().with_help(help));
    }

    fn finish(mut self) -> Result<Built, Refused> {
        for cycle in analysis::alias_cycles(&self.types) {
            self.alias_cycle(&cycle);
        }
        if !self.problems.is_empty() {
            return Err(Refused {
                errors: self.problems,
                warnings: self.warnings,
            });
        }
        analysis::newtype_recursive_aliases(&mut self.types);
        analysis::box_recursion(&mut self.types);
        analysis::mark_validating(&mut self.types);
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
        self.operations.sort_by(|a, b| a.name.cmp(&b.name));
        let client = self.client_info();
        let mut api = Api::new(self.types, self.operations, client);
        let errors = stream_methods::resolve(&mut api, self.pending_streams);
        if !errors.is_empty() {
            return Err(Refused {
                errors,
                warnings: self.warnings,
            });
        }
        // What each operation's body and parameters check, once every type's is known.
        let checks: Vec<(bool, bool)> = api
            .operations
            .iter()
            .map(|op| {
                let body = op.body.as_ref().is_some_and(|b| api.validates(&b.ty));
                let params = op.params.as_ref().is_some_and(|p| {
                    api.type_named(&p.type_name)
                        .is_some_and(|def| def.validates)
                });
                (body, params)
            })
            .collect();
        for (operation, (body, params)) in api.operations.iter_mut().zip(checks) {
            if let Some(b) = &mut operation.body {
                b.validates = body;
            }
            if let Some(p) = &mut operation.params {
                p.validates = params;
            }
        }
        Ok(Built {
            api,
            warnings: self.warnings,
        })
    }

    /// Reports schemas that are nothing but references to each other (`A: {$ref: B}`,
    /// `B: {allOf: [{$ref: A}]}`), given as their Rust type names.
    fn alias_cycle(&mut self, cycle: &[String]) {
        let keys: Vec<&String> = cycle
            .iter()
            .filter_map(|name| {
                self.schema_names
                    .iter()
                    .find(|(_, n)| *n == name)
                    .map(|(key, _)| key)
            })
            .collect();
        let pointer = keys.first().map_or(JsonPointer::root(), |key| {
            JsonPointer::from_tokens(["components", "schemas", key])
        });
        let list = keys
            .iter()
            .map(|key| format!("`{key}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match keys.len() {
            1 => format!("`$ref` cycle: schema {list} is defined as itself"),
            _ => format!("`$ref` cycle: schemas {list} are defined only as each other"),
        };
        let help =
            "a schema can contain itself (in a property, a list, a map or a `oneOf` branch) \
                    but cannot be only itself: give one of them a definition";
        self.problem_with_help(&pointer, message, help);
    }

    /// Looks up `#/components/{section}/{key}` for a reference, following references to
    /// references, and reports one that is not there, points outside the document or loops.
    fn component<T>(
        &mut self,
        reference: &str,
        section: Section,
        pointer: &JsonPointer,
        get: impl Fn(&'a oa::Components, &str) -> Option<&'a oa::ReferenceOr<T>>,
    ) -> Option<&'a T> {
        let doc = self.doc;
        let prefix = format!("#/components/{}/", section.key());
        let mut current = reference.to_string();
        for _ in 0..MAX_REFERENCE_HOPS {
            let found = match (current.strip_prefix(&prefix), &doc.components) {
                (Some(key), Some(components)) => get(components, key),
                _ => None,
            };
            match found {
                Some(oa::ReferenceOr::Item(item)) => return Some(item),
                Some(oa::ReferenceOr::Reference { reference: next }) => current = next.clone(),
                None => {
                    self.unresolved(&current, pointer, section);
                    return None;
                }
            }
        }
        self.problem(
            pointer,
            format!("$ref `{reference}` is part of a cycle of references"),
        );
        None
    }

    fn unresolved(&mut self, reference: &str, pointer: &JsonPointer, section: Section) {
        if !reference.starts_with('#') {
            // Files beside the document were inlined by the load stage; what is left is a URL.
            let message = format!("$ref `{reference}` is a URL, which is not fetched");
            let help =
                "save the referenced document beside this one and refer to it by its file name";
            self.problem_with_help(pointer, message, help);
            return;
        }
        let what = section.word();
        let message = format!("unresolved $ref `{reference}`: no such {what} in this document");
        let prefix = format!("#/components/{}/", section.key());
        let wanted = reference.strip_prefix(&prefix).unwrap_or(reference);
        let known = self.component_keys(section);
        match crate::names::closest(wanted, known.iter().map(String::as_str)) {
            Some(close) => {
                self.problem_with_help(pointer, message, format!("did you mean `{prefix}{close}`?"))
            }
            None => self.problem(pointer, message),
        }
    }

    /// The names defined in one section of `components`.
    fn component_keys(&self, section: Section) -> Vec<String> {
        let Some(c) = &self.doc.components else {
            return Vec::new();
        };
        let keys: Vec<&String> = match section {
            Section::Schemas => c.schemas.keys().collect(),
            Section::Responses => c.responses.keys().collect(),
            Section::Parameters => c.parameters.keys().collect(),
            Section::RequestBodies => c.request_bodies.keys().collect(),
            Section::PathItems => Vec::new(),
        };
        keys.into_iter().cloned().collect()
    }

    /// An item, or the component it refers to.
    fn resolve<T>(
        &mut self,
        item: &'a oa::ReferenceOr<T>,
        section: Section,
        pointer: &JsonPointer,
        get: impl Fn(&'a oa::Components, &str) -> Option<&'a oa::ReferenceOr<T>>,
    ) -> Option<&'a T> {
        match item {
            oa::ReferenceOr::Item(item) => Some(item),
            oa::ReferenceOr::Reference { reference } => {
                self.component(reference, section, pointer, get)
            }
        }
    }
}

//! Operations to client methods: names, path and other parameters, the request body, the
//! responses (success and documented errors) and authentication.

use super::{Builder, Section};
use crate::docs;
use crate::ir::HttpMethod;
use crate::ir::{
    Body, Content, Encoding, ErrorResponse, Operation, ParamBinding, ParamLocation, Params,
    PathParam, PathTemplate, Response, Segment, Status, Type, TypeDef, TypeKind,
};
use crate::names::{self, Ident, Namespace};
use crate::pointer::JsonPointer;
use indexmap::IndexMap;
use openapiv3 as oa;

/// An operation as found in the document, with the parameters its path item declares.
struct Found<'a> {
    path: &'a str,
    method: HttpMethod,
    op: &'a oa::Operation,
    path_level: &'a [oa::ReferenceOr<oa::Parameter>],
}

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self) {
        let doc = self.doc;
        let mut found = Vec::new();
        for (path, item) in doc.paths.iter() {
            let pointer = JsonPointer::from_tokens(["paths", path]);
            let Some(item) = self.resolve(item, Section::PathItems, &pointer, |_, _| None) else {
                continue;
            };
            for (key, op) in item.iter() {
                // openapiv3 gives the eight methods only.
                let Some(method) = HttpMethod::from_key(key) else {
                    continue;
                };
                found.push(Found {
                    path,
                    method,
                    op,
                    path_level: &item.parameters,
                });
            }
        }
        // Method names are claimed in path-then-method order, so the same document always gives
        // the same names; a shortened FastAPI name that is not unique keeps its full id.
        found.sort_by(|a, b| (a.path, a.method.key()).cmp(&(b.path, b.method.key())));
        let candidates: Vec<Ident> = found
            .iter()
            .map(|f| names::method_candidate(f.op.operation_id.as_deref(), f.method.key(), f.path))
            .collect();
        let wanted = disambiguate(&found, &candidates);
        self.check_operation_ids(&found);
        self.unknown_paging_settings(found.iter().filter_map(|f| f.op.operation_id.as_deref()));
        let mut method_names = Namespace::with_reserved(super::CLIENT_METHODS);
        let mut detected = Vec::new();
        for (f, wanted) in found.iter().zip(wanted) {
            let name = method_names.claim_ident(wanted);
            let (operation, stream) = self.operation(name, f);
            detected.extend(stream.map(|stream| (operation.name.clone(), stream)));
            self.operations.push(operation);
        }
        // `_stream` names are claimed after every operation's, so an operation keeps its name
        // whether or not another one streams.
        for (operation, found) in detected {
            let name = method_names.claim(format!("{}_stream", operation.as_str()));
            self.pending_streams.push(super::stream_methods::Pending {
                operation,
                name,
                found,
            });
        }
    }

    fn check_operation_ids(&mut self, found: &[Found]) {
        let mut seen: IndexMap<&str, &Found> = IndexMap::new();
        for f in found {
            let Some(id) = f.op.operation_id.as_deref() else {
                continue;
            };
            if let Some(first) = seen.insert(id, f) {
                let pointer = JsonPointer::from_tokens(["paths", f.path])
                    .child(f.method.key())
                    .child("operationId");
                let message = format!(
                    "duplicate operationId `{id}` (also used by {} {})",
                    first.method.name(),
                    first.path
                );
                let help = "operationIds must be unique: they name the client's methods";
                self.problem_with_help(&pointer, message, help);
            }
        }
    }

    fn operation(
        &mut self,
        name: Ident,
        f: &Found<'a>,
    ) -> (Operation, Option<super::stream_methods::Detected>) {
        let pointer = JsonPointer::from_tokens(["paths", f.path, f.method.key()]);
        let stem = names::type_name(name.as_str())
            .trim_end_matches('_')
            .to_string();
        let error_name = self.type_names.claim(format!("{stem}Error"));
        let mut arguments = Namespace::default();
        let method = name.to_string();
        let (path_params, params) = self.parameters(f, &method, &stem, &mut arguments, &pointer);
        let body = self.request_body(f.op, &stem, &pointer);
        let (success, errors) = self.responses(f.op, &stem, &pointer);
        let success_enum =
            distinct_bodies(&success).then(|| self.type_names.claim(format!("{stem}Response")));
        let stream = self.detect_stream(f.path_level, f.op, &stem, &pointer);
        let operation = Operation {
            doc: operation_doc(f.op, f.method, f.path),
            name,
            operation_id: f.op.operation_id.clone(),
            tags: f.op.tags.clone(),
            method: f.method,
            path: path_template(f.path, &path_params),
            path_params,
            params,
            body,
            success,
            success_enum,
            error_name,
            errors,
            security: self.security(f.op),
            stream: None,
        };
        (operation, stream)
    }

    /// The path parameters (in path order) and the struct of the others. An operation's own
    /// parameters override its path item's of the same name and location.
    fn parameters(
        &mut self,
        f: &Found<'a>,
        method: &str,
        stem: &str,
        arguments: &mut Namespace,
        pointer: &JsonPointer,
    ) -> (Vec<PathParam>, Option<Params>) {
        let mut merged: IndexMap<(String, &'static str), (&'a oa::Parameter, JsonPointer)> =
            IndexMap::new();
        let levels = [
            (
                f.path_level,
                JsonPointer::from_tokens(["paths", f.path]).child("parameters"),
            ),
            (&f.op.parameters[..], pointer.child("parameters")),
        ];
        for (list, list_pointer) in levels {
            let mut level = std::collections::BTreeSet::new();
            for (index, parameter) in list.iter().enumerate() {
                let item_pointer = list_pointer.child(&index.to_string());
                let Some(parameter) =
                    self.resolve(parameter, Section::Parameters, &item_pointer, |c, k| {
                        c.parameters.get(k)
                    })
                else {
                    continue;
                };
                let key = (
                    parameter.parameter_data_ref().name.clone(),
                    location_name(parameter),
                );
                if !level.insert(key.clone()) {
                    let message = format!(
                        "parameter `{}` in {} is declared twice in this list",
                        key.0, key.1
                    );
                    self.warn(&item_pointer, message, "the last declaration is used");
                }
                merged.insert(key, (parameter, item_pointer));
            }
        }
        let path_params = self.path_params(f.path, &merged, stem, arguments, pointer);
        let others: Vec<(&oa::Parameter, JsonPointer)> = merged
            .into_values()
            .filter(|(p, _)| !matches!(p, oa::Parameter::Path { .. }))
            .collect();
        let params =
            (!others.is_empty()).then(|| self.params_struct(method, stem, &others, arguments));
        (path_params, params)
    }

    fn path_params(
        &mut self,
        path: &str,
        merged: &IndexMap<(String, &'static str), (&'a oa::Parameter, JsonPointer)>,
        stem: &str,
        arguments: &mut Namespace,
        pointer: &JsonPointer,
    ) -> Vec<PathParam> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        // A name the template repeats (`/a/{id}/b/{id}`) is one argument, used at each place.
        for wire in template_names(path).filter(|wire| seen.insert(*wire)) {
            let ty = match merged.get(&(wire.to_string(), "path")) {
                Some((parameter, param_pointer)) => {
                    let place = format!("{stem}{}", names::type_name(wire));
                    self.parameter_type(parameter, &place, param_pointer)
                }
                None => {
                    let message = format!(
                        "path parameter `{{{wire}}}` is in the path but not declared in `parameters`"
                    );
                    let help = "generated as a string argument";
                    self.warn(pointer, message, help);
                    Type::String
                }
            };
            out.push(PathParam {
                name: arguments.claim_ident(names::binding(&names::snake_name(wire))),
                wire: wire.to_string(),
                ty,
            });
        }
        for ((name, location), (_, param_pointer)) in merged {
            if *location == "path" && !template_names(path).any(|w| w == name) {
                let message =
                    format!("path parameter `{name}` is declared but `{path}` has no `{{{name}}}`");
                let help = "ignored: the client does not send it";
                self.warn(param_pointer, message, help);
            }
        }
        out
    }

    fn parameter_type(
        &mut self,
        parameter: &oa::Parameter,
        place: &str,
        pointer: &JsonPointer,
    ) -> Type {
        match &parameter.parameter_data_ref().format {
            oa::ParameterSchemaOrContent::Schema(schema) => {
                self.ref_or_type(schema, place, &pointer.child("schema"))
            }
            oa::ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    media,
                    oa::MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let pointer = pointer.child("content").child(media).child("schema");
                    self.ref_or_type(schema, place, &pointer)
                }
                _ => Type::Any,
            },
        }
    }

    /// The struct that gathers an operation's query, header and cookie parameters.
    fn params_struct(
        &mut self,
        method: &str,
        stem: &str,
        params: &[(&oa::Parameter, JsonPointer)],
        arguments: &mut Namespace,
    ) -> Params {
        let type_name = self.type_names.claim(format!("{stem}Params"));
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        let mut bindings = Vec::new();
        for (parameter, pointer) in params {
            let data = parameter.parameter_data_ref();
            let schema_pointer = pointer.child("schema");
            // The field checks its items' (or values') constraints itself.
            self.checked_items.insert(schema_pointer.child("items"));
            self.checked_items
                .insert(schema_pointer.child("additionalProperties"));
            let ty = self.parameter_type(
                parameter,
                &format!("{stem}{}", names::type_name(&data.name)),
                pointer,
            );
            let schema = match &data.format {
                oa::ParameterSchemaOrContent::Schema(oa::ReferenceOr::Item(schema)) => Some(schema),
                _ => None,
            };
            // The same name in two locations (`id` in the query and in a header) is told
            // apart by the location rather than by a number.
            let mut field_name = names::snake_name(&data.name);
            if field_names.contains(field_name.as_str()) {
                field_name = names::joined(&[field_name.as_str(), location_name(parameter)]);
            }
            let name = field_names.claim_ident(field_name);
            let mut field = super::schema::field_of(name, &data.name, ty, data.required, schema);
            self.applicable_constraints(&mut field, pointer);
            self.item_constraints(&mut field, schema, &schema_pointer);
            field.doc = parameter_doc(parameter, schema);
            // A parameter's default is the server's to apply: the client leaves it out unless
            // it is set, rather than sending the default on every call.
            if let Some(default) = field.default.take() {
                field.doc.extend([
                    String::new(),
                    format!(
                        "The server assumes {} when it is absent.",
                        default.describe()
                    ),
                ]);
            }
            bindings.push(ParamBinding {
                field: field.name.clone(),
                wire: data.name.clone(),
                location: param_location(parameter),
            });
            fields.push(field);
        }
        let doc = vec![format!(
            "The query, header and cookie parameters of [`Client::{method}`](Client::{method})."
        )];
        self.types.push(TypeDef {
            name: type_name.clone(),
            doc,
            kind: TypeKind::Params(fields),
            validates: false,
        });
        Params {
            type_name,
            arg: arguments.claim_ident(names::snake_name("params")),
            validates: false,
            bindings,
        }
    }

    fn request_body(
        &mut self,
        op: &'a oa::Operation,
        stem: &str,
        pointer: &JsonPointer,
    ) -> Option<Body> {
        let pointer = pointer.child("requestBody");
        let body = self.resolve(
            op.request_body.as_ref()?,
            Section::RequestBodies,
            &pointer,
            |c, k| c.request_bodies.get(k),
        )?;
        let content = self.content(&body.content, &format!("{stem}Body"), &pointer)?;
        let media_type = preferred(&body.content)
            .map(|(media, _)| media.clone())
            .unwrap_or_default();
        Some(Body {
            ty: content.ty,
            encoding: content.encoding,
            media_type,
            required: body.required,
            validates: false,
        })
    }

    /// The body of a request or response: the preferred media type's schema, decoded as that
    /// media type says. `None` when there is no content.
    fn content(
        &mut self,
        content: &IndexMap<String, oa::MediaType>,
        place: &str,
        pointer: &JsonPointer,
    ) -> Option<Content> {
        let (media, media_type) = preferred(content)?;
        let encoding = encoding_of(media);
        let schema_pointer = pointer.child("content").child(media).child("schema");
        let ty = match (encoding, &media_type.schema) {
            (Encoding::Text, _) => Type::String,
            (Encoding::Bytes, _) => Type::Bytes,
            (_, Some(schema)) => self.ref_or_type(schema, place, &schema_pointer),
            (_, None) => Type::Any,
        };
        Some(Content {
            ty,
            encoding,
            media_type: media.clone(),
        })
    }

    fn responses(
        &mut self,
        op: &'a oa::Operation,
        stem: &str,
        pointer: &JsonPointer,
    ) -> (Vec<Response>, Vec<ErrorResponse>) {
        let mut documented: Vec<(Status, &'a oa::ReferenceOr<oa::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(status, response)| match status {
                oa::StatusCode::Code(code) => (Status::Code(*code), response),
                oa::StatusCode::Range(range) => (Status::Range(*range), response),
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|response| (Status::Default, response)),
            )
            .collect();
        documented.sort_by_key(|(status, _)| *status);
        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in documented {
            let pointer = pointer.child("responses").child(&status_token(status));
            let Some(response) = self.resolve(response, Section::Responses, &pointer, |c, k| {
                c.responses.get(k)
            }) else {
                continue;
            };
            let description = docs::one_line(&response.description);
            if matches!(status, Status::Code(200..=299) | Status::Range(2)) {
                let content = self.content(&response.content, &format!("{stem}Response"), &pointer);
                success.push(Response {
                    status,
                    content,
                    variant: success_variant(status),
                    description,
                });
            } else {
                let variant = status_variant(status);
                let content =
                    self.content(&response.content, &format!("{stem}{variant}"), &pointer);
                errors.push(ErrorResponse {
                    status,
                    variant,
                    description,
                    content,
                });
            }
        }
        (success, errors)
    }

    /// The security requirement, from the operation's security (or the document's): its
    /// alternatives, each the names of the schemes that must all be sent. An
    /// alternative naming a scheme the document does not define is left out; a requirement
    /// with no alternative naming a scheme needs no credentials.
    fn security(&self, op: &oa::Operation) -> Vec<Vec<String>> {
        let Some(requirements) = op.security.as_ref().or(self.doc.security.as_ref()) else {
            return Vec::new();
        };
        let schemes = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let defined = |name: &String| {
            matches!(
                schemes.and_then(|s| s.get(name)),
                Some(oa::ReferenceOr::Item(_))
            )
        };
        let mut out: Vec<Vec<String>> = Vec::new();
        for requirement in requirements {
            let names: Vec<String> = requirement.keys().cloned().collect();
            if names.iter().all(defined) && !out.contains(&names) {
                out.push(names);
            }
        }
        if out.iter().all(Vec::is_empty) {
            return Vec::new();
        }
        out
    }
}

/// The method names wanted for `found`: each shortened name when it is unique; in a group of
/// operations whose shortened names collide, the name plus the path words the others lack
/// (`list_pets` and `list_pets_store` for `/pets` and `/store/pets`); the
/// full operationId when even that collides.
fn disambiguate(found: &[Found], candidates: &[Ident]) -> Vec<Ident> {
    let words = |f: &Found| -> Vec<String> {
        let word = |w: &str| {
            names::snake_name(w)
                .as_str()
                .trim_end_matches('_')
                .to_string()
        };
        f.path
            .split('/')
            .filter(|w| !w.is_empty() && !w.starts_with('{'))
            .map(word)
            .collect()
    };
    let mut wanted: Vec<Ident> = Vec::with_capacity(found.len());
    for (index, f) in found.iter().enumerate() {
        let group: Vec<usize> = (0..found.len())
            .filter(|&i| candidates[i] == candidates[index])
            .collect();
        if group.len() == 1 {
            wanted.push(candidates[index].clone());
            continue;
        }
        let shared: Vec<String> = words(f)
            .into_iter()
            .filter(|w| group.iter().all(|&i| words(&found[i]).contains(w)))
            .collect();
        let distinct: Vec<String> = words(f)
            .into_iter()
            .filter(|w| !shared.contains(w))
            .collect();
        wanted.push(match distinct.is_empty() {
            true => candidates[index].clone(),
            false => with_words(&candidates[index], &distinct.join("_")),
        });
    }
    // Whatever still collides falls back to its full operationId.
    let fallback: Vec<bool> = wanted
        .iter()
        .map(|w| wanted.iter().filter(|x| *x == w).count() > 1)
        .collect();
    for (index, f) in found.iter().enumerate() {
        if let (true, Some(id)) = (fallback[index], &f.op.operation_id) {
            wanted[index] = names::snake_name(id);
        }
    }
    wanted
}

/// `name` with `words` after its first word, where a verb usually stands (`list_pets` and
/// `store` give `list_store_pets`), or after the whole name when it is one word.
/// The `_` after `self` is dropped: the result is no longer a keyword.
fn with_words(name: &Ident, words: &str) -> Ident {
    let name = name.as_str().trim_end_matches('_');
    match name.split_once('_') {
        Some((verb, rest)) => names::joined(&[verb, words, rest]),
        None => names::joined(&[name, words]),
    }
}

/// A part of a path template as written: text, or the name of a parameter.
enum TemplatePart<'p> {
    Text(&'p str),
    Name(&'p str),
}

/// The parts of a path template, in order: a `{` followed by a `}` before any other `{` opens a
/// parameter's name; any other text is literal.
fn template_parts(path: &str) -> Vec<TemplatePart<'_>> {
    let mut parts = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(open) = path[at..].find('{').map(|i| i + at) {
        let rest = &path[open + 1..];
        match rest.find(['{', '}']) {
            Some(close) if rest[close..].starts_with('}') => {
                if text_start < open {
                    parts.push(TemplatePart::Text(&path[text_start..open]));
                }
                parts.push(TemplatePart::Name(&rest[..close]));
                at = open + 1 + close + 1;
                text_start = at;
            }
            _ => at = open + 1,
        }
    }
    if text_start < path.len() {
        parts.push(TemplatePart::Text(&path[text_start..]));
    }
    parts
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> impl Iterator<Item = &str> {
    template_parts(path)
        .into_iter()
        .filter_map(|part| match part {
            TemplatePart::Name(name) => Some(name),
            TemplatePart::Text(_) => None,
        })
}

/// The template of `path`, each parameter the index of its argument in `params`.
fn path_template(path: &str, params: &[PathParam]) -> PathTemplate {
    let segments = template_parts(path)
        .into_iter()
        .map(|part| match part {
            TemplatePart::Text(text) => Segment::Literal(text.to_string()),
            TemplatePart::Name(name) => match params.iter().position(|p| p.wire == name) {
                Some(index) => Segment::Param(index),
                None => Segment::Literal(format!("{{{name}}}")),
            },
        })
        .collect();
    PathTemplate { segments }
}

/// A parameter's doc: its description, else its schema's, else what it is sent as.
fn parameter_doc(parameter: &oa::Parameter, schema: Option<&oa::Schema>) -> Vec<String> {
    let data = parameter.parameter_data_ref();
    let own = data.description.as_deref().map(docs::lines);
    own.filter(|l| !l.is_empty())
        .or_else(|| super::schema::schema_doc(&data.name, schema))
        .unwrap_or_else(|| {
            let place = match parameter {
                oa::Parameter::Header { .. } => "header",
                oa::Parameter::Cookie { .. } => "cookie",
                _ => "query parameter",
            };
            vec![format!(
                "Sent as the `{}` {place}.",
                docs::code_span(&data.name)
            )]
        })
}

fn location_name(parameter: &oa::Parameter) -> &'static str {
    match parameter {
        oa::Parameter::Path { .. } => "path",
        oa::Parameter::Query { .. } => "query",
        oa::Parameter::Header { .. } => "header",
        oa::Parameter::Cookie { .. } => "cookie",
    }
}

fn param_location(parameter: &oa::Parameter) -> ParamLocation {
    match parameter {
        oa::Parameter::Query {
            style: oa::QueryStyle::DeepObject,
            ..
        } => ParamLocation::QueryDeep,
        // Form style explodes by default.
        oa::Parameter::Query { parameter_data, .. } => ParamLocation::Query {
            explode: parameter_data.explode.unwrap_or(true),
        },
        oa::Parameter::Header { .. } => ParamLocation::Header,
        oa::Parameter::Cookie { .. } => ParamLocation::Cookie,
        oa::Parameter::Path { .. } => {
            unreachable!("path parameters are method arguments, not struct fields")
        }
    }
}

/// The media type to use among those a body offers: JSON, then forms, then text, then bytes.
fn preferred(content: &IndexMap<String, oa::MediaType>) -> Option<(&String, &oa::MediaType)> {
    content
        .iter()
        .min_by_key(|(media, _)| match encoding_of(media) {
            Encoding::Json => 0,
            Encoding::Form => 1,
            Encoding::Multipart => 2,
            Encoding::Text => 3,
            Encoding::Bytes => 4,
        })
}

fn encoding_of(media: &str) -> Encoding {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Encoding::Json,
        json if json.ends_with("+json") => Encoding::Json,
        "application/x-www-form-urlencoded" => Encoding::Form,
        "multipart/form-data" => Encoding::Multipart,
        text if text.starts_with("text/") => Encoding::Text,
        _ => Encoding::Bytes,
    }
}

/// Whether the success responses carry different bodies (and so need an enum).
fn distinct_bodies(success: &[Response]) -> bool {
    let mut contents = success.iter().map(|r| &r.content);
    let Some(first) = contents.next() else {
        return false;
    };
    contents.any(|c| c != first)
}

fn status_token(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".to_string(),
    }
}

fn success_variant(status: Status) -> String {
    let name = match status {
        Status::Code(200) => "Ok",
        Status::Code(201) => "Created",
        Status::Code(202) => "Accepted",
        Status::Code(203) => "NonAuthoritativeInformation",
        Status::Code(204) => "NoContent",
        Status::Code(205) => "ResetContent",
        Status::Code(206) => "PartialContent",
        Status::Code(code) => return format!("Status{code}"),
        Status::Range(range) => return format!("Status{range}xx"),
        Status::Default => "Default",
    };
    name.to_string()
}

/// The variant name of an error status: its reason phrase, `Status{code}`, `Status4xx` for a
/// range, or `Default`.
fn status_variant(status: Status) -> String {
    let code = match status {
        Status::Code(code) => code,
        Status::Range(range) => return format!("Status{range}xx"),
        Status::Default => return "Default".to_string(),
    };
    let reason = match code {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_string()
}

fn operation_doc(op: &oa::Operation, method: HttpMethod, path: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for text in [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
    {
        let text = docs::lines(text);
        // FastAPI repeats the summary as the description when there is no docstring.
        if text.is_empty() || lines == text {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text);
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let method = method.name();
    lines.push(match &op.operation_id {
        Some(id) => format!(
            "`{method} {}` (operation `{}`).",
            docs::code_span(path),
            docs::code_span(id)
        ),
        None => format!("`{method} {}`.", docs::code_span(path)),
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(wire: &str) -> PathParam {
        PathParam {
            name: names::snake_name(wire),
            wire: wire.to_string(),
            ty: Type::String,
        }
    }

    #[test]
    fn keyword_names_stay_raw_identifiers_and_their_words_plain() {
        let document = "
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /{type}:
    get:
      operationId: type
      parameters:
        - {name: type, in: path, required: true, schema: {type: string}}
        - {name: type, in: query, schema: {type: string}}
        - {name: type, in: header, schema: {type: string}}
      responses: {'204': {description: done}}
";
        let document = serde_yaml::from_str(document).expect("the test document is YAML");
        let built = super::super::build_with_warnings(document, &[]).map_err(|r| r.errors);
        let api = built.expect("the document is valid").api;
        let op = &api.operations[0];
        assert_eq!(
            (op.name.to_string(), op.error_name.as_str()),
            ("r#type".into(), "TypeError")
        );
        assert!(op.path_params[0].name.is_raw());
        let params = op.params.as_ref().expect("query and header parameters");
        let fields: Vec<String> = params
            .bindings
            .iter()
            .map(|b| b.field.to_string())
            .collect();
        assert_eq!(fields, ["r#type", "type_header"]);
    }

    #[test]
    fn path_templates_are_parsed_once_into_text_and_parameters() {
        let params = [param("id"), param("x")];
        let template = path_template("/a/{id}/b{x}.json/{id}/{not", &params);
        assert_eq!(
            template.segments,
            [
                Segment::Literal("/a/".into()),
                Segment::Param(0),
                Segment::Literal("/b".into()),
                Segment::Param(1),
                Segment::Literal(".json/".into()),
                Segment::Param(0),
                Segment::Literal("/{not".into()),
            ]
        );
        assert_eq!(template.text(&params), "/a/{id}/b{x}.json/{id}/{not");
        let names: Vec<&str> = template_names("/{a{b}/{c}").collect();
        assert_eq!(names, ["b", "c"], "a `{{` without its `}}` is text");
    }

    #[test]
    fn methods_are_the_eight_path_item_keys() {
        for method in HttpMethod::ALL {
            assert_eq!(HttpMethod::from_key(method.key()), Some(method));
            assert_eq!(method.name(), method.key().to_ascii_uppercase());
        }
        assert_eq!(HttpMethod::from_key("parameters"), None);
    }
}

//! Recognising streamed responses from the document alone: an operation whose success response
//! offers server-sent events, JSON lines, a JSON text sequence or a binary body gets a `_stream`
//! method reading it as it arrives. A pure function from one operation to a small plan: the kind
//! of stream, the media type to ask for in `Accept`, and whether the JSON request body has a
//! boolean `stream` property the stream method sets to `true`.

use openapiv3 as oa;

use super::paging::{properties, schema, success_response};

/// How a streamed body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StreamKind {
    /// `text/event-stream`: events, each one's data decoded as the response schema.
    Events,
    /// JSON lines (`application/x-ndjson`, `application/jsonl`, ...): one value per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): one value per record.
    JsonSeq,
    /// A binary body (`application/octet-stream`, `audio/*`, ...): byte chunks, uncapped.
    Bytes,
}

/// How an operation's `_stream` method reads its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StreamPlan {
    /// The kind of stream.
    pub kind: StreamKind,
    /// The media type, as the document writes it, sent in `Accept`.
    pub media: String,
    /// Whether the JSON request body has a boolean `stream` property (sent as `true`).
    pub stream_flag: bool,
}

/// The media types of JSON lines.
const JSON_LINES: &[&str] = &[
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
    "application/json-lines",
];

/// The kind of stream a media type (parameters and case aside) is read as, if any.
pub(crate) fn kind_of(media: &str) -> Option<StreamKind> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(StreamKind::Events),
        "application/json-seq" => Some(StreamKind::JsonSeq),
        lines if JSON_LINES.contains(&lines) => Some(StreamKind::JsonLines),
        "application/octet-stream" => Some(StreamKind::Bytes),
        binary
            if ["audio/", "video/"]
                .iter()
                .any(|prefix| binary.starts_with(prefix)) =>
        {
            Some(StreamKind::Bytes)
        }
        _ => None,
    }
}

/// The plan for `op`, or `None` when its success response offers no stream. Events win over
/// JSON lines, JSON lines over sequences, all of them over bytes.
pub(crate) fn detect(doc: &oa::OpenAPI, op: &oa::Operation) -> Option<StreamPlan> {
    let response = success_response(doc, op)?;
    let (kind, media) = response
        .content
        .keys()
        .filter_map(|media| Some((kind_of(media)?, media)))
        .min_by_key(|(kind, _)| *kind as u8)?;
    Some(StreamPlan {
        kind,
        media: media.clone(),
        stream_flag: has_stream_flag(doc, op),
    })
}

/// Whether the JSON request body has a boolean property named `stream`.
fn has_stream_flag(doc: &oa::OpenAPI, op: &oa::Operation) -> bool {
    let Some(body) = op.request_body.as_ref().and_then(|body| {
        super::paging::follow(body, |reference| {
            let key = reference.strip_prefix("#/components/requestBodies/")?;
            doc.components.as_ref()?.request_bodies.get(key)
        })
    }) else {
        return false;
    };
    let Some(json) = body
        .content
        .iter()
        .find(|(media, _)| media.contains("json"))
    else {
        return false;
    };
    let Some(found) = json.1.schema.as_ref().and_then(|item| schema(doc, item)) else {
        return false;
    };
    properties(doc, found).into_iter().any(|(name, property)| {
        name == "stream"
            && matches!(
                property.schema_kind,
                oa::SchemaKind::Type(oa::Type::Boolean(_))
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with one POST taking `body` (a JSON schema, YAML flow) and answering 200 with
    /// `content` (YAML flow map of media types).
    fn plan(body: &str, content: &str) -> Option<StreamPlan> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /chat:\n    post:\n\
             \x20     requestBody: {{content: {{application/json: {{schema: {body}}}}}}}\n\
             \x20     responses:\n        '200': {{description: ok, content: {content}}}\n"
        );
        let doc: oa::OpenAPI = serde_yaml::from_str(&text).expect("the test document parses");
        let item = doc.paths.paths.get("/chat").and_then(|item| item.as_item());
        let op = item.and_then(|item| item.post.as_ref()).expect("a post");
        detect(&doc, op)
    }

    const FLAG: &str = "{type: object, properties: {stream: {type: boolean}}}";

    #[test]
    fn events_win_and_the_stream_flag_is_found() {
        let content = "{application/json: {schema: {}}, text/event-stream: {schema: {}}}";
        let expected = StreamPlan {
            kind: StreamKind::Events,
            media: "text/event-stream".into(),
            stream_flag: true,
        };
        assert_eq!(plan(FLAG, content), Some(expected));
        let no_flag = "{type: object, properties: {stream: {type: string}}}";
        assert!(!plan(no_flag, content).unwrap().stream_flag);
    }

    #[test]
    fn json_lines_sequences_and_binary_bodies_stream_and_json_does_not() {
        let cases = [
            (
                "{application/x-ndjson: {schema: {}}}",
                Some(StreamKind::JsonLines),
            ),
            (
                "{application/jsonl: {schema: {}}}",
                Some(StreamKind::JsonLines),
            ),
            (
                "{application/json-seq: {schema: {}}}",
                Some(StreamKind::JsonSeq),
            ),
            ("{audio/mpeg: {schema: {}}}", Some(StreamKind::Bytes)),
            (
                "{application/octet-stream: {schema: {}}}",
                Some(StreamKind::Bytes),
            ),
            ("{application/json: {schema: {}}}", None),
        ];
        for (content, kind) in cases {
            assert_eq!(plan(FLAG, content).map(|plan| plan.kind), kind, "{content}");
        }
        assert_eq!(
            kind_of("Text/Event-Stream; charset=utf-8"),
            Some(StreamKind::Events)
        );
    }
}

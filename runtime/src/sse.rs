//! An incremental parser of server-sent events as the WHATWG HTML specification defines them
//! ("Interpreting an event stream"): fed byte chunks split anywhere, it returns whole events.
//!
//! Lines end in LF, CRLF or CR (a CR at the end of one chunk and an LF at the start of the next
//! are one line end); a leading UTF-8 byte order mark is dropped; each complete line is decoded
//! as UTF-8 with invalid bytes replaced, so a character split between chunks decodes whole.
//! `data:` lines are joined with newlines, `event:` names the event, `id:` sets the last event ID
//! (kept for later events), `retry:` sets the reconnection time, `:` starts a comment and
//! unknown fields are ignored. An event with no data is not dispatched. One event (its data
//! plus the line being read) is capped at a size, so a server cannot make the client buffer
//! without end, while the stream itself may run for as long as the server sends.

use std::borrow::Cow;
use std::collections::VecDeque;

/// One server-sent event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// The event type: the last `event:` field of the event, `message` when there was none
    /// (borrowed then, so the common event costs no allocation for it).
    pub event: Cow<'static, str>,
    /// The `data:` lines joined with newlines.
    pub data: String,
    /// The last event ID the stream has set (by this event or an earlier one), if any.
    pub id: Option<String>,
    /// The reconnection time in milliseconds the stream last asked for, if any.
    pub retry: Option<u64>,
}

/// An event as the parser dispatches it, borrowing the parser's buffers, so a receiver that
/// decodes it at once copies nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRef<'a> {
    /// The event type (`message` when the event named none).
    pub event: &'a str,
    /// The `data:` lines joined with newlines.
    pub data: &'a str,
    /// The last event ID the stream has set, if any.
    pub id: Option<&'a str>,
    /// The reconnection time in milliseconds the stream last asked for, if any.
    pub retry: Option<u64>,
}

impl EventRef<'_> {
    /// The event type as an owned value, borrowed for the default type, `message`.
    pub fn event_type(&self) -> Cow<'static, str> {
        match self.event {
            "message" => Cow::Borrowed("message"),
            named => Cow::Owned(named.to_owned()),
        }
    }

    /// The event as an owned value.
    pub fn to_event(&self) -> SseEvent {
        SseEvent {
            event: self.event_type(),
            data: self.data.to_owned(),
            id: self.id.map(str::to_owned),
            retry: self.retry,
        }
    }
}

/// What receives the events [`SseParser::feed`] completes.
pub trait EventSink {
    /// Takes one event.
    fn event(&mut self, event: EventRef<'_>);
}

/// Collects the events as owned values.
impl EventSink for VecDeque<SseEvent> {
    fn event(&mut self, event: EventRef<'_>) {
        self.push_back(event.to_event());
    }
}

/// An event larger than the parser's cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The cap in bytes.
    pub limit: u64,
}

/// The incremental parser: feed it chunks with [`SseParser::feed`], take events as they
/// complete.
#[derive(Debug)]
pub struct SseParser {
    limit: u64,
    /// The bytes of the line being read (without its line end).
    line: Vec<u8>,
    /// Whether the previous chunk ended in CR, so an LF starting this one belongs to it.
    after_cr: bool,
    /// Whether no line has completed yet, so a byte order mark may still lead it.
    first_line: bool,
    data: String,
    /// Whether the event has had a `data:` field (an empty one counts).
    has_data: bool,
    event: String,
    last_id: String,
    retry: Option<u64>,
}

impl SseParser {
    /// A parser that refuses an event (its data and the line being read) over `limit` bytes.
    pub fn new(limit: u64) -> Self {
        Self {
            limit,
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            has_data: false,
            event: String::new(),
            last_id: String::new(),
            retry: None,
        }
    }

    /// Parses `chunk`, handing every event it completes to `events`. After an error the
    /// parser must not be fed again: the stream is over.
    pub fn feed<S: EventSink + ?Sized>(
        &mut self,
        chunk: &[u8],
        events: &mut S,
    ) -> Result<(), TooLarge> {
        let mut rest = chunk;
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if let Some(tail) = rest.strip_prefix(b"\n") {
                rest = tail;
            }
        }
        while let Some(end) = rest.iter().position(|&byte| byte == b'\n' || byte == b'\r') {
            let (head, tail) = rest.split_at(end);
            if self.line.is_empty() {
                // The whole line is in this chunk: read it in place, without copying it.
                self.check_size(head.len())?;
                self.end_line(head, events);
            } else {
                self.line.extend_from_slice(head);
                self.check_size(0)?;
                let line = std::mem::take(&mut self.line);
                self.end_line(&line, events);
                // The buffer's capacity is kept for the next line split across chunks.
                self.line = line;
                self.line.clear();
            }
            // `tail` starts with the line end found above.
            let crlf = tail.starts_with(b"\r\n");
            self.after_cr = tail.len() == 1 && tail.starts_with(b"\r");
            rest = tail.get(if crlf { 2 } else { 1 }..).unwrap_or_default();
        }
        self.line.extend_from_slice(rest);
        self.check_size(0)
    }

    /// Whether the stream stopped inside an event: a line or data not yet ended by a blank line.
    pub fn is_mid_event(&self) -> bool {
        !self.line.is_empty() || self.has_data
    }

    /// Checks the event so far, with `pending` bytes of a line not yet in the buffer.
    fn check_size(&self, pending: usize) -> Result<(), TooLarge> {
        if (self.line.len() + pending + self.data.len()) as u64 > self.limit {
            return Err(TooLarge { limit: self.limit });
        }
        Ok(())
    }

    /// Interprets a completed line (without its line end).
    fn end_line<S: EventSink + ?Sized>(&mut self, mut bytes: &[u8], events: &mut S) {
        if std::mem::replace(&mut self.first_line, false) {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.is_empty() {
            self.dispatch(events);
        } else {
            self.field(&String::from_utf8_lossy(bytes));
        }
    }

    /// Applies one field line.
    fn field(&mut self, line: &str) {
        let (name, value) = match line.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match name {
            // A line starting with a colon is a comment.
            "" => {}
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_id),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                self.retry = value.parse().ok().or(self.retry);
            }
            _ => {}
        }
    }

    /// Ends the event at a blank line: dispatched when it had data, forgotten otherwise.
    fn dispatch<S: EventSink + ?Sized>(&mut self, events: &mut S) {
        if std::mem::replace(&mut self.has_data, false) {
            events.event(EventRef {
                event: if self.event.is_empty() {
                    "message"
                } else {
                    &self.event
                },
                data: &self.data,
                id: (!self.last_id.is_empty()).then_some(self.last_id.as_str()),
                retry: self.retry,
            });
        }
        // The buffers keep their capacity for the next event.
        self.event.clear();
        self.data.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut parser = SseParser::new(1 << 20);
        let mut events = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut events).unwrap();
        }
        events.into()
    }

    fn parse(text: &str) -> Vec<SseEvent> {
        parse_chunks(&[text.as_bytes()])
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> SseEvent {
        SseEvent {
            event: Cow::Owned(event.to_owned()),
            data: data.into(),
            id: id.map(Into::into),
            retry: None,
        }
    }

    #[test]
    fn every_line_end_ends_lines() {
        let expected = vec![event("message", "a", None), event("message", "b", None)];
        for text in [
            "data: a\n\ndata: b\n\n",
            "data: a\r\n\r\ndata: b\r\n\r\n",
            "data: a\r\rdata: b\r\r",
            "data: a\r\n\rdata: b\n\r\n",
        ] {
            assert_eq!(parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_cr_at_a_chunk_end_and_an_lf_after_it_are_one_line_end() {
        let events = parse_chunks(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
        assert_eq!(events, vec![event("message", "a\nb", None)]);
        // A lone CR at the end of a chunk still ends the line.
        let events = parse_chunks(&[b"data: a\r", b"\r"]);
        assert_eq!(events, vec![event("message", "a", None)]);
        // An empty chunk between them changes nothing.
        let events = parse_chunks(&[b"data: a\r", b"", b"\n", b"\n"]);
        assert_eq!(events, vec![event("message", "a", None)]);
    }

    #[test]
    fn data_lines_join_with_newlines_and_comments_are_ignored() {
        let text = ": a comment\ndata: first\n:another\ndata:second\ndata\ndata:  two spaces\n\n";
        assert_eq!(
            parse(text),
            vec![event("message", "first\nsecond\n\n two spaces", None)]
        );
    }

    #[test]
    fn event_id_and_retry_fields_are_kept() {
        let text = "event: delta\nid: 7\nretry: 1500\ndata: x\n\ndata: y\n\nid\ndata: z\n\n";
        let events = parse(text);
        assert_eq!(events.len(), 3);
        assert_eq!(
            (&*events[0].event, events[0].id.as_deref()),
            ("delta", Some("7"))
        );
        assert_eq!(events[0].retry, Some(1500));
        // The type resets after each event; the last ID and retry persist until changed.
        assert_eq!(
            (&*events[1].event, events[1].id.as_deref()),
            ("message", Some("7"))
        );
        assert_eq!(events[1].retry, Some(1500));
        assert_eq!(events[2].id, None);
    }

    #[test]
    fn bad_retry_and_ids_with_nul_are_ignored_and_unknown_fields_too() {
        let events = parse("id: 1\n\nretry: 12a\nid: a\0b\nfoo: bar\ndata: x\n\n");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].retry, None);
        assert_eq!(events[0].id.as_deref(), Some("1"));
    }

    #[test]
    fn an_event_without_data_is_not_dispatched_but_empty_data_is() {
        assert_eq!(parse("event: ping\n\n"), vec![]);
        assert_eq!(parse("data\n\n"), vec![event("message", "", None)]);
        // The type of an undispatched event does not leak into the next one.
        assert_eq!(
            parse("event: ping\n\ndata: x\n\n"),
            vec![event("message", "x", None)]
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped_even_when_split() {
        let events = parse_chunks(&[b"\xEF", b"\xBB\xBFdata: x\n\n"]);
        assert_eq!(events, vec![event("message", "x", None)]);
        // Only at the very start: later it is part of the field name.
        let events = parse("data: a\n\n\u{feff}data: b\n\n");
        assert_eq!(events, vec![event("message", "a", None)]);
    }

    #[test]
    fn characters_split_between_chunks_decode_whole_and_bad_bytes_are_replaced() {
        let text = "data: héllo €\n\n".as_bytes();
        for split in 0..text.len() {
            let events = parse_chunks(&[&text[..split], &text[split..]]);
            assert_eq!(events, vec![event("message", "héllo €", None)], "{split}");
        }
        let events = parse_chunks(&[b"data: a\xFFb\n\n"]);
        assert_eq!(events, vec![event("message", "a\u{FFFD}b", None)]);
    }

    #[test]
    fn an_unfinished_event_is_reported_as_such() {
        let mut parser = SseParser::new(100);
        let mut events = VecDeque::new();
        assert!(!parser.is_mid_event());
        parser.feed(b"data: a\n", &mut events).unwrap();
        assert!(parser.is_mid_event());
        parser.feed(b"\nda", &mut events).unwrap();
        assert!(parser.is_mid_event());
        parser.feed(b"ta: b\n\n", &mut events).unwrap();
        assert!(!parser.is_mid_event());
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn an_event_over_the_cap_is_refused_but_many_small_ones_are_not() {
        let mut parser = SseParser::new(16);
        let mut events = VecDeque::new();
        for _ in 0..100 {
            parser.feed(b"data: 0123456789\n\n", &mut events).unwrap();
        }
        assert_eq!(events.len(), 100);
        let err = parser
            .feed(b"data: 0123456789\ndata: 0123456789\n", &mut events)
            .unwrap_err();
        assert_eq!(err, TooLarge { limit: 16 });
        // A line with no end is capped too.
        let mut parser = SseParser::new(16);
        assert!(parser.feed(&[b'x'; 10], &mut events).is_ok());
        assert!(parser.feed(&[b'x'; 10], &mut events).is_err());
    }

    /// A recorded stream with every rule in it: BOM, comments, CR, CRLF and LF line ends,
    /// multi-line data, ids, retry, an event without data and non-ASCII text.
    const RECORDED: &[u8] =
        b"\xEF\xBB\xBF: hello\r\nevent: start\r\nid: 1\r\ndata: {\"a\":1}\r\n\r\n\
data: line one\ndata: line two\n\nevent: ping\n\nretry: 3000\rdata: caf\xC3\xA9 \xE2\x82\xAC\r\r\
:keepalive\n\nid: 2\ndata:[DONE]\n\n";

    fn recorded_events() -> Vec<SseEvent> {
        let retry = |mut event: SseEvent, retry| {
            event.retry = retry;
            event
        };
        vec![
            event("start", "{\"a\":1}", Some("1")),
            event("message", "line one\nline two", Some("1")),
            retry(event("message", "café €", Some("1")), Some(3000)),
            retry(event("message", "[DONE]", Some("2")), Some(3000)),
        ]
    }

    #[test]
    fn the_recorded_stream_parses_in_one_chunk() {
        assert_eq!(parse_chunks(&[RECORDED]), recorded_events());
    }

    proptest! {
        #[test]
        fn any_split_of_the_recorded_stream_gives_the_same_events(
            cuts in proptest::collection::vec(0..RECORDED.len(), 0..6)
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for cut in cuts {
                chunks.push(&RECORDED[start..cut]);
                start = cut;
            }
            chunks.push(&RECORDED[start..]);
            prop_assert_eq!(parse_chunks(&chunks), recorded_events());
        }
    }

    #[test]
    fn every_single_split_point_and_byte_by_byte_give_the_same_events() {
        for split in 0..=RECORDED.len() {
            let (head, tail) = RECORDED.split_at(split);
            assert_eq!(parse_chunks(&[head, tail]), recorded_events(), "{split}");
        }
        let bytes: Vec<&[u8]> = RECORDED.chunks(1).collect();
        assert_eq!(parse_chunks(&bytes), recorded_events());
    }
}

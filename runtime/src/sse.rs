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

/// The incremental parser: feed it chunks with [`SseParser::feed`], or pull events out of each
/// chunk with [`SseParser::next_event`], as they complete.
#[derive(Debug)]
pub struct SseParser {
    limit: u64,
    /// The bytes of the line being read (without its line end) when it began in an earlier
    /// chunk.
    line: Vec<u8>,
    /// Whether the previous chunk ended in CR, so an LF starting this one belongs to it.
    after_cr: bool,
    /// Whether no line has completed yet, so a byte order mark may still lead it.
    first_line: bool,
    /// The event's data when it could not be left in the chunk: several lines, or one that
    /// began in an earlier chunk or whose event ends in a later one.
    data: String,
    /// Whether the event has had a `data:` field (an empty one counts).
    has_data: bool,
    event: String,
    last_id: String,
    retry: Option<u64>,
    /// Whether an event was handed out borrowing the buffers, which are cleared for the next
    /// event when parsing resumes.
    dispatched: bool,
}

/// What a completed line is, once its field (other than data) has been applied.
enum Line<'l> {
    /// A blank line: the end of an event.
    Blank,
    /// A `data:` field's value, not yet decoded.
    Data(&'l [u8]),
    /// Anything else (a comment, another field, already applied).
    Other,
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
            dispatched: false,
        }
    }

    /// Parses `chunk`, handing every event it completes to `events`. After an error the
    /// parser must not be fed again: the stream is over.
    pub fn feed<S: EventSink + ?Sized>(
        &mut self,
        chunk: &[u8],
        events: &mut S,
    ) -> Result<(), TooLarge> {
        let mut at = 0;
        while let Some(event) = self.next_event(chunk, &mut at)? {
            events.event(event);
        }
        Ok(())
    }

    /// Parses `chunk` from `*at` to the end of the next event and returns that event, moving
    /// `*at` past it. The event borrows the chunk when its data is one line wholly inside it
    /// (the common case, which copies nothing) and the parser's buffers otherwise. `None`
    /// means the chunk is used up: what it left unfinished is kept for the next chunk, which
    /// is passed with `*at` at 0. After an error the stream is over.
    pub fn next_event<'a>(
        &'a mut self,
        chunk: &'a [u8],
        at: &mut usize,
    ) -> Result<Option<EventRef<'a>>, TooLarge> {
        if std::mem::take(&mut self.dispatched) {
            self.event.clear();
            self.data.clear();
        }
        // The event's only data line so far, while it lies in the chunk: copied to `data`
        // only when another data line follows or the chunk ends before the event does.
        let mut single: Option<&'a [u8]> = None;
        loop {
            let rest = chunk.get(*at..).unwrap_or_default();
            if self.after_cr && !rest.is_empty() {
                self.after_cr = false;
                if rest.starts_with(b"\n") {
                    *at += 1;
                    continue;
                }
            }
            let Some(end) = line_end(rest) else {
                if let Some(value) = single {
                    push_lossy(&mut self.data, value);
                }
                self.line.extend_from_slice(rest);
                *at = chunk.len();
                self.check_size(0)?;
                return Ok(None);
            };
            let (head, tail) = rest.split_at(end);
            // `tail` starts with the line end found: CR LF, or a lone CR or LF.
            let crlf = tail.starts_with(b"\r\n");
            self.after_cr = tail == b"\r";
            *at += end + if crlf { 2 } else { 1 };
            if self.end_line(head, &mut single)? {
                if self.has_data {
                    return Ok(Some(self.dispatch(single)));
                }
                // An event without data is forgotten, its type with it.
                self.event.clear();
            }
        }
    }

    /// Whether the stream stopped inside an event: a line or data not yet ended by a blank line.
    pub fn is_mid_event(&self) -> bool {
        !self.line.is_empty() || self.has_data
    }

    /// Takes a line ended in the chunk (`head`, after whatever of it earlier chunks held);
    /// true when it is blank, ending the event.
    fn end_line<'a>(
        &mut self,
        head: &'a [u8],
        single: &mut Option<&'a [u8]>,
    ) -> Result<bool, TooLarge> {
        let held = single.map_or(0, <[u8]>::len);
        if self.line.is_empty() {
            // The whole line is in this chunk: read it in place, without copying it.
            self.check_size(head.len() + held)?;
            return Ok(match self.interpret(head) {
                Line::Blank => true,
                Line::Data(value) if !self.has_data => {
                    *single = Some(value);
                    self.has_data = true;
                    false
                }
                Line::Data(value) => {
                    self.push_data(value, single);
                    false
                }
                Line::Other => false,
            });
        }
        self.line.extend_from_slice(head);
        self.check_size(held)?;
        let line = std::mem::take(&mut self.line);
        let blank = match self.interpret(&line) {
            Line::Blank => true,
            Line::Data(value) => {
                self.push_data(value, single);
                false
            }
            Line::Other => false,
        };
        // The buffer's capacity is kept for the next line split across chunks.
        self.line = line;
        self.line.clear();
        Ok(blank)
    }

    /// Checks the event so far, with `pending` bytes of it not yet in the buffers.
    fn check_size(&self, pending: usize) -> Result<(), TooLarge> {
        if (self.line.len() + pending + self.data.len()) as u64 > self.limit {
            return Err(TooLarge { limit: self.limit });
        }
        Ok(())
    }

    /// Reads a completed line (without its line end), applying every field but data.
    fn interpret<'l>(&mut self, mut line: &'l [u8]) -> Line<'l> {
        if std::mem::replace(&mut self.first_line, false) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            return Line::Blank;
        }
        // The colon and the space are ASCII, so splitting the bytes before decoding them
        // gives what splitting the decoded line would.
        let (name, value) = match line.iter().position(|&byte| byte == b':') {
            Some(colon) => {
                let value = line.get(colon + 1..).unwrap_or_default();
                let name = line.get(..colon).unwrap_or_default();
                (name, value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            // A line starting with a colon is a comment.
            b"" => {}
            b"data" => return Line::Data(value),
            b"event" => {
                self.event.clear();
                push_lossy(&mut self.event, value);
            }
            b"id" if !value.contains(&0) => {
                self.last_id.clear();
                push_lossy(&mut self.last_id, value);
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                let digits = std::str::from_utf8(value).ok();
                self.retry = digits.and_then(|text| text.parse().ok()).or(self.retry);
            }
            _ => {}
        }
        Line::Other
    }

    /// Adds a data line to the buffered data, after the line still in the chunk, if any.
    fn push_data(&mut self, value: &[u8], single: &mut Option<&[u8]>) {
        if let Some(first) = single.take() {
            push_lossy(&mut self.data, first);
        }
        if self.has_data {
            self.data.push('\n');
        }
        push_lossy(&mut self.data, value);
        self.has_data = true;
    }

    /// Ends an event that had data, handing it out. Its type and data are cleared when
    /// parsing resumes; its data is decoded here, once, whether in the chunk or buffered.
    fn dispatch<'a>(&'a mut self, single: Option<&'a [u8]>) -> EventRef<'a> {
        self.has_data = false;
        self.dispatched = true;
        let mut data = None;
        if let Some(bytes) = single {
            match std::str::from_utf8(bytes) {
                Ok(text) => data = Some(text),
                Err(_) => push_lossy(&mut self.data, bytes),
            }
        }
        let this = &*self;
        EventRef {
            event: match this.event.as_str() {
                "" => "message",
                named => named,
            },
            data: data.unwrap_or(&this.data),
            id: (!this.last_id.is_empty()).then_some(this.last_id.as_str()),
            retry: this.retry,
        }
    }
}

/// Where the first line end (LF or CR) in `bytes` is.
fn line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// Appends `bytes` to `text` as UTF-8, invalid bytes replaced.
fn push_lossy(text: &mut String, bytes: &[u8]) {
    text.push_str(&String::from_utf8_lossy(bytes));
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

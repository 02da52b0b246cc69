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
use std::ops::Range;

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
    #[inline]
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

/// Where the data of an event ready to be handed out is.
enum Data {
    /// One line of the chunk, at this range.
    InChunk(Range<usize>),
    /// The parser's buffer.
    Buffered,
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
        let data = match self.advance(chunk, at)? {
            Some(Data::InChunk(range)) => {
                let bytes = chunk.get(range).unwrap_or_default();
                Some(std::str::from_utf8(bytes).map_err(|_| bytes))
            }
            Some(Data::Buffered) => None,
            None => return Ok(None),
        };
        Ok(Some(self.dispatch(data)))
    }

    /// [`SseParser::next_event`] for a chunk already known to be UTF-8 (a whole frame checked
    /// at once costs far less than its events' data checked one by one).
    #[inline]
    pub fn next_text_event<'a>(
        &'a mut self,
        chunk: &'a str,
        at: &mut usize,
    ) -> Result<Option<EventRef<'a>>, TooLarge> {
        let data = match self.advance(chunk.as_bytes(), at)? {
            // The data lies between ASCII bytes (a colon or space, a line end), so on
            // character boundaries: `get` always finds it.
            Some(Data::InChunk(range)) => {
                let bytes = chunk.as_bytes().get(range.clone()).unwrap_or_default();
                Some(chunk.get(range).ok_or(bytes))
            }
            Some(Data::Buffered) => None,
            None => return Ok(None),
        };
        Ok(Some(self.dispatch(data)))
    }

    /// Whether the stream stopped inside an event: a line or data not yet ended by a blank line.
    pub fn is_mid_event(&self) -> bool {
        !self.line.is_empty() || self.has_data
    }

    /// Parses `chunk` from `*at` to the end of the next event with data, moving `*at` past
    /// it, and says where its data is; `None` when the chunk is used up.
    fn advance(&mut self, chunk: &[u8], at: &mut usize) -> Result<Option<Data>, TooLarge> {
        if std::mem::take(&mut self.dispatched) {
            self.event.clear();
            self.data.clear();
        }
        if let Some(data) = self.single_line_event(chunk, at) {
            return Ok(Some(Data::InChunk(data)));
        }
        // The event's only data line so far, while it lies in the chunk: copied to `data`
        // only when another data line follows or the chunk ends before the event does.
        let mut single = None;
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
                self.flush(chunk, &mut single);
                self.line.extend_from_slice(rest);
                *at = chunk.len();
                self.check_size(0)?;
                return Ok(None);
            };
            let line = *at..*at + end;
            // The line end found: CR LF, or a lone CR or LF.
            let crlf = rest.get(end..end + 2) == Some(b"\r\n");
            self.after_cr = rest.get(end..) == Some(b"\r");
            *at += end + if crlf { 2 } else { 1 };
            if self.end_line(chunk, line, &mut single)? {
                if self.has_data {
                    return Ok(Some(single.map_or(Data::Buffered, Data::InChunk)));
                }
                // An event without data is forgotten, its type with it.
                self.event.clear();
            }
        }
    }

    /// The common event, a `data:` line and a blank line, read at `*at` without the general
    /// loop when it lies wholly in the chunk and nothing of another event is pending: where
    /// its data is, with `*at` moved past the event. Anything else is left to the loop, which
    /// reads this event the same way.
    fn single_line_event(&mut self, chunk: &[u8], at: &mut usize) -> Option<Range<usize>> {
        if !self.line.is_empty() || self.has_data || self.after_cr || self.first_line {
            return None;
        }
        let line = chunk.get(*at..)?;
        let value = line.strip_prefix(b"data:")?;
        let end = line_end(value)?;
        let blank = end + ending_at(value, end)?;
        let past = blank + ending_at(value, blank)?;
        let field = b"data:".len();
        // The loop refuses a line over the cap.
        if (field + end) as u64 > self.limit {
            return None;
        }
        let space = usize::from(value.starts_with(b" "));
        let data = *at + field + space..*at + field + end;
        *at += field + past;
        self.has_data = true;
        Some(data)
    }

    /// Takes the line ended at `line` in the chunk (after whatever of it earlier chunks
    /// held); true when it is blank, ending the event.
    fn end_line(
        &mut self,
        chunk: &[u8],
        line: Range<usize>,
        single: &mut Option<Range<usize>>,
    ) -> Result<bool, TooLarge> {
        let head = chunk.get(line.clone()).unwrap_or_default();
        let held = single.as_ref().map_or(0, ExactSizeIterator::len);
        if self.line.is_empty() {
            // The whole line is in this chunk: read it in place, without copying it.
            self.check_size(head.len() + held)?;
            return Ok(match self.interpret(head) {
                Line::Blank => true,
                // The value ends the line.
                Line::Data(value) if !self.has_data => {
                    *single = Some(line.end - value.len()..line.end);
                    self.has_data = true;
                    false
                }
                Line::Data(value) => {
                    self.flush(chunk, single);
                    self.push_data(value);
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
                self.flush(chunk, single);
                self.push_data(value);
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
        if self.first_line {
            self.first_line = false;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        // The common line first, without searching for its colon.
        if let Some(value) = line.strip_prefix(b"data:") {
            return Line::Data(value.strip_prefix(b" ").unwrap_or(value));
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

    /// Copies the event's data line still in the chunk, if any, to the buffered data.
    fn flush(&mut self, chunk: &[u8], single: &mut Option<Range<usize>>) {
        if let Some(range) = single.take() {
            push_lossy(&mut self.data, chunk.get(range).unwrap_or_default());
        }
    }

    /// Adds a data line to the buffered data.
    fn push_data(&mut self, value: &[u8]) {
        if self.has_data {
            self.data.push('\n');
        }
        push_lossy(&mut self.data, value);
        self.has_data = true;
    }

    /// Ends an event that had data, handing it out: its data is the text given (decoded, or
    /// the bytes that were not UTF-8) or, without one, the buffered data. Its type and data
    /// are cleared when parsing resumes.
    fn dispatch<'a>(&'a mut self, data: Option<Result<&'a str, &'a [u8]>>) -> EventRef<'a> {
        self.has_data = false;
        self.dispatched = true;
        let data = match data {
            Some(Ok(text)) => Some(text),
            Some(Err(bytes)) => {
                push_lossy(&mut self.data, bytes);
                None
            }
            None => None,
        };
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
    // Every event ends in a blank line: spare it the search.
    if let Some(b'\n' | b'\r') = bytes.first() {
        return Some(0);
    }
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// How long the line end at `bytes[at]` is (CR LF, or a lone CR or LF), if one is there and
/// the chunk says whether a CR there is followed by an LF.
fn ending_at(bytes: &[u8], at: usize) -> Option<usize> {
    match (bytes.get(at)?, bytes.get(at + 1)) {
        (b'\n', _) => Some(1),
        (b'\r', Some(b'\n')) => Some(2),
        (b'\r', Some(_)) => Some(1),
        _ => None,
    }
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

    #[test]
    fn a_single_data_line_over_the_cap_is_refused_however_it_ends() {
        for text in [
            "data: 0123456789A\n\n",
            "data: 0123456789A\r\n\r\n",
            "data: 0123456789A\r\r",
            "data: 0123456789A\n",
        ] {
            let mut parser = SseParser::new(16);
            let mut events = VecDeque::new();
            // Not the first line, which may still carry a byte order mark.
            parser.feed(b"data: x\n\n", &mut events).unwrap();
            let fed = parser.feed(text.as_bytes(), &mut events);
            assert_eq!(fed, Err(TooLarge { limit: 16 }), "{text:?}");
        }
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

    /// Pulls the events out of each chunk as the stream's decoder does: a chunk that is UTF-8
    /// as a whole as text, any other as bytes.
    fn pull_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut parser = SseParser::new(1 << 20);
        let mut events = Vec::new();
        for chunk in chunks {
            let mut at = 0;
            loop {
                let event = match std::str::from_utf8(chunk) {
                    Ok(text) => parser.next_text_event(text, &mut at),
                    Err(_) => parser.next_event(chunk, &mut at),
                };
                match event.unwrap() {
                    Some(event) => events.push(event.to_event()),
                    None => break,
                }
            }
        }
        events
    }

    /// Events of one `data:` line each, the common case read without the general loop, with
    /// every line end, between others it does not read.
    const COMMON: &[u8] = b": hi\ndata: {\"a\":1}\n\ndata:2\r\n\r\ndata: caf\xC3\xA9\r\r\
data: x\ndata: y\n\ndata: \n\ndata: z\r\n\n";

    fn common_events() -> Vec<SseEvent> {
        let data = ["{\"a\":1}", "2", "café", "x\ny", "", "z"];
        data.iter()
            .map(|data| event("message", data, None))
            .collect()
    }

    #[test]
    fn pulling_from_text_and_byte_chunks_gives_the_same_events_at_any_two_splits() {
        for (stream, expected) in [(RECORDED, recorded_events()), (COMMON, common_events())] {
            for first in 0..=stream.len() {
                for second in first..=stream.len() {
                    let chunks = [&stream[..first], &stream[first..second], &stream[second..]];
                    assert_eq!(pull_chunks(&chunks), expected, "{first} {second}");
                    assert_eq!(parse_chunks(&chunks), expected, "{first} {second}");
                }
            }
        }
    }
}

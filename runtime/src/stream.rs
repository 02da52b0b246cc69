//! Streamed responses: server-sent events, JSON lines and JSON text sequences, and raw bytes,
//! read as they arrive instead of after the whole body.
//!
//! [`Client::open`] sends a request as [`Client::send`] does (credentials, the same retries, all
//! before the first byte of a success body) and, for a 2xx status, hands back the body unread
//! ([`Opened`]); any other status is read in full under the body cap and turned into the
//! operation's error by the generated code, exactly as for a whole response. The body is then
//! decoded item by item ([`Opened::events`], [`Opened::lines`], [`Opened::json_seq`],
//! [`Opened::chunks`]): the body cap applies to one event or record, not to the stream; the
//! client's timeout applies to the response head only, since a stream may run for hours; a
//! connection that breaks, or ends inside an event, is an error item, never a quiet end.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use http_body::Body as _;
use serde::de::DeserializeOwned;

use crate::client::{settled, Outgoing};
use crate::failure::Failure;
use crate::lines::{Framing, RecordSplitter};
use crate::sse::SseParser;
use crate::{Client, Error, Request, Response};

/// One frame of body bytes as the HTTP stack hands it over (shared, not copied).
type Frame = <reqwest::Body as http_body::Body>::Data;

/// A 2xx response whose body has not been read yet.
#[derive(Debug)]
pub struct Opened {
    status: u16,
    body: reqwest::Body,
    /// The cap on one event or record.
    limit: u64,
    attempts: u32,
    /// Whether the request URL holds the API key, so transport errors must not show it.
    key_in_url: bool,
}

/// How one attempt of [`Client::open`] ended.
enum Attempt {
    /// A success status: the body is for the caller to stream.
    Open(reqwest::Response),
    /// Anything else, read in full, for the retry policy and the caller's error decoding.
    Done(Result<Response, Failure>),
    /// No response head within the client's timeout.
    TimedOut,
}

impl Client {
    /// Sends `request` and returns its body unread when the status is 2xx; any other status is
    /// read in full and passed to `refuse` (the generated code's decoding of the documented
    /// errors, as for [`Client::send`]).
    #[doc(hidden)]
    pub async fn open<E>(
        &self,
        request: Request,
        refuse: impl FnOnce(Response) -> Error<E>,
    ) -> Result<Opened, Error<E>> {
        let outgoing = self.outgoing(&request)?;
        let mut attempts = 1;
        loop {
            let outcome = match self.open_attempt(&request, &outgoing).await {
                Attempt::Open(response) => {
                    return Ok(Opened::new(self, response, attempts, &outgoing))
                }
                Attempt::Done(outcome) => outcome,
                Attempt::TimedOut => return Err(timed_out(attempts)),
            };
            match self.retry.delay(&request.method, &outcome, attempts) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => {
                    return settled(outcome, attempts).and_then(|response| Err(refuse(response)));
                }
            }
            attempts += 1;
        }
    }

    /// One exchange up to the response head; a non-2xx body is read in full under the cap.
    async fn open_attempt(&self, request: &Request, outgoing: &Outgoing) -> Attempt {
        // No reqwest timeout: a stream may run for hours, and reqwest would poll its timer on
        // every read of the body. The response head is timed here instead.
        let builder = self.http_request(request, outgoing);
        let hide = |failure: Failure| match outgoing.key_in_url {
            true => failure.without_url(),
            false => failure,
        };
        let response = match tokio::time::timeout(self.timeout, builder.send()).await {
            Err(_elapsed) => return Attempt::TimedOut,
            Ok(Err(err)) => return Attempt::Done(Err(hide(Failure::classify(err)))),
            Ok(Ok(response)) => response,
        };
        if response.status().is_success() {
            return Attempt::Open(response);
        }
        let read = tokio::time::timeout(
            self.timeout,
            Response::read(response, self.max_response_body),
        );
        match read.await {
            Err(_elapsed) => Attempt::TimedOut,
            Ok(outcome) => Attempt::Done(outcome.map_err(hide)),
        }
    }
}

/// The error for a response head that did not arrive within the timeout.
fn timed_out<E>(attempts: u32) -> Error<E> {
    let cause = std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "no response within the client's timeout",
    );
    Error::Timeout {
        attempts,
        source: Box::new(cause),
    }
}

impl Opened {
    fn new(client: &Client, response: reqwest::Response, attempts: u32, out: &Outgoing) -> Self {
        let status = response.status().as_u16();
        let body = http::Response::<reqwest::Body>::from(response).into_body();
        Self {
            status,
            body,
            limit: client.max_response_body,
            attempts,
            key_in_url: out.key_in_url,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body as server-sent events, each event's data decoded as JSON `T`; a `[DONE]` event
    /// ends the stream.
    pub fn events<T: DeserializeOwned, E>(self) -> Items<Events<T>, E> {
        let decoder = Events {
            parser: SseParser::new(self.limit),
            frame: Text::Checked(String::new()),
            at: 0,
            item: PhantomData,
        };
        Items::new(self, decoder)
    }

    /// The body as JSON lines (NDJSON), each decoded as `T`.
    pub fn lines<T: DeserializeOwned, E>(self) -> Items<Records<T>, E> {
        let decoder = Records::new(Framing::Lines, self.limit);
        Items::new(self, decoder)
    }

    /// The body as a JSON text sequence (RFC 7464), each record decoded as `T`.
    pub fn json_seq<T: DeserializeOwned, E>(self) -> Items<Records<T>, E> {
        let decoder = Records::new(Framing::Sequence, self.limit);
        Items::new(self, decoder)
    }

    /// The body as the byte chunks it arrives in, without the body cap.
    pub fn chunks<E>(self) -> Items<Chunks, E> {
        Items::new(self, Chunks::default())
    }
}

/// One server-sent event whose data decoded as `T`.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The event type (`message` unless the server named one).
    pub event: Cow<'static, str>,
    /// The last event ID the stream set, if any.
    pub id: Option<String>,
    /// The reconnection time in milliseconds the stream last asked for, if any.
    pub retry: Option<u64>,
    /// The event's data, decoded.
    pub data: T,
}

/// What a decoder has ready.
#[doc(hidden)]
pub enum Step<T> {
    /// An item.
    Item(T),
    /// An item that did not decode: why, and its text.
    Bad {
        /// The decoder's message.
        message: String,
        /// The item's text.
        body: String,
    },
    /// The stream says it is over (`[DONE]`).
    End,
    /// An event passed the cap (in bytes); the stream is over.
    TooLarge(u64),
}

/// Turns body chunks into items; one per kind of streamed body.
#[doc(hidden)]
pub trait Decoder: Unpin {
    /// What the stream yields.
    type Item;
    /// Takes a chunk, once [`Decoder::next`] has nothing ready; its items are read (and an
    /// item over the cap found) as `next` is called.
    fn feed(&mut self, chunk: Frame);
    /// The next complete item, if one is ready.
    fn next(&mut self) -> Option<Step<Self::Item>>;
    /// The body ended; an error says the stream stopped inside an item.
    fn finish(&mut self) -> Result<(), &'static str>;
}

/// The decoder of server-sent events. Each frame is checked as UTF-8 once, as a whole, then
/// parsed one event at a time as the stream is polled, each event's data decoded straight from
/// the frame when it lies there whole (one `data:` line, the common case): no event is copied
/// or queued.
#[doc(hidden)]
pub struct Events<T> {
    parser: SseParser,
    /// The frame being parsed, and how far.
    frame: Text,
    at: usize,
    item: PhantomData<fn() -> T>,
}

/// A frame of an event stream.
enum Text {
    /// Checked UTF-8, as nearly every frame is.
    Checked(String),
    /// Not UTF-8 as a whole: a character cut at either end, or bytes that are not UTF-8, so
    /// each event's data is checked alone.
    Bytes(Vec<u8>),
}

impl<T: DeserializeOwned> Decoder for Events<T> {
    type Item = Event<T>;

    fn feed(&mut self, chunk: Frame) {
        // The frame's own buffer when nothing else shares it, a copy otherwise (as a
        // hand-written loop makes to join frames).
        self.frame = match String::from_utf8(chunk.into()) {
            Ok(text) => Text::Checked(text),
            Err(err) => Text::Bytes(err.into_bytes()),
        };
        self.at = 0;
    }

    fn next(&mut self) -> Option<Step<Event<T>>> {
        let event = match &self.frame {
            Text::Checked(text) => self.parser.next_text_event(text, &mut self.at),
            Text::Bytes(bytes) => self.parser.next_event(bytes, &mut self.at),
        };
        let event = match event {
            Ok(event) => event?,
            Err(too_large) => return Some(Step::TooLarge(too_large.limit)),
        };
        if event.data == "[DONE]" {
            return Some(Step::End);
        }
        // The data is checked UTF-8 already, so decoding from `str` does not check it again.
        Some(match serde_json::from_str(event.data) {
            Ok(data) => {
                let decoded = Event {
                    event: event.event_type(),
                    id: event.id.map(str::to_owned),
                    retry: event.retry,
                    data,
                };
                Step::Item(decoded)
            }
            Err(err) => Step::Bad {
                message: err.to_string(),
                body: event.data.to_owned(),
            },
        })
    }

    fn finish(&mut self) -> Result<(), &'static str> {
        match self.parser.is_mid_event() {
            true => Err("the event stream ended inside an event"),
            false => Ok(()),
        }
    }
}

/// The decoder of JSON lines and JSON text sequences: like [`Events`], each frame is kept as
/// it arrived and split one record at a time as the stream is polled, each record decoded
/// straight from the frame when it lies there whole.
#[doc(hidden)]
pub struct Records<T> {
    splitter: RecordSplitter,
    /// The frame being split, and how far.
    frame: Frame,
    at: usize,
    /// Whether the body has ended, so only the last record (one without a line end) is left.
    ended: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> Records<T> {
    fn new(framing: Framing, limit: u64) -> Self {
        Self {
            splitter: RecordSplitter::new(framing, limit),
            frame: Frame::new(),
            at: 0,
            ended: false,
            item: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Decoder for Records<T> {
    type Item = T;

    fn feed(&mut self, chunk: Frame) {
        self.frame = chunk;
        self.at = 0;
    }

    fn next(&mut self) -> Option<Step<T>> {
        let record = match self.ended {
            true => self.splitter.last_record()?,
            false => match self.splitter.next_record(&self.frame, &mut self.at) {
                Ok(record) => record?,
                Err(too_large) => return Some(Step::TooLarge(too_large.limit)),
            },
        };
        Some(match serde_json::from_slice(record) {
            Ok(item) => Step::Item(item),
            Err(err) => Step::Bad {
                message: err.to_string(),
                body: String::from_utf8_lossy(record).into_owned(),
            },
        })
    }

    fn finish(&mut self) -> Result<(), &'static str> {
        self.ended = true;
        Ok(())
    }
}

/// The decoder of raw byte chunks.
#[doc(hidden)]
#[derive(Default)]
pub struct Chunks {
    ready: VecDeque<Vec<u8>>,
}

impl Decoder for Chunks {
    type Item = Vec<u8>;

    fn feed(&mut self, chunk: Frame) {
        // The frame's own buffer, when nothing else shares it; a copy otherwise.
        self.ready.push_back(chunk.into());
    }

    fn next(&mut self) -> Option<Step<Vec<u8>>> {
        let chunk = self.ready.pop_front()?;
        Some(Step::Item(chunk))
    }

    fn finish(&mut self) -> Result<(), &'static str> {
        Ok(())
    }
}

/// The items of a streamed body, each `Ok` or the error that decoding it (or reading the body)
/// ran into. A decode error ends nothing; a transport error, an item over the cap or `[DONE]`
/// ends the stream.
pub struct Items<D, E> {
    body: Option<reqwest::Body>,
    decoder: D,
    /// An error to yield once the items decoded before it are out.
    failed: Option<Error<E>>,
    /// Whether the stream said it is over (`[DONE]`), so queued items are not yielded.
    ended: bool,
    status: u16,
    attempts: u32,
    key_in_url: bool,
}

impl<D: Decoder, E> Items<D, E> {
    fn new(opened: Opened, decoder: D) -> Self {
        Self {
            body: Some(opened.body),
            decoder,
            failed: None,
            ended: false,
            status: opened.status,
            attempts: opened.attempts,
            key_in_url: opened.key_in_url,
        }
    }

    /// Reads one frame of the body into the decoder; `Ready` when something changed.
    fn poll_body(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(body) = self.body.as_mut() else {
            return Poll::Ready(());
        };
        let error = match Pin::new(body).poll_frame(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Some(Ok(frame))) => {
                // Trailers carry nothing a decoder reads.
                if let Ok(data) = frame.into_data() {
                    self.decoder.feed(data);
                }
                return Poll::Ready(());
            }
            Poll::Ready(Some(Err(err))) => Some(self.transport(Failure::classify(err))),
            Poll::Ready(None) => self.decoder.finish().err().map(cut_off),
        };
        // The body ended or failed: nothing more is read from it.
        self.body = None;
        self.failed = error;
        Poll::Ready(())
    }

    fn transport(&self, failure: Failure) -> Error<E> {
        let failure = match self.key_in_url {
            true => failure.without_url(),
            false => failure,
        };
        failure.into_error(self.attempts)
    }
}

/// The error for a body that ended inside an event or record.
fn cut_off<E>(message: &'static str) -> Error<E> {
    let cause = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, message);
    Error::Transport {
        attempts: 1,
        source: Box::new(cause),
    }
}

// The body and decoder are `Unpin` and nothing of `E` is pinned, so neither is the stream.
impl<D: Decoder, E> Unpin for Items<D, E> {}

impl<D: Decoder, E> Stream for Items<D, E> {
    type Item = Result<D::Item, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.ended {
                return Poll::Ready(None);
            }
            match this.decoder.next() {
                Some(Step::Item(item)) => return Poll::Ready(Some(Ok(item))),
                Some(Step::Bad { message, body }) => {
                    let status = this.status;
                    let error = Error::Decode {
                        status,
                        body,
                        message,
                    };
                    return Poll::Ready(Some(Err(error)));
                }
                Some(Step::End) => {
                    // Dropping the body closes the connection; nothing after `[DONE]` is read.
                    this.body = None;
                    this.ended = true;
                    return Poll::Ready(None);
                }
                Some(Step::TooLarge(limit)) => {
                    this.body = None;
                    this.ended = true;
                    let status = this.status;
                    return Poll::Ready(Some(Err(Error::BodyTooLarge { status, limit })));
                }
                None => {}
            }
            if let Some(error) = this.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if this.body.is_none() {
                return Poll::Ready(None);
            }
            if this.poll_body(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

//! An incremental splitter of JSON-per-record streams: JSON lines (`application/x-ndjson`,
//! `application/jsonl`), one value per line, and JSON text sequences (`application/json-seq`,
//! RFC 7464), each value led by the record separator (0x1E).
//!
//! Fed byte chunks split anywhere, it returns whole records as bytes, for the caller to decode.
//! Lines end in LF (a CR before it is dropped) and blank lines are skipped; a sequence record may
//! span lines, and ends at the next separator or the end of the stream. One record is capped at a
//! size, as one server-sent event is.

use std::collections::VecDeque;

use crate::sse::TooLarge;

/// How records are delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// One record per line (JSON lines, NDJSON).
    Lines,
    /// Records led by the record separator 0x1E (JSON text sequences).
    Sequence,
}

/// The incremental splitter.
#[derive(Debug)]
pub struct RecordSplitter {
    framing: Framing,
    limit: u64,
    /// The bytes of the record being read.
    record: Vec<u8>,
}

impl RecordSplitter {
    /// A splitter for `framing` that refuses a record over `limit` bytes.
    pub fn new(framing: Framing, limit: u64) -> Self {
        Self {
            framing,
            limit,
            record: Vec::new(),
        }
    }

    /// Splits `chunk`, appending every record it completes to `records`.
    pub fn feed(&mut self, chunk: &[u8], records: &mut VecDeque<Vec<u8>>) -> Result<(), TooLarge> {
        let delimiter = match self.framing {
            Framing::Lines => b'\n',
            Framing::Sequence => 0x1E,
        };
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&byte| byte == delimiter) {
            let (head, tail) = rest.split_at(end);
            self.record.extend_from_slice(head);
            self.check_size()?;
            self.end_record(records);
            rest = tail.get(1..).unwrap_or_default();
        }
        self.record.extend_from_slice(rest);
        self.check_size()
    }

    /// Ends the stream: a last record without its line end (or any last sequence record) is
    /// complete.
    pub fn finish(&mut self, records: &mut VecDeque<Vec<u8>>) {
        self.end_record(records);
    }

    fn check_size(&self) -> Result<(), TooLarge> {
        if self.record.len() as u64 > self.limit {
            return Err(TooLarge { limit: self.limit });
        }
        Ok(())
    }

    /// Takes the record read so far, unless it is only whitespace.
    fn end_record(&mut self, records: &mut VecDeque<Vec<u8>>) {
        let record = std::mem::take(&mut self.record);
        let text = record.trim_ascii();
        if !text.is_empty() {
            records.push_back(text.to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(framing: Framing, chunks: &[&[u8]]) -> Vec<String> {
        let mut splitter = RecordSplitter::new(framing, 1 << 20);
        let mut records = VecDeque::new();
        for chunk in chunks {
            splitter.feed(chunk, &mut records).unwrap();
        }
        splitter.finish(&mut records);
        records
            .into_iter()
            .map(|record| String::from_utf8(record).unwrap())
            .collect()
    }

    #[test]
    fn lines_split_anywhere_give_the_same_records() {
        let text = b"{\"a\":1}\r\n\n  \n{\"b\":\"\xC3\xA9\"}\n{\"c\":3}";
        let expected = ["{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}"];
        for cut in 0..=text.len() {
            let (head, tail) = text.split_at(cut);
            assert_eq!(split(Framing::Lines, &[head, tail]), expected, "{cut}");
        }
    }

    #[test]
    fn sequence_records_are_led_by_the_separator_and_may_span_lines() {
        let text = b"\x1E{\"a\":\n1}\n\x1E\n\x1E[2]\n";
        let expected = ["{\"a\":\n1}", "[2]"];
        for cut in 0..=text.len() {
            let (head, tail) = text.split_at(cut);
            assert_eq!(split(Framing::Sequence, &[head, tail]), expected, "{cut}");
        }
    }

    #[test]
    fn a_record_over_the_cap_is_refused_but_many_small_ones_are_not() {
        let mut splitter = RecordSplitter::new(Framing::Lines, 8);
        let mut records = VecDeque::new();
        for _ in 0..50 {
            splitter.feed(b"[1,2,3]\n", &mut records).unwrap();
        }
        assert_eq!(records.len(), 50);
        assert!(splitter.feed(b"[1,2,3,", &mut records).is_ok());
        let err = splitter.feed(b"4,5]\n", &mut records).unwrap_err();
        assert_eq!(err, TooLarge { limit: 8 });
    }
}

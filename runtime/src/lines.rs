//! An incremental splitter of JSON-per-record streams: JSON lines (`application/x-ndjson`,
//! `application/jsonl`), one value per line, and JSON text sequences (`application/json-seq`,
//! RFC 7464), each value led by the record separator (0x1E).
//!
//! Fed byte chunks split anywhere, it returns whole records as bytes, for the caller to decode.
//! Lines end in LF (a CR before it is dropped) and blank lines are skipped; a sequence record may
//! span lines, and ends at the next separator or the end of the stream. One record is capped at a
//! size, as one server-sent event is.

use crate::sse::TooLarge;

/// How records are delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// One record per line (JSON lines, NDJSON).
    Lines,
    /// Records led by the record separator 0x1E (JSON text sequences).
    Sequence,
}

/// The incremental splitter: pull the records out of each chunk with
/// [`RecordSplitter::next_record`], then the last one with [`RecordSplitter::last_record`].
#[derive(Debug)]
pub struct RecordSplitter {
    framing: Framing,
    limit: u64,
    /// The bytes of the record being read when it began in an earlier chunk.
    record: Vec<u8>,
    /// Whether a record was handed out from `record`, which is cleared when splitting resumes.
    taken: bool,
}

impl RecordSplitter {
    /// A splitter for `framing` that refuses a record over `limit` bytes.
    pub fn new(framing: Framing, limit: u64) -> Self {
        Self {
            framing,
            limit,
            record: Vec::new(),
            taken: false,
        }
    }

    /// Splits `chunk` from `*at` to the end of the next record that is not only whitespace
    /// and returns it (trimmed), moving `*at` past it. The record borrows the chunk when it
    /// lies wholly inside it (no copy) and the splitter's buffer otherwise. `None` means the
    /// chunk is used up: an unfinished record is kept for the next chunk, which is passed
    /// with `*at` at 0. After an error the stream is over.
    pub fn next_record<'a>(
        &'a mut self,
        chunk: &'a [u8],
        at: &mut usize,
    ) -> Result<Option<&'a [u8]>, TooLarge> {
        self.resume();
        let delimiter = match self.framing {
            Framing::Lines => b'\n',
            Framing::Sequence => 0x1E,
        };
        loop {
            let rest = chunk.get(*at..).unwrap_or_default();
            let Some(end) = memchr::memchr(delimiter, rest) else {
                self.record.extend_from_slice(rest);
                *at = chunk.len();
                self.check_size(0)?;
                return Ok(None);
            };
            let head = rest.get(..end).unwrap_or_default();
            *at += end + 1;
            if self.record.is_empty() {
                // The whole record is in this chunk: hand it out in place.
                self.check_size(head.len())?;
                let text = head.trim_ascii();
                if !text.is_empty() {
                    return Ok(Some(text));
                }
                continue;
            }
            self.record.extend_from_slice(head);
            self.check_size(0)?;
            if !self.record.trim_ascii().is_empty() {
                self.taken = true;
                return Ok(Some(self.record.trim_ascii()));
            }
            self.record.clear();
        }
    }

    /// Ends the stream: a last record without its line end (or any last sequence record) is
    /// complete, and returned once, unless it is only whitespace.
    pub fn last_record(&mut self) -> Option<&[u8]> {
        self.resume();
        self.taken = true;
        Some(self.record.trim_ascii()).filter(|text| !text.is_empty())
    }

    /// Clears the record handed out last, keeping the buffer's capacity.
    fn resume(&mut self) {
        if std::mem::take(&mut self.taken) {
            self.record.clear();
        }
    }

    fn check_size(&self, pending: usize) -> Result<(), TooLarge> {
        if (self.record.len() + pending) as u64 > self.limit {
            return Err(TooLarge { limit: self.limit });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// What the tests feed the splitter with: every record of a chunk, queued.
    impl RecordSplitter {
        fn feed(&mut self, chunk: &[u8], records: &mut VecDeque<Vec<u8>>) -> Result<(), TooLarge> {
            let mut at = 0;
            while let Some(record) = self.next_record(chunk, &mut at)? {
                records.push_back(record.to_vec());
            }
            Ok(())
        }

        fn finish(&mut self, records: &mut VecDeque<Vec<u8>>) {
            records.extend(self.last_record().map(<[u8]>::to_vec));
        }
    }

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
    fn records_are_pulled_in_place_and_the_last_one_is_handed_out_once() {
        let mut splitter = RecordSplitter::new(Framing::Lines, 64);
        let chunk = b"[1]\n\n[2";
        let mut at = 0;
        assert_eq!(splitter.next_record(chunk, &mut at), Ok(Some(&b"[1]"[..])));
        assert_eq!(splitter.next_record(chunk, &mut at), Ok(None));
        assert_eq!(at, chunk.len());
        let (chunk, mut at) = (b", 3]", 0);
        assert_eq!(splitter.next_record(chunk, &mut at), Ok(None));
        assert_eq!(splitter.last_record(), Some(&b"[2, 3]"[..]));
        assert_eq!(splitter.last_record(), None);
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

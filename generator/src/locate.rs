//! Finds the line and column of a JSON pointer in the original document text, for diagnostics.
//!
//! Used only when a problem is reported, so parsing stays free of position bookkeeping. When the
//! exact node cannot be found (a node that normalization created, or YAML flow style), the
//! position of the deepest ancestor that can be found is returned: a diagnostic always points
//! somewhere true.

use crate::pointer::JsonPointer;

/// The 1-based line and column of the node at `pointer` (`/a/b/0`), or of its nearest ancestor.
pub fn locate(text: &str, pointer: &JsonPointer) -> (usize, usize) {
    let tokens: Vec<String> = pointer.tokens().collect();
    let offset = if text.trim_start().starts_with('{') {
        json::locate(text.as_bytes(), &tokens)
    } else {
        return yaml::locate(text, &tokens);
    };
    line_column(text, offset)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

mod json {
    //! A scanner over JSON text that follows a pointer without building values.

    /// The byte offset of the node at `tokens` (its key, for an object member).
    pub fn locate(text: &[u8], tokens: &[String]) -> usize {
        let mut scanner = Scanner { text, pos: 0 };
        let mut found = scanner.skip_ws();
        for token in tokens {
            match scanner.find_child(token) {
                Some(at) => found = at,
                None => break,
            }
        }
        found
    }

    struct Scanner<'a> {
        text: &'a [u8],
        pos: usize,
    }

    impl Scanner<'_> {
        fn peek(&self) -> Option<u8> {
            self.text.get(self.pos).copied()
        }

        fn skip_ws(&mut self) -> usize {
            while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.pos += 1;
            }
            self.pos
        }

        /// With the scanner at an object or array, moves it to the child named `token` and
        /// returns where that child's key (or element) starts.
        fn find_child(&mut self, token: &str) -> Option<usize> {
            let open = self.peek()?;
            self.pos += 1;
            let mut index = 0usize;
            loop {
                let start = self.skip_ws();
                match self.peek()? {
                    b'}' | b']' => return None,
                    b',' => {
                        self.pos += 1;
                        continue;
                    }
                    _ => {}
                }
                let matches = if open == b'{' {
                    let key = self.string()?;
                    self.skip_ws();
                    self.pos += 1; // the colon
                    key == token
                } else {
                    index += 1;
                    token.parse::<usize>().ok() == Some(index - 1)
                };
                self.skip_ws();
                if matches {
                    return Some(start);
                }
                self.skip_value()?;
            }
        }

        /// Reads a string at the scanner, undoing the escapes that matter for keys.
        fn string(&mut self) -> Option<String> {
            if self.peek()? != b'"' {
                return None;
            }
            let start = self.pos + 1;
            self.skip_string()?;
            let raw = std::str::from_utf8(&self.text[start..self.pos - 1]).ok()?;
            Some(serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()))
        }

        fn skip_string(&mut self) -> Option<()> {
            self.pos += 1;
            loop {
                match self.peek()? {
                    b'\\' => self.pos += 2,
                    b'"' => {
                        self.pos += 1;
                        return Some(());
                    }
                    _ => self.pos += 1,
                }
            }
        }

        /// Skips one value, counting nesting iteratively so deep documents cannot overflow.
        fn skip_value(&mut self) -> Option<()> {
            match self.peek()? {
                b'"' => return self.skip_string(),
                b'{' | b'[' => {}
                _ => {
                    while self
                        .peek()
                        .is_some_and(|b| !matches!(b, b',' | b'}' | b']'))
                    {
                        self.pos += 1;
                    }
                    return Some(());
                }
            }
            let mut depth = 0usize;
            loop {
                match self.peek()? {
                    b'"' => self.skip_string()?,
                    b'{' | b'[' => {
                        depth += 1;
                        self.pos += 1;
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        self.pos += 1;
                        if depth == 0 {
                            return Some(());
                        }
                    }
                    _ => self.pos += 1,
                }
            }
        }
    }
}

mod yaml {
    //! Follows a pointer through block-style YAML by indentation.

    /// One logical line: its indent and content. A sequence dash is its own entry, and what
    /// follows it on the line is a deeper entry, so `- name: x` reads as an item holding a map.
    struct Entry<'a> {
        line: usize,
        indent: usize,
        content: &'a str,
    }

    pub fn locate(text: &str, tokens: &[String]) -> (usize, usize) {
        let entries = entries(text);
        let mut range = 0..entries.len();
        let mut found = (1, 1);
        for token in tokens {
            let Some(index) = child(&entries[range.clone()], token).map(|i| i + range.start) else {
                break;
            };
            let entry = &entries[index];
            found = (entry.line, entry.indent + 1);
            let end = entries[index + 1..]
                .iter()
                .position(|e| e.indent <= entry.indent)
                .map_or(entries.len(), |p| p + index + 1);
            range = index + 1..end;
        }
        found
    }

    fn entries(text: &str) -> Vec<Entry<'_>> {
        let mut out = Vec::new();
        for (number, raw) in text.lines().enumerate() {
            let content = raw.trim_start();
            if content.is_empty() || content.starts_with('#') || content == "---" {
                continue;
            }
            let mut indent = raw.len() - content.len();
            let mut rest = content;
            while let Some(after) =
                rest.strip_prefix("- ")
                    .or(if rest == "-" { Some("") } else { None })
            {
                out.push(Entry {
                    line: number + 1,
                    indent,
                    content: "-",
                });
                let trimmed = after.trim_start();
                indent += rest.len() - trimmed.len();
                rest = trimmed;
            }
            if !rest.is_empty() {
                out.push(Entry {
                    line: number + 1,
                    indent,
                    content: rest,
                });
            }
        }
        out
    }

    /// The index in `entries` of the child named `token` at the shallowest indent.
    fn child(entries: &[Entry], token: &str) -> Option<usize> {
        let indent = entries.first()?.indent;
        let mut items = 0usize;
        for (index, entry) in entries.iter().enumerate() {
            if entry.indent != indent {
                continue;
            }
            if entry.content == "-" {
                items += 1;
                if token.parse::<usize>().ok() == Some(items - 1) {
                    return Some(index);
                }
            } else if key_of(entry.content) == Some(token) {
                return Some(index);
            }
        }
        None
    }

    fn key_of(content: &str) -> Option<&str> {
        for quote in ['"', '\''] {
            if let Some(rest) = content.strip_prefix(quote) {
                let end = rest.find(quote)?;
                return rest[end + 1..]
                    .trim_start()
                    .starts_with(':')
                    .then(|| &rest[..end]);
            }
        }
        let colon = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(|k| k.len()))?;
        Some(content[..colon].trim_end())
    }
}

#[cfg(test)]
mod tests {
    use crate::pointer::JsonPointer;

    /// The position of the node at the escaped pointer `pointer`.
    fn locate(text: &str, pointer: &str) -> (usize, usize) {
        let pointer = JsonPointer::parse(pointer).expect("a pointer");
        super::locate(text, &pointer)
    }

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /skills:\n    post:\n      parameters:\n        - name: a\n          in: query\n        - name: 'b'\n          schema:\n            type: string\n      responses:\n        '202':\n          description: >-\n            ok\n";

    #[test]
    fn yaml_pointers() {
        assert_eq!(locate(YAML, ""), (1, 1));
        assert_eq!(locate(YAML, "/paths/~1skills/post"), (4, 5));
        assert_eq!(
            locate(YAML, "/paths/~1skills/post/parameters/1/schema/type"),
            (10, 13)
        );
        assert_eq!(
            locate(YAML, "/paths/~1skills/post/parameters/0/in"),
            (7, 11)
        );
        assert_eq!(
            locate(YAML, "/paths/~1skills/post/responses/202/description"),
            (13, 11)
        );
    }

    #[test]
    fn yaml_pointer_to_a_missing_node_gives_the_deepest_ancestor() {
        assert_eq!(
            locate(YAML, "/paths/~1skills/post/requestBody/content"),
            (4, 5)
        );
        assert_eq!(locate(YAML, "/paths/~1skills/post/parameters/7"), (5, 7));
    }

    #[test]
    fn json_pointers() {
        let text = "{\n  \"a\": {\"b~c\": [1, {\"x\": 2}], \"d/e\": \"}\"},\n  \"z\": 3\n}";
        assert_eq!(locate(text, "/a"), (2, 3));
        assert_eq!(locate(text, "/a/b~0c/1/x"), (2, 21));
        assert_eq!(locate(text, "/a/d~1e"), (2, 31));
        assert_eq!(locate(text, "/z"), (3, 3));
        assert_eq!(locate(text, "/a/missing"), (2, 3));
    }
}

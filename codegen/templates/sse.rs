// The parser of server-sent events (the WHATWG HTML standard's `text/event-stream`), pure:
// chunks of bytes in, events out. `emit/runtime.rs` appends its items to the client runtime of a
// crate whose operations give events (private helpers: they stay because `EventStream` names
// them); the `tests` module below is left out of every crate and runs with the generator's
// unit tests. Plain comments like this one do not survive; doc comments do.

/// An event as the stream carries it, its data not decoded yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct RawEvent {
    /// The `event` field: the event's name; `None` when the event has none (a "message").
    event: Option<String>,
    /// The last event ID the stream set, by this event's `id` field or an earlier one's.
    id: Option<String>,
    /// The reconnection time this event's `retry` field sets, in milliseconds.
    retry: Option<u64>,
    /// The `data` fields' values, joined with `\n`.
    data: String,
}

/// Cuts a byte stream into lines (LF, CR or CRLF, wherever the chunks end) and the lines into
/// events, each complete once its blank line arrives.
#[derive(Debug, Default)]
struct EventParser {
    /// The start of a line whose end has not arrived yet.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next one ends no further line.
    after_cr: bool,
    /// A line has been read: a byte order mark can only start the first.
    started: bool,
    /// The `data` fields so far, each followed by `\n`.
    data: String,
    /// Whether a `data` field has been seen since the last event.
    has_data: bool,
    event: Option<String>,
    /// The last event ID, which lasts from event to event.
    last_id: Option<String>,
    retry: Option<u64>,
    /// Events complete and not taken yet.
    ready: ::std::collections::VecDeque<RawEvent>,
}

impl EventParser {
    /// Reads a chunk of the stream: the events it completes are then given by
    /// [`EventParser::next_event`].
    fn push(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            let cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let line = ::std::mem::take(&mut self.line);
            self.line_ended(&line);
            self.line = line;
            self.line.clear();
        }
        self.line.extend_from_slice(rest);
    }

    /// The next complete event, in stream order.
    fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    fn line_ended(&mut self, line: &[u8]) {
        let mut line = line;
        if !self.started {
            self.started = true;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        // A comment (`: keep-alive`).
        if line[0] == b':' {
            return;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*text, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            // An ID holding NUL is ignored, as the standard says.
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(retry) = value.parse() {
                    self.retry = Some(retry);
                }
            }
            _ => {}
        }
    }

    /// A blank line: the fields since the last one make an event, if they include data.
    fn dispatch(&mut self) {
        let event = self.event.take().filter(|name| !name.is_empty());
        let retry = self.retry.take();
        if !::std::mem::take(&mut self.has_data) {
            return;
        }
        let mut data = ::std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(RawEvent {
            event,
            id: self.last_id.clone(),
            retry,
            data,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of a stream given in these chunks.
    fn events(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = EventParser::default();
        let mut events = Vec::new();
        for chunk in chunks {
            parser.push(chunk);
            events.extend(std::iter::from_fn(|| parser.next_event()));
        }
        events
    }

    fn data(data: &str) -> RawEvent {
        RawEvent {
            data: data.to_owned(),
            ..RawEvent::default()
        }
    }

    #[test]
    fn an_event_is_complete_at_its_blank_line() {
        let mut parser = EventParser::default();
        parser.push(b"data: one\n");
        assert_eq!(parser.next_event(), None);
        parser.push(b"\ndata: tw");
        assert_eq!(parser.next_event(), Some(data("one")));
        assert_eq!(parser.next_event(), None);
        parser.push(b"o\n\n");
        assert_eq!(parser.next_event(), Some(data("two")));
    }

    #[test]
    fn lines_end_with_lf_cr_or_crlf_wherever_chunks_end() {
        let expected = vec![data("a"), data("b"), data("c")];
        assert_eq!(
            events(&[b"data: a\n\ndata: b\r\rdata: c\r\n\r\n"]),
            expected
        );
        // A CRLF split between two chunks ends one line, not two.
        assert_eq!(
            events(&[
                b"data: a\r",
                b"\ndata: x\r",
                b"\n\r\ndata: b\r\n\r\ndata: c\r\r"
            ]),
            vec![
                RawEvent {
                    data: "a\nx".to_owned(),
                    ..RawEvent::default()
                },
                data("b"),
                data("c"),
            ]
        );
        // Byte by byte.
        let text = b"data: a\r\n\r\ndata: b\r\rdata: c\n\n";
        let bytes: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(events(&bytes), expected);
    }

    #[test]
    fn multi_line_data_is_joined_with_newlines() {
        assert_eq!(
            events(&[b"data: {\"a\":\ndata:  1}\ndata\n\n"]),
            vec![data("{\"a\":\n 1}\n")]
        );
    }

    #[test]
    fn comments_and_keep_alives_are_skipped() {
        assert_eq!(
            events(&[b": keep-alive\n\n:\n\ndata: x\n: inside\n\n"]),
            vec![data("x")]
        );
    }

    #[test]
    fn fields() {
        let got = events(&[
            b"event: message_delta\nid: 7\nretry: 1500\ndata: {}\n\n",
            b"data: next\n\n",
            b"id\nevent\ndata:no space\nretry: soon\n\n",
            b"id: a\0b\nunknown: field\ndata: last\n\n",
        ]);
        assert_eq!(
            got,
            vec![
                RawEvent {
                    event: Some("message_delta".to_owned()),
                    id: Some("7".to_owned()),
                    retry: Some(1500),
                    data: "{}".to_owned(),
                },
                // The ID lasts; the name and the retry do not.
                RawEvent {
                    id: Some("7".to_owned()),
                    ..data("next")
                },
                // A field without a colon has an empty value; only one space is removed.
                RawEvent {
                    id: Some(String::new()),
                    ..data("no space")
                },
                // An ID with NUL is ignored.
                RawEvent {
                    id: Some(String::new()),
                    ..data("last")
                },
            ]
        );
    }

    #[test]
    fn blocks_without_data_dispatch_nothing() {
        assert_eq!(events(&[b"event: ping\n\nid: 1\n\n\n\n"]), vec![]);
        // But the ID they set lasts.
        assert_eq!(
            events(&[b"id: 1\n\ndata: x\n\n"]),
            vec![RawEvent {
                id: Some("1".to_owned()),
                ..data("x")
            }]
        );
    }

    #[test]
    fn an_event_cut_off_by_the_end_is_not_given() {
        assert_eq!(events(&[b"data: a\n\ndata: b\n"]), vec![data("a")]);
    }

    #[test]
    fn a_byte_order_mark_starts_only_the_stream() {
        assert_eq!(
            events(&[b"\xEF\xBB", b"\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\n"]),
            vec![data("a")]
        );
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(events(&[b"data: \xFF\n\n"]), vec![data("\u{FFFD}")]);
    }
}

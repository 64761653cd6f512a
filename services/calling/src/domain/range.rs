//! Reading a `Range` request header against a recording of known size (RFC 9110 §14).
//!
//! One range is served as 206: `bytes=a-b`, `bytes=a-` and `bytes=-n`. A header that does
//! not parse, or asks for several ranges, is ignored and the whole recording is sent
//! (the RFC allows a server to ignore `Range`); a well-formed range that selects nothing
//! is 416.

/// What to send for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// The whole recording (200).
    Full,
    /// Bytes `start..=end` (206); `end` is within the recording.
    Partial { start: u64, end: u64 },
    /// Nothing of the recording matches (416, `Content-Range: bytes */size`).
    Unsatisfiable,
}

impl Selection {
    /// How many bytes are sent.
    pub fn len(&self, size: u64) -> u64 {
        match *self {
            Selection::Full => size,
            Selection::Partial { start, end } => end - start + 1,
            Selection::Unsatisfiable => 0,
        }
    }

    pub fn is_empty(&self, size: u64) -> bool {
        self.len(size) == 0
    }
}

/// The selection `header` (the `Range` value, if any) makes of `size` bytes.
pub fn select(header: Option<&str>, size: u64) -> Selection {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Selection::Full;
    };
    let spec = spec.trim();
    if spec.contains(',') {
        return Selection::Full;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Selection::Full;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    match (first.is_empty(), last.is_empty()) {
        // `-n`: the last n bytes.
        (true, false) => match number(last) {
            None => Selection::Full,
            Some(0) => Selection::Unsatisfiable,
            Some(_) if size == 0 => Selection::Unsatisfiable,
            Some(n) => Selection::Partial {
                start: size.saturating_sub(n),
                end: size - 1,
            },
        },
        // `a-`: from a to the end.
        (false, true) => match number(first) {
            None => Selection::Full,
            Some(start) if start >= size => Selection::Unsatisfiable,
            Some(start) => Selection::Partial {
                start,
                end: size - 1,
            },
        },
        // `a-b`: a to b inclusive, b clipped to the end.
        (false, false) => match (number(first), number(last)) {
            (Some(start), Some(end)) if start <= end => {
                if start >= size {
                    Selection::Unsatisfiable
                } else {
                    Selection::Partial {
                        start,
                        end: end.min(size - 1),
                    }
                }
            }
            // `b < a` is syntactically invalid: ignored.
            _ => Selection::Full,
        },
        (true, true) => Selection::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_range_the_whole_recording() {
        assert_eq!(select(None, 100), Selection::Full);
        assert_eq!(Selection::Full.len(100), 100);
    }

    #[test]
    fn the_three_forms() {
        assert_eq!(
            select(Some("bytes=0-9"), 100),
            Selection::Partial { start: 0, end: 9 }
        );
        assert_eq!(
            select(Some("bytes=10-"), 100),
            Selection::Partial { start: 10, end: 99 }
        );
        assert_eq!(
            select(Some("bytes=-10"), 100),
            Selection::Partial { start: 90, end: 99 }
        );
        assert_eq!(
            select(Some("bytes=90-200"), 100),
            Selection::Partial { start: 90, end: 99 }
        );
        assert_eq!(
            select(Some("bytes=-500"), 100),
            Selection::Partial { start: 0, end: 99 }
        );
        assert_eq!(select(Some("bytes=99-99"), 100).len(100), 1);
        assert_eq!(
            select(Some(" bytes= 5 - 6 "), 100),
            Selection::Partial { start: 5, end: 6 }
        );
    }

    #[test]
    fn unsatisfiable() {
        assert_eq!(select(Some("bytes=100-"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=100-120"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=-0"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=0-"), 0), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=-5"), 0), Selection::Unsatisfiable);
    }

    #[test]
    fn malformed_or_multiple_ranges_are_ignored() {
        for header in [
            "bytes=9-0",
            "bytes=a-b",
            "bytes=-",
            "bytes=5",
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=+1-2",
        ] {
            assert_eq!(select(Some(header), 100), Selection::Full, "{header}");
        }
    }
}

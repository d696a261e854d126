//! Which bytes of a file a `Range` header asks for.
//!
//! Only single ranges are served as such (`bytes=a-b`, `bytes=a-`, `bytes=-n`): that is what
//! video players and resumed downloads send. A request for several ranges gets the whole
//! file with 200, which RFC 9110 allows and which spares a `multipart/byteranges` body that
//! no client of Cartable needs. A header that does not parse is ignored the same way.

/// What to send of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Requested {
    /// All of it, with 200.
    Whole,
    /// Bytes `start..=end`, with 206.
    Part {
        /// The first byte sent.
        start: u64,
        /// The last byte sent (inclusive, inside the file).
        end: u64,
    },
    /// A range that lies past the end of the file: 416.
    Unsatisfiable,
}

/// What the `Range` header `header` asks of a file of `size` bytes.
pub(super) fn requested(header: Option<&str>, size: u64) -> Requested {
    let Some(spec) = header.and_then(strip_unit) else {
        return Requested::Whole;
    };
    if spec.contains(',') {
        return Requested::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Requested::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // `-n`: the last n bytes.
        return match number(last) {
            None => Requested::Whole,
            Some(0) => Requested::Unsatisfiable,
            Some(_) if size == 0 => Requested::Unsatisfiable,
            Some(n) => Requested::Part {
                start: size.saturating_sub(n),
                end: size - 1,
            },
        };
    }
    let Some(start) = number(first) else {
        return Requested::Whole;
    };
    let end = if last.is_empty() {
        None
    } else {
        match number(last) {
            Some(end) if end >= start => Some(end),
            _ => return Requested::Whole,
        }
    };
    if start >= size {
        return Requested::Unsatisfiable;
    }
    Requested::Part {
        start,
        end: end.map_or(size - 1, |end| end.min(size - 1)),
    }
}

/// The ranges after `bytes=` (the unit is case-insensitive); `None` for other units.
fn strip_unit(header: &str) -> Option<&str> {
    let header = header.trim();
    let unit = header.get(..6)?;
    unit.eq_ignore_ascii_case("bytes=").then(|| &header[6..])
}

/// A position: decimal digits only (no sign, no blanks), within u64.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(start: u64, end: u64) -> Requested {
        Requested::Part { start, end }
    }

    #[test]
    fn single_ranges_of_every_form() {
        assert_eq!(requested(Some("bytes=0-99"), 1000), part(0, 99));
        assert_eq!(requested(Some("bytes=500-"), 1000), part(500, 999));
        assert_eq!(requested(Some("bytes=-100"), 1000), part(900, 999));
        assert_eq!(requested(Some("Bytes = 10-10"), 1000), Requested::Whole);
        assert_eq!(requested(Some("BYTES=10-10"), 1000), part(10, 10));
        assert_eq!(requested(Some("bytes= 1 - 2 "), 1000), part(1, 2));
    }

    #[test]
    fn ranges_past_the_end_are_clamped_or_unsatisfiable() {
        assert_eq!(requested(Some("bytes=900-5000"), 1000), part(900, 999));
        assert_eq!(requested(Some("bytes=-5000"), 1000), part(0, 999));
        assert_eq!(
            requested(Some("bytes=1000-"), 1000),
            Requested::Unsatisfiable
        );
        assert_eq!(
            requested(Some("bytes=1000-1001"), 1000),
            Requested::Unsatisfiable
        );
        assert_eq!(requested(Some("bytes=-0"), 1000), Requested::Unsatisfiable);
        assert_eq!(requested(Some("bytes=0-"), 0), Requested::Unsatisfiable);
    }

    #[test]
    fn anything_else_gets_the_whole_file() {
        for header in [
            None,
            Some(""),
            Some("bytes=0-1,5-6"),
            Some("items=0-1"),
            Some("bytes=5-1"),
            Some("bytes=abc"),
            Some("bytes=-"),
            Some("bytes=+1-2"),
            Some("bytes=1-+2"),
            Some("bytes=99999999999999999999-"),
            Some("bytes"),
            Some("é"),
        ] {
            assert_eq!(requested(header, 1000), Requested::Whole, "{header:?}");
        }
    }
}

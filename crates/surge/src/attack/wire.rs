//! HTTP/1.1 on the wire, as little of it as the flood's bots need: a `GET` written as bytes
//! around a request line, and the head of each answer read back (status, the shield's
//! headers, where the body ends).
//!
//! The bots do without an HTTP client: at tens of thousands of requests a second on the one
//! core they share with the users, a client's per-request task, pool and timers cost more
//! than the requests themselves.

use crate::classify::{self, Kind, CHALLENGE_HEADER, SHIELD_HEADER};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

/// The longest answer head read before deciding the server does not speak HTTP.
const MAX_HEAD: usize = 64 * 1024;

/// The bytes of a bot's `GET` to one host: everything but the path is written once.
#[derive(Debug, Clone)]
pub struct Get {
    tail: Vec<u8>,
}

impl Get {
    /// A bot's `GET` to `host`: no cookie, nothing a browser would add.
    pub fn new(host: &str) -> Self {
        Get {
            tail: format!(" HTTP/1.1\r\nHost: {host}\r\nUser-Agent: cartable-surge\r\n\r\n")
                .into_bytes(),
        }
    }

    /// Appends the request for `path` to `out`.
    pub fn write(&self, path: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(b"GET ");
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&self.tail);
    }
}

/// The head of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// What the answer means for a bot.
    pub kind: Kind,
    /// Bytes of the status line and headers, blank line included.
    pub len: usize,
    /// Bytes of the body that follows, when the connection goes on after it; `None` when the
    /// body runs to the end of the connection (no `Content-Length`) or the server closes it
    /// after this answer.
    pub body: Option<usize>,
}

/// What is not an HTTP/1.1 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Reads the answer head at the start of `bytes`: `Ok(None)` while it is incomplete.
pub fn head(bytes: &[u8]) -> Result<Option<Head>, Malformed> {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if bytes.len() > MAX_HEAD {
            Err(Malformed)
        } else {
            Ok(None)
        };
    };
    let text = std::str::from_utf8(&bytes[..end]).map_err(|_| Malformed)?;
    let mut lines = text.split("\r\n");
    let status: u16 = lines
        .next()
        .filter(|line| line.starts_with("HTTP/1."))
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or(Malformed)?;
    let mut shield = HeaderMap::new();
    let mut length = None;
    let mut closes = false;
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(Malformed)?;
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse().map_err(|_| Malformed)?);
        } else if name.eq_ignore_ascii_case("connection") {
            closes = value.eq_ignore_ascii_case("close");
        } else if let Some(kept) = [SHIELD_HEADER, CHALLENGE_HEADER, RETRY_AFTER.as_str()]
            .into_iter()
            .find(|kept| name.eq_ignore_ascii_case(kept))
        {
            let value = HeaderValue::from_str(value).map_err(|_| Malformed)?;
            shield.insert(HeaderName::from_static(kept), value);
        }
    }
    let bodiless = matches!(status, 100..=199 | 204 | 304);
    let body = if closes {
        None
    } else if bodiless {
        Some(0)
    } else {
        length
    };
    Ok(Some(Head {
        kind: classify::classify(status, &shield),
        len: end + 4,
        body,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_bare_get() {
        let mut out = Vec::new();
        let get = Get::new("127.0.0.1:8090");
        get.write("/signin", &mut out);
        get.write("/", &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(
            "GET /signin HTTP/1.1\r\nHost: 127.0.0.1:8090\r\nUser-Agent: cartable-surge\r\n\r\nGET / "
        ));
        assert_eq!(text.matches("\r\n\r\n").count(), 2);
        assert!(!text.to_ascii_lowercase().contains("cookie"));
    }

    #[test]
    fn reads_the_shields_answers() {
        let challenge = b"HTTP/1.1 403 Forbidden\r\ncartable-shield: challenge\r\n\
            Cartable-Challenge: v1.ab.1.8~sig\r\ncontent-length: 12\r\n\r\nsolve this!!HTTP/1.1";
        let head = head(challenge).unwrap().unwrap();
        assert_eq!(head.kind, Kind::Challenge);
        assert_eq!(head.body, Some(12));
        assert_eq!(&challenge[head.len..head.len + 12], b"solve this!!");
        let limited = b"HTTP/1.1 429 Too Many Requests\r\nCartable-Shield: rate-limited\r\n\
            Retry-After: 3\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(
            super::head(limited).unwrap().unwrap().kind,
            Kind::RateLimited
        );
        let waiting = b"HTTP/1.1 503 Service Unavailable\r\ncartable-shield: waiting-room\r\n\
            retry-after: 5\r\ncontent-length: 3\r\n\r\n";
        assert_eq!(
            super::head(waiting).unwrap().unwrap().kind,
            Kind::WaitingRoom
        );
    }

    #[test]
    fn reads_plain_answers_and_their_framing() {
        let ok = head(b"HTTP/1.1 200 OK\r\ncontent-length: 5120\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((ok.kind, ok.body), (Kind::Ok, Some(5120)));
        let missing = head(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((missing.kind, missing.body), (Kind::ClientError, Some(0)));
        let chunked = head(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(chunked.body, None);
        let closing =
            head(b"HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
                .unwrap()
                .unwrap();
        assert_eq!(closing.body, None);
        let empty = head(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap().unwrap();
        assert_eq!(empty.body, Some(0));
    }

    #[test]
    fn waits_for_the_whole_head_and_refuses_garbage() {
        assert_eq!(head(b"HTTP/1.1 200 OK\r\ncontent-le"), Ok(None));
        assert_eq!(head(b""), Ok(None));
        assert_eq!(head(b"SSH-2.0-OpenSSH\r\n\r\n"), Err(Malformed));
        assert_eq!(head(b"HTTP/1.1 abc\r\n\r\n"), Err(Malformed));
        assert_eq!(head(&vec![b'x'; MAX_HEAD + 1]), Err(Malformed));
    }
}

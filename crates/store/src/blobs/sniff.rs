//! Telling a file's type from its bytes, as they stream past.
//!
//! The first [`SNIFF_LEN`] bytes are kept and matched against known signatures (the `infer`
//! crate: PDF, pictures, office documents by their zip entries, executables, HTML…). Content
//! with no signature is plain text if it is UTF-8 without NUL bytes and does not open like
//! markup; that claim is then checked on every later chunk too, so binary data behind a
//! page of text is caught. Anything else is `application/octet-stream`.

/// Bytes kept for signature matching: enough for infer to walk the first zip entries of an
/// office document.
const SNIFF_LEN: usize = 32 * 1024;

/// The type of content nothing recognised.
const BINARY: &str = "application/octet-stream";
/// The type of checked plain text.
const TEXT: &str = "text/plain; charset=utf-8";
/// Text that opens like an SVG picture, which may carry scripts.
const SVG: &str = "image/svg+xml";
/// Text that opens like other markup, which a browser might render as a page.
const MARKUP: &str = "text/html";

/// Follows an upload and says what it holds.
#[derive(Debug, Default)]
pub(super) struct Sniffer {
    /// The first bytes, while the type is not known yet.
    prefix: Vec<u8>,
    /// The type, once known.
    verdict: Option<&'static str>,
    /// While the verdict is plain text: the check that the rest is text too.
    text: Option<TextCheck>,
}

impl Sniffer {
    /// Takes the next chunk of the upload.
    pub(super) fn feed(&mut self, chunk: &[u8]) {
        if self.verdict.is_some() {
            self.follow_text(chunk);
            return;
        }
        let room = SNIFF_LEN - self.prefix.len();
        let (head, rest) = chunk.split_at(room.min(chunk.len()));
        self.prefix.extend_from_slice(head);
        if self.prefix.len() == SNIFF_LEN {
            self.decide();
            self.follow_text(rest);
        }
    }

    /// The type, as soon as enough has been seen to tell it (it may still turn from plain
    /// text to binary later).
    pub(super) fn content_type(&self) -> Option<&'static str> {
        self.verdict
    }

    /// The type of the whole upload, once it has all been fed.
    pub(super) fn finish(mut self) -> &'static str {
        if self.verdict.is_none() {
            self.decide();
        }
        match (self.verdict, &self.text) {
            (_, Some(text)) if !text.is_complete() => BINARY,
            (Some(verdict), _) => verdict,
            (None, _) => BINARY,
        }
    }

    /// Tells the type from the prefix, then lets the prefix go.
    fn decide(&mut self) {
        let prefix = std::mem::take(&mut self.prefix);
        if let Some(kind) = infer::get(&prefix) {
            self.verdict = Some(kind.mime_type());
            return;
        }
        let mut text = TextCheck::default();
        if !text.feed(&prefix) {
            self.verdict = Some(BINARY);
            return;
        }
        match markup(&prefix) {
            Some(mime) => self.verdict = Some(mime),
            None => {
                self.verdict = Some(TEXT);
                self.text = Some(text);
            }
        }
    }

    /// Checks that a chunk after the prefix keeps plain text plain.
    fn follow_text(&mut self, chunk: &[u8]) {
        if let Some(text) = &mut self.text {
            if !text.feed(chunk) {
                self.text = None;
                self.verdict = Some(BINARY);
            }
        }
    }
}

/// Text that opens like markup (`<` then a letter, `!`, `?` or `/`, after any byte-order
/// mark and blanks), as SVG or as HTML; `None` for plain text, `<3` included.
fn markup(text: &[u8]) -> Option<&'static str> {
    let start = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let start = start.trim_ascii_start();
    let opens_tag = start.first() == Some(&b'<')
        && start
            .get(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || b"!?/".contains(c));
    if !opens_tag {
        return None;
    }
    let svg = text
        .windows(4)
        .any(|window| window.eq_ignore_ascii_case(b"<svg"));
    Some(if svg { SVG } else { MARKUP })
}

/// Checks, chunk by chunk, that a stream is UTF-8 without NUL bytes; a character may be split
/// between two chunks.
#[derive(Debug, Default)]
struct TextCheck {
    /// The start of a character cut by the end of the last chunk (at most 3 bytes).
    carry: Vec<u8>,
}

impl TextCheck {
    /// Whether the stream is still text after this chunk.
    fn feed(&mut self, chunk: &[u8]) -> bool {
        if chunk.contains(&0) {
            return false;
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), chunk].concat();
            &joined
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => true,
            // The end cuts a character short: keep its start for the next chunk.
            Err(e) if e.error_len().is_none() => {
                self.carry = bytes[e.valid_up_to()..].to_vec();
                true
            }
            Err(_) => false,
        }
    }

    /// Whether the stream ended on a whole character.
    fn is_complete(&self) -> bool {
        self.carry.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(chunks: &[&[u8]]) -> &'static str {
        let mut sniffer = Sniffer::default();
        for chunk in chunks {
            sniffer.feed(chunk);
        }
        sniffer.finish()
    }

    #[test]
    fn text_may_split_a_character_between_chunks() {
        let text = "Élève à l’école".as_bytes();
        for cut in 0..text.len() {
            assert_eq!(sniff(&[&text[..cut], &text[cut..]]), TEXT, "cut at {cut}");
        }
    }

    #[test]
    fn text_that_stops_inside_a_character_or_holds_nul_is_binary() {
        let text = "école".as_bytes();
        assert_eq!(sniff(&[&text[..1]]), BINARY);
        assert_eq!(sniff(&[b"abc\0def"]), BINARY);
        assert_eq!(sniff(&[b"caf\xe9"]), BINARY);
    }

    #[test]
    fn binary_after_a_long_text_prefix_is_caught() {
        let long = vec![b'a'; SNIFF_LEN + 10];
        let mut sniffer = Sniffer::default();
        sniffer.feed(&long);
        assert_eq!(sniffer.content_type(), Some(TEXT));
        sniffer.feed(b"\x7fELF\0\0");
        assert_eq!(sniffer.content_type(), Some(BINARY));
        assert_eq!(sniffer.finish(), BINARY);
    }

    #[test]
    fn the_type_is_known_once_the_prefix_is_full() {
        let mut sniffer = Sniffer::default();
        sniffer.feed(b"%PDF-1.7\n");
        assert_eq!(sniffer.content_type(), None);
        sniffer.feed(&vec![b' '; SNIFF_LEN]);
        assert_eq!(sniffer.content_type(), Some("application/pdf"));
    }

    #[test]
    fn markup_is_not_plain_text() {
        assert_eq!(
            sniff(&[b"\xEF\xBB\xBF  <svg xmlns=\"http://www.w3.org/2000/svg\"><script>"]),
            SVG
        );
        assert_eq!(
            sniff(&[b"<?xml version=\"1.0\"?>\n<svg><script/></svg>"]),
            "text/xml"
        );
        assert_eq!(sniff(&[b"<!doctype html><p>hi"]), "text/html");
        assert_eq!(sniff(&[b"<template><img src=x onerror=alert(1)>"]), MARKUP);
        assert_eq!(sniff(&[b"<3 les maths"]), TEXT);
        assert_eq!(sniff(&[b"Bonjour <b>toi</b>"]), TEXT);
    }

    #[test]
    fn signatures_win_over_text() {
        assert_eq!(sniff(&[b"\x89PNG\r\n\x1a\n", b"\0\0\0\rIHDR"]), "image/png");
        let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
        elf.resize(64, 0);
        assert_eq!(sniff(&[&elf]), "application/x-executable");
        assert_eq!(sniff(&[b"#!/bin/sh\nrm -rf /"]), "text/x-shellscript");
    }
}

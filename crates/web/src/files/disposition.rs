//! The `Content-Disposition` header of a download: save it, under its own name.

use super::name::sanitise;
use axum::http::HeaderValue;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The characters RFC 8187 lets through unencoded in `filename*` (`attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="…"; filename*=UTF-8''…`: browsers save the file rather than open
/// it, under its real name (`filename*`, percent-encoded UTF-8) or, for clients that only
/// read `filename`, an ASCII stand-in with every other character replaced by `_`.
pub(super) fn attachment(name: &str) -> HeaderValue {
    let name = sanitise(name);
    let fallback: String = name
        .chars()
        .map(|c| if is_plain(c) { c } else { '_' })
        .collect();
    let encoded = utf8_percent_encode(&name, ATTR_CHAR);
    let value = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    // Only visible ASCII and spaces were written, which a header value always accepts.
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("attachment"))
}

/// Characters kept in the ASCII stand-in: letters, digits and punctuation that no parser
/// of quoted strings or of `%`-escapes can misread (no `"`, `\`, `%`, `;`).
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || " !#$&'()+,-.=@[]^_`{}~".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str) -> String {
        attachment(name).to_str().unwrap().to_owned()
    }

    #[test]
    fn french_names_keep_their_accents_in_filename_star() {
        assert_eq!(
            header("Élève — résumé.pdf"),
            "attachment; filename=\"_l_ve _ r_sum_.pdf\"; \
             filename*=UTF-8''%C3%89l%C3%A8ve%20%E2%80%94%20r%C3%A9sum%C3%A9.pdf"
        );
        assert_eq!(
            header("notes.txt"),
            "attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt"
        );
    }

    #[test]
    fn quotes_semicolons_and_newlines_cannot_break_the_header() {
        assert_eq!(
            header("a\"b;c%d.pdf"),
            "attachment; filename=\"a_b_c_d.pdf\"; filename*=UTF-8''a%22b%3Bc%25d.pdf"
        );
        // A newline could start a header of its own; it is dropped with the other controls.
        assert_eq!(
            header("x.pdf\r\nSet-Cookie: a=b"),
            "attachment; filename=\"x.pdfSet-Cookie_ a=b\"; \
             filename*=UTF-8''x.pdfSet-Cookie%3A%20a%3Db"
        );
        assert_eq!(
            header("../../etc/passwd"),
            "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"
        );
    }
}

//! One HTTP attempt: send a request with the user's cookies, read the whole answer (so the
//! connection can be reused), keep the cookies it sets, and sort it into a [`Kind`].

use crate::classify::{self, Kind, CHALLENGE_HEADER};
use crate::cookies::CookieJar;
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Client, Method};
use std::time::{Duration, Instant};

/// What a request carries.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Nothing (a GET).
    Empty,
    /// A JSON body (the API).
    Json(serde_json::Value),
    /// A form, URL-encoded (the pages).
    Form(Vec<(String, String)>),
}

/// A request to replay as often as the server asks for it.
#[derive(Debug, Clone)]
pub struct Request {
    /// GET or POST.
    pub method: Method,
    /// The path and query, e.g. `/messages?folder=sent`.
    pub path: String,
    /// The body.
    pub payload: Payload,
}

impl Request {
    /// `GET path`.
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: Method::GET,
            path: path.into(),
            payload: Payload::Empty,
        }
    }

    /// `POST path` with a JSON body.
    pub fn json(path: impl Into<String>, body: serde_json::Value) -> Self {
        Request {
            method: Method::POST,
            path: path.into(),
            payload: Payload::Json(body),
        }
    }

    /// `POST path` with a form.
    pub fn form(path: impl Into<String>, fields: &[(&str, &str)]) -> Self {
        Request {
            method: Method::POST,
            path: path.into(),
            payload: Payload::Form(
                fields
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                    .collect(),
            ),
        }
    }
}

/// An answer, or the lack of one.
#[derive(Debug, Clone)]
pub struct Answer {
    /// What it was.
    pub kind: Kind,
    /// The status, when an answer came.
    pub status: Option<u16>,
    /// The `Retry-After` seconds, when given.
    pub retry_after: Option<u64>,
    /// The `Cartable-Challenge` token, when given.
    pub challenge: Option<String>,
    /// Whether it redirected to `/signin`.
    pub to_signin: bool,
    /// The body, when asked for.
    pub body: String,
    /// From sending to the last byte of the body.
    pub latency: Duration,
}

impl Answer {
    fn failed(kind: Kind, latency: Duration) -> Self {
        Answer {
            kind,
            status: None,
            retry_after: None,
            challenge: None,
            to_signin: false,
            body: String::new(),
            latency,
        }
    }
}

fn failure(error: &reqwest::Error) -> Kind {
    if error.is_timeout() {
        Kind::Timeout
    } else {
        Kind::Connection
    }
}

/// Sends `request` to `base` with the cookies of `jar` (if any), keeping those the answer
/// sets; the body is kept only if `keep_body`.
pub async fn send(
    client: &Client,
    base: &str,
    request: &Request,
    jar: Option<&mut CookieJar>,
    keep_body: bool,
) -> Answer {
    let mut builder = client.request(request.method.clone(), format!("{base}{}", request.path));
    if let Some(cookies) = jar.as_ref().and_then(|jar| jar.header()) {
        builder = builder.header(COOKIE, cookies);
    }
    builder = match &request.payload {
        Payload::Empty => builder,
        Payload::Json(body) => builder.json(body),
        Payload::Form(fields) => builder.form(fields),
    };
    let sent = Instant::now();
    let response = match builder.send().await {
        Ok(response) => response,
        Err(error) => return Answer::failed(failure(&error), sent.elapsed()),
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(bytes) if keep_body => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(_) => String::new(),
        Err(error) => return Answer::failed(failure(&error), sent.elapsed()),
    };
    let latency = sent.elapsed();
    if let Some(jar) = jar {
        for value in headers.get_all(SET_COOKIE) {
            if let Ok(text) = value.to_str() {
                jar.store(text);
            }
        }
    }
    Answer {
        kind: classify::classify(status, &headers),
        status: Some(status),
        retry_after: classify::retry_after(&headers),
        challenge: headers
            .get(CHALLENGE_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        to_signin: classify::lost_session(status, &headers),
        body,
        latency,
    }
}

/// The value of the hidden `csrf` input of an HTML form.
pub fn csrf_field(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_csrf_field() {
        let html = r#"<form method="post" action="/signin">
<input type="hidden" name="csrf" value="AbC-_12">
<input name="login"></form>"#;
        assert_eq!(csrf_field(html).as_deref(), Some("AbC-_12"));
        let reversed = r#"<input value="xyz" type="hidden" name="csrf">"#;
        assert_eq!(csrf_field(reversed).as_deref(), Some("xyz"));
        assert_eq!(csrf_field("<p>no form</p>"), None);
    }
}

//! The answers the shield gives itself: small, built without the database or the template
//! engine (a flood must not cost more to refuse than to send), JSON under `/api/` and a
//! bilingual page elsewhere, each naming itself in the `Cartable-Shield` header and saying
//! when to come back in `Retry-After`.

use crate::assets::CSS_PATH;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The header naming the shield's answer: `waiting-room`, `shed`, `rate-limited`, `challenge`.
pub const SHIELD_HEADER: HeaderName = HeaderName::from_static("cartable-shield");

/// What the shield answered, as the `Cartable-Shield` header says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The browser waits its turn in the queue.
    WaitingRoom,
    /// Over a rate limit.
    RateLimited,
    /// Prove some work first.
    Challenge,
}

impl Verdict {
    /// The header's value, also the metrics' label.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::WaitingRoom => "waiting-room",
            Verdict::RateLimited => "rate-limited",
            Verdict::Challenge => "challenge",
        }
    }
}

/// A page of the shield: French first, then English, with the stylesheet browsers already
/// hold. `refresh` reloads it after that many seconds.
pub struct ShieldPage<'a> {
    /// The French title.
    pub title_fr: &'a str,
    /// The English title.
    pub title_en: &'a str,
    /// The French explanation (HTML the server wrote; never anything the client sent).
    pub body_fr: &'a str,
    /// The English explanation.
    pub body_en: &'a str,
    /// Seconds before the page reloads itself, if it should.
    pub refresh: Option<u64>,
    /// Extra HTML after the explanation (the challenge's form).
    pub extra: &'a str,
}

impl ShieldPage<'_> {
    /// The page's HTML.
    pub fn html(&self) -> String {
        let refresh = self
            .refresh
            .map(|seconds| format!(r#"<meta http-equiv="refresh" content="{seconds}">"#))
            .unwrap_or_default();
        format!(
            r#"<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{refresh}
<title>{title_fr} · Cartable</title><link rel="stylesheet" href="{CSS_PATH}"></head>
<body><main class="shield">
<h1>{title_fr}</h1><p>{body_fr}</p>
<div lang="en"><h2>{title_en}</h2><p>{body_en}</p></div>
{extra}</main></body></html>"#,
            title_fr = self.title_fr,
            title_en = self.title_en,
            body_fr = self.body_fr,
            body_en = self.body_en,
            extra = self.extra,
        )
    }
}

/// A response of the shield with `status`, its verdict header and `Retry-After`.
pub fn reply(
    verdict: Verdict,
    status: StatusCode,
    retry_after: Option<u64>,
    content_type: &'static str,
    body: String,
) -> Response {
    metrics::counter!("cartable_shield_replies_total", "verdict" => verdict.as_str()).increment(1);
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    let headers = response.headers_mut();
    headers.insert(SHIELD_HEADER, HeaderValue::from_static(verdict.as_str()));
    if let Some(seconds) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A JSON answer for API clients: `{"error": code, "message": …, "retry_after": n}`.
pub fn json(
    verdict: Verdict,
    status: StatusCode,
    code: &str,
    message: &str,
    retry_after: Option<u64>,
) -> Response {
    let mut body = serde_json::json!({ "error": code, "message": message });
    if let Some(seconds) = retry_after {
        body["retry_after"] = seconds.into();
    }
    reply(
        verdict,
        status,
        retry_after,
        "application/json",
        body.to_string(),
    )
}

/// A bilingual page for browsers.
pub fn page(
    verdict: Verdict,
    status: StatusCode,
    retry_after: Option<u64>,
    page: &ShieldPage<'_>,
) -> Response {
    reply(
        verdict,
        status,
        retry_after,
        "text/html; charset=utf-8",
        page.html(),
    )
}

/// 429: the caller went over a rate limit.
pub fn rate_limited(api: bool, retry_after: u64) -> Response {
    if api {
        return json(
            Verdict::RateLimited,
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests: try again after the Retry-After delay",
            Some(retry_after),
        );
    }
    let fr =
        format!("Trop de demandes venues d'ici en peu de temps. Réessayez dans {retry_after} s.");
    let en = format!("Too many requests from here in a short time. Try again in {retry_after} s.");
    page(
        Verdict::RateLimited,
        StatusCode::TOO_MANY_REQUESTS,
        Some(retry_after),
        &ShieldPage {
            title_fr: "Doucement",
            title_en: "Slow down",
            body_fr: &fr,
            body_en: &en,
            refresh: Some(retry_after),
            extra: "",
        },
    )
}

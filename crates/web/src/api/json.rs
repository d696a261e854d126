//! Reading request bodies for the API, with every rejection turned into a [`WebError`]:
//! malformed JSON is a 400 `invalid_json`, an oversized body a 413, never a 500.

use crate::error::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

/// A JSON body of type `T`, requiring `Content-Type: application/json`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, WebError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(WebError::UnsupportedMediaType),
            Err(rejection) => Err(from_status(
                rejection.status(),
                rejection.body_text(),
                WebError::InvalidJson,
            )),
        }
    }
}

/// Maps any body rejection by its status: too large, wrong media type, or `otherwise`.
pub fn from_status(
    status: StatusCode,
    text: String,
    otherwise: fn(String) -> WebError,
) -> WebError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => WebError::BodyTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => WebError::UnsupportedMediaType,
        _ => otherwise(text),
    }
}

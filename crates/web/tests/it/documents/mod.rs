//! Documents over HTTP: personal and class spaces, uploads and downloads, names, moves,
//! the trash and quotas, and their pages.

mod api;
mod limits;
mod pages;

use crate::harness::Server;
use reqwest::{Client, Response};
use serde_json::{json, Value};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// Uploads `content` as `filename` into `space` (`me` or a class id), in the folder
/// `parent` if given.
pub async fn upload(
    s: &Server,
    client: &Client,
    space: &str,
    parent: Option<&str>,
    filename: &str,
    content: &[u8],
) -> Response {
    let mut url = s.url(&format!("/api/v1/documents/spaces/{space}/files"));
    if let Some(parent) = parent {
        url.push_str(&format!("?parent={parent}"));
    }
    let mut body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    client
        .post(url)
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Creates a folder in `space`; the response.
pub async fn folder(
    s: &Server,
    client: &Client,
    space: &str,
    name: &str,
    parent: Option<&str>,
) -> Response {
    client
        .post(s.url(&format!("/api/v1/documents/spaces/{space}/folders")))
        .json(&json!({ "name": name, "parent": parent }))
        .send()
        .await
        .unwrap()
}

/// The id in a 201's body.
pub async fn created(response: Response) -> String {
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

/// The error code of a refusal.
pub async fn code(response: Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"].as_str().unwrap_or_default().to_owned()
}

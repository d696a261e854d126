//! Driving the pages like a browser: reading forms, posting them.

use crate::harness::{Server, PASSWORD};
use reqwest::header::LOCATION;
use reqwest::{Client, Response};
use serde_json::json;

/// The value of the first `csrf` hidden field in a page.
pub fn csrf(html: &str) -> String {
    after(html, "name=\"csrf\" value=\"", "\"")
}

/// The text between `start` and the next `end`.
pub fn after(html: &str, start: &str, end: &str) -> String {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"))
        + start.len();
    html[from..].split(end).next().unwrap().to_owned()
}

pub async fn page(client: &Client, s: &Server, path: &str) -> (u16, String) {
    let response = client.get(s.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

pub async fn post_form(client: &Client, s: &Server, path: &str, form: &[(&str, &str)]) -> Response {
    client.post(s.url(path)).form(form).send().await.unwrap()
}

/// Signs in through the sign-in page, as a browser would.
pub async fn browser_sign_in(s: &Server, login: &str) -> Client {
    let client = s.client();
    let (_, html) = page(&client, s, "/signin").await;
    let response = post_form(
        &client,
        s,
        "/signin",
        &[
            ("login", login),
            ("password", PASSWORD),
            ("csrf", &csrf(&html)),
        ],
    )
    .await;
    assert_eq!(response.status(), 303, "{login} signs in through the page");
    assert_eq!(response.headers()[LOCATION], "/home");
    client
}

pub fn multipart(fields: &[(&str, &str)]) -> (String, String) {
    let boundary = "cartableboundary7d3f";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A sign-in attempt through the API.
pub async fn attempt(
    client: &reqwest::Client,
    url: &str,
    login: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(url)
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap()
}

//! Learning from home over HTTP: the pupil's day, the class log, homework, timetables, news.

mod class_log;
mod corrections;
mod hand_in;
mod page;
mod staff_pages;
mod timetable_news;
mod today;

use crate::harness::Server;
use reqwest::{Client, Response};
use serde_json::Value;

/// Monday 30 November 2026, the harness's school morning.
pub const MONDAY: &str = "2026-11-30";

/// A week for 6e A and 5e B.
pub const WEEK: &str = "class,day,start,end,subject,teacher,room
6e A,lundi,08:00,09:00,Mathématiques,marc.dupont,B12
6e A,lundi,09:00,10:00,Français,julie.bernard,B12
6e A,mardi,08:00,09:00,Mathématiques,marc.dupont,B12
5e B,lundi,10:00,11:00,Mathématiques,marc.dupont,C3
";

/// The id of class `name` in the harness's school.
pub async fn class(s: &Server, name: &str) -> String {
    let permit = crate::harness::operator(cartable_core::authz::Action::ViewSchool(
        s.school.id.clone(),
    ));
    let overview = s.store.school_overview(&permit).await.unwrap();
    overview
        .classes
        .iter()
        .find(|c| c.class.name == name)
        .unwrap()
        .class
        .id
        .to_string()
}

pub async fn post_json(client: &Client, url: String, body: &Value) -> Response {
    client.post(url).json(body).send().await.unwrap()
}

pub async fn get_json(client: &Client, url: String) -> (u16, Value) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Loads [`WEEK`] as the school's staff.
pub async fn load_week(s: &Server) {
    let staff = s.signed_in("anne.roux").await;
    let response = staff
        .post(s.url(&format!("/api/v1/schools/{}/timetable", s.school.id)))
        .header("content-type", "text/csv")
        .body(WEEK)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", s.backend);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["classes"], 2);
    assert_eq!(report["lessons"], 4);
}

/// Marc writes a maths entry in 6e A setting homework due on each of `due`; its id.
pub async fn maths_entry(s: &Server, marc: &Client, due: &[&str]) -> String {
    let six_a = class(s, "6e A").await;
    let homework: Vec<Value> = due
        .iter()
        .map(|d| serde_json::json!({ "due": d, "instructions": format!("Exercices pour le {d}") }))
        .collect();
    let response = post_json(
        marc,
        s.url(&format!("/api/v1/classes/{six_a}/log")),
        &serde_json::json!({
            "subject": "Mathématiques", "date": MONDAY, "title": "Les fractions",
            "content": "Cours : fractions.", "homework": homework,
        }),
    )
    .await;
    assert_eq!(response.status(), 201, "{}", s.backend);
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

//! Signing in and out through the API, who am I, my sessions.

use crate::forms::attempt;
use crate::harness::{on_every_backend, user_id, PASSWORD};
use serde_json::{json, Value};

#[tokio::test]
async fn sign_in_sets_an_http_only_cookie_and_me_tells_who_i_am() {
    on_every_backend(async |s| {
        let client = s.client();
        let response = attempt(&client, &s.url("/api/v1/session"), "Lea.Martin", PASSWORD).await;
        assert_eq!(response.status(), 200);
        let cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let session = cookies
            .iter()
            .find(|c| c.starts_with("cartable_session="))
            .expect("session cookie");
        assert!(
            session.contains("HttpOnly")
                && session.contains("SameSite=Lax")
                && session.contains("Path=/")
        );
        assert!(session.contains("Max-Age=43200"), "{session}");
        assert!(cookies
            .iter()
            .any(|c| c.starts_with("cartable_device=") && c.contains("HttpOnly")));
        let profile: Value = response.json().await.unwrap();
        assert_eq!(profile["display_name"], "Léa Martin");

        let me: Value = client
            .get(s.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["role"], "pupil");
        assert_eq!(me["id"], user_id(&s.store, "lea.martin").await.to_string());
        assert_eq!(me["school_id"], s.school.id.to_string());
        assert_eq!(me["class_ids"].as_array().unwrap().len(), 1);
        assert_eq!(me["children_ids"], json!([]));

        let parent: Value = s
            .signed_in("sophie.martin")
            .await
            .get(s.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut children: Vec<String> = parent["children_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        children.sort();
        let mut expected = vec![
            user_id(&s.store, "lea.martin").await.to_string(),
            user_id(&s.store, "tom.martin").await.to_string(),
        ];
        expected.sort();
        assert_eq!(children, expected);

        let teacher: Value = s
            .signed_in("marc.dupont")
            .await
            .get(s.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(teacher["role"], "teacher");
        assert_eq!(teacher["class_ids"].as_array().unwrap().len(), 2);

        let anonymous = s.client().get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        assert_eq!(
            anonymous.json::<Value>().await.unwrap()["error"],
            "not_signed_in"
        );
    })
    .await;
}

#[tokio::test]
async fn a_pupil_who_stays_signed_in_gets_thirty_days() {
    on_every_backend(async |s| {
        let body = json!({ "login": "tom.martin", "password": PASSWORD, "stay_signed_in": true });
        let response = s
            .client()
            .post(s.url("/api/v1/session"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.contains(&format!("Max-Age={}", 30 * 24 * 3600)),
            "{cookie}"
        );
    })
    .await;
}

#[tokio::test]
async fn signing_out_makes_the_cookie_useless() {
    on_every_backend(async |s| {
        let client = s.signed_in("lea.martin").await;
        assert_eq!(s.status(&client, "/api/v1/me").await, 200);
        let response = client
            .delete(s.url("/api/v1/session"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        assert!(response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        assert_eq!(s.status(&client, "/api/v1/me").await, 401);
    })
    .await;
}

#[tokio::test]
async fn a_stolen_cookie_stops_working_after_sign_out() {
    on_every_backend(async |s| {
        let response = attempt(
            &s.client(),
            &s.url("/api/v1/session"),
            "lea.martin",
            PASSWORD,
        )
        .await;
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let raw = reqwest::Client::new();
        let me = |c: String| raw.get(s.url("/api/v1/me")).header("cookie", c).send();
        assert_eq!(me(cookie.clone()).await.unwrap().status(), 200);
        let out = raw
            .delete(s.url("/api/v1/session"))
            .header("cookie", cookie.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 204);
        assert_eq!(me(cookie).await.unwrap().status(), 401);
    })
    .await;
}

#[tokio::test]
async fn i_list_my_sessions_and_revoke_one_but_not_someone_elses() {
    on_every_backend(async |s| {
        let phone = s.signed_in("lea.martin").await;
        let laptop = s.signed_in("lea.martin").await;
        let sessions: Value = laptop
            .get(s.url("/api/v1/sessions"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let sessions = sessions.as_array().unwrap();
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions.iter().filter(|x| x["current"] == true).count(), 1);
        assert_eq!(sessions[0]["ip"], "127.0.0.1");
        let other = sessions.iter().find(|x| x["current"] == false).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let tom = s.signed_in("tom.martin").await;
        let response = tom
            .delete(s.url(&format!("/api/v1/sessions/{other}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
        assert_eq!(
            response.json::<Value>().await.unwrap()["error"],
            "not_found"
        );
        assert_eq!(s.status(&phone, "/api/v1/me").await, 200);

        let response = laptop
            .delete(s.url(&format!("/api/v1/sessions/{other}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        assert_eq!(s.status(&phone, "/api/v1/me").await, 401);
        assert_eq!(s.status(&laptop, "/api/v1/me").await, 200);
        let bad = laptop
            .delete(s.url("/api/v1/sessions/not-an-id"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 404);
    })
    .await;
}
